import { t } from "../i18n/translate";
import type { ChatAction, ConciergeMessage } from "../messages";
import type { FlowResult, TurnContext } from "../turn/types";
import { stylistChip } from "./chips";

/*
 * When the rating prompt appears is decided outside the journeys: once per conversation, after a
 * stylist resolved the ticket (HandoffService) or a short pause after a completed self-service journey
 * (ChatService schedules it; CsatPrompts asks). Here: the shopper's own rating, or asking for one.
 */

export async function submitCsat(ctx: TurnContext, action: Extract<ChatAction, { kind: "submit_csat" }>): Promise<FlowResult> {
  const saved = await ctx.deps.csat.submit(
    {
      sessionId: ctx.sessionId,
      conversationId: ctx.conversationId,
      rating: action.rating,
      ...(action.comment ? { comment: action.comment } : {}),
    },
    ctx.now,
  );
  const messages: ConciergeMessage[] = saved.low
    ? [
        { type: "text", text: t(ctx.language, "csat.low") },
        { type: "refine_chips", chips: [stylistChip(ctx.language, "Low satisfaction rating")] },
      ]
    : [{ type: "text", text: t(ctx.language, "csat.thanks") }];
  return { intent: "feedback", messages, state: { ...ctx.state, csatAsked: true, lastIntent: "feedback" } };
}

/** Feedback without a rating: ask for one. */
export function askForRating(ctx: TurnContext): FlowResult {
  return {
    intent: "feedback",
    messages: [
      { type: "text", text: t(ctx.language, "csat.ask") },
      { type: "csat_prompt", question: t(ctx.language, "csat.question") },
    ],
    state: { ...ctx.state, csatAsked: true, lastIntent: "feedback" },
  };
}
