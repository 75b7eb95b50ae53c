import type { Collection, Db, Filter, Sort } from "mongodb";
import type { Category, Metal, Product, ProductSort, StoneType, StyleTag } from "../../domain/catalog";
import { COLLECTIONS, type IndexSpec } from "../collections";

export interface ProductDoc extends Omit<Product, "id"> {
  _id: string;
  /** Normalised words a text query can match (written by the catalog service). */
  searchTerms: string[];
}

export const productIndexes: IndexSpec[] = [
  { key: { sku: 1 }, unique: true },
  { key: { handle: 1 }, sparse: true },
  { key: { featuredRank: 1, _id: 1 } },
  { key: { priceCents: 1, _id: 1 } },
  { key: { createdAt: -1, _id: -1 } },
  { key: { category: 1, metal: 1, priceCents: 1 } },
  { key: { searchTerms: 1 } },
  { key: { groupId: 1 } },
];

export interface ProductCriteria {
  terms: string[];
  categories: Category[];
  metals: Metal[];
  styleTags: StyleTag[];
  stones: StoneType[];
  minPriceCents?: number;
  maxPriceCents?: number;
  readyToShip?: boolean;
}

/** Keyset position after which the next page starts. */
export interface ProductPosition {
  value: number | Date;
  id: string;
}

const SORT_FIELDS: Record<ProductSort, { field: "featuredRank" | "priceCents" | "createdAt"; dir: 1 | -1 }> = {
  featured: { field: "featuredRank", dir: 1 },
  price_asc: { field: "priceCents", dir: 1 },
  price_desc: { field: "priceCents", dir: -1 },
  newest: { field: "createdAt", dir: -1 },
};

export function sortValueOf(doc: ProductDoc, sort: ProductSort): number | Date {
  return doc[SORT_FIELDS[sort].field];
}

export function toProduct(doc: ProductDoc): Product {
  const { _id, searchTerms: _terms, ...rest } = doc;
  return { id: _id, ...rest };
}

export class ProductsRepository {
  private readonly col: Collection<ProductDoc>;

  constructor(db: Db) {
    this.col = db.collection<ProductDoc>(COLLECTIONS.products);
  }

  private criteriaFilter(c: ProductCriteria): Filter<ProductDoc> {
    const and: Filter<ProductDoc>[] = [];
    if (c.terms.length > 0) and.push({ searchTerms: { $all: c.terms } });
    if (c.categories.length > 0) and.push({ category: { $in: c.categories } });
    if (c.metals.length > 0) and.push({ metal: { $in: c.metals } });
    if (c.styleTags.length > 0) and.push({ styleTags: { $in: c.styleTags } });
    if (c.stones.length > 0) and.push({ "stones.type": { $in: c.stones } });
    if (c.minPriceCents !== undefined || c.maxPriceCents !== undefined) {
      const price: { $gte?: number; $lte?: number } = {};
      if (c.minPriceCents !== undefined) price.$gte = c.minPriceCents;
      if (c.maxPriceCents !== undefined) price.$lte = c.maxPriceCents;
      and.push({ priceCents: price });
    }
    if (c.readyToShip !== undefined) and.push({ readyToShip: c.readyToShip });
    return and.length > 0 ? { $and: and } : {};
  }

  async search(criteria: ProductCriteria, sort: ProductSort, after: ProductPosition | undefined, limit: number): Promise<ProductDoc[]> {
    const { field, dir } = SORT_FIELDS[sort];
    const base = this.criteriaFilter(criteria);
    let filter: Filter<ProductDoc> = base;
    if (after) {
      const cmp = dir === 1 ? "$gt" : "$lt";
      const keyset = {
        $or: [{ [field]: { [cmp]: after.value } }, { [field]: after.value, _id: { [cmp]: after.id } }],
      } as Filter<ProductDoc>;
      filter = Object.keys(base).length > 0 ? { $and: [base, keyset] } : keyset;
    }
    const sortSpec: Sort = { [field]: dir, _id: dir };
    return this.col.find(filter, { sort: sortSpec, limit }).toArray() as Promise<ProductDoc[]>;
  }

  count(criteria?: ProductCriteria): Promise<number> {
    return this.col.countDocuments(criteria ? this.criteriaFilter(criteria) : {});
  }

  async findById(id: string): Promise<ProductDoc | null> {
    return (await this.col.findOne({ _id: id })) as ProductDoc | null;
  }

  async findByIds(ids: readonly string[]): Promise<ProductDoc[]> {
    if (ids.length === 0) return [];
    return (await this.col.find({ _id: { $in: [...ids] } }).toArray()) as ProductDoc[];
  }

  /** The same design in every metal (its variant group). */
  async findByGroup(groupId: string): Promise<ProductDoc[]> {
    return (await this.col.find({ groupId }, { sort: { priceCents: 1, _id: 1 } }).toArray()) as ProductDoc[];
  }

  /** Every product of one design (the same name and category, in each metal it is made in). */
  async findByName(name: string, category: Category): Promise<ProductDoc[]> {
    return (await this.col.find({ name, category }, { sort: { priceCents: 1, _id: 1 } }).toArray()) as ProductDoc[];
  }

  /** Every distinct search term in the catalog (the text query's vocabulary). */
  async vocabulary(): Promise<string[]> {
    const rows = await this.col.aggregate<{ _id: string }>([{ $unwind: "$searchTerms" }, { $group: { _id: "$searchTerms" } }]).toArray();
    return rows.map((r) => r._id);
  }

  /** The whole catalog (catalog imports compare against it; a store's catalog fits in memory). */
  async listAll(): Promise<ProductDoc[]> {
    return (await this.col.find({}, { sort: { _id: 1 } }).toArray()) as ProductDoc[];
  }

  async deleteByIds(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.col.deleteMany({ _id: { $in: [...ids] } })).deletedCount;
  }

  /** Products per category and how many are ready to ship (the dashboard's catalog page). */
  async summary(): Promise<{ byCategory: Record<string, number>; readyToShip: number; total: number }> {
    const rows = await this.col
      .aggregate<{ _id: string; count: number; ready: number }>([
        { $group: { _id: "$category", count: { $sum: 1 }, ready: { $sum: { $cond: ["$readyToShip", 1, 0] } } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    return {
      byCategory: Object.fromEntries(rows.map((r) => [r._id, r.count])),
      readyToShip: rows.reduce((a, r) => a + r.ready, 0),
      total: rows.reduce((a, r) => a + r.count, 0),
    };
  }

  /** Inserts or replaces catalog entries by id (seeding and catalog sync). */
  async upsertMany(docs: readonly ProductDoc[]): Promise<number> {
    let written = 0;
    for (const doc of docs) {
      const res = await this.col.replaceOne({ _id: doc._id }, doc, { upsert: true });
      written += res.upsertedCount + res.modifiedCount;
    }
    return written;
  }
}
