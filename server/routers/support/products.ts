import { z } from "zod";
import { CATEGORIES, METALS, SORTS, STONE_TYPES, STYLE_TAGS } from "../../domain/catalog";
import { publicProcedure, router, widgetProcedure } from "../../trpc/procedures";
import { productIdInput } from "../inputs";

const MAX_PRICE_DOLLARS = 100_000;

export const productSearchInput = z
  .strictObject({
    query: z.string().trim().max(200, "must be at most 200 characters").optional(),
    category: z.enum(CATEGORIES).optional(),
    metal: z.enum([...METALS, "gold", "silver"]).optional(),
    styleTags: z.array(z.enum(STYLE_TAGS)).max(STYLE_TAGS.length).optional(),
    stones: z.array(z.enum(STONE_TYPES)).max(STONE_TYPES.length).optional(),
    minPrice: z.number().finite().min(0).max(MAX_PRICE_DOLLARS).optional(),
    maxPrice: z.number().finite().min(0).max(MAX_PRICE_DOLLARS).optional(),
    readyToShip: z.boolean().optional(),
    sort: z.enum(SORTS).optional(),
    limit: z.number().int().min(1).max(48).optional(),
    cursor: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9_-]+$/, "is not a valid cursor")
      .optional(),
  })
  .refine((v) => v.minPrice === undefined || v.maxPrice === undefined || v.minPrice <= v.maxPrice, {
    message: "minPrice must not be greater than maxPrice",
    path: ["minPrice"],
  });

export type ProductSearchInput = z.infer<typeof productSearchInput>;

export const productsRouter = router({
  search: publicProcedure.input(productSearchInput).query(({ ctx, input }) => ctx.runtime.services.catalog.search(input)),

  /** One piece in full: description, stones, metal options and sizes with prices, images, shipping, its page. */
  get: publicProcedure
    .input(z.strictObject({ productId: productIdInput }))
    .query(({ ctx, input }) => ctx.runtime.services.catalog.detail(input.productId)),

  /** The shopper opened a piece's details in the widget (analytics: the shown → viewed funnel). */
  viewed: widgetProcedure.input(z.strictObject({ productId: productIdInput })).mutation(async ({ ctx, input }) => {
    const conversation = await ctx.runtime.services.conversations.bySession(ctx.widget.sessionId);
    await ctx.runtime.services.analytics.record("product_viewed", {
      sessionId: ctx.widget.sessionId,
      conversationId: conversation._id,
      productIds: [input.productId],
    });
    return { ok: true as const };
  }),
});
