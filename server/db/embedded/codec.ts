/**
 * The data file's line format (compatible with the nedb files earlier versions wrote):
 *
 *   {"$$embedded":{"format":1,"generation":"…"}}   first line of files this engine wrote (absent in nedb files)
 *   {"_id":"…",…}                                  a document's current version (insert or replace)
 *   {"$$deleted":true,"_id":"…"}                   the document was deleted
 *   {"$$indexCreated":…} / {"$$indexRemoved":…}    nedb's own index records: ignored
 *
 * Dates are `{"$$date": <epoch ms>}`. Field names never start with `$` (validated on write), so the
 * markers cannot collide with data. Every line ends with "\n"; a line without one was never
 * acknowledged (torn by a crash) and is dropped on load.
 */
import { randomBytes } from "node:crypto";
import type { Doc } from "./values";

export const FORMAT_VERSION = 1;

export type Record_ =
  { kind: "doc"; doc: Doc } | { kind: "deleted"; id: string } | { kind: "header"; generation: string } | { kind: "skip" };

export function newGeneration(): string {
  return randomBytes(8).toString("hex");
}

export function headerLine(generation: string): string {
  return `${JSON.stringify({ $$embedded: { format: FORMAT_VERSION, generation } })}\n`;
}

function dateReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $$date: raw.getTime() } : value;
}

/** Whether a Date sits anywhere below the top level (then the slower replacer path runs). */
function hasNestedDate(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (value instanceof Date) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === "object" && hasNestedDate(v)) return true;
    return false;
  }
  for (const key in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v === "object" && hasNestedDate(v)) return true;
  }
  return false;
}

/** One document as a line (with its newline). */
export function encodeDoc(doc: Doc): string {
  // Usually Dates are top-level fields (createdAt, updatedAt): swap those on a shallow copy and let
  // JSON.stringify run without a replacer, which is about twice as fast.
  let shallow: Doc | undefined;
  for (const key in doc) {
    const v = doc[key];
    if (v === null || typeof v !== "object") continue;
    if (v instanceof Date) {
      shallow ??= { ...doc };
      shallow[key] = { $$date: v.getTime() };
    } else if (hasNestedDate(v)) return `${JSON.stringify(doc, dateReplacer)}\n`;
  }
  return `${JSON.stringify(shallow ?? doc)}\n`;
}

export function encodeDeleted(id: string): string {
  return `${JSON.stringify({ $$deleted: true, _id: id })}\n`;
}

/** Turns `{$$date: n}` objects back into Dates, in place. */
function reviveDates(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i] as unknown;
      if (v !== null && typeof v === "object") value[i] = reviveDates(v);
    }
    return value;
  }
  const obj = value as Record<string, unknown>;
  const date = obj.$$date;
  if (typeof date === "number") {
    let keys = 0;
    for (const _ in obj) if (++keys > 1) break;
    if (keys === 1) return new Date(date);
  }
  for (const key in obj) {
    const v = obj[key];
    if (v !== null && typeof v === "object") obj[key] = reviveDates(v);
  }
  return obj;
}

/** Parses one line (without its newline). Throws on malformed JSON. */
export function decodeLine(line: string): Record_ {
  const parsed = JSON.parse(line) as unknown;
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new SyntaxError("a record must be a JSON object");
  const obj = parsed as Record<string, unknown>;
  if (obj.$$deleted === true) {
    if (typeof obj._id !== "string") throw new SyntaxError("deletion record without an _id");
    return { kind: "deleted", id: obj._id };
  }
  if (obj.$$embedded !== undefined) {
    const generation = (obj.$$embedded as { generation?: unknown } | null)?.generation;
    return typeof generation === "string" ? { kind: "header", generation } : { kind: "skip" };
  }
  if (obj.$$indexCreated !== undefined || obj.$$indexRemoved !== undefined) return { kind: "skip" };
  if (typeof obj._id !== "string") throw new SyntaxError("document without a string _id");
  return { kind: "doc", doc: reviveDates(obj) as Doc };
}

/** Parses a document line known to hold a document (point reads). */
export function decodeDoc(line: string): Doc {
  const record = decodeLine(line);
  if (record.kind !== "doc") throw new SyntaxError(`expected a document, found a ${record.kind} record`);
  return record.doc;
}
