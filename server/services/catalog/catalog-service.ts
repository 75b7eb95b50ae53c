import type { Category, Metal, Product, ProductSort, StoneType, StyleTag } from "../../domain/catalog";
import { METAL_FAMILIES, METAL_LABELS } from "../../domain/catalog";
import { type ProductCriteria, type ProductDoc, type ProductsRepository, sortValueOf, toProduct } from "../../db/repositories/products";
import { ExternalServiceError } from "../../platform/external-endpoint";
import { invalidInput, notFound } from "../errors";
import { LRUCache } from "lru-cache";
import { decodeCursor, encodeCursor } from "./cursor";
import type { ExternalCatalog } from "./external-catalog";
import { productUrlFor, type ProductUrlFor } from "./product-links";
import { categoryOfTerm, productSearchTerms, queryTerms } from "./search-terms";

export interface ProductSearchParams {
  query?: string;
  category?: Category;
  metal?: Metal | keyof typeof METAL_FAMILIES;
  metals?: Metal[];
  styleTags?: StyleTag[];
  stones?: StoneType[];
  minPrice?: number; // dollars
  maxPrice?: number; // dollars
  readyToShip?: boolean;
  sort?: ProductSort;
  limit?: number;
  cursor?: string;
}

export interface ProductSearchResult {
  items: Product[];
  nextCursor: string | null;
  total: number;
  /** How the text query was understood, so a UI can show it. */
  interpreted: { terms: string[]; ignoredWords: string[]; category?: Category };
  /**
   * With CONCIERGE_PRODUCTS_ENDPOINT only: who answered — the store's endpoint, or the stored
   * catalog because the endpoint failed (timeout, error, malformed answer, open circuit).
   */
  source?: "endpoint" | "stored_fallback";
}

/** The store's products endpoint, when configured, and what to do when it fails. */
export interface ExternalCatalogSource {
  catalog: ExternalCatalog;
  onFallback: (error: ExternalServiceError) => void;
}

const EXTERNAL_CURSOR = "X_";

function encodeExternalCursor(sort: ProductSort, cursor: string): string {
  return EXTERNAL_CURSOR + Buffer.from(JSON.stringify({ s: sort, c: cursor }), "utf8").toString("base64url");
}

function decodeExternalCursor(cursor: string, sort: ProductSort): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor.slice(EXTERNAL_CURSOR.length), "base64url").toString("utf8")) as {
      s?: unknown;
      c?: unknown;
    };
    if (parsed.s === sort && typeof parsed.c === "string") return parsed.c;
  } catch {
    // fall through
  }
  throw invalidInput("cursor: not a cursor returned by this search");
}

/** Everything the widget's detail sheet shows about one piece. */
export interface ProductDetail {
  product: Product;
  /** The same design in each metal (this piece included), cheapest first. */
  variants: Array<{
    id: string;
    metal: Metal;
    label: string;
    priceCents: number;
    readyToShip: boolean;
    shippingPromise: string;
    imageUrl: string;
    url: string;
  }>;
  /** Each size with its price (the base price unless the size costs more). */
  sizes: Array<{ size: string; priceCents: number }>;
  /** This piece first, then the design in its other metals. */
  images: Array<{ url: string; alt: string }>;
}

const VOCABULARY_TTL_MS = 60_000;
/**
 * Identical searches of the stored catalog within this window are answered from memory: quick links
 * ("Gifts under $300", "Ready to ship") and popular queries repeat for every shopper. Writes through
 * this service clear it; an import in another process is visible after at most this long.
 */
const SEARCH_MEMO_MS = 30_000;

function toCents(dollars: number | undefined): number | undefined {
  return dollars === undefined ? undefined : Math.round(dollars * 100);
}

/** The catalog: search with filters and keyset pagination, lookups, and catalog writes. */
export class CatalogService {
  private vocabulary: { terms: Set<string>; at: number } | undefined;
  private readonly searchMemo = new LRUCache<string, ProductSearchResult>({ max: 500, ttl: SEARCH_MEMO_MS, ttlAutopurge: false });

  constructor(
    private readonly products: ProductsRepository,
    private readonly urlFor: ProductUrlFor = productUrlFor(undefined),
    private readonly now: () => number = Date.now,
    private readonly external?: ExternalCatalogSource,
  ) {}

  /** A stored product as the rest of the app sees it: with its product page link. */
  private read(doc: ProductDoc): Product {
    const product = toProduct(doc);
    return { ...product, url: this.urlFor(product) };
  }

  private async knownTerms(): Promise<Set<string>> {
    if (!this.vocabulary || this.now() - this.vocabulary.at > VOCABULARY_TTL_MS) {
      this.vocabulary = { terms: new Set(await this.products.vocabulary()), at: this.now() };
    }
    return this.vocabulary.terms;
  }

  async search(params: ProductSearchParams): Promise<ProductSearchResult> {
    const sort = params.sort ?? "featured";
    const limit = params.limit ?? 12;
    const externalCursor = params.cursor?.startsWith(EXTERNAL_CURSOR) ? decodeExternalCursor(params.cursor, sort) : undefined;
    if (this.external && (externalCursor !== undefined || !params.cursor)) {
      try {
        return await this.searchExternal(this.external.catalog, params, sort, limit, externalCursor ?? null);
      } catch (error) {
        if (!(error instanceof ExternalServiceError)) throw error;
        this.external.onFallback(error);
        // Answered from the stored catalog (from its first page when the endpoint's cursor was used).
        return { ...(await this.searchStored(params, sort, limit, undefined)), source: "stored_fallback" };
      }
    }
    const key = JSON.stringify([
      params.query ?? "",
      params.category,
      params.metal,
      params.metals,
      params.styleTags,
      params.stones,
      params.minPrice,
      params.maxPrice,
      params.readyToShip,
      sort,
      limit,
      params.cursor,
    ]);
    const memo = this.searchMemo.get(key);
    if (memo) return memo;
    const result = await this.searchStored(params, sort, limit, params.cursor ? decodeCursor(params.cursor, sort) : undefined);
    // Shared by every caller that asks the same: frozen, so nobody can change another's answer.
    for (const item of result.items) Object.freeze(item);
    Object.freeze(result.items);
    this.searchMemo.set(key, Object.freeze(result));
    return result;
  }

  /** Forgets memoised searches (after the catalog changed). */
  invalidate(): void {
    this.searchMemo.clear();
    this.vocabulary = undefined;
  }

  private async searchStored(
    params: ProductSearchParams,
    sort: ProductSort,
    limit: number,
    after: ReturnType<typeof decodeCursor> | undefined,
  ): Promise<ProductSearchResult> {
    const vocabulary = await this.knownTerms();
    const words = queryTerms(params.query ?? "");
    const terms: string[] = [];
    const ignoredWords: string[] = [];
    let textCategory: Category | undefined;
    for (const word of words) {
      const category = categoryOfTerm(word);
      if (category && !params.category) textCategory ??= category;
      if (category) continue; // category words filter by category, not by text
      if (vocabulary.has(word)) terms.push(word);
      else ignoredWords.push(word);
    }

    const category = params.category ?? textCategory;
    const metals = new Set<Metal>(params.metals ?? []);
    if (params.metal) {
      const family = (METAL_FAMILIES as Record<string, readonly Metal[]>)[params.metal];
      for (const m of family ?? [params.metal as Metal]) metals.add(m);
    }
    const criteria: ProductCriteria = {
      terms,
      categories: category ? [category] : [],
      metals: [...metals],
      styleTags: params.styleTags ?? [],
      stones: params.stones ?? [],
      minPriceCents: toCents(params.minPrice),
      maxPriceCents: toCents(params.maxPrice),
      readyToShip: params.readyToShip,
    };

    const [docs, total] = await Promise.all([this.products.search(criteria, sort, after, limit + 1), this.products.count(criteria)]);
    const page = docs.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = docs.length > limit && last ? encodeCursor(sort, { value: sortValueOf(last, sort), id: last._id }) : null;
    return {
      items: page.map((d) => this.read(d)),
      nextCursor,
      total,
      interpreted: { terms, ignoredWords, ...(category ? { category } : {}) },
    };
  }

  private async searchExternal(
    external: ExternalCatalog,
    params: ProductSearchParams,
    sort: ProductSort,
    limit: number,
    cursor: string | null,
  ): Promise<ProductSearchResult> {
    // The endpoint interprets the text itself; it gets the words and the filters the concierge understood.
    let textCategory: Category | undefined;
    const terms: string[] = [];
    for (const word of queryTerms(params.query ?? "")) {
      const category = categoryOfTerm(word);
      if (category) textCategory ??= category;
      else terms.push(word);
    }
    const category = params.category ?? textCategory;
    const metals = new Set<Metal>(params.metals ?? []);
    if (params.metal) {
      const family = (METAL_FAMILIES as Record<string, readonly Metal[]>)[params.metal];
      for (const m of family ?? [params.metal as Metal]) metals.add(m);
    }
    const page = await external.search({
      query: params.query ?? "",
      criteria: {
        terms,
        categories: category ? [category] : [],
        metals: [...metals],
        styleTags: params.styleTags ?? [],
        stones: params.stones ?? [],
        minPriceCents: toCents(params.minPrice),
        maxPriceCents: toCents(params.maxPrice),
        readyToShip: params.readyToShip,
      },
      sort,
      limit,
      cursor,
    });
    return {
      items: page.items.slice(0, limit),
      nextCursor: page.nextCursor ? encodeExternalCursor(sort, page.nextCursor) : null,
      total: page.total,
      interpreted: { terms, ignoredWords: [], ...(category ? { category } : {}) },
      source: "endpoint",
    };
  }

  async getById(id: string): Promise<Product | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  /** Products by id, in the order asked: the stored catalog first, then the products endpoint if configured. */
  async getByIds(ids: readonly string[]): Promise<Product[]> {
    const docs = await this.products.findByIds(ids);
    const byId = new Map(docs.map((d) => [d._id, this.read(d)]));
    const missing = ids.filter((id) => !byId.has(id));
    if (this.external && missing.length > 0) {
      try {
        for (const p of await this.external.catalog.lookup(missing)) byId.set(p.id, { ...p, url: p.url ?? this.urlFor(p) });
      } catch (error) {
        if (!(error instanceof ExternalServiceError)) throw error;
        this.external.onFallback(error);
      }
    }
    return ids.map((id) => byId.get(id)).filter((p): p is Product => p !== undefined);
  }

  /** One piece with its metal options, sizes and prices, and images: the widget's detail sheet. */
  async detail(id: string): Promise<ProductDetail> {
    const product = await this.getById(id);
    if (!product) throw notFound("That piece is no longer in the catalog.");
    const group = product.groupId ? (await this.products.findByGroup(product.groupId)).map((d) => this.read(d)) : [];
    const siblings = group.some((p) => p.id === product.id) ? group : [product, ...group];
    const variants = siblings
      .map((p) => ({
        id: p.id,
        metal: p.metal,
        label: METAL_LABELS[p.metal],
        priceCents: p.priceCents,
        readyToShip: p.readyToShip,
        shippingPromise: p.shippingPromise,
        imageUrl: p.imageUrl,
        url: p.url ?? this.urlFor(p),
      }))
      .sort((a, b) => a.priceCents - b.priceCents || a.id.localeCompare(b.id));
    const extra = new Map((product.sizeSurcharges ?? []).map((s) => [s.size, s.cents]));
    return {
      product,
      variants,
      sizes: product.sizes.map((size) => ({ size, priceCents: product.priceCents + (extra.get(size) ?? 0) })),
      images: [
        { url: product.imageUrl, alt: `${product.name} in ${METAL_LABELS[product.metal].toLowerCase()}` },
        ...variants
          .filter((v) => v.id !== product.id)
          .map((v) => ({ url: v.imageUrl, alt: `${product.name} in ${v.label.toLowerCase()}` })),
      ],
    };
  }

  /** The same design in every metal it is made in (itself included), cheapest first. */
  async variantsOf(product: Pick<Product, "name" | "category" | "groupId">): Promise<Product[]> {
    const docs = product.groupId
      ? await this.products.findByGroup(product.groupId)
      : await this.products.findByName(product.name, product.category);
    return docs.map((d) => this.read(d));
  }

  count(): Promise<number> {
    return this.products.count();
  }

  /** Removes catalog entries (catalog imports: hidden or, with --prune, gone from the merchant's file). */
  async removeProducts(ids: readonly string[]): Promise<number> {
    const removed = await this.products.deleteByIds(ids);
    this.invalidate();
    return removed;
  }

  /** Writes catalog entries, deriving their search terms. */
  async upsertProducts(products: readonly Product[]): Promise<number> {
    // `url` is derived on every read, never stored
    const docs: ProductDoc[] = products.map(({ id, url: _url, ...rest }) => ({
      _id: id,
      ...rest,
      searchTerms: productSearchTerms(rest),
    }));
    const written = await this.products.upsertMany(docs);
    this.invalidate();
    return written;
  }
}
