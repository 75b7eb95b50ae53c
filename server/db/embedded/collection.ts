/**
 * The driver-shaped Collection API over one collection's storage. Every method runs inside the
 * collection's serial queue, so read-modify-write operations are atomic with respect to each
 * other, and validates everything before writing so a failing operation writes nothing.
 */
import { EmbeddedServerError, invalidArgument, unsupported } from "./errors";
import { EmbeddedAggregationCursor, EmbeddedFindCursor, EmbeddedListCursor } from "./cursor";
import { generateId } from "./ids";
import { buildIndexSpec, ID_INDEX, planCreateIndex, type CreateIndexOptions, type IndexSpec } from "./index-catalog";
import {
  compileFilter,
  distinctValues,
  normalizeSort,
  orderDocs,
  projectDocs,
  runAggregation,
  type CompiledFilter,
  type FindSpec,
  type SortInput,
} from "./query";
import type { CollectionStorage } from "./storage";
import { applyReplacement, applyUpdate, buildUpsertDocument, buildUpsertReplacement, parseUpdate, validateReplacement } from "./update";
import { deepEqual, isPlainObject, normalizeDocument, type Doc } from "./values";

export type WithId<T> = T & { _id: string };
export type Filter = Doc;

export interface InsertOneResult {
  acknowledged: true;
  insertedId: string;
}
export interface InsertManyResult {
  acknowledged: true;
  insertedCount: number;
  insertedIds: Record<number, string>;
}
export interface UpdateResult {
  acknowledged: true;
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  upsertedId: string | null;
}
export interface DeleteResult {
  acknowledged: true;
  deletedCount: number;
}
export interface FindOptions {
  sort?: SortInput;
  skip?: number;
  limit?: number;
  projection?: Doc;
}
export interface UpdateOptions {
  upsert?: boolean;
  arrayFilters?: Doc[];
}
export interface FindOneAndUpdateOptions {
  upsert?: boolean;
  returnDocument?: "before" | "after";
  projection?: Doc;
  sort?: SortInput;
  arrayFilters?: Doc[];
  includeResultMetadata?: boolean;
}
export interface FindOneAndDeleteOptions {
  sort?: SortInput;
  projection?: Doc;
  includeResultMetadata?: boolean;
}
export interface IndexDescription extends Omit<IndexSpec, "name"> {
  v: 2;
  name: string;
}

export interface ModifyResult<T> {
  ok: 1;
  value: T | null;
  lastErrorObject: { n: number; updatedExisting: boolean; upserted?: string };
}

function asFilter(filter: unknown): Doc {
  if (filter === undefined || filter === null) return {};
  if (!isPlainObject(filter)) throw invalidArgument("Query filter must be an object");
  return filter;
}

export class EmbeddedCollection<TSchema extends Doc = Doc> {
  constructor(private readonly storage: CollectionStorage) {}

  get collectionName(): string {
    return this.storage.name;
  }

  get namespace(): string {
    return this.storage.namespace;
  }

  get dbName(): string {
    return this.storage.namespace.slice(0, -this.storage.name.length - 1);
  }

  private run<T>(operation: string, task: () => Promise<T> | T): Promise<T> {
    return this.storage.run(operation, task);
  }

  /** Stored documents matching the filter, sorted/skipped/limited (shared references: never mutate). */
  private matching(compiled: CompiledFilter, spec: Omit<FindSpec, "projection"> = {}): Doc[] {
    const skip = spec.skip ?? 0;
    const limit = Math.abs(spec.limit ?? 0);
    const need = limit > 0 && Number.isInteger(skip) && skip >= 0 ? skip + limit : 0;
    const sort = normalizeSort(spec.sort);
    const first = sort ? Object.entries(sort)[0] : undefined;
    // Without a sort, matches come in _id order, so the first skip+limit are enough; with one, the
    // storage may walk the first sort field's index and stop early.
    const docs = this.storage.select(compiled, {
      stopAfter: sort ? 0 : need,
      order: first && need > 0 ? { field: first[0], descending: first[1] === -1, need } : undefined,
    });
    return orderDocs(docs, spec);
  }

  // ---- inserts ----

  async insertOne(doc: TSchema): Promise<InsertOneResult> {
    const stored = this.prepareInsert(doc);
    await this.run("insertOne", () => this.storage.insert([stored]));
    return { acknowledged: true, insertedId: stored._id as string };
  }

  async insertMany(docs: readonly TSchema[]): Promise<InsertManyResult> {
    if (!Array.isArray(docs)) throw invalidArgument("insertMany expects an array of documents");
    if (docs.length === 0) throw invalidArgument("Invalid BulkOperation, Batch cannot be empty");
    const stored = docs.map((d) => this.prepareInsert(d));
    await this.run("insertMany", () => this.storage.insert(stored));
    const insertedIds: Record<number, string> = {};
    stored.forEach((d, i) => (insertedIds[i] = d._id as string));
    return { acknowledged: true, insertedCount: stored.length, insertedIds };
  }

  /** Like the driver, assigns a generated `_id` to the caller's object when it has none. */
  private prepareInsert(doc: TSchema): Doc {
    if (!isPlainObject(doc)) throw invalidArgument("Document must be a plain object");
    if ((doc as Doc)._id === undefined || (doc as Doc)._id === null) (doc as Doc)._id = generateId();
    const { _id, ...rest } = normalizeDocument(doc);
    return { _id, ...rest };
  }

  // ---- reads ----

  find<T = WithId<TSchema>>(filter: Filter = {}, options: FindOptions = {}): EmbeddedFindCursor<T> {
    const spec: FindSpec = { sort: options.sort, skip: options.skip, limit: options.limit, projection: options.projection };
    // Like the driver, problems with the filter surface when the cursor is read, not here.
    return new EmbeddedFindCursor<T>(async (s) => {
      const compiled = compileFilter(asFilter(filter));
      return this.run("find", () => projectDocs(this.matching(compiled, s), s.projection));
    }, spec);
  }

  async findOne<T = WithId<TSchema>>(filter: Filter = {}, options: FindOptions = {}): Promise<T | null> {
    const docs = await this.find<T>(filter, { ...options, limit: 1 }).toArray();
    return docs[0] ?? null;
  }

  async countDocuments(filter: Filter = {}, options: { skip?: number; limit?: number } = {}): Promise<number> {
    const compiled = compileFilter(asFilter(filter));
    const everything = compiled.equalities.length === 0 && Object.keys(compiled.filter).length === 0 && !options.skip && !options.limit;
    return this.run("countDocuments", () => (everything ? this.storage.count() : this.matching(compiled, options).length));
  }

  async estimatedDocumentCount(): Promise<number> {
    return this.run("estimatedDocumentCount", () => this.storage.count());
  }

  async distinct(field: string, filter: Filter = {}): Promise<unknown[]> {
    if (typeof field !== "string" || !field) throw invalidArgument("distinct requires a field name");
    const compiled = compileFilter(asFilter(filter));
    return this.run("distinct", () => distinctValues(this.matching(compiled), field));
  }

  aggregate<T = Doc>(pipeline: Doc[] = []): EmbeddedAggregationCursor<T> {
    // A leading $match selects the input (through the equality maps when it can); the stage itself still runs.
    const first = Array.isArray(pipeline) ? pipeline[0] : undefined;
    const match = first && typeof first === "object" && "$match" in first ? (first as { $match: unknown }).$match : undefined;
    return new EmbeddedAggregationCursor<T>(async () => {
      const compiled = match !== undefined && isPlainObject(match) ? compileFilter(match) : undefined;
      return this.run("aggregate", () => runAggregation(compiled ? this.storage.select(compiled) : this.storage.all(), pipeline));
    });
  }

  // ---- updates ----

  updateOne(filter: Filter, update: Doc | Doc[], options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.updateDocs("updateOne", filter, update, options, false);
  }

  updateMany(filter: Filter, update: Doc | Doc[], options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.updateDocs("updateMany", filter, update, options, true);
  }

  private async updateDocs(
    operation: string,
    filter: Filter,
    update: Doc | Doc[],
    options: UpdateOptions,
    multi: boolean,
  ): Promise<UpdateResult> {
    const compiled = compileFilter(asFilter(filter));
    const f = compiled.filter;
    const parsed = parseUpdate(update);
    const arrayFilters = options.arrayFilters;
    return this.run(operation, async () => {
      const matched = this.matching(compiled, multi ? {} : { limit: 1 });
      if (matched.length === 0) {
        if (!options.upsert) return updateResult(0, 0, null);
        const doc = buildUpsertDocument(f, parsed, arrayFilters);
        await this.storage.insert([doc]);
        return updateResult(0, 0, doc._id as string);
      }
      const changes = [];
      for (const before of matched) {
        const after = applyUpdate(before, parsed, f, arrayFilters ? { arrayFilters } : {});
        if (!deepEqual(before, after)) changes.push({ before, after });
      }
      await this.storage.replace(changes);
      return updateResult(matched.length, changes.length, null);
    });
  }

  async replaceOne(filter: Filter, replacement: TSchema, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const compiled = compileFilter(asFilter(filter));
    const f = compiled.filter;
    const doc = validateReplacement(replacement);
    return this.run("replaceOne", async () => {
      const [before] = this.matching(compiled, { limit: 1 });
      if (!before) {
        if (!options.upsert) return updateResult(0, 0, null);
        const created = buildUpsertReplacement(f, doc);
        await this.storage.insert([created]);
        return updateResult(0, 0, created._id as string);
      }
      const after = applyReplacement(before, doc);
      const modified = !deepEqual(before, after);
      if (modified) await this.storage.replace([{ before, after }]);
      return updateResult(1, modified ? 1 : 0, null);
    });
  }

  findOneAndUpdate(
    filter: Filter,
    update: Doc | Doc[],
    options: FindOneAndUpdateOptions & { includeResultMetadata: true },
  ): Promise<ModifyResult<WithId<TSchema>>>;
  findOneAndUpdate(filter: Filter, update: Doc | Doc[], options?: FindOneAndUpdateOptions): Promise<WithId<TSchema> | null>;
  async findOneAndUpdate(filter: Filter, update: Doc | Doc[], options: FindOneAndUpdateOptions = {}): Promise<unknown> {
    const compiled = compileFilter(asFilter(filter));
    const f = compiled.filter;
    const parsed = parseUpdate(update);
    const arrayFilters = options.arrayFilters;
    return this.findAndModify("findOneAndUpdate", compiled, options, async (before) => {
      if (!before) {
        if (!options.upsert) return { after: null };
        const created = buildUpsertDocument(f, parsed, arrayFilters);
        await this.storage.insert([created]);
        return { after: created, upserted: created._id as string };
      }
      const after = applyUpdate(before, parsed, f, arrayFilters ? { arrayFilters } : {});
      if (!deepEqual(before, after)) await this.storage.replace([{ before, after }]);
      return { after };
    });
  }

  findOneAndReplace(
    filter: Filter,
    replacement: TSchema,
    options: FindOneAndUpdateOptions & { includeResultMetadata: true },
  ): Promise<ModifyResult<WithId<TSchema>>>;
  findOneAndReplace(filter: Filter, replacement: TSchema, options?: FindOneAndUpdateOptions): Promise<WithId<TSchema> | null>;
  async findOneAndReplace(filter: Filter, replacement: TSchema, options: FindOneAndUpdateOptions = {}): Promise<unknown> {
    const compiled = compileFilter(asFilter(filter));
    const f = compiled.filter;
    const doc = validateReplacement(replacement);
    return this.findAndModify("findOneAndReplace", compiled, options, async (before) => {
      if (!before) {
        if (!options.upsert) return { after: null };
        const created = buildUpsertReplacement(f, doc);
        await this.storage.insert([created]);
        return { after: created, upserted: created._id as string };
      }
      const after = applyReplacement(before, doc);
      if (!deepEqual(before, after)) await this.storage.replace([{ before, after }]);
      return { after };
    });
  }

  findOneAndDelete(
    filter: Filter,
    options: FindOneAndDeleteOptions & { includeResultMetadata: true },
  ): Promise<ModifyResult<WithId<TSchema>>>;
  findOneAndDelete(filter: Filter, options?: FindOneAndDeleteOptions): Promise<WithId<TSchema> | null>;
  async findOneAndDelete(filter: Filter, options: FindOneAndDeleteOptions = {}): Promise<unknown> {
    const compiled = compileFilter(asFilter(filter));
    return this.findAndModify("findOneAndDelete", compiled, { ...options, returnDocument: "before" }, async (before) => {
      if (before) await this.storage.remove([before]);
      return { after: null };
    });
  }

  private async findAndModify(
    operation: string,
    compiled: CompiledFilter,
    options: { sort?: SortInput; projection?: Doc; returnDocument?: "before" | "after"; includeResultMetadata?: boolean },
    modify: (before: Doc | undefined) => Promise<{ after: Doc | null; upserted?: string }>,
  ): Promise<unknown> {
    const returnAfter = options.returnDocument === "after";
    const [value, meta] = await this.run(operation, async () => {
      const [before] = this.matching(compiled, { sort: options.sort, limit: 1 });
      const { after, upserted } = await modify(before);
      const chosen = returnAfter ? after : (before ?? null);
      const projected = chosen ? (projectDocs([chosen], options.projection)[0] ?? null) : null;
      const lastErrorObject: ModifyResult<Doc>["lastErrorObject"] = {
        n: before || upserted ? 1 : 0,
        updatedExisting: before !== undefined && operation !== "findOneAndDelete",
      };
      if (upserted) lastErrorObject.upserted = upserted;
      return [projected, lastErrorObject] as const;
    });
    if (options.includeResultMetadata) return { ok: 1, value, lastErrorObject: meta };
    return value;
  }

  // ---- deletes ----

  deleteOne(filter: Filter = {}): Promise<DeleteResult> {
    return this.deleteDocs("deleteOne", filter, 1);
  }

  deleteMany(filter: Filter = {}): Promise<DeleteResult> {
    return this.deleteDocs("deleteMany", filter, 0);
  }

  private async deleteDocs(operation: string, filter: Filter, limit: number): Promise<DeleteResult> {
    const compiled = compileFilter(asFilter(filter));
    return this.run(operation, async () => {
      const matched = this.matching(compiled, { limit });
      await this.storage.remove(matched);
      return { acknowledged: true, deletedCount: matched.length };
    });
  }

  // ---- indexes ----

  async createIndex(keys: Record<string, 1 | -1> | string, options: CreateIndexOptions = {}): Promise<string> {
    const spec = buildIndexSpec(keys, options);
    return this.run("createIndex", async () => {
      if (planCreateIndex(this.storage.specs(), spec) === "create") await this.storage.addIndex(spec);
      return spec.name;
    });
  }

  async createIndexes(specs: ({ key: Record<string, 1 | -1> } & CreateIndexOptions)[]): Promise<string[]> {
    const names: string[] = [];
    for (const { key, ...options } of specs) names.push(await this.createIndex(key, options));
    return names;
  }

  async indexes(): Promise<IndexDescription[]> {
    return this.run("indexes", () => [ID_INDEX, ...this.storage.specs()].map((s) => ({ v: 2 as const, ...structuredClone(s) })));
  }

  listIndexes(): EmbeddedListCursor<IndexDescription> {
    return new EmbeddedListCursor(() => this.indexes());
  }

  async indexExists(names: string | string[]): Promise<boolean> {
    const wanted = Array.isArray(names) ? names : [names];
    const existing = new Set((await this.indexes()).map((i) => i.name));
    return wanted.every((n) => existing.has(n));
  }

  async dropIndex(name: string): Promise<{ ok: 1 }> {
    if (name === ID_INDEX.name) throw new EmbeddedServerError(72, "InvalidOptions", "cannot drop _id index");
    return this.run("dropIndex", async () => {
      if (!this.storage.specs().some((s) => s.name === name)) {
        throw new EmbeddedServerError(27, "IndexNotFound", `index not found with name [${name}]`);
      }
      await this.storage.removeIndexes(new Set([name]));
      return { ok: 1 as const };
    });
  }

  async dropIndexes(): Promise<boolean> {
    return this.run("dropIndexes", async () => {
      await this.storage.removeIndexes(new Set(this.storage.specs().map((s) => s.name)));
      return true;
    });
  }

  async drop(): Promise<boolean> {
    return this.run("drop", async () => {
      await this.storage.drop();
      return true;
    });
  }

  // ---- not supported: fail loudly instead of "is not a function" ----

  bulkWrite(): never {
    throw unsupported("Collection.bulkWrite");
  }

  watch(): never {
    throw unsupported("Collection.watch (change streams)");
  }

  rename(): never {
    throw unsupported("Collection.rename");
  }
}

function updateResult(matchedCount: number, modifiedCount: number, upsertedId: string | null): UpdateResult {
  return { acknowledged: true, matchedCount, modifiedCount, upsertedCount: upsertedId === null ? 0 : 1, upsertedId };
}
