/**
 * Moving a deployment between engines (embedded ⇄ MongoDB): every collection as one file of
 * canonical Extended JSON per line, plus a manifest with the counts. Dates, and anything else BSON
 * knows, survive the trip; nedb's own `{"$$date": <ms>}` values (from a raw nedb file) are read as
 * dates too.
 */
import { createReadStream } from "node:fs";
import { mkdir, readFile, writeFile, open } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { BSON, type Db, type Document } from "mongodb";
import { COLLECTIONS } from "./collections";
import { migrateIndexes } from "./indexes";

const { EJSON } = BSON;

export const EXPORT_FORMAT = "aurora-store-export";

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  sourceEngine: "mongodb" | "embedded";
  collections: Record<string, number>;
}

async function collectionNames(db: Db): Promise<string[]> {
  const names = new Set<string>(Object.values(COLLECTIONS));
  for (const info of await db.listCollections({}, { nameOnly: true }).toArray()) {
    if (!info.name.startsWith("system.")) names.add(info.name);
  }
  return [...names].sort();
}

/** Writes every collection of `db` to `dir` (which must not hold an export already). */
export async function exportStore(db: Db, dir: string, engine: "mongodb" | "embedded", now = new Date()): Promise<ExportManifest> {
  await mkdir(dir, { recursive: true });
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    sourceEngine: engine,
    collections: {},
  };
  for (const name of await collectionNames(db)) {
    const file = await open(path.join(dir, `${name}.jsonl`), "wx", 0o600);
    let count = 0;
    try {
      const cursor = db.collection(name).find({}, { sort: { _id: 1 } });
      let buffer = "";
      for await (const doc of cursor) {
        buffer += `${EJSON.stringify(doc, { relaxed: false })}\n`;
        count++;
        if (buffer.length > 1 << 20) {
          await file.write(buffer);
          buffer = "";
        }
      }
      if (buffer) await file.write(buffer);
      await file.sync();
    } finally {
      await file.close();
    }
    manifest.collections[name] = count;
  }
  await writeFile(path.join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return manifest;
}

/** nedb writes dates as `{"$$date": <ms>}`; anything else is left alone. */
export function reviveNedbDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveNedbDates);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0]![0] === "$$date" && typeof entries[0]![1] === "number") return new Date(entries[0]![1]);
    if (Object.getPrototypeOf(value) !== Object.prototype) return value; // ObjectId, Binary, … from EJSON
    return Object.fromEntries(entries.map(([k, v]) => [k, reviveNedbDates(v)]));
  }
  return value;
}

export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportRefusedError";
  }
}

export interface ImportReport {
  collections: Record<string, { expected: number; imported: number }>;
  mismatches: string[];
}

export async function readManifest(dir: string): Promise<ExportManifest> {
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as ExportManifest;
  } catch {
    throw new ImportRefusedError(`${dir} holds no export (manifest.json missing or unreadable)`);
  }
  if (manifest.format !== EXPORT_FORMAT || manifest.version !== 1) throw new ImportRefusedError(`${dir} is not an export of this format`);
  return manifest;
}

/**
 * Loads an export into `db`: refuses a target that already holds data unless `force` (which
 * empties each exported collection first), creates the indexes first (so unique keys hold), then
 * verifies each collection's count against the manifest.
 */
export async function importStore(db: Db, dir: string, options: { force?: boolean; batchSize?: number } = {}): Promise<ImportReport> {
  const manifest = await readManifest(dir);
  const names = Object.keys(manifest.collections);
  const occupied: string[] = [];
  for (const name of names) if ((await db.collection(name).countDocuments({})) > 0) occupied.push(name);
  if (occupied.length > 0 && !options.force) {
    throw new ImportRefusedError(
      `The target store is not empty (${occupied.join(", ")}). Import into an empty store, or pass --force to replace those collections.`,
    );
  }
  await migrateIndexes(db, { rebuild: true });
  const batchSize = options.batchSize ?? 500;
  const report: ImportReport = { collections: {}, mismatches: [] };
  for (const name of names) {
    const col = db.collection(name);
    if (options.force) await col.deleteMany({});
    const lines = createInterface({ input: createReadStream(path.join(dir, `${name}.jsonl`), "utf8"), crlfDelay: Infinity });
    let batch: Document[] = [];
    for await (const line of lines) {
      if (!line.trim()) continue;
      batch.push(reviveNedbDates(EJSON.parse(line, { relaxed: true })) as Document);
      if (batch.length >= batchSize) {
        await col.insertMany(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await col.insertMany(batch);
    const imported = await col.countDocuments({});
    const expected = manifest.collections[name] ?? 0;
    report.collections[name] = { expected, imported };
    if (imported !== expected) report.mismatches.push(`${name}: expected ${expected}, found ${imported}`);
  }
  return report;
}
