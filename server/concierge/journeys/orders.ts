import type { OrderDoc } from "../../db/repositories/orders";
import { activeIdentityEmailHash } from "../../domain/conversation-state";
import { orderNumberExample } from "../../domain/orders";
import { consentText } from "../../services/order-updates-service";
import { toStatusView, type OrderStatusView } from "../../services/order-view";
import type { Language } from "../../domain/i18n/languages";
import { t, type ConciergeKey } from "../i18n/translate";
import type { ConciergeMessage } from "../messages";
import type { ConversationState } from "../state";
import { lastVerifiedOrder, lookupFailure, proofFromState, requesterOf, withVerifiedOrder } from "./proofs";
import { stylistChip } from "./chips";
import { returnOptionsFor } from "./returns";
import type { FlowResult, TurnContext } from "../turn/types";

type Purpose = "track" | "return" | "subscribe";

const INTENT_OF: Record<Purpose, FlowResult["intent"]> = { track: "track_order", return: "return_exchange", subscribe: "order_updates" };

function askForDetails(
  ctx: TurnContext,
  purpose: Purpose,
  orderNumber: string | undefined,
  extra: Partial<NonNullable<ConversationState["pendingOrder"]>> = {},
  error?: string,
): FlowResult {
  const intro: Record<Purpose, ConciergeKey> = {
    track: "orders.intro_track",
    return: "orders.intro_return",
    subscribe: "orders.intro_subscribe",
  };
  const ask = orderNumber
    ? t(ctx.language, "orders.ask_email", { order: orderNumber })
    : t(ctx.language, "orders.ask_number", { example: orderNumberExample() });
  return {
    intent: INTENT_OF[purpose],
    messages: [
      ...(error ? [] : [{ type: "text" as const, text: `${t(ctx.language, intro[purpose])} ${ask}` }]),
      { type: "order_lookup_form", purpose, ...(orderNumber ? { orderNumber } : {}), ...(error ? { error } : {}) },
    ],
    state: {
      ...ctx.state,
      pendingOrder: { ...(orderNumber ? { orderNumber } : {}), purpose, ...extra },
      awaiting: orderNumber ? "email" : "orderNumber",
    },
  };
}

/** Lookups refused by the failed-lookup limits (or a limiter outage): say so, offer a person. */
function refused(ctx: TurnContext, purpose: Purpose, message: string): FlowResult {
  return {
    intent: INTENT_OF[purpose],
    messages: [
      { type: "text", text: message },
      { type: "refine_chips", chips: [stylistChip(ctx.language, "Order lookup help")] },
    ],
    state: { ...ctx.state, pendingOrder: undefined, awaiting: undefined },
  };
}

/** The wrong-email answer: the same for unknown orders, wrong emails and other people's orders. */
function notFoundAnswer(ctx: TurnContext, purpose: Purpose, orderNumber: string): FlowResult {
  const pending = ctx.state.pendingOrder;
  return {
    intent: INTENT_OF[purpose],
    messages: [
      { type: "text", text: `${t(ctx.language, "orders.not_found")} ${t(ctx.language, "orders.check_again")}` },
      // The form keeps the order number the shopper typed.
      {
        type: "order_lookup_form",
        purpose,
        orderNumber,
        error: `${t(ctx.language, "orders.not_found")} ${t(ctx.language, "orders.check_hint")}`,
      },
    ],
    state: { ...ctx.state, pendingOrder: { ...(pending ?? { purpose }), orderNumber, purpose }, awaiting: "email" },
  };
}

/** What a verified shopper asked for, once the order is open. */
async function showOrder(ctx: TurnContext, state: ConversationState, order: OrderDoc, purpose: Purpose): Promise<FlowResult> {
  const cleared: ConversationState = { ...state, pendingOrder: undefined, awaiting: undefined };
  if (purpose === "return") {
    const pending = state.pendingOrder;
    return returnOptionsFor({ ...ctx, state: cleared }, order, pending?.returnKind, pending?.ringSize, pending?.itemCategory);
  }
  if (purpose === "subscribe") {
    const channel = state.pendingOrder?.channel ?? "email";
    return {
      intent: "order_updates",
      messages: [
        { type: "text", text: t(ctx.language, "updates.offer", { order: order._id }) },
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
  const view = localizedStatusView(toStatusView(order), ctx.language);
  await ctx.deps.analytics.record("order_lookup", { sessionId: ctx.sessionId, conversationId: ctx.conversationId }, ctx.now);
  const messages: ConciergeMessage[] = [
    { type: "text", text: t(ctx.language, "orders.latest", { order: view.orderNumber, status: view.statusLabel.toLowerCase() }) },
    { type: "order_timeline", ...view },
    {
      type: "refine_chips",
      chips: [
        { label: t(ctx.language, "chip.send_updates"), action: { kind: "choose_intent", intent: "order_updates" } },
        { label: t(ctx.language, "chip.return_or_resize"), action: { kind: "start_return", orderNumber: view.orderNumber } },
        stylistChip(ctx.language, `Question about order ${view.orderNumber}`),
      ],
    },
  ];
  return { intent: "track_order", messages, state: { ...cleared, lastIntent: "track_order" } };
}

/** Opens an order with what the session already proved; the flow answer when it cannot. */
async function openWithSessionProof(
  ctx: TurnContext,
  state: ConversationState,
  orderNumber: string,
  purpose: Purpose,
): Promise<FlowResult> {
  if (!proofFromState(state, orderNumber, ctx.now)) return askForDetails({ ...ctx, state }, purpose, orderNumber);
  try {
    const order = await ctx.deps.orderAccess.open(requesterOf(ctx), orderNumber, undefined, ctx.now);
    return showOrder(ctx, state, order, purpose);
  } catch (error) {
    const failure = lookupFailure(error);
    if (failure?.kind === "refused") return refused(ctx, purpose, failure.message);
    if (failure?.kind === "not_found") return askForDetails({ ...ctx, state }, purpose, undefined, {}, t(ctx.language, "orders.not_found"));
    throw error;
  }
}

/** "Where is my order GG-12002?" — the answer when verified, otherwise ask for the email. */
export async function orderFlow(
  ctx: TurnContext,
  purpose: Purpose,
  orderNumber: string | undefined,
  extra: Partial<NonNullable<ConversationState["pendingOrder"]>> = {},
): Promise<FlowResult> {
  const number = orderNumber ?? ctx.state.pendingOrder?.orderNumber ?? lastVerifiedOrder(ctx.state);
  const state: ConversationState = { ...ctx.state, pendingOrder: { ...(number ? { orderNumber: number } : {}), purpose, ...extra } };
  if (number && proofFromState(state, number, ctx.now)) return openWithSessionProof(ctx, state, number, purpose);
  if (!number && activeIdentityEmailHash(state, ctx.now)) {
    const latest = await ctx.deps.orderAccess.latestForIdentity(ctx.sessionId, ctx.now);
    if (latest) return openWithSessionProof(ctx, state, latest, purpose);
  }
  return askForDetails(ctx, purpose, number, extra);
}

/** The lookup form (or a typed email): verify number + email, then continue what was asked. */
export async function verifyAndContinue(ctx: TurnContext, orderNumber: string, email: string, purpose: Purpose): Promise<FlowResult> {
  let order: OrderDoc;
  try {
    order = await ctx.deps.orderAccess.open(requesterOf(ctx), orderNumber, email, ctx.now);
  } catch (error) {
    const failure = lookupFailure(error);
    if (failure?.kind === "refused") return refused(ctx, purpose, failure.message);
    if (failure?.kind !== "not_found") throw error;
    await ctx.deps.analytics.record("order_lookup", { sessionId: ctx.sessionId, conversationId: ctx.conversationId }, ctx.now);
    // The same answer whether the number is unknown, the email is wrong or the order is someone else's;
    // it keeps the number the shopper typed (theirs to correct, it reveals nothing) and says what to check.
    return notFoundAnswer(ctx, purpose, orderNumber.trim().toUpperCase());
  }
  const state = withVerifiedOrder(ctx.state, order._id, ctx.deps.orders.emailHash(email));
  return showOrder(
    ctx,
    { ...state, pendingOrder: { ...(ctx.state.pendingOrder ?? { purpose }), orderNumber: order._id, purpose } },
    order,
    purpose,
  );
}

/** The timeline's status labels in the shopper's language. */
export function localizedStatusView(view: OrderStatusView, language: Language): OrderStatusView {
  const label = (status: string) => t(language, `status.${status}` as ConciergeKey);
  return { ...view, statusLabel: label(view.status), steps: view.steps.map((s) => ({ ...s, label: label(s.status) })) };
}
