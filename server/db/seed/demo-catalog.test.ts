import { describe, expect, it } from "vitest";
import { CATEGORIES, METAL_FAMILIES, METALS, STONE_TYPES, STYLE_TAGS, type Metal } from "../../domain/catalog";
import { buildDemoCatalog, MADE_TO_ORDER_PROMISE, READY_TO_SHIP_PROMISE, RING_SIZES } from "./demo-catalog";

const catalog = buildDemoCatalog();
const dollars = (d: number) => d * 100;
const isGold = (m: Metal) => (METAL_FAMILIES.gold as readonly Metal[]).includes(m);

describe("buildDemoCatalog", () => {
  it("has a realistic number of products in every category and metal", () => {
    expect(catalog.length).toBeGreaterThanOrEqual(88);
    const counts = CATEGORIES.map((c) => catalog.filter((p) => p.category === c).length);
    for (const n of counts) expect(n).toBeGreaterThanOrEqual(20);
    // Roughly balanced: no category more than 1.5× the smallest.
    expect(Math.max(...counts)).toBeLessThanOrEqual(Math.min(...counts) * 1.5);
    for (const category of CATEGORIES) {
      for (const metal of METALS) {
        const n = catalog.filter((p) => p.category === category && p.metal === metal).length;
        expect(n, `${category} in ${metal}`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it("prices are integer cents from about $60 to about $5,000", () => {
    const prices = catalog.map((p) => p.priceCents);
    for (const p of prices) expect(Number.isInteger(p)).toBe(true);
    expect(Math.min(...prices)).toBeLessThanOrEqual(dollars(80));
    expect(Math.min(...prices)).toBeGreaterThanOrEqual(dollars(50));
    expect(Math.max(...prices)).toBeGreaterThanOrEqual(dollars(4000));
    expect(Math.max(...prices)).toBeLessThanOrEqual(dollars(5000));
    for (const p of catalog) expect(p.currency).toBe("USD");
  });

  it("prices each design sensibly by metal: silver < gold ≤ platinum", () => {
    const byName = new Map<string, typeof catalog>();
    for (const p of catalog) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
    for (const [name, variants] of byName) {
      const silver = variants.filter((p) => p.metal === "sterling_silver").map((p) => p.priceCents);
      const gold = variants.filter((p) => isGold(p.metal)).map((p) => p.priceCents);
      const plat = variants.filter((p) => p.metal === "platinum").map((p) => p.priceCents);
      if (silver.length && gold.length) expect(Math.max(...silver), name).toBeLessThan(Math.min(...gold));
      if (plat.length && gold.length) expect(Math.min(...plat), name).toBeGreaterThanOrEqual(Math.max(...gold));
      if (silver.length && plat.length) expect(Math.max(...silver), name).toBeLessThan(Math.min(...plat));
    }
    // Silver stays affordable; platinum never the cheapest tier.
    for (const p of catalog.filter((p) => p.metal === "sterling_silver")) expect(p.priceCents).toBeLessThanOrEqual(dollars(300));
  });

  it("has unique ids, skus and featured ranks 1..N", () => {
    expect(new Set(catalog.map((p) => p.id)).size).toBe(catalog.length);
    expect(new Set(catalog.map((p) => p.sku)).size).toBe(catalog.length);
    const ranks = catalog.map((p) => p.featuredRank).sort((a, b) => a - b);
    expect(ranks).toEqual(Array.from({ length: catalog.length }, (_, i) => i + 1));
  });

  it("uses stable slug ids, category-prefixed skus and matching image urls", () => {
    const prefix = { ring: "R", necklace: "N", earrings: "E", bracelet: "B" } as const;
    for (const p of catalog) {
      expect(p.id).toMatch(/^gg-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.id.length).toBeLessThanOrEqual(60);
      expect(p.sku).toMatch(new RegExp(`^GG-${prefix[p.category]}-\\d{4}$`));
      expect(p.imageUrl).toBe(`/images/products/${p.id}.svg`);
    }
    expect(catalog.some((p) => p.id === "gg-ring-solitaire-oval-plat")).toBe(true);
  });

  it("only uses the shared vocabulary", () => {
    for (const p of catalog) {
      expect(CATEGORIES).toContain(p.category);
      expect(METALS).toContain(p.metal);
      expect(p.styleTags.length).toBeGreaterThanOrEqual(1);
      expect(p.styleTags.length).toBeLessThanOrEqual(3);
      expect(new Set(p.styleTags).size).toBe(p.styleTags.length);
      for (const t of p.styleTags) expect(STYLE_TAGS).toContain(t);
      for (const s of p.stones) {
        expect(STONE_TYPES).toContain(s.type);
        expect(s.type, `${p.id}: plain pieces use an empty stones array`).not.toBe("none");
        if (s.caratTotal !== undefined) expect(s.caratTotal).toBeGreaterThan(0);
      }
    }
  });

  it("has the key style tags in plenty in every category", () => {
    for (const category of CATEGORIES) {
      for (const tag of ["dainty", "minimal", "statement", "vintage"] as const) {
        const n = catalog.filter((p) => p.category === category && p.styleTags.includes(tag)).length;
        expect(n, `${tag} ${category}`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it("offers both ready-to-ship and made-to-order pieces with consistent promises", () => {
    expect(catalog.some((p) => p.readyToShip)).toBe(true);
    expect(catalog.some((p) => !p.readyToShip)).toBe(true);
    for (const p of catalog) {
      if (p.readyToShip) {
        expect(p.leadTimeDays).toBeGreaterThanOrEqual(1);
        expect(p.leadTimeDays).toBeLessThanOrEqual(2);
        expect(p.shippingPromise).toBe(READY_TO_SHIP_PROMISE);
      } else {
        expect(p.leadTimeDays).toBeGreaterThanOrEqual(15);
        expect(p.leadTimeDays).toBeLessThanOrEqual(20);
        expect(p.shippingPromise).toBe(MADE_TO_ORDER_PROMISE);
      }
    }
  });

  it("follows the sizing rules per category", () => {
    for (const p of catalog) {
      switch (p.category) {
        case "ring":
          expect(p.sizes).toEqual([...RING_SIZES]);
          break;
        case "earrings":
          expect(p.sizes).toEqual([]);
          break;
        case "necklace":
          expect(p.sizes.length).toBeGreaterThan(0);
          for (const s of p.sizes) expect(s).toMatch(/^\d{2} in$/);
          break;
        case "bracelet":
          expect(p.sizes.length).toBeGreaterThan(0);
          for (const s of p.sizes) expect(s).toMatch(/^\d(\.5)? in$/);
          break;
      }
    }
    expect(RING_SIZES[0]).toBe("4");
    expect(RING_SIZES.at(-1)).toBe("9");
    expect(RING_SIZES).toContain("6.5");
  });

  it("marks bands, bar necklaces and ID bracelets engravable", () => {
    const mustEngrave = catalog.filter(
      (p) => (p.category === "ring" && /\bBand\b/.test(p.name)) || /Bar Necklace|ID Bracelet/.test(p.name),
    );
    expect(mustEngrave.length).toBeGreaterThanOrEqual(10);
    for (const p of mustEngrave) expect(p.engravable, p.id).toBe(true);
    for (const p of catalog.filter((p) => p.category === "earrings")) expect(p.engravable).toBe(false);
  });

  it("supports the typical shopper queries", () => {
    const goldRingsUnder500 = catalog.filter((p) => p.category === "ring" && isGold(p.metal) && p.priceCents <= dollars(500));
    expect(goldRingsUnder500.length).toBeGreaterThanOrEqual(6);
    const midNecklaces = catalog.filter((p) => p.category === "necklace" && p.priceCents >= dollars(150) && p.priceCents <= dollars(250));
    expect(midNecklaces.length).toBeGreaterThanOrEqual(3);
    for (const category of CATEGORIES) {
      const gifts = catalog.filter((p) => p.category === category && p.priceCents < dollars(300));
      expect(gifts.length, `gifts under $300 in ${category}`).toBeGreaterThanOrEqual(3);
    }
    expect(catalog.filter((p) => p.metal === "sterling_silver").length).toBeGreaterThanOrEqual(10);
    expect(catalog.some((p) => p.stones.some((s) => s.type === "lab diamond" && s.shape === "oval"))).toBe(true);
    for (const type of STONE_TYPES.filter((t) => t !== "none")) {
      expect(
        catalog.some((p) => p.stones.some((s) => s.type === type)),
        type,
      ).toBe(true);
    }
    expect(catalog.some((p) => p.stones.length === 0)).toBe(true);
  });

  it("has merchandiser copy: names, 1–2 sentence descriptions, dates in 2025–2026", () => {
    for (const p of catalog) {
      expect(p.name.length).toBeGreaterThan(5);
      const sentences = p.description.split(/[.!?](?:\s|$)/).filter((s) => s.trim().length > 0);
      expect(sentences.length, p.description).toBeGreaterThanOrEqual(1);
      expect(sentences.length, p.description).toBeLessThanOrEqual(2);
      expect(p.createdAt.getTime()).toBeGreaterThanOrEqual(Date.UTC(2025, 0, 1));
      expect(p.createdAt.getTime()).toBeLessThan(Date.UTC(2027, 0, 1));
    }
    const years = new Set(catalog.map((p) => p.createdAt.getUTCFullYear()));
    expect(years).toEqual(new Set([2025, 2026]));
  });

  it("is deterministic and returns fresh objects", () => {
    const again = buildDemoCatalog();
    expect(again).toEqual(catalog);
    again[0]!.styleTags.push("modern");
    expect(buildDemoCatalog()[0]!.styleTags).toEqual(catalog[0]!.styleTags);
  });
});
