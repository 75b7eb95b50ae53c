/**
 * Query filters compiled once per SHAPE: `{sessionId: "s_1"}` and `{sessionId: "s_2"}` share one
 * compiled plan, and each call only binds its values. A plan holds the predicate structure and the
 * equality conditions the equality maps can answer, so a lookup such as `{_id: x}` costs a map
 * probe plus one predicate call, not a filter compilation.
 *
 * Plans cover the operators almost every repository query uses — field equality, `$eq`, `$ne`,
 * `$gt`, `$gte`, `$lt`, `$lte`, `$in`, `$nin` over scalar values (strings, numbers, booleans, null,
 * Dates), `$exists` on top-level fields, and `$and` / `$or` / `$nor` of those — with predicates
 * that are mingo's own (the same `resolve`, `isEqual` and `compare`, ported with late-bound values;
 * `query-plan.test.ts` checks them against mingo on random data). Any other filter (regular
 * expressions, `$elemMatch`, `$all`, `$expr`, array or document equality, …) is compiled by mingo,
 * and identical filters reuse that compiled `Query` from a small cache.
 */
import { Query } from "mingo";
import { compare, ensureArray, flatten, isArray, isEqual, isNil, resolve, typeOf } from "mingo/util";
import { badValue, invalidArgument } from "./errors";
import { isEqualityValue, rangeKindOf, type Bound, type EqualityValue, type RangeCondition } from "./equality-index";
import { canonicalKey, isPlainObject, normalizeSpec, type Doc } from "./values";

export type Predicate = (doc: Doc) => boolean;

/** A top-level `field ∈ values` condition an index may answer (values are non-null scalars). */
export interface EqualityCondition {
  field: string;
  values: EqualityValue[];
}

export interface CompiledFilter {
  /** The normalized filter (a copy; `undefined` became `null`). */
  readonly filter: Doc;
  test(doc: Doc): boolean;
  /** Conditions every match satisfies, usable for index lookups. */
  readonly equalities: readonly EqualityCondition[];
  /** Ranges every match with a scalar value there satisfies (`$gt`/`$gte`/`$lt`/`$lte` of one kind per field). */
  readonly ranges: readonly RangeCondition[];
}

// ---------------------------------------------------------------------------------------------
// Leaf predicates (mingo's semantics, value bound at call time)
// ---------------------------------------------------------------------------------------------

type LeafOp = "$eq" | "$ne" | "$gt" | "$gte" | "$lt" | "$lte" | "$in" | "$nin" | "$all" | "$exists";
const LEAF_OPS = new Set<string>(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$all", "$exists"]);
const UNWRAP = { unwrapArray: true };

function eq(a: unknown, b: unknown, depth: number): boolean {
  if (isEqual(a, b)) return true;
  if (isNil(a) && isNil(b)) return true;
  if (isArray(a)) return a.some((v) => isEqual(v, b)) || flatten(a, depth).some((v) => isEqual(v, b));
  return false;
}

function inList(a: unknown, list: readonly unknown[]): boolean {
  if (isNil(a)) return list.some((v) => v === null);
  for (const v of ensureArray(a)) for (const x of list) if (isEqual(v, x)) return true;
  return false;
}

function compareSome(a: unknown, b: unknown, accept: (c: number) => boolean): boolean {
  const tb = typeOf(b);
  for (const v of ensureArray(a)) if (typeOf(v) === tb && accept(compare(v, b))) return true;
  return false;
}

const gt = (c: number) => c > 0;
const gte = (c: number) => c >= 0;
const lt = (c: number) => c < 0;
const lte = (c: number) => c <= 0;

function leaf(selector: string, op: LeafOp, value: unknown): Predicate {
  let depth = 0;
  for (let i = selector.indexOf("."); i !== -1; i = selector.indexOf(".", i + 1)) depth++;
  const get = (o: Doc) => resolve(o, selector, UNWRAP) as unknown;
  switch (op) {
    case "$eq":
      return (o) => eq(get(o), value, depth);
    case "$ne":
      return (o) => !eq(get(o), value, depth);
    case "$in":
      return (o) => inList(get(o), value as unknown[]);
    case "$nin":
      return (o) => !inList(get(o), value as unknown[]);
    case "$all": {
      // Top-level fields and scalar operands only (shapeOf checks), with mingo's semantics: the field
      // is a non-empty array holding every one of them.
      const list = value as unknown[];
      return (o) => {
        const v = o[selector];
        return isArray(v) && v.length > 0 && list.length > 0 && list.every((x) => v.some((e) => isEqual(x, e)));
      };
    }
    case "$gt":
      return (o) => compareSome(get(o), value, gt);
    case "$gte":
      return (o) => compareSome(get(o), value, gte);
    case "$lt":
      return (o) => compareSome(get(o), value, lt);
    case "$lte":
      return (o) => compareSome(get(o), value, lte);
    case "$exists": {
      const want = !!value;
      return (o) => (resolve(o, selector) !== undefined) === want;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

type Node =
  | { kind: "leaf"; field: string; op: LeafOp; param: number }
  | { kind: "and" | "or" | "nor"; children: Node[] } // children of $or/$nor are whole sub-filters (each an "and")
  | { kind: "all"; children: Node[] };

interface Plan {
  root: Node;
  /** Top-level equality leaves (incl. inside top-level $and): candidates for index lookups. */
  equalities: Array<{ field: string; op: "$eq" | "$in"; param: number }>;
  /** Top-level comparison leaves: candidates for ordered lookups. */
  ranges: Array<{ field: string; op: "$gt" | "$gte" | "$lt" | "$lte"; param: number }>;
}

const isScalarOperand = (v: unknown) =>
  v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date;

/**
 * Walks a normalized filter: returns its shape key and pushes its values, or returns null when
 * the filter is outside what plans cover.
 */
function shapeOf(filter: Doc, values: unknown[]): string | null {
  let key = "{";
  for (const field of Object.keys(filter)) {
    const cond = filter[field];
    if (field === "$and" || field === "$or" || field === "$nor") {
      if (!Array.isArray(cond) || cond.length === 0) return null;
      key += `${field}[`;
      for (const sub of cond) {
        if (!isPlainObject(sub)) return null;
        const s = shapeOf(sub, values);
        if (s === null) return null;
        key += `${s},`;
      }
      key += "]";
      continue;
    }
    if (field.startsWith("$") || field === "" || field.includes("__proto__")) return null;
    const name = JSON.stringify(field);
    if (isScalarOperand(cond)) {
      key += `${name}$eq,`;
      values.push(cond);
      continue;
    }
    if (!isPlainObject(cond)) return null; // arrays, regular expressions
    const ops = Object.keys(cond);
    if (ops.length === 0) return null;
    for (const op of ops) {
      if (!LEAF_OPS.has(op)) return null;
      const operand = cond[op];
      if (op === "$in" || op === "$nin") {
        if (!Array.isArray(operand) || !operand.every(isScalarOperand)) return null;
      } else if (op === "$exists") {
        if (field.includes(".")) return null;
      } else if (op === "$all") {
        if (field.includes(".") || !Array.isArray(operand) || !operand.every(isScalarOperand)) return null;
      } else if (!isScalarOperand(operand)) return null;
      key += `${name}${op},`;
      values.push(operand);
    }
  }
  return `${key}}`;
}

function buildPlan(filter: Doc): Plan {
  let param = 0;
  const equalities: Plan["equalities"] = [];
  const ranges: Plan["ranges"] = [];
  const build = (f: Doc, topLevel: boolean): Node => {
    const children: Node[] = [];
    for (const field of Object.keys(f)) {
      const cond = f[field];
      if (field === "$and" || field === "$or" || field === "$nor") {
        const subs = (cond as Doc[]).map((sub) => build(sub, topLevel && field === "$and"));
        children.push({ kind: field === "$and" ? "and" : field === "$or" ? "or" : "nor", children: subs });
        continue;
      }
      if (isScalarOperand(cond)) {
        if (topLevel) equalities.push({ field, op: "$eq", param });
        children.push({ kind: "leaf", field, op: "$eq", param: param++ });
        continue;
      }
      for (const op of Object.keys(cond as Doc) as LeafOp[]) {
        if (topLevel && (op === "$eq" || op === "$in")) equalities.push({ field, op, param });
        if (topLevel && (op === "$gt" || op === "$gte" || op === "$lt" || op === "$lte")) ranges.push({ field, op, param });
        children.push({ kind: "leaf", field, op, param: param++ });
      }
    }
    return { kind: "all", children };
  };
  return { root: build(filter, true), equalities, ranges };
}

function bind(node: Node, values: readonly unknown[]): Predicate {
  switch (node.kind) {
    case "leaf":
      return leaf(node.field, node.op, values[node.param]);
    case "all":
    case "and": {
      const preds = node.children.map((c) => bind(c, values));
      if (preds.length === 0) return () => true;
      if (preds.length === 1) return preds[0] as Predicate;
      if (preds.length === 2) {
        const [p, q] = preds as [Predicate, Predicate];
        return (o) => p(o) && q(o);
      }
      return (o) => preds.every((p) => p(o));
    }
    case "or": {
      const preds = node.children.map((c) => bind(c, values));
      return (o) => preds.some((p) => p(o));
    }
    case "nor": {
      const preds = node.children.map((c) => bind(c, values));
      return (o) => !preds.some((p) => p(o));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Caches
// ---------------------------------------------------------------------------------------------

const MAX_PLANS = 1000;
const MAX_MINGO_QUERIES = 256;
const plans = new Map<string, Plan>();
const mingoQueries = new Map<string, Query>();
export const planCacheStats = { planHits: 0, planMisses: 0, mingoHits: 0, mingoMisses: 0 };

function remember<V>(cache: Map<string, V>, key: string, value: V, max: number): void {
  if (cache.size >= max) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}

/** For tests: forget every cached plan and query. */
export function clearQueryCaches(): void {
  plans.clear();
  mingoQueries.clear();
}

const UNCACHEABLE = /"\$(expr|where|jsonSchema)"/;

function mingoQuery(filter: Doc): Query {
  const key = canonicalKey(filter);
  const cached = mingoQueries.get(key);
  if (cached) {
    planCacheStats.mingoHits++;
    return cached;
  }
  planCacheStats.mingoMisses++;
  let query: Query;
  try {
    query = new Query(filter);
  } catch (error) {
    throw badValue(error);
  }
  // $expr/$where may read $$NOW, which a compiled query would freeze: never reuse those.
  if (!UNCACHEABLE.test(key)) remember(mingoQueries, key, query, MAX_MINGO_QUERIES);
  return query;
}

const MATCH_ALL: CompiledFilter = Object.freeze({ filter: Object.freeze({}) as Doc, test: () => true, equalities: [], ranges: [] });

/** Merges the comparison leaves per field into one interval of one kind (fields with mixed kinds are left out). */
function rangesOf(leaves: Plan["ranges"], values: readonly unknown[]): RangeCondition[] {
  const byField = new Map<string, RangeCondition | null>();
  for (const { field, op, param } of leaves) {
    const operand = values[param];
    const kind = rangeKindOf(operand);
    const current = byField.get(field);
    if (current === null) continue;
    if (!kind || (current && current.kind !== kind)) {
      byField.set(field, null);
      continue;
    }
    const value = operand instanceof Date ? operand.getTime() : (operand as number | string);
    const range: RangeCondition = current ?? { field, kind };
    const bound: Bound<number | string> = { value, inclusive: op === "$gte" || op === "$lte" };
    if (op === "$gt" || op === "$gte") {
      const l = range.lower;
      if (!l || value > l.value || (value === l.value && !bound.inclusive)) range.lower = bound;
    } else {
      const u = range.upper;
      if (!u || value < u.value || (value === u.value && !bound.inclusive)) range.upper = bound;
    }
    byField.set(field, range);
  }
  return [...byField.values()].filter((r): r is RangeCondition => r !== null);
}

export function compileFilter(input: unknown): CompiledFilter {
  if (input === undefined || input === null) return { filter: {}, test: () => true, equalities: [], ranges: [] };
  if (!isPlainObject(input)) throw invalidArgument("Query filter must be an object");
  const filter = normalizeSpec(input);
  const values: unknown[] = [];
  const shape = shapeOf(filter, values);
  if (shape === null) {
    const query = mingoQuery(filter);
    return { filter, test: (doc) => query.test(doc), equalities: [], ranges: [] };
  }
  if (shape === "{}") return { ...MATCH_ALL, filter };
  let plan = plans.get(shape);
  if (plan) planCacheStats.planHits++;
  else {
    planCacheStats.planMisses++;
    plan = buildPlan(filter);
    remember(plans, shape, plan, MAX_PLANS);
  }
  const equalities: EqualityCondition[] = [];
  for (const e of plan.equalities) {
    const v = values[e.param];
    if (e.op === "$eq") {
      if (isEqualityValue(v)) equalities.push({ field: e.field, values: [v] });
    } else if ((v as unknown[]).every(isEqualityValue)) equalities.push({ field: e.field, values: v as EqualityValue[] });
  }
  let test: Predicate;
  try {
    test = bind(plan.root, values);
  } catch (error) {
    throw badValue(error);
  }
  return { filter, test, equalities, ranges: plan.ranges.length > 0 ? rangesOf(plan.ranges, values) : [] };
}
