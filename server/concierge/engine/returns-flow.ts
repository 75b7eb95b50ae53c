import type { OrderDoc } from "../../db/repositories/orders";
import type { Category } from "../../domain/catalog";
import { DomainError } from "../../services/errors";
import { ReturnsService } from "../../services/returns-service";
import type { ChatAction, ConciergeMessage } from "../messages";
import { withCsatPrompt } from "./support-flow";
import { lookupFailure, proofFromState, requesterOf } from "./proofs";
import type { FlowResult, TurnContext } from "./types";

const CATEGORY_WORDS: Record<string, string> = { ring: "ring", necklace: "necklace", earrings: "earrings", bracelet: "bracelet" };

function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The order's pieces of the kind the shopper named ("return my necklace"), from the catalog. */
async function piecesOfCategory(ctx: TurnContext, order: OrderDoc, category: string): Promise<string[]> {
  const matches: string[] = [];
  for (const item of order.items) {
    const product = await ctx.deps.catalog.getById(item.productId);
    const itemCategory: Category | undefined = product?.category;
    if (itemCategory === category) matches.push(item.productId);
  }
  return matches;
}

/** Eligibility explained, with the options the shopper can confirm in the UI. */
export async function returnOptionsFor(
  ctx: TurnContext,
  order: OrderDoc,
  kind?: "return" | "resize" | "repair",
  ringSize?: string,
  itemCategory?: string,
): Promise<FlowResult> {
  const eligibility = ctx.deps.returns.eligibility(order, ctx.now);
  const named = itemCategory ? CATEGORY_WORDS[itemCategory] : undefined;
  const matching = named && itemCategory ? await piecesOfCategory(ctx, order, itemCategory) : [];
  const suggested = kind ? eligibility.options.find((o) => o.kind === kind) : undefined;
  let intro = `Here's what I can do for ${order._id}.`;
  if (named && matching.length === 0) {
    // Never accept "return my necklace" for an order that has none: say what the order holds.
    intro = `Order ${order._id} doesn't include a ${named} — it has ${listNames(eligibility.items.map((i) => i.name))}. Which piece did you mean?`;
  } else if (suggested && !suggested.eligible) intro = `${suggested.explanation} Here's what is possible for ${order._id}.`;
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
      ...(matching.length > 0 ? { suggestedProductIds: matching } : {}),
    },
  ];
  return {
    intent: "return_exchange",
    messages,
    state: { ...ctx.state, lastIntent: "return_exchange", pendingOrder: undefined, awaiting: undefined },
  };
}

function explain(ctx: TurnContext, orderNumber: string, text: string): FlowResult {
  return {
    intent: "return_exchange",
    messages: [
      { type: "text", text },
      {
        type: "refine_chips",
        chips: [{ label: "Talk to a stylist", action: { kind: "request_stylist", reason: `Return help for ${orderNumber}` } }],
      },
    ],
    state: ctx.state,
  };
}

/** The shopper confirmed a return/resize/repair in the UI: create it once and confirm. */
export async function confirmReturn(ctx: TurnContext, action: Extract<ChatAction, { kind: "confirm_return" }>): Promise<FlowResult> {
  const askEmail: FlowResult = {
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
  if (!proofFromState(ctx.state, action.orderNumber, ctx.now)) return askEmail;
  try {
    const order = await ctx.deps.orderAccess.open(requesterOf(ctx), action.orderNumber, undefined, ctx.now);
    const doc = await ctx.deps.returns.create(
      {
        orderNumber: action.orderNumber,
        kind: action.returnKind,
        productIds: action.productIds,
        ...(action.newRingSize ? { newRingSize: action.newRingSize } : {}),
        ...(action.reason ? { reason: action.reason } : {}),
        sessionId: ctx.sessionId,
      },
      order,
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
    const failure = lookupFailure(error);
    if (failure?.kind === "not_found") return askEmail;
    if (failure?.kind === "refused") return explain(ctx, action.orderNumber, failure.message);
    if (error instanceof DomainError && (error.code === "INVALID_INPUT" || error.code === "CONFLICT")) {
      return explain(ctx, action.orderNumber, error.message);
    }
    throw error;
  }
}
