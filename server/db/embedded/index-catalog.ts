/**
 * Index definitions per collection, persisted in `<dir>/_indexes.json` (atomic write:
 * temp file + fsync + rename + directory fsync) so unique and TTL indexes keep working
 * after a restart before any migration re-declares them.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { EmbeddedServerError, EmbeddedStoreError, invalidArgument } from "./errors";
import { SerialQueue } from "./queue";
import { deepEqual, isPlainObject, type Doc } from "./values";

export type IndexDirection = 1 | -1;

export interface IndexSpec {
  name: string;
  key: Record<string, IndexDirection>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Doc;
}

export interface CreateIndexOptions {
  name?: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Doc;
  background?: boolean;
}

export const ID_INDEX: IndexSpec = { name: "_id_", key: { _id: 1 }, unique: true };

const FILE_NAME = "_indexes.json";

/** Accepts `{a: 1, b: -1}`, `"a"`, or `[["a", 1], ["b", -1]]` like the driver. */
export function normalizeIndexKey(keys: unknown): Record<string, IndexDirection> {
  let entries: [string, unknown][];
  if (typeof keys === "string") entries = [[keys, 1]];
  else if (Array.isArray(keys)) {
    entries = keys.map((k: unknown) => (typeof k === "string" ? [k, 1] : (k as [string, unknown])));
  } else if (isPlainObject(keys)) entries = Object.entries(keys);
  else throw invalidArgument("createIndex: index keys must be an object like { field: 1 }");
  if (entries.length === 0) throw invalidArgument("createIndex: index keys must not be empty");
  const out: Record<string, IndexDirection> = {};
  for (const [field, dir] of entries) {
    if (dir !== 1 && dir !== -1) {
      throw new EmbeddedStoreError(
        "UNSUPPORTED",
        `Index type ${JSON.stringify(dir)} on '${field}' is not supported by the embedded store (only 1 and -1)`,
      );
    }
    if (!field || field.startsWith("$")) throw invalidArgument(`createIndex: invalid index field '${field}'`);
    out[field] = dir;
  }
  return out;
}

/** The driver's default index name: `a_1_b_-1`. */
export function defaultIndexName(key: Record<string, IndexDirection>): string {
  return Object.entries(key)
    .map(([f, d]) => `${f}_${d}`)
    .join("_");
}

export function buildIndexSpec(keys: unknown, options: CreateIndexOptions = {}): IndexSpec {
  const key = normalizeIndexKey(keys);
  const spec: IndexSpec = { name: options.name ?? defaultIndexName(key), key };
  if (options.unique) spec.unique = true;
  if (options.sparse) spec.sparse = true;
  if (options.expireAfterSeconds !== undefined) {
    const ttl = options.expireAfterSeconds;
    if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 0) {
      throw new EmbeddedServerError(67, "CannotCreateIndex", "TTL index 'expireAfterSeconds' must be a non-negative integer");
    }
    if (Object.keys(key).length !== 1) {
      throw new EmbeddedServerError(67, "CannotCreateIndex", "TTL indexes are single-field indexes, compound indexes do not support TTL");
    }
    spec.expireAfterSeconds = ttl;
  }
  if (options.partialFilterExpression !== undefined) {
    if (!isPlainObject(options.partialFilterExpression)) throw invalidArgument("partialFilterExpression must be an object");
    spec.partialFilterExpression = options.partialFilterExpression;
  }
  return spec;
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    !!a.unique === !!b.unique &&
    !!a.sparse === !!b.sparse &&
    a.expireAfterSeconds === b.expireAfterSeconds &&
    deepEqual(a.partialFilterExpression ?? null, b.partialFilterExpression ?? null)
  );
}

/**
 * Decides what createIndex does given the existing specs: returns "exists" when an identical
 * index is present, "create" otherwise; throws the server's conflict errors (85/86).
 */
export function planCreateIndex(existing: IndexSpec[], spec: IndexSpec): "exists" | "create" {
  for (const cur of [ID_INDEX, ...existing]) {
    const sameKey = deepEqual(cur.key, spec.key);
    if (cur.name === spec.name) {
      if (!sameKey) {
        throw new EmbeddedServerError(
          86,
          "IndexKeySpecsConflict",
          `An existing index has the same name as the requested index but different keys: ${spec.name}`,
        );
      }
      if (cur === ID_INDEX) {
        if (spec.unique || spec.sparse || spec.expireAfterSeconds !== undefined || spec.partialFilterExpression) {
          throw new EmbeddedServerError(67, "CannotCreateIndex", "The _id index cannot have options");
        }
        return "exists";
      }
      if (!sameOptions(cur, spec)) {
        throw new EmbeddedServerError(
          85,
          "IndexOptionsConflict",
          `An equivalent index already exists with the same name but different options: ${spec.name}`,
        );
      }
      return "exists";
    }
    if (sameKey && cur !== ID_INDEX && sameOptions(cur, spec)) {
      throw new EmbeddedServerError(85, "IndexOptionsConflict", `Index already exists with a different name: ${cur.name}`);
    }
  }
  return "create";
}

function encode(value: unknown): string {
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key];
      if (raw instanceof Date) return { $$date: raw.getTime() };
      if (raw instanceof RegExp) return { $$regex: raw.source, $$flags: raw.flags };
      return v;
    },
    2,
  );
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (isPlainObject(v)) {
      if (typeof v.$$date === "number" && Object.keys(v).length === 1) return new Date(v.$$date);
      if (typeof v.$$regex === "string" && typeof v.$$flags === "string") return new RegExp(v.$$regex, v.$$flags);
    }
    return v;
  });
}

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const handle = await fs.open(tmp, "w", 0o600);
  try {
    await handle.writeFile(content, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  try {
    const dir = await fs.open(path.dirname(file), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some platforms cannot fsync directories; the rename itself is still atomic.
  }
}

export class IndexCatalog {
  private readonly specs = new Map<string, IndexSpec[]>();
  private readonly writes = new SerialQueue();

  private constructor(private readonly file: string) {}

  static async load(dir: string): Promise<IndexCatalog> {
    const catalog = new IndexCatalog(path.join(dir, FILE_NAME));
    let text: string | undefined;
    try {
      text = await fs.readFile(catalog.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = decode(text);
      } catch (error) {
        throw new EmbeddedStoreError("CORRUPT_DATA", `Index catalog ${catalog.file} is not valid JSON`, { cause: error });
      }
      if (!isPlainObject(parsed)) throw new EmbeddedStoreError("CORRUPT_DATA", `Index catalog ${catalog.file} is malformed`);
      for (const [coll, list] of Object.entries(parsed)) {
        if (Array.isArray(list)) catalog.specs.set(coll, list as IndexSpec[]);
      }
    }
    return catalog;
  }

  get(collection: string): IndexSpec[] {
    return this.specs.get(collection) ?? [];
  }

  collections(): string[] {
    return [...this.specs.keys()];
  }

  /** Replace a collection's specs and persist durably before resolving. */
  async set(collection: string, list: IndexSpec[]): Promise<void> {
    const previous = this.specs.get(collection);
    if (list.length === 0) this.specs.delete(collection);
    else this.specs.set(collection, list);
    const snapshot = encode(Object.fromEntries(this.specs));
    try {
      await this.writes.run(() => writeFileAtomic(this.file, snapshot));
    } catch (error) {
      if (previous) this.specs.set(collection, previous);
      else this.specs.delete(collection);
      throw new EmbeddedStoreError("IO_ERROR", `Could not persist index definitions to ${this.file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  idle(): Promise<void> {
    return this.writes.idle();
  }
}
