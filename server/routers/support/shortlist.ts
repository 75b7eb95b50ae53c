import { z } from "zod";
import { router, widgetProcedure } from "../../trpc/procedures";
import { productIdInput } from "../inputs";
import { toProductCard } from "../../services/product-cards";
import type { Product } from "../../domain/catalog";

const cards = (products: Product[]) => {
  const saved = new Set(products.map((p) => p.id));
  return { products: products.map((p) => toProductCard(p, saved)) };
};

export const shortlistRouter = router({
  get: widgetProcedure
    .input(z.strictObject({}).optional())
    .query(async ({ ctx }) => cards(await ctx.runtime.services.shortlist.products(ctx.widget.sessionId))),
  /** Saves a piece (the widget's heart: no chat turn); counted for the shortlist funnel like a saved card in chat. */
  add: widgetProcedure.input(z.strictObject({ productId: productIdInput })).mutation(async ({ ctx, input }) => {
    const { services } = ctx.runtime;
    const products = await services.shortlist.add(ctx.widget.sessionId, input.productId);
    const conversation = await services.conversations.bySession(ctx.widget.sessionId);
    await services.analytics.record("product_shortlisted", {
      sessionId: ctx.widget.sessionId,
      conversationId: conversation._id,
      productIds: [input.productId],
    });
    return cards(products);
  }),
  remove: widgetProcedure
    .input(z.strictObject({ productId: productIdInput }))
    .mutation(async ({ ctx, input }) => cards(await ctx.runtime.services.shortlist.remove(ctx.widget.sessionId, input.productId))),
  clear: widgetProcedure.input(z.strictObject({}).optional()).mutation(async ({ ctx }) => {
    await ctx.runtime.services.shortlist.clear(ctx.widget.sessionId);
    return { products: [] };
  }),
});
