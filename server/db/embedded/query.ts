/**
 * Reads over in-memory documents with mingo: filtering, sorting, skip/limit, projection,
 * distinct and aggregation. Inputs are never mutated; outputs are deep copies.
 */
import { Aggregator, find as mingoFind } from "mingo";
import { badValue, invalidArgument, unsupported } from "./errors";
import { canonicalKey, collectPathValues, deepClone, getPath, isPlainObject, normalizeSpec, type Doc } from "./values";

export type SortDirection = 1 | -1 | "asc" | "desc" | "ascending" | "descending";
export type SortInput = string | Record<string, SortDirection> | [string, SortDirection][] | undefined | null;

export interface FindSpec {
  sort?: SortInput;
  skip?: number;
  limit?: number;
  projection?: Doc | undefined;
}

export function normalizeSort(sort: SortInput): Record<string, 1 | -1> | undefined {
  if (sort === undefined || sort === null) return undefined;
  const entries: [string, unknown][] = typeof sort === "string" ? [[sort, 1]] : Array.isArray(sort) ? sort : Object.entries(sort);
  if (entries.length === 0) return undefined;
  const out: Record<string, 1 | -1> = {};
  for (const [field, dir] of entries) {
    if (dir === 1 || dir === "asc" || dir === "ascending") out[field] = 1;
    else if (dir === -1 || dir === "desc" || dir === "descending") out[field] = -1;
    else throw invalidArgument(`Invalid sort direction ${JSON.stringify(dir)} for '${field}'`);
  }
  return out;
}

export { compileFilter, type CompiledFilter } from "./query-plan";

/** BSON comparison order for the scalar types the fast sort handles. */
function scalarRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === "number") return 2;
  if (typeof v === "string") return 3;
  if (typeof v === "boolean") return 8;
  if (v instanceof Date) return 9;
  return -1; // objects, arrays, …: not handled by the fast path
}

function compareScalars(a: unknown, b: unknown): number {
  const ra = scalarRank(a);
  const rb = scalarRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 1) return 0;
  const x = a instanceof Date ? a.getTime() : (a as number | string | boolean);
  const y = b instanceof Date ? b.getTime() : (b as number | string | boolean);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Sorts with a plain comparator when every sort key holds a scalar (number, string, boolean, Date,
 * null/missing) — the common case, many times faster than the general path; otherwise (arrays,
 * embedded documents) mingo's BSON-order sort decides. Stable, like MongoDB's sort on ties.
 */
function sortDocs(docs: Doc[], sort: Record<string, 1 | -1>): Doc[] {
  const keys = Object.entries(sort);
  const scalar = docs.every((d) => keys.every(([path]) => scalarRank(getPath(d, path)) > 0));
  if (!scalar) return mingoFind(docs, {}).sort(sort).all() as Doc[];
  return [...docs].sort((a, b) => {
    for (const [path, dir] of keys) {
      const c = compareScalars(getPath(a, path), getPath(b, path));
      if (c !== 0) return c * dir;
    }
    return 0;
  });
}

/** Matching documents (filtered here), sorted, skipped and limited. */
export function selectDocs(docs: Doc[], query: { test(doc: Doc): boolean }, spec: Omit<FindSpec, "projection"> = {}): Doc[] {
  return orderDocs(
    docs.filter((d) => query.test(d)),
    spec,
  );
}

/** Sorts, skips and limits matching stored documents (live references, for internal use) given in find order. */
export function orderDocs(matched: Doc[], spec: Omit<FindSpec, "projection"> = {}): Doc[] {
  const sort = normalizeSort(spec.sort);
  if (sort) {
    try {
      matched = sortDocs(matched, sort);
    } catch (error) {
      throw badValue(error);
    }
  }
  const skip = spec.skip ?? 0;
  if (skip < 0 || !Number.isInteger(skip)) throw invalidArgument("skip must be a non-negative integer");
  const limit = Math.abs(spec.limit ?? 0);
  if (!Number.isInteger(limit)) throw invalidArgument("limit must be an integer");
  return matched.slice(skip, limit > 0 ? skip + limit : undefined);
}

/**
 * A projection that only includes, or only excludes, top-level fields (`{ state: 1 }`, `{ body: 0 }`,
 * with `_id` either way): applied directly, copying only the fields it keeps. Undefined for any
 * other projection (dotted paths, operators, mixed modes), which mingo applies.
 */
function topLevelProjection(projection: Doc): ((doc: Doc) => Doc) | undefined {
  let including: boolean | undefined;
  let showId = true;
  const fields = new Set<string>();
  for (const [field, value] of Object.entries(projection)) {
    if (field.includes(".") || field.startsWith("$") || typeof value !== "number" || (value !== 0 && value !== 1)) return undefined;
    if (field === "_id") {
      showId = value === 1;
      continue;
    }
    if (including !== undefined && including !== (value === 1)) return undefined;
    including = value === 1;
    fields.add(field);
  }
  // Only `_id` named: `{ _id: 1 }` keeps just the id, `{ _id: 0 }` everything else.
  const keep = including ?? showId;
  return (doc) => {
    const out: Doc = {};
    for (const key of Object.keys(doc)) {
      if (key === "_id" ? showId : fields.has(key) === keep) out[key] = deepClone(doc[key]);
    }
    return out;
  };
}

/** Deep copies of documents with an optional projection applied. */
export function projectDocs(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs.map((d) => deepClone(d));
  const direct = topLevelProjection(normalizeSpec(projection) as Doc);
  if (direct) return docs.map(direct);
  const copies = docs.map((d) => deepClone(d));
  try {
    return mingoFind(copies, {}, normalizeSpec(projection)).all() as Doc[];
  } catch (error) {
    throw badValue(error);
  }
}

export function distinctValues(docs: Doc[], field: string): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const doc of docs) {
    for (const v of collectPathValues(doc, field)) {
      for (const item of Array.isArray(v) ? v : [v]) {
        if (item === undefined) continue;
        const key = canonicalKey(item);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(deepClone(item));
      }
    }
  }
  return out;
}

const UNSUPPORTED_STAGES = new Set([
  "$lookup",
  "$graphLookup",
  "$unionWith",
  "$out",
  "$merge",
  "$changeStream",
  "$search",
  "$geoNear",
  "$indexStats",
  "$collStats",
  "$currentOp",
  "$listSessions",
]);

/**
 * MongoDB defines `$bucket` as `$group` on a `$switch` over the boundaries plus `$sort`; we
 * rewrite it that way because mingo's own `$bucket` misplaces values equal to a boundary.
 */
function rewriteBucket(spec: unknown): Doc[] {
  if (!isPlainObject(spec) || !Array.isArray(spec.boundaries) || spec.boundaries.length < 2) {
    throw invalidArgument("$bucket requires 'groupBy' and at least two 'boundaries'");
  }
  const bounds = spec.boundaries as unknown[];
  const branches = bounds.slice(0, -1).map((lower, i) => ({
    case: { $and: [{ $gte: [spec.groupBy, lower] }, { $lt: [spec.groupBy, bounds[i + 1]] }] },
    then: lower,
  }));
  const $switch: Doc = { branches };
  if (spec.default !== undefined) $switch.default = spec.default;
  const output = isPlainObject(spec.output) ? spec.output : { count: { $sum: 1 } };
  return [{ $group: { _id: { $switch }, ...output } }, { $sort: { _id: 1 } }];
}

function preparePipeline(pipeline: unknown): Doc[] {
  if (!Array.isArray(pipeline)) throw invalidArgument("aggregate() expects a pipeline array");
  const out: Doc[] = [];
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw invalidArgument("Each pipeline stage must be an object with exactly one stage operator");
    }
    const [name, spec] = Object.entries(stage)[0] as [string, unknown];
    if (UNSUPPORTED_STAGES.has(name)) throw unsupported(`Aggregation stage ${name}`);
    if (name === "$bucket") out.push(...rewriteBucket(spec));
    else if (name === "$facet" && isPlainObject(spec)) {
      const facets: Doc = {};
      for (const [k, sub] of Object.entries(spec)) facets[k] = preparePipeline(sub);
      out.push({ $facet: facets });
    } else out.push(normalizeSpec(stage));
  }
  return out;
}

export function runAggregation(docs: Doc[], pipeline: unknown): Doc[] {
  const stages = preparePipeline(pipeline);
  const input = docs.map((d) => deepClone(d));
  try {
    return new Aggregator(stages).run<Doc>(input).map((d) => deepClone(d));
  } catch (error) {
    throw badValue(error);
  }
}
