import { t } from "../i18n/translate";
import type { ChatAction } from "../messages";
import type { FlowResult, TurnContext } from "../turn/types";
import { stylistPromise } from "./handoff";

/** The stylist form (the reason is for staff, in English; the shopper reads their language). */
export async function escalationForm(ctx: TurnContext, reason: string, intro?: string): Promise<FlowResult> {
  const ids = await ctx.deps.shortlist.ids(ctx.sessionId);
  const promise = stylistPromise(ctx.language, ctx.deps.handoff.expectation(ctx.now), ctx.now);
  return {
    intent: "stylist_contact",
    messages: [
      { type: "text", text: intro ?? t(ctx.language, "stylist.intro", { promise }) },
      { type: "escalation_form", reason, shortlistCount: ids.length },
    ],
    state: { ...ctx.state, lastIntent: "stylist_contact" },
  };
}

/** Custom or engraving work is made with a stylist. */
export function customWorkForm(ctx: TurnContext): Promise<FlowResult> {
  return escalationForm(ctx, "Custom or engraving request", t(ctx.language, "stylist.custom_intro"));
}

export async function submitEscalation(
  ctx: TurnContext,
  action: Extract<ChatAction, { kind: "submit_escalation" }>,
  reason: string,
): Promise<FlowResult> {
  const orderNumber = ctx.state.verifiedOrders?.[ctx.state.verifiedOrders.length - 1]?.orderNumber;
  const ticket = await ctx.deps.stylist.create(
    {
      sessionId: ctx.sessionId,
      conversationId: ctx.conversationId,
      name: action.name,
      email: action.email,
      ...(action.phone ? { phone: action.phone } : {}),
      ...(action.preferredTime ? { preferredTime: action.preferredTime } : {}),
      ...(action.notes ? { notes: action.notes } : {}),
      reason,
      shareShortlist: action.shareShortlist ?? true,
      ...(orderNumber ? { orderNumber } : {}),
      ...(action.emailConsent ? { emailConsent: true } : {}),
    },
    ctx.now,
  );
  // No rating prompt here: nobody has helped yet (the shopper is asked once the stylist resolves the ticket).
  return {
    intent: "stylist_contact",
    messages: [
      { type: "text", text: t(ctx.language, "stylist.sent", { name: action.name.split(" ")[0] ?? "", ticket: ticket._id }) },
      {
        type: "ticket_confirmation",
        ticketId: ticket._id,
        expectedResponse: stylistPromise(ctx.language, ctx.deps.handoff.expectation(ctx.now), ctx.now),
      },
    ],
    state: { ...ctx.state, lastIntent: "stylist_contact" },
  };
}
