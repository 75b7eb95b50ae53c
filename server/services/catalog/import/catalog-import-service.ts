import { randomBytes } from "node:crypto";
import type { Product } from "../../../domain/catalog";
import type { CatalogImportDoc, CatalogImportsRepository } from "../../../db/repositories/catalog-imports";
import { toProduct, type ProductDoc, type ProductsRepository } from "../../../db/repositories/products";
import type { CatalogService } from "../catalog-service";
import { readJsonCatalog } from "./json-format";
import { mapProduct, type ImportedProduct, type MappingOverrides } from "./mapping";
import { readShopifyCsv } from "./shopify-csv";

export type CatalogFormat = "shopify_csv" | "json";

export interface ImportPlan {
  format: CatalogFormat;
  source: string;
  prune: boolean;
  create: ImportedProduct[];
  update: Array<{ product: ImportedProduct; changed: string[] }>;
  unchanged: ImportedProduct[];
  /** Archived, unpublished or sold out in the file; `ids` are catalog products to remove. */
  hidden: Array<{ handle: string; reason: string; ids: string[] }>;
  /** Catalog products not in the file (removed only with --prune). */
  missing: Array<{ id: string; name: string }>;
  skipped: Array<{ handle: string; origin: string; reason: string }>;
  mapping: Array<{ field: string; from: string; to: string; count: number }>;
}

export interface ImportResult {
  record: CatalogImportDoc;
}

/** Catalog fields compared to decide "unchanged" (everything the import writes). */
function comparable(p: Omit<Product, "createdAt"> | Product): string {
  const { createdAt: _c, ...rest } = p as Product;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
}

function changedFields(before: Product, after: ImportedProduct): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => k !== "createdAt" && k !== "id"));
  return [...keys].filter((k) => JSON.stringify((before as never)[k]) !== JSON.stringify((after as never)[k])).sort();
}

export function detectFormat(fileName: string, text: string): CatalogFormat {
  if (/\.json$/i.test(fileName) || /^\s*[{[]/.test(text)) return "json";
  return "shopify_csv";
}

/**
 * `npm run catalog:import`: a merchant's catalog (Shopify product CSV or the JSON format) mapped
 * to the catalog's vocabulary and written into the configured store. Planning reads and maps
 * everything before anything is written: a product is written whole or not at all, products that
 * cannot be mapped are listed with reasons, and a run is idempotent by handle.
 */
export class CatalogImportService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly catalog: CatalogService,
    private readonly imports: CatalogImportsRepository,
  ) {}

  async plan(
    text: string,
    options: { format: CatalogFormat; source: string; prune?: boolean; overrides?: MappingOverrides },
  ): Promise<ImportPlan> {
    const sources = options.format === "json" ? readJsonCatalog(text) : readShopifyCsv(text);
    const existing = (await this.products.listAll()).map((doc: ProductDoc) => toProduct(doc));
    const byId = new Map(existing.map((p) => [p.id, p]));
    const plan: ImportPlan = {
      format: options.format,
      source: options.source,
      prune: options.prune ?? false,
      create: [],
      update: [],
      unchanged: [],
      hidden: [],
      missing: [],
      skipped: [],
      mapping: [],
    };
    const mappingCounts = new Map<string, { field: string; from: string; to: string; count: number }>();
    const seenHandles = new Set<string>();
    const plannedIds = new Set<string>();
    const idsByHandle = (handle: string) => existing.filter((p) => p.handle === handle || p.id === handle).map((p) => p.id);

    sources.forEach((source, rank) => {
      const mapped = mapProduct(source, rank, options.overrides);
      if (seenHandles.has(mapped.handle)) {
        plan.skipped.push({ handle: mapped.handle, origin: source.origin, reason: "the same handle appears twice in the file" });
        return;
      }
      seenHandles.add(mapped.handle);
      if (mapped.status === "skipped") {
        plan.skipped.push({ handle: mapped.handle, origin: source.origin, reason: mapped.reason });
        return;
      }
      if (mapped.status === "hidden") {
        plan.hidden.push({ handle: mapped.handle, reason: mapped.reason, ids: idsByHandle(mapped.handle) });
        return;
      }
      const clash = mapped.products.find((p) => plannedIds.has(p.id));
      if (clash) {
        plan.skipped.push({
          handle: mapped.handle,
          origin: source.origin,
          reason: `its product id ${clash.id} is taken by another product in the file`,
        });
        return;
      }
      for (const entry of mapped.mapping) {
        const key = `${entry.field}|${entry.from.toLowerCase()}|${entry.to}`;
        const row = mappingCounts.get(key) ?? { ...entry, count: 0 };
        row.count++;
        mappingCounts.set(key, row);
      }
      // Ids stay stable per handle and metal (shortlists and links keep working when a product
      // gains or loses a metal): an existing product of this handle in this metal keeps its id.
      for (const product of mapped.products) {
        const current = existing.find((p) => p.handle === mapped.handle && p.metal === product.metal);
        if (current && current.id !== product.id) {
          if (product.imageUrl === `/images/products/${product.id}.svg`) product.imageUrl = `/images/products/${current.id}.svg`;
          product.id = current.id;
        }
      }
      // Metals that were split off before but are gone now: hidden with the product's other changes.
      const stale = idsByHandle(mapped.handle).filter((id) => !mapped.products.some((p) => p.id === id));
      if (stale.length > 0) plan.hidden.push({ handle: mapped.handle, reason: "metal no longer offered", ids: stale });
      for (const product of mapped.products) {
        plannedIds.add(product.id);
        const before = byId.get(product.id);
        if (!before) plan.create.push(product);
        else if (comparable(before) === comparable(product)) plan.unchanged.push(product);
        else plan.update.push({ product, changed: changedFields(before, product) });
      }
    });

    // SKUs are unique in the catalog: a repeated or taken SKU falls back to the product id.
    const leaving = new Set([
      ...plan.hidden.flatMap((h) => h.ids),
      ...(plan.prune ? existing.filter((p) => !plannedIds.has(p.id)).map((p) => p.id) : []),
    ]);
    const skuOwner = new Map(existing.filter((p) => !plannedIds.has(p.id) && !leaving.has(p.id)).map((p) => [p.sku, p.id]));
    for (const product of [...plan.create, ...plan.update.map((u) => u.product), ...plan.unchanged]) {
      const owner = skuOwner.get(product.sku);
      if (owner !== undefined && owner !== product.id) product.sku = product.id.toUpperCase();
      skuOwner.set(product.sku, product.id);
    }

    const hiddenIds = new Set(plan.hidden.flatMap((h) => h.ids));
    plan.missing = existing.filter((p) => !plannedIds.has(p.id) && !hiddenIds.has(p.id)).map((p) => ({ id: p.id, name: p.name }));
    plan.mapping = [...mappingCounts.values()].sort((a, b) => a.field.localeCompare(b.field) || b.count - a.count);
    return plan;
  }

  /**
   * Writes a plan: creates and updates (each product one whole document, keeping its first
   * createdAt), removes hidden products and — only with prune — products gone from the file, and
   * records the import for the dashboard.
   */
  async apply(plan: ImportPlan, now = new Date()): Promise<ImportResult> {
    const existing = new Map((await this.products.listAll()).map((d) => [d._id, d.createdAt]));
    const writes: Product[] = [...plan.create, ...plan.update.map((u) => u.product)].map((p) => ({
      ...p,
      createdAt: existing.get(p.id) ?? now,
    }));
    await this.catalog.upsertProducts(writes);
    const removeIds = [...plan.hidden.flatMap((h) => h.ids), ...(plan.prune ? plan.missing.map((m) => m.id) : [])];
    const removed = await this.catalog.removeProducts(removeIds);
    const record: CatalogImportDoc = {
      _id: `imp_${randomBytes(8).toString("hex")}`,
      importedAt: now,
      source: plan.source,
      format: plan.format,
      pruned: plan.prune,
      counts: {
        planned: plan.create.length + plan.update.length + plan.unchanged.length,
        created: plan.create.length,
        updated: plan.update.length,
        unchanged: plan.unchanged.length,
        hidden: plan.hidden.reduce((a, h) => a + h.ids.length, 0),
        removed: plan.prune ? removed - plan.hidden.reduce((a, h) => a + h.ids.length, 0) : 0,
        skipped: plan.skipped.length,
        total: await this.catalog.count(),
      },
      mapping: plan.mapping.slice(0, 200),
      skipped: plan.skipped.slice(0, 200).map((s) => ({ handle: s.handle, reason: s.reason })),
    };
    await this.imports.record(record);
    return { record };
  }

  /** The dashboard's catalog page: products per category, ready to ship, and the latest imports. */
  async overview(): Promise<{
    total: number;
    readyToShip: number;
    byCategory: Record<string, number>;
    imports: CatalogImportDoc[];
  }> {
    const [summary, imports] = await Promise.all([this.products.summary(), this.imports.latest(10)]);
    return { ...summary, imports };
  }
}
