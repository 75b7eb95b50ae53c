import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../testing/test-runtime";
import { CatalogImportService } from "./catalog-import-service";
import { CatalogFileError } from "./shopify-csv";

const here = path.dirname(fileURLToPath(import.meta.url));
const csv = readFileSync(path.join(here, "fixtures", "shopify-products.csv"), "utf8");

let t: TestRuntime;
let service: CatalogImportService;
beforeAll(async () => {
  t = await createTestRuntime();
  const { repositories, services } = t.runtime;
  service = new CatalogImportService(repositories.products, services.catalog, repositories.catalogImports);
});
afterAll(() => t.cleanup());

describe("catalog import from a Shopify product CSV", () => {
  it("plans variants, metals, sizes, prices, inventory, images and status, and lists what it cannot map", async () => {
    const plan = await service.plan(csv, { format: "shopify_csv", source: "shopify-products.csv" });
    const ids = plan.create.map((p) => p.id).sort();
    expect(ids).toEqual(["aria-solitaire-ring-platinum", "aria-solitaire-ring-yellow-gold", "mira-hoops"]);
    const yellow = plan.create.find((p) => p.id === "aria-solitaire-ring-yellow-gold")!;
    expect(yellow).toMatchObject({
      handle: "aria-solitaire-ring",
      name: "Aria Solitaire Ring",
      category: "ring",
      metal: "yellow_gold_14k",
      sizes: ["6", "7"],
      priceCents: 145_000,
      compareAtPriceCents: 160_000,
      readyToShip: true, // 2 in stock
      engravable: true,
      imageUrl: "https://cdn.shopify.com/s/files/aria-1.jpg",
      stones: [{ type: "lab diamond", shape: "oval", caratTotal: 1 }],
      description: "A 1 ct oval lab-grown diamond & a slim band.",
    });
    expect(yellow.styleTags.sort()).toEqual(["bridal", "minimal"]);
    const platinum = plan.create.find((p) => p.id === "aria-solitaire-ring-platinum")!;
    expect(platinum).toMatchObject({
      metal: "platinum",
      priceCents: 175_000,
      readyToShip: false,
      imageUrl: "https://cdn.shopify.com/s/files/aria-pt.jpg",
    });
    expect(platinum.compareAtPriceCents).toBeUndefined();
    expect(plan.create.find((p) => p.id === "mira-hoops")).toMatchObject({ category: "earrings", readyToShip: true, priceCents: 24_000 });

    expect(plan.hidden.map((h) => [h.handle, h.reason])).toEqual([
      ["old-locket", "status archived"],
      ["draft-cuff", "not published"],
      ["sold-out-studs", "sold out (inventory 0 and not sold when out of stock)"],
    ]);
    expect(plan.skipped.map((s) => s.handle)).toEqual(["gift-card", "vera-chain"]);
    expect(plan.skipped[0]!.reason).toMatch(/no category/);
    expect(plan.skipped[1]!.reason).toMatch(/18k/);
    expect(plan.mapping).toContainEqual(expect.objectContaining({ field: "metal", from: "14k Yellow Gold", to: "yellow_gold_14k" }));
    expect(plan.mapping).toContainEqual(expect.objectContaining({ field: "style", from: "minimalist", to: "minimal" }));
    // The demo catalog is not in the file: kept unless --prune.
    expect(plan.missing.length).toBeGreaterThan(100);
  });

  it("writes whole products, is idempotent by handle, prunes only when asked, and records the import", async () => {
    const before = await t.runtime.services.catalog.count();
    const first = await service.apply(
      await service.plan(csv, {
        format: "shopify_csv",
        source: "shop.csv",
        overrides: { metal: { "18k yellow gold": "yellow_gold_14k" } },
      }),
    );
    expect(first.record.counts).toMatchObject({ created: 4, updated: 0, skipped: 1, total: before + 4 });
    const again = await service.plan(csv, {
      format: "shopify_csv",
      source: "shop.csv",
      overrides: { metal: { "18k yellow gold": "yellow_gold_14k" } },
    });
    expect([again.create.length, again.update.length, again.unchanged.length]).toEqual([0, 0, 4]);

    const search = await t.runtime.services.catalog.search({ query: "aria" });
    expect(search.items.map((p) => p.id).sort()).toEqual(["aria-solitaire-ring-platinum", "aria-solitaire-ring-yellow-gold"]);

    // The platinum variants are archived away: a re-import hides that metal, keeping createdAt of the rest.
    const withoutPlatinum = csv
      .split("\n")
      .filter((l) => !l.includes("ARIA-PT"))
      .join("\n");
    const shrunk = await service.plan(withoutPlatinum, { format: "shopify_csv", source: "shop.csv" });
    expect(shrunk.hidden).toContainEqual(expect.objectContaining({ handle: "aria-solitaire-ring", ids: ["aria-solitaire-ring-platinum"] }));
    expect(shrunk.update).toEqual([]); // the yellow-gold product keeps its id (shortlists and links keep working)
    expect(shrunk.unchanged.map((p) => p.id)).toContain("aria-solitaire-ring-yellow-gold");
    await service.apply(shrunk);
    expect(await t.runtime.services.catalog.getById("aria-solitaire-ring-platinum")).toBeNull();

    const pruned = await service.apply(await service.plan(withoutPlatinum, { format: "shopify_csv", source: "shop.csv", prune: true }));
    expect(pruned.record.counts.total).toBe(2);
    const overview = await service.overview();
    expect(overview.total).toBe(2);
    expect(overview.imports[0]).toMatchObject({ source: "shop.csv", pruned: true });
  });

  it("reads the documented JSON format and refuses files that are not a catalog", async () => {
    const json = JSON.stringify({
      products: [
        {
          handle: "lune-pendant",
          title: "Lune Pendant",
          category: "necklace",
          metal: "rose gold",
          stones: [{ type: "pearl" }],
          styleTags: ["dainty"],
          variants: [
            { options: { Length: "16 in" }, price: 320, inventory: 3 },
            { options: { Length: "18 in" }, price: "340.00", inventory: 0 },
          ],
          images: ["https://images.example.com/lune.jpg"],
        },
      ],
    });
    const plan = await service.plan(json, { format: "json", source: "catalog.json" });
    expect(plan.create).toEqual([
      expect.objectContaining({
        id: "lune-pendant",
        metal: "rose_gold_14k",
        sizes: ["16 in", "18 in"],
        priceCents: 32_000,
        readyToShip: true,
        stones: [{ type: "pearl" }],
      }),
    ]);
    expect(plan.mapping).toContainEqual(expect.objectContaining({ field: "metal", to: "rose_gold_14k (assumed 14k)" }));
    await expect(service.plan('{"products": [{"title": "x"}]}', { format: "json", source: "x.json" })).rejects.toBeInstanceOf(
      CatalogFileError,
    );
    await expect(service.plan("name,price\nring,10\n", { format: "shopify_csv", source: "x.csv" })).rejects.toThrow(/missing column/);
  });

  it("dashboard.catalog.overview shows the catalog with its import time and counts, to staff only", async () => {
    const { user } = await t.runtime.services.dashboardAuth.createUser({
      email: "viewer@staff.example",
      role: "viewer",
      displayName: "Viewer",
    });
    const overview = await t.caller({ staff: user }).dashboard.catalog.overview();
    expect(overview.total).toBe(2);
    expect(overview.byCategory).toEqual({ earrings: 1, ring: 1 });
    expect(overview.imports[0]).toMatchObject({ source: "shop.csv", pruned: true, counts: expect.objectContaining({ total: 2 }) });
    expect(new Date(overview.imports[0]!.importedAt).toISOString()).toBe(overview.imports[0]!.importedAt);
    await expect(t.caller().dashboard.catalog.overview()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
