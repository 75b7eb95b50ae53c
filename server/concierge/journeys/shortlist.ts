import { DomainError } from "../../services/errors";
import { toProductCard } from "../../services/product-cards";
import { t } from "../i18n/translate";
import type { ChatAction, ConciergeMessage } from "../messages";
import type { FlowResult, TurnContext } from "../turn/types";
import { withShown } from "../understanding/dialogue";
import { quickLinkChips } from "./chips";

export async function showShortlist(ctx: TurnContext): Promise<FlowResult> {
  const products = await ctx.deps.shortlist.products(ctx.sessionId);
  const saved = new Set(products.map((p) => p.id));
  const messages: ConciergeMessage[] =
    products.length === 0
      ? [
          { type: "text", text: t(ctx.language, "shortlist.empty") },
          { type: "refine_chips", chips: quickLinkChips(ctx.language).slice(0, 2) },
        ]
      : [
          { type: "text", text: t(ctx.language, "shortlist.count", { count: products.length }) },
          { type: "shortlist", products: products.map((p) => toProductCard(p, saved)) },
          {
            type: "refine_chips",
            chips: [{ label: t(ctx.language, "chip.share_shortlist"), action: { kind: "request_stylist", reason: "Shortlist review" } }],
          },
        ];
  return { intent: "shortlist", messages, state: withShown({ ...ctx.state, lastIntent: "shortlist" }, products) };
}

/** Save/remove/clear: the answer says exactly what happened (never "Saved" on a failure). */
export async function changeShortlist(
  ctx: TurnContext,
  action: Extract<ChatAction, { kind: "shortlist_add" | "shortlist_remove" | "shortlist_clear" }>,
): Promise<FlowResult> {
  try {
    if (action.kind === "shortlist_clear") {
      await ctx.deps.shortlist.clear(ctx.sessionId);
      return {
        intent: "shortlist",
        messages: [
          { type: "text", text: t(ctx.language, "shortlist.cleared") },
          { type: "shortlist", products: [] },
        ],
        state: ctx.state,
      };
    }
    const products =
      action.kind === "shortlist_add"
        ? await ctx.deps.shortlist.add(ctx.sessionId, action.productId)
        : await ctx.deps.shortlist.remove(ctx.sessionId, action.productId);
    if (action.kind === "shortlist_add") {
      await ctx.deps.analytics.record(
        "product_shortlisted",
        { sessionId: ctx.sessionId, conversationId: ctx.conversationId, productIds: [action.productId] },
        ctx.now,
      );
    }
    const name = (await ctx.deps.catalog.getById(action.productId))?.name ?? t(ctx.language, "shortlist.that_piece");
    const saved = new Set(products.map((p) => p.id));
    return {
      intent: "shortlist",
      messages: [
        {
          type: "text",
          text:
            action.kind === "shortlist_add"
              ? t(ctx.language, "shortlist.saved", { name, count: products.length })
              : t(ctx.language, "shortlist.removed", { name }),
        },
        { type: "shortlist", products: products.map((p) => toProductCard(p, saved)) },
      ],
      state: { ...ctx.state, focus: [action.productId] },
    };
  } catch (error) {
    if (error instanceof DomainError && (error.code === "NOT_FOUND" || error.code === "CONFLICT")) {
      return { intent: "shortlist", messages: [{ type: "notice", level: "error", code: "error", text: error.message }], state: ctx.state };
    }
    throw error;
  }
}
