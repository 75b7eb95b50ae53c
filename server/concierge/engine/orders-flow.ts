import { ORDER_NOT_FOUND_MESSAGE } from "../../services/orders-service";
import { consentText } from "../../services/order-updates-service";
import { toStatusView } from "../../services/order-view";
import { DomainError } from "../../services/errors";
import type { ConciergeMessage } from "../messages";
import type { ConversationState } from "../state";
import { lastVerifiedOrder, proofFromState, withVerifiedOrder } from "./proofs";
import { returnOptionsFor } from "./returns-flow";
import type { FlowResult, TurnContext } from "./types";

type Purpose = "track" | "return" | "subscribe";

const NOT_FOUND_HINT = "Check the order number and use the email your order confirmation was sent to.";

function askForDetails(
  ctx: TurnContext,
  purpose: Purpose,
  orderNumber: string | undefined,
  extra: Partial<NonNullable<ConversationState["pendingOrder"]>> = {},
  error?: string,
): FlowResult {
  const intro: Record<Purpose, string> = {
    track: "I can check that for you.",
    return: "Happy to help with that.",
    subscribe: "I can send you updates for an order.",
  };
  const ask = orderNumber
    ? `What's the email address on order ${orderNumber}?`
    : "What's your order number (like GG-12002) and the email you used?";
  return {
    intent: purpose === "track" ? "track_order" : purpose === "return" ? "return_exchange" : "order_updates",
    messages: [
      ...(error ? [] : [{ type: "text" as const, text: `${intro[purpose]} ${ask}` }]),
      { type: "order_lookup_form", purpose, ...(orderNumber ? { orderNumber } : {}), ...(error ? { error } : {}) },
    ],
    state: {
      ...ctx.state,
      pendingOrder: { ...(orderNumber ? { orderNumber } : {}), purpose, ...extra },
      awaiting: orderNumber ? "email" : "orderNumber",
    },
  };
}

/** What a verified shopper asked for, once the order is proven. */
async function continueWithOrder(ctx: TurnContext, state: ConversationState, orderNumber: string, purpose: Purpose): Promise<FlowResult> {
  const proof = proofFromState(state, orderNumber);
  if (!proof) return askForDetails({ ...ctx, state }, purpose, orderNumber);
  const order = await ctx.deps.orders.findVerified(orderNumber, proof);
  if (!order) return askForDetails({ ...ctx, state }, purpose, undefined, {}, ORDER_NOT_FOUND_MESSAGE);
  const cleared: ConversationState = { ...state, pendingOrder: undefined, awaiting: undefined };
  if (purpose === "return") {
    const pending = state.pendingOrder;
    return returnOptionsFor({ ...ctx, state: cleared }, order, pending?.returnKind, pending?.ringSize);
  }
  if (purpose === "subscribe") {
    const channel = state.pendingOrder?.channel ?? "email";
    return {
      intent: "order_updates",
      messages: [
        { type: "text", text: `I can send updates for ${order._id} as it moves. Choose how, and confirm you agree:` },
        {
          type: "subscription_form",
          orderNumber: order._id,
          channels: ["email", "sms"],
          suggestedChannel: channel,
          consentText: consentText(channel, ctx.deps.storeName),
        },
      ],
      state: { ...cleared, lastIntent: "order_updates" },
    };
  }
  const view = toStatusView(order);
  await ctx.deps.analytics.record("order_lookup", { sessionId: ctx.sessionId, conversationId: ctx.conversationId }, ctx.now);
  const messages: ConciergeMessage[] = [
    { type: "text", text: `Here's the latest on ${view.orderNumber}: ${view.statusLabel.toLowerCase()}.` },
    { type: "order_timeline", ...view },
    {
      type: "refine_chips",
      chips: [
        { label: "Send me updates", action: { kind: "choose_intent", intent: "order_updates" } },
        { label: "Return or resize", action: { kind: "start_return", orderNumber: view.orderNumber } },
        { label: "Talk to a stylist", action: { kind: "request_stylist", reason: `Question about order ${view.orderNumber}` } },
      ],
    },
  ];
  return { intent: "track_order", messages, state: { ...cleared, lastIntent: "track_order" } };
}

/** "Where is my order GG-12002?" — timeline when verified, otherwise ask for the email. */
export async function orderFlow(
  ctx: TurnContext,
  purpose: Purpose,
  orderNumber: string | undefined,
  extra: Partial<NonNullable<ConversationState["pendingOrder"]>> = {},
): Promise<FlowResult> {
  const number = orderNumber ?? ctx.state.pendingOrder?.orderNumber ?? lastVerifiedOrder(ctx.state);
  const state: ConversationState = { ...ctx.state, pendingOrder: { ...(number ? { orderNumber: number } : {}), purpose, ...extra } };
  if (number && proofFromState(state, number)) return continueWithOrder(ctx, state, number, purpose);
  if (!number && state.identityEmailHash) {
    const latest = (await ctx.deps.orders.listForEmailHash(state.identityEmailHash))[0];
    if (latest) return continueWithOrder(ctx, state, latest, purpose);
  }
  return askForDetails(ctx, purpose, number, extra);
}

/** The lookup form (or a typed email): verify number + email, then continue what was asked. */
export async function verifyAndContinue(ctx: TurnContext, orderNumber: string, email: string, purpose: Purpose): Promise<FlowResult> {
  const order = await ctx.deps.orders.findVerified(orderNumber, { email });
  if (!order) {
    await ctx.deps.analytics.record("order_lookup", { sessionId: ctx.sessionId, conversationId: ctx.conversationId }, ctx.now);
    // The same answer whether the number is unknown, the email is wrong or the order is someone else's;
    // it keeps the number the shopper typed (theirs to correct, it reveals nothing) and says what to check.
    return {
      ...askForDetails(ctx, purpose, orderNumber, { ...ctx.state.pendingOrder, orderNumber }, ORDER_NOT_FOUND_MESSAGE),
      messages: [
        {
          type: "text",
          text: `${ORDER_NOT_FOUND_MESSAGE} I've kept the order number filled in: check it, and use the email your order confirmation was sent to — or ask for a stylist.`,
        },
        { type: "order_lookup_form", purpose, orderNumber, error: `${ORDER_NOT_FOUND_MESSAGE} ${NOT_FOUND_HINT}` },
      ],
    };
  }
  const state = withVerifiedOrder(ctx.state, order._id, ctx.deps.orders.emailHash(email));
  return continueWithOrder(
    ctx,
    { ...state, pendingOrder: { ...(ctx.state.pendingOrder ?? { purpose }), orderNumber: order._id, purpose } },
    order._id,
    purpose,
  );
}

export function isUniformNotFound(error: unknown): boolean {
  return error instanceof DomainError && error.code === "NOT_FOUND";
}
