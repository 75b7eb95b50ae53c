import type { OrderDoc } from "../../db/repositories/orders";
import { DomainError } from "../../services/errors";
import { ReturnsService } from "../../services/returns-service";
import type { ChatAction, ConciergeMessage } from "../messages";
import { withCsatPrompt } from "./support-flow";
import { proofFromState } from "./proofs";
import type { FlowResult, TurnContext } from "./types";

/** Eligibility explained, with the options the shopper can confirm in the UI. */
export function returnOptionsFor(ctx: TurnContext, order: OrderDoc, kind?: "return" | "resize" | "repair", ringSize?: string): FlowResult {
  const eligibility = ctx.deps.returns.eligibility(order, ctx.now);
  const suggested = kind ? eligibility.options.find((o) => o.kind === kind) : undefined;
  let intro = `Here's what I can do for ${order._id}.`;
  if (suggested && !suggested.eligible) intro = `${suggested.explanation} Here's what is possible for ${order._id}.`;
  else if (suggested?.kind === "resize")
    intro = `Let's get that ring fitting right. ${suggested.explanation} Pick the ring and your new size, then confirm.`;
  else if (suggested?.kind === "return") intro = `${suggested.explanation} Choose the pieces to return and confirm.`;
  const messages: ConciergeMessage[] = [
    { type: "text", text: intro },
    {
      type: "return_options",
      orderNumber: order._id,
      options: eligibility.options,
      items: eligibility.items,
      ...(kind ? { suggestedKind: kind } : {}),
      ...(ringSize ? { suggestedRingSize: ringSize } : {}),
    },
  ];
  return {
    intent: "return_exchange",
    messages,
    state: { ...ctx.state, lastIntent: "return_exchange", pendingOrder: undefined, awaiting: undefined },
  };
}

/** The shopper confirmed a return/resize/repair in the UI: create it once and confirm. */
export async function confirmReturn(ctx: TurnContext, action: Extract<ChatAction, { kind: "confirm_return" }>): Promise<FlowResult> {
  const proof = proofFromState(ctx.state, action.orderNumber);
  if (!proof) {
    return {
      intent: "return_exchange",
      messages: [
        { type: "text", text: `Please confirm the email on ${action.orderNumber} first.` },
        { type: "order_lookup_form", purpose: "return", orderNumber: action.orderNumber },
      ],
      state: {
        ...ctx.state,
        pendingOrder: { orderNumber: action.orderNumber, purpose: "return", returnKind: action.returnKind },
        awaiting: "email",
      },
    };
  }
  try {
    const doc = await ctx.deps.returns.create(
      {
        orderNumber: action.orderNumber,
        kind: action.returnKind,
        productIds: action.productIds,
        ...(action.newRingSize ? { newRingSize: action.newRingSize } : {}),
        ...(action.reason ? { reason: action.reason } : {}),
        sessionId: ctx.sessionId,
      },
      proof,
      ctx.now,
    );
    await ctx.deps.analytics.record("return_created", { sessionId: ctx.sessionId, conversationId: ctx.conversationId }, ctx.now);
    const what = doc.kind === "resize" ? `resize to size ${doc.newRingSize}` : doc.kind === "return" ? "return" : "care appointment";
    return withCsatPrompt(ctx, {
      intent: "return_exchange",
      messages: [
        { type: "text", text: `Done — your ${what} for ${doc.orderNumber} is confirmed. Your reference is ${doc._id}.` },
        {
          type: "return_confirmation",
          rmaId: doc._id,
          orderNumber: doc.orderNumber,
          returnKind: doc.kind,
          ...(doc.newRingSize ? { newRingSize: doc.newRingSize } : {}),
          nextSteps: ReturnsService.nextSteps(doc),
        },
      ],
      state: { ...ctx.state, lastIntent: "return_exchange" },
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "INVALID_INPUT") {
      return {
        intent: "return_exchange",
        messages: [
          { type: "text", text: error.message },
          {
            type: "refine_chips",
            chips: [{ label: "Talk to a stylist", action: { kind: "request_stylist", reason: `Return help for ${action.orderNumber}` } }],
          },
        ],
        state: ctx.state,
      };
    }
    throw error;
  }
}
