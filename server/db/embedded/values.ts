/**
 * Value helpers: cloning, validation of stored documents, canonical keys for equality/indexing,
 * and dotted-path access.
 */
import { EmbeddedStoreError } from "./errors";

export type Doc = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Deep copy of plain data (objects, arrays, Dates, RegExps); other values are returned as is. */
export function deepClone<T>(value: T): T {
  // Leaves first: most values in a document are strings and numbers.
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = deepClone(value[i] as unknown);
    return out as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const k of Object.keys(value)) out[k] = deepClone((value as Doc)[k]);
    return out as T;
  }
  return value;
}

function invalid(message: string): EmbeddedStoreError {
  return new EmbeddedStoreError("INVALID_DOCUMENT", message);
}

/**
 * Validates a document for storage and returns a normalized deep copy: `undefined` becomes
 * `null` (like the driver's default BSON serialization). Rejects `$`-prefixed or dotted field
 * names and values that cannot round-trip through the data file.
 */
export function normalizeDocument(doc: unknown, what = "document"): Doc {
  if (!isPlainObject(doc)) throw invalid(`${what} must be a plain object`);
  const out = normalizeValue(doc, "") as Doc;
  const id = out._id;
  if (id !== undefined && (typeof id !== "string" || id.length === 0)) {
    throw invalid(`${what}: the embedded store only supports non-empty string _id values`);
  }
  return out;
}

/** One field's value validated and normalized for storage (a fresh deep copy), as {@link normalizeDocument} does for a whole document. */
export function normalizeField(value: unknown, path: string): unknown {
  return normalizeValue(value, path);
}

function normalizeValue(value: unknown, path: string): unknown {
  // The fast copy builds no field paths; anything it cannot store is looked at again by the
  // careful one, which names the offending field.
  const copy = normalizedOrInvalid(value);
  return copy === INVALID ? normalizeCarefully(value, path) : copy;
}

const INVALID = Symbol("invalid");

function normalizedOrInvalid(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : INVALID;
    case "object":
      break;
    default:
      return INVALID;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = normalizedOrInvalid(value[i] as unknown);
      if (v === INVALID) return INVALID;
      out[i] = v;
    }
    return out;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? INVALID : new Date(value.getTime());
  if (!isPlainObject(value)) return INVALID;
  const out: Doc = {};
  for (const key of Object.keys(value)) {
    if (key.charCodeAt(0) === 36 /* $ */ || key.includes(".") || key === "__proto__") return INVALID;
    const v = normalizedOrInvalid(value[key]);
    if (v === INVALID) return INVALID;
    out[key] = v;
  }
  return out;
}

function normalizeCarefully(value: unknown, path: string): unknown {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw invalid(`Field '${path}' holds ${value}, which the embedded store cannot store`);
      return value;
    case "object":
      break;
    default:
      throw invalid(`Field '${path}' holds a ${typeof value}, which the embedded store cannot store`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(`Field '${path}' holds an invalid Date`);
    return new Date(value.getTime());
  }
  if (Array.isArray(value)) return value.map((v: unknown, i) => normalizeCarefully(v, path ? `${path}.${i}` : String(i)));
  if (!isPlainObject(value)) {
    const kind = (value as object).constructor?.name ?? "object";
    throw invalid(
      `Field '${path}' holds a ${kind}, which the embedded store cannot store (use plain objects, arrays, strings, numbers, booleans, null and Date)`,
    );
  }
  const out: Doc = {};
  for (const [key, v] of Object.entries(value)) {
    const full = path ? `${path}.${key}` : key;
    if (key.startsWith("$")) throw invalid(`Field name '${full}' must not start with '$'`);
    if (key.includes(".")) throw invalid(`Field name '${full}' must not contain '.'`);
    if (key === "__proto__") throw invalid(`Field name '${full}' is not allowed`);
    out[key] = normalizeCarefully(v, full);
  }
  return out;
}

/** Deep copy that turns `undefined` into `null` (the driver's serialization) while keeping RegExps; for filters and update specs. */
export function normalizeSpec<T>(value: T): T {
  if (value === undefined) return null as T;
  if (value instanceof Date || value instanceof RegExp) return deepClone(value);
  if (Array.isArray(value)) return value.map((v: unknown) => normalizeSpec(v)) as T;
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeSpec(v);
    return out as T;
  }
  return value;
}

/**
 * A string that is equal for two values exactly when MongoDB considers them equal
 * (type-aware, numbers by value, embedded documents field-order-sensitive).
 */
export function canonicalKey(value: unknown): string {
  if (value === null || value === undefined) return "n";
  switch (typeof value) {
    case "number":
      return `d:${Object.is(value, -0) ? 0 : value}`;
    case "string":
      return `s:${JSON.stringify(value)}`;
    case "boolean":
      return value ? "b:1" : "b:0";
    default:
      break;
  }
  if (value instanceof Date) return `t:${value.getTime()}`;
  if (value instanceof RegExp) return `r:${String(value)}`;
  if (Array.isArray(value)) return `a[${value.map(canonicalKey).join(",")}]`;
  if (typeof value === "object") {
    const parts = Object.entries(value as Doc).map(([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v)}`);
    return `o{${parts.join(",")}}`;
  }
  return `x:${String(value)}`;
}

/**
 * Whether MongoDB considers two values equal — exactly when their {@link canonicalKey}s are equal,
 * compared structurally and stopping at the first difference (no strings built; an update's
 * "did anything change?" check on a whole document is the hot path).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  const ta = typeof a;
  if (ta !== typeof b) return false;
  if (ta === "number") return (a as number) === (b as number) || (Number.isNaN(a) && Number.isNaN(b));
  if (ta !== "object") return ta === "string" || ta === "boolean" ? false : canonicalKey(a) === canonicalKey(b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof RegExp) return b instanceof RegExp && String(a) === String(b);
  if (b instanceof Date || b instanceof RegExp) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as Doc);
  const kb = Object.keys(b as Doc);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !deepEqual((a as Doc)[k], (b as Doc)[k])) return false;
  }
  return true;
}

/** Value at a dotted path without array traversal (numeric segments index arrays). */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Doc)[seg];
  }
  return cur;
}

/** Whether a dotted path exists (without array traversal). */
export function hasPath(doc: unknown, path: string): boolean {
  let cur: unknown = doc;
  for (const seg of path.split(".")) {
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, seg)) return false;
    cur = (cur as Doc)[seg];
  }
  return true;
}

/** Sets a dotted path, creating intermediate objects. */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const segs = path.split(".");
  let cur: Doc = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as string;
    const next = cur[seg];
    if (next === null || typeof next !== "object") {
      const created: Doc = {};
      cur[seg] = created;
      cur = created;
    } else {
      cur = next as Doc;
    }
  }
  cur[segs[segs.length - 1] as string] = value;
}

/**
 * All values reachable at a dotted path, traversing arrays like MongoDB does
 * (a path through an array of documents visits every element). Missing yields no values.
 */
export function collectPathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  const walk = (cur: unknown, segs: string[]): void => {
    if (segs.length === 0) {
      out.push(cur);
      return;
    }
    const [seg, ...rest] = segs as [string, ...string[]];
    if (Array.isArray(cur)) {
      if (/^\d+$/.test(seg) && Number(seg) < cur.length) walk(cur[Number(seg)], rest);
      else for (const el of cur) if (el !== null && typeof el === "object" && !Array.isArray(el)) walk(el, segs);
      return;
    }
    if (cur === null || typeof cur !== "object") return;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return;
    walk((cur as Doc)[seg], rest);
  };
  walk(doc, path.split("."));
  return out;
}

/** `{ $gt: 1 }`-style object: a plain object whose first key starts with `$`. */
export function isOperatorObject(value: unknown): value is Doc {
  if (!isPlainObject(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith("$");
}
