import { z } from "zod";
import { CatalogFileError } from "./shopify-csv";
import { htmlToText, priceToCents, type SourceProduct } from "./source";

const money = z.union([z.number().nonnegative().max(100_000), z.string().regex(/^\$?\d{1,6}(\.\d{1,2})?$/)]);

/**
 * The documented JSON catalog format (README "Catalog import"): everything optional that the
 * concierge can derive, explicit catalog values where the merchant knows them.
 */
export const jsonCatalogSchema = z.strictObject({
  products: z
    .array(
      z.strictObject({
        handle: z.string().regex(/^[a-z0-9][a-z0-9-]{0,78}$/, "must be lower-case letters, digits and dashes"),
        title: z.string().min(1).max(200),
        description: z.string().max(20_000).optional(),
        descriptionHtml: z.string().max(50_000).optional(),
        type: z.string().max(200).optional(),
        tags: z.array(z.string().max(100)).max(100).optional(),
        status: z.enum(["active", "draft", "archived"]).optional(),
        published: z.boolean().optional(),
        category: z.string().max(50).optional(),
        metal: z.string().max(50).optional(),
        stones: z
          .array(
            z.strictObject({
              type: z.string().max(50),
              shape: z.string().max(30).optional(),
              caratTotal: z.number().positive().max(50).optional(),
            }),
          )
          .max(10)
          .optional(),
        styleTags: z.array(z.string().max(30)).max(10).optional(),
        readyToShip: z.boolean().optional(),
        leadTimeDays: z.number().int().min(0).max(120).optional(),
        engravable: z.boolean().optional(),
        images: z.array(z.string().url().max(2_000)).max(20).optional(),
        variants: z
          .array(
            z.strictObject({
              sku: z.string().max(80).optional(),
              options: z.record(z.string().max(50), z.string().max(100)).optional(),
              price: money,
              compareAtPrice: money.optional(),
              inventory: z.number().int().min(0).max(1_000_000).optional(),
              inventoryPolicy: z.enum(["deny", "continue"]).optional(),
              image: z.string().url().max(2_000).optional(),
            }),
          )
          .min(1)
          .max(250),
      }),
    )
    .max(20_000),
});

export function readJsonCatalog(text: string): SourceProduct[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CatalogFileError(`not valid JSON: ${(error as Error).message}`);
  }
  const parsed = jsonCatalogSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new CatalogFileError(`does not follow the JSON catalog format:\n  ${issues.join("\n  ")}`);
  }
  return parsed.data.products.map((p, index) => ({
    handle: p.handle,
    title: p.title,
    description: p.description ?? htmlToText(p.descriptionHtml ?? ""),
    type: p.type ?? "",
    tags: p.tags ?? [],
    status: p.status ?? "active",
    published: p.published ?? true,
    images: p.images ?? [],
    origin: `products[${index}]`,
    problems: [],
    variants: p.variants.map((v) => {
      const price = priceToCents(v.price)!;
      const compareAt = priceToCents(v.compareAtPrice);
      return {
        ...(v.sku ? { sku: v.sku } : {}),
        options: v.options ?? {},
        priceCents: price,
        ...(compareAt !== undefined && compareAt > price ? { compareAtPriceCents: compareAt } : {}),
        ...(v.inventory !== undefined ? { inventory: v.inventory } : {}),
        inventoryPolicy: v.inventoryPolicy ?? "deny",
        ...(v.image ? { imageUrl: v.image } : {}),
      };
    }),
    explicit: {
      ...(p.category ? { category: p.category } : {}),
      ...(p.metal ? { metal: p.metal } : {}),
      ...(p.stones ? { stones: p.stones } : {}),
      ...(p.styleTags ? { styleTags: p.styleTags } : {}),
      ...(p.readyToShip !== undefined ? { readyToShip: p.readyToShip } : {}),
      ...(p.leadTimeDays !== undefined ? { leadTimeDays: p.leadTimeDays } : {}),
      ...(p.engravable !== undefined ? { engravable: p.engravable } : {}),
    },
  }));
}
