import { DomainError } from "../../services/errors";
import { t } from "../i18n/translate";
import type { ChatAction } from "../messages";
import type { FlowResult, TurnContext } from "../turn/types";
import { lookupFailure, proofFromState, requesterOf } from "./proofs";

/** The shopper consented in the subscription form: subscribe them to a verified order's updates. */
export async function submitSubscription(
  ctx: TurnContext,
  action: Extract<ChatAction, { kind: "subscribe_updates" }>,
): Promise<FlowResult> {
  const askEmail: FlowResult = {
    intent: "order_updates",
    messages: [{ type: "order_lookup_form", purpose: "subscribe", orderNumber: action.orderNumber }],
    state: {
      ...ctx.state,
      pendingOrder: { orderNumber: action.orderNumber, purpose: "subscribe", channel: action.channel },
      awaiting: "email",
    },
  };
  const notice = (text: string): FlowResult => ({
    intent: "order_updates",
    messages: [{ type: "notice", level: "error", code: "error", text }],
    state: ctx.state,
  });
  if (!proofFromState(ctx.state, action.orderNumber, ctx.now)) return askEmail;
  try {
    const order = await ctx.deps.orderAccess.open(requesterOf(ctx), action.orderNumber, undefined, ctx.now);
    await ctx.deps.orderUpdates.subscribe(
      { channel: action.channel, destination: action.destination, consent: action.consent, sessionId: ctx.sessionId },
      order,
      ctx.now,
    );
  } catch (error) {
    const failure = lookupFailure(error);
    if (failure?.kind === "not_found") return askEmail;
    if (failure?.kind === "refused") return notice(failure.message);
    if (error instanceof DomainError && error.code === "INVALID_INPUT") return notice(error.message);
    throw error;
  }
  return {
    intent: "order_updates",
    messages: [{ type: "text", text: t(ctx.language, "updates.subscribed", { channel: action.channel, order: action.orderNumber }) }],
    state: { ...ctx.state, lastIntent: "order_updates" },
  };
}
