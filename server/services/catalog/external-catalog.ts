import { LRUCache } from "lru-cache";
import { z } from "zod";
import { CATEGORIES, METALS, type SORTS, STONE_TYPES, STYLE_TAGS, type Product } from "../../domain/catalog";
import type { ExternalEndpoint } from "../../platform/external-endpoint";
import type { ProductCriteria } from "../../db/repositories/products";

/**
 * The products endpoint's contract (README "External catalog and order services"):
 *
 *   POST CONCIERGE_PRODUCTS_ENDPOINT   X-Concierge-Secret: <CONCIERGE_ENDPOINT_SECRET>
 *   {"type":"search","query":"gold rings","filters":{"categories":["ring"],"metals":[…],"styleTags":[],"stones":[],
 *    "minPriceCents":null,"maxPriceCents":50000,"readyToShip":null},"sort":"featured","limit":12,"cursor":null}
 *   → 200 {"items":[Product…],"nextCursor":"opaque"|null,"total":42}
 *   {"type":"lookup","ids":["aria-ring"]} → 200 {"items":[Product…]}
 *
 * A product: {id, name, category, metal, priceCents, imageUrl, readyToShip, and optionally sku,
 * compareAtPriceCents, currency "USD", shippingPromise, leadTimeDays, sizes, description,
 * engravable, stones, styleTags, featuredRank, createdAt, handle}. Items that do not follow it are
 * left out (and counted); a body that does not follow it is a failed call.
 */
const externalProduct = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,80}$/),
  sku: z.string().max(80).optional(),
  handle: z.string().max(80).optional(),
  name: z.string().min(1).max(200),
  category: z.enum(CATEGORIES),
  metal: z.enum(METALS),
  stones: z
    .array(
      z.object({ type: z.enum(STONE_TYPES), shape: z.string().max(30).optional(), caratTotal: z.number().positive().max(50).optional() }),
    )
    .max(10)
    .default([]),
  styleTags: z.array(z.enum(STYLE_TAGS)).max(10).default([]),
  priceCents: z.number().int().min(0).max(100_000_000),
  compareAtPriceCents: z.number().int().min(0).max(100_000_000).optional(),
  currency: z.literal("USD").default("USD"),
  readyToShip: z.boolean(),
  shippingPromise: z.string().max(120).optional(),
  leadTimeDays: z.number().int().min(0).max(365).default(2),
  sizes: z.array(z.string().max(20)).max(40).default([]),
  description: z.string().max(5_000).default(""),
  imageUrl: z
    .string()
    .max(2_000)
    .refine((u) => /^https:\/\//.test(u) || u.startsWith("/images/"), "must be an https URL"),
  engravable: z.boolean().default(false),
  featuredRank: z.number().int().default(0),
  createdAt: z.iso.datetime().optional(),
});

const searchAnswer = z.object({
  items: z.array(z.unknown()).max(200),
  nextCursor: z.string().max(400).nullable().optional(),
  total: z.number().int().min(0).optional(),
});

export interface ExternalSearch {
  query: string;
  criteria: ProductCriteria;
  sort: (typeof SORTS)[number];
  limit: number;
  cursor: string | null;
}

export interface ExternalPage {
  items: Product[];
  nextCursor: string | null;
  total: number;
  /** Items the endpoint sent that did not follow the contract (left out). */
  rejected: number;
}

function toProducts(items: unknown[]): { products: Product[]; rejected: number } {
  const products: Product[] = [];
  let rejected = 0;
  for (const item of items) {
    const parsed = externalProduct.safeParse(item);
    if (!parsed.success) {
      rejected++;
      continue;
    }
    const { createdAt, shippingPromise, compareAtPriceCents, sku, handle, ...rest } = parsed.data;
    products.push({
      ...rest,
      sku: sku ?? rest.id.toUpperCase(),
      ...(handle ? { handle } : {}),
      ...(compareAtPriceCents && compareAtPriceCents > rest.priceCents ? { compareAtPriceCents } : {}),
      shippingPromise: shippingPromise ?? (rest.readyToShip ? "Ships in 1–2 business days" : "Made to order"),
      createdAt: createdAt ? new Date(createdAt) : new Date(0),
    });
  }
  return { products, rejected };
}

/**
 * The store's own catalog service behind CONCIERGE_PRODUCTS_ENDPOINT: identical queries within the
 * TTL are answered from memory (and identical queries in flight share one call); lookups by id
 * are cached the same way.
 */
export class ExternalCatalog {
  private readonly pages: LRUCache<string, ExternalPage>;
  private readonly products: LRUCache<string, Product>;
  private readonly inflight = new Map<string, Promise<ExternalPage>>();

  constructor(
    private readonly endpoint: ExternalEndpoint,
    ttlSeconds: number,
    private readonly onCached: () => void = () => undefined,
  ) {
    const ttl = Math.max(1, ttlSeconds) * 1000;
    this.pages = new LRUCache({ max: 500, ttl });
    this.products = new LRUCache({ max: 2_000, ttl });
  }

  async search(search: ExternalSearch): Promise<ExternalPage> {
    const c = search.criteria;
    const body = {
      type: "search" as const,
      query: search.query,
      filters: {
        terms: c.terms,
        categories: c.categories,
        metals: c.metals,
        styleTags: c.styleTags,
        stones: c.stones,
        minPriceCents: c.minPriceCents ?? null,
        maxPriceCents: c.maxPriceCents ?? null,
        readyToShip: c.readyToShip ?? null,
      },
      sort: search.sort,
      limit: search.limit,
      cursor: search.cursor,
    };
    const key = JSON.stringify(body);
    const cached = this.pages.get(key);
    if (cached) {
      this.onCached();
      return cached;
    }
    const running = this.inflight.get(key);
    if (running) return running;
    const call = (async () => {
      const answer = await this.endpoint.post(body, searchAnswer);
      const { products, rejected } = toProducts(answer?.items ?? []);
      const page: ExternalPage = {
        items: products,
        nextCursor: answer?.nextCursor ?? null,
        total: answer?.total ?? products.length,
        rejected,
      };
      this.pages.set(key, page);
      for (const p of products) this.products.set(p.id, p);
      return page;
    })();
    this.inflight.set(key, call);
    try {
      return await call;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Products by id (cached ones first); unknown ids are simply absent. */
  async lookup(ids: readonly string[]): Promise<Product[]> {
    const missing = ids.filter((id) => !this.products.has(id));
    if (missing.length > 0) {
      const answer = await this.endpoint.post({ type: "lookup", ids: missing }, searchAnswer);
      for (const p of toProducts(answer?.items ?? []).products) this.products.set(p.id, p);
    }
    return ids.map((id) => this.products.get(id)).filter((p): p is Product => p !== undefined);
  }
}
