import type { OrderDoc } from "../../db/repositories/orders";
import type { Category } from "../../domain/catalog";
import { DomainError } from "../../services/errors";
import { ReturnsService } from "../../services/returns-service";
import { list } from "../i18n/translate";
import type { ChatAction, ConciergeMessage } from "../messages";
import { t } from "../i18n/translate";
import { stylistChip } from "./chips";
import { lookupFailure, proofFromState, requesterOf } from "./proofs";
import type { FlowResult, TurnContext } from "../turn/types";

const CATEGORIES_NAMED = new Set(["ring", "necklace", "earrings", "bracelet"]);

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
  const named = itemCategory && CATEGORIES_NAMED.has(itemCategory) ? itemCategory : undefined;
  const matching = named ? await piecesOfCategory(ctx, order, named) : [];
  const suggested = kind ? eligibility.options.find((o) => o.kind === kind) : undefined;
  const L = ctx.language;
  let intro = t(L, "returns.options", { order: order._id });
  if (named && matching.length === 0) {
    // Never accept "return my necklace" for an order that has none: say what the order holds.
    intro = t(L, "returns.not_in_order", {
      order: order._id,
      category: named,
      items: list(
        L,
        eligibility.items.map((i) => i.name),
      ),
    });
  } else if (suggested) {
    // The service explains eligibility in English with exact dates; other languages get the catalog's words.
    const why =
      L === "en"
        ? suggested.explanation
        : t(L, "returns.eligibility", { kind: suggested.kind, eligible: suggested.eligible ? "yes" : "no" });
    if (!suggested.eligible) intro = `${why} ${t(L, "returns.what_is_possible", { order: order._id })}`;
    else if (suggested.kind === "resize") intro = `${t(L, "returns.resize_intro")} ${why} ${t(L, "returns.resize_pick")}`;
    else if (suggested.kind === "return") intro = `${why} ${t(L, "returns.return_pick")}`;
  }
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
        chips: [stylistChip(ctx.language, `Return help for ${orderNumber}`)],
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
      { type: "text", text: t(ctx.language, "returns.confirm_email", { order: action.orderNumber }) },
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
    return {
      intent: "return_exchange",
      messages: [
        {
          type: "text",
          text: t(ctx.language, "returns.done", { kind: doc.kind, size: doc.newRingSize ?? "", order: doc.orderNumber, rma: doc._id }),
        },
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
    };
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
