import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoCatalog } from "../../db/seed/demo-catalog";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";

let t: TestRuntime;
const catalog = buildDemoCatalog();

beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => {
  await t.cleanup();
});

async function badRequest(input: unknown): Promise<TRPCError> {
  try {
    await t.caller().support.products.search(input as never);
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    return error as TRPCError;
  }
  throw new Error("expected BAD_REQUEST");
}

describe("support.products.search", () => {
  it("finds only gold rings at or under $500 for 'gold rings' + maxPrice 500", async () => {
    const result = await t.caller().support.products.search({ query: "gold rings", maxPrice: 500, limit: 48 });
    const expected = catalog.filter((p) => p.category === "ring" && p.metal.includes("gold") && p.priceCents <= 50_000);
    expect(result.total).toBe(expected.length);
    expect(result.items.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort());
    expect(result.interpreted.category).toBe("ring");
  });

  it("filters by category, metal family, price range and ready-to-ship together", async () => {
    const result = await t.caller().support.products.search({
      category: "necklace",
      metal: "silver",
      minPrice: 50,
      maxPrice: 400,
      readyToShip: true,
      limit: 48,
    });
    const expected = catalog.filter(
      (p) => p.category === "necklace" && p.metal === "sterling_silver" && p.priceCents >= 5_000 && p.priceCents <= 40_000 && p.readyToShip,
    );
    expect(result.items.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort());
  });

  it("pages through every product exactly once with a cursor, in price order", async () => {
    const seen: string[] = [];
    const prices: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await t.caller().support.products.search({ sort: "price_asc", limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.id));
      prices.push(...page.items.map((p) => p.priceCents));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.length).toBe(catalog.length);
    expect(new Set(seen).size).toBe(catalog.length);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it("sorts by price descending and by newest", async () => {
    const desc = await t.caller().support.products.search({ sort: "price_desc", limit: 5 });
    const top = [...catalog].sort((a, b) => b.priceCents - a.priceCents).slice(0, 5);
    expect(desc.items.map((p) => p.priceCents)).toEqual(top.map((p) => p.priceCents));
    const newest = await t.caller().support.products.search({ sort: "newest", limit: 3 });
    const times = newest.items.map((p) => new Date(p.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("ignores words the catalog does not know instead of returning nothing", async () => {
    const result = await t.caller().support.products.search({ query: "dainty necklace for my mom" });
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.interpreted.ignoredWords).toContain("mom");
    for (const p of result.items) expect(p.category).toBe("necklace");
  });

  it("rejects bad input with a clear message", async () => {
    expect((await badRequest({ query: "x".repeat(201) })).message).toContain("query");
    expect((await badRequest({ query: { $gt: "" } })).message).toContain("query");
    expect((await badRequest({ maxPrice: "500" })).message).toContain("maxPrice");
    expect((await badRequest({ color: "red" })).message).toMatch(/unrecognized key/i);
    expect((await badRequest({ minPrice: 500, maxPrice: 100 })).message).toContain("minPrice");
    expect((await badRequest({ category: "watches" })).message).toContain("category");
    expect((await badRequest({ cursor: "bm90LWEtY3Vyc29y" })).message).toContain("cursor");
  });

  it("rejects a cursor from another sort order", async () => {
    const page = await t.caller().support.products.search({ sort: "price_asc", limit: 2 });
    expect(page.nextCursor).not.toBeNull();
    const error = await badRequest({ sort: "newest", cursor: page.nextCursor });
    expect(error.message).toContain("different sort");
  });
});

describe("support.products.viewed", () => {
  it("records a product view for the funnel without touching the transcript", async () => {
    const { startWidgetSession } = await import("../../testing/widget-client");
    const w = await startWidgetSession(t);
    const before = await w.caller.session.messages({ afterSeq: 0 });
    const productId = catalog[0]!.id;
    await w.caller.support.products.viewed({ productId });
    const events = await t.runtime.store.db.collection("analyticsEvents").find({ type: "product_viewed", productIds: productId }).toArray();
    expect(events).toHaveLength(1);
    expect((await w.caller.session.messages({ afterSeq: 0 })).entries).toEqual(before.entries);
    await expect(w.caller.support.products.viewed({ productId: "../x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(t.caller().support.products.viewed({ productId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("merchant links and product details", () => {
  it("search results carry the product page url; without STORE_URL it is the demo storefront's page here", async () => {
    const result = await t.caller().support.products.search({ query: "stacking band", limit: 3 });
    expect(result.items.length).toBeGreaterThan(0);
    for (const p of result.items) expect(p.url).toBe(`/products/${p.id}`);
  });

  it("with STORE_URL and a template, links go to the store's own product pages", async () => {
    const store = await createTestRuntime({ STORE_URL: "https://shop.example.com", PRODUCT_URL_TEMPLATE: "{STORE_URL}/p/{handle}" });
    try {
      const [first] = (await store.caller().support.products.search({ limit: 1 })).items;
      expect(first!.url).toBe(`https://shop.example.com/p/${first!.id}`);
      const detail = await store.caller().support.products.get({ productId: first!.id });
      for (const v of detail.variants) expect(v.url).toBe(`https://shop.example.com/p/${v.id}`);
    } finally {
      await store.cleanup();
    }
  });

  it("support.products.get: description, stone grading, each metal with its price, sizes with prices, images", async () => {
    const necklace = catalog.find((p) => p.id === "gg-necklace-paperclip-chain-yg")!;
    const detail = await t.caller().support.products.get({ productId: necklace.id });
    expect(detail.product).toMatchObject({ id: necklace.id, name: necklace.name, description: necklace.description });
    const design = catalog.filter((p) => p.groupId === necklace.groupId);
    expect(design.length).toBeGreaterThan(1);
    expect(detail.variants.map((v) => v.id).sort()).toEqual(design.map((p) => p.id).sort());
    for (const v of detail.variants) expect(v.priceCents).toBe(catalog.find((p) => p.id === v.id)!.priceCents);
    expect(detail.variants.map((v) => v.priceCents)).toEqual([...detail.variants.map((v) => v.priceCents)].sort((a, b) => a - b));
    // the longest stock length costs more; the others cost the base price
    expect(detail.sizes.map((s) => s.size)).toEqual(necklace.sizes);
    const longest = detail.sizes[detail.sizes.length - 1]!;
    expect(longest.priceCents).toBeGreaterThan(necklace.priceCents);
    expect(detail.sizes.slice(0, -1).every((s) => s.priceCents === necklace.priceCents)).toBe(true);
    expect(detail.images[0]).toEqual({ url: necklace.imageUrl, alt: expect.stringContaining("14k yellow gold") });
    expect(detail.images.length).toBe(design.length);

    const solitaire = await t.caller().support.products.get({ productId: "gg-ring-solitaire-oval-plat" });
    expect(solitaire.product.stones[0]).toMatchObject({
      type: "lab diamond",
      shape: "oval",
      caratTotal: 1.5,
      color: "F–G",
      clarity: "VS1–VS2",
    });
  });

  it("support.products.get: an unknown id is NOT_FOUND, a malformed one BAD_REQUEST", async () => {
    await expect(t.caller().support.products.get({ productId: "gg-nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(t.caller().support.products.get({ productId: "../etc" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("search memo", () => {
  it("answers an identical search from memory, frozen, and forgets it when the catalog changes", async () => {
    const catalogService = t.runtime.services.catalog;
    const first = await catalogService.search({ query: "hoops", limit: 5 });
    const again = await catalogService.search({ query: "hoops", limit: 5 });
    expect(again).toBe(first);
    expect(Object.isFrozen(again.items[0])).toBe(true);
    const other = await catalogService.search({ query: "hoops", limit: 4 });
    expect(other).not.toBe(first);
    const template = first.items[0]!;
    await catalogService.upsertProducts([
      { ...template, id: "gg-earrings-memo-test-yg", sku: "GG-E-MEMO", name: "Memo Test Hoops", featuredRank: 0 },
    ]);
    const fresh = await catalogService.search({ query: "hoops", limit: 5 });
    expect(fresh).not.toBe(first);
    expect(fresh.total).toBe(first.total + 1);
  });
});
