import type { Collection, Db } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";

export interface CatalogImportCounts {
  /** Products in the file that will be shown (after mapping). */
  planned: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Archived or unpublished in the file: removed from the catalog if present. */
  hidden: number;
  /** Not in the file any more, removed because of --prune. */
  removed: number;
  /** Rows or products that could not be mapped (listed with reasons). */
  skipped: number;
  /** Products in the catalog after the import. */
  total: number;
}

export interface CatalogImportDoc {
  _id: string;
  importedAt: Date;
  /** The file's base name (never a full path). */
  source: string;
  format: "shopify_csv" | "json";
  pruned: boolean;
  counts: CatalogImportCounts;
  /** How source values were mapped to the catalog's vocabulary, e.g. {field: "metal", from: "Yellow Gold", to: "yellow_gold_14k"}. */
  mapping: Array<{ field: string; from: string; to: string; count: number }>;
  /** Up to 200 skipped products with the reason. */
  skipped: Array<{ handle: string; reason: string }>;
}

export const catalogImportIndexes: IndexSpec[] = [{ key: { importedAt: -1, _id: -1 } }];

export class CatalogImportsRepository {
  private readonly col: Collection<CatalogImportDoc>;

  constructor(db: Db) {
    this.col = db.collection<CatalogImportDoc>(COLLECTIONS.catalogImports);
  }

  async record(doc: CatalogImportDoc): Promise<void> {
    await this.col.insertOne(doc);
  }

  async latest(limit = 10): Promise<CatalogImportDoc[]> {
    return (await this.col.find({}, { sort: { importedAt: -1, _id: -1 }, limit }).toArray()) as CatalogImportDoc[];
  }
}
