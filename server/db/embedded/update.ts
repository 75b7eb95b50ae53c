/**
 * Update documents: operator updates (every mingo update operator plus `$setOnInsert`),
 * pipeline updates, replacements, and MongoDB's upsert seeding from the filter.
 */
import { update as mingoUpdate, updateOne as mingoUpdateOne } from "mingo";
import { EmbeddedServerError, invalidArgument, isMingoError } from "./errors";
import { generateId } from "./ids";
import {
  deepClone,
  deepEqual,
  getPath,
  hasPath,
  isOperatorObject,
  isPlainObject,
  normalizeDocument,
  normalizeField,
  normalizeSpec,
  setPath,
  type Doc,
} from "./values";

const OPERATORS = new Set([
  "$addToSet",
  "$bit",
  "$currentDate",
  "$inc",
  "$max",
  "$min",
  "$mul",
  "$pop",
  "$pull",
  "$pullAll",
  "$push",
  "$rename",
  "$set",
  "$unset",
  "$setOnInsert",
]);

export type ParsedUpdate =
  { kind: "operators"; ops: Record<string, Doc>; setOnInsert: Doc | undefined } | { kind: "pipeline"; stages: Doc[] };

function failedToParse(message: string): EmbeddedServerError {
  return new EmbeddedServerError(9, "FailedToParse", message);
}

export function parseUpdate(update: unknown): ParsedUpdate {
  if (Array.isArray(update)) {
    if (!update.every(isPlainObject)) throw invalidArgument("Update pipeline stages must be objects");
    return { kind: "pipeline", stages: normalizeSpec(update as Doc[]) };
  }
  if (!isPlainObject(update)) throw invalidArgument("Update document must be an object or a pipeline array");
  const keys = Object.keys(update);
  if (keys.length === 0 || !keys[0]?.startsWith("$")) throw invalidArgument("Update document requires atomic operators");
  const ops: Record<string, Doc> = {};
  let setOnInsert: Doc | undefined;
  for (const key of keys) {
    if (!key.startsWith("$")) throw invalidArgument("Update document requires atomic operators");
    if (!OPERATORS.has(key))
      throw failedToParse(`Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update specified as an array`);
    const expr = update[key];
    if (!isPlainObject(expr)) throw failedToParse(`Modifiers operate on fields but we found type ${typeof expr} instead (${key})`);
    if (key === "$setOnInsert") setOnInsert = normalizeSpec(expr);
    else ops[key] = normalizeSpec(expr);
  }
  return { kind: "operators", ops, setOnInsert };
}

function assertNumericTargets(doc: Doc, ops: Record<string, Doc>): void {
  for (const op of ["$inc", "$mul"] as const) {
    const expr = ops[op];
    if (!expr) continue;
    for (const [path, amount] of Object.entries(expr)) {
      if (typeof amount !== "number") {
        throw new EmbeddedServerError(
          14,
          "TypeMismatch",
          `Cannot ${op === "$inc" ? "increment" : "multiply"} with non-numeric argument: {${path}: ${JSON.stringify(amount)}}`,
        );
      }
      if (path.includes("$")) continue;
      const current = getPath(doc, path);
      if (hasPath(doc, path) && current !== null && typeof current !== "number") {
        throw new EmbeddedServerError(
          14,
          "TypeMismatch",
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${Array.isArray(current) ? "array" : typeof current}`,
        );
      }
    }
  }
}

function toServerError(error: unknown): unknown {
  if (isMingoError(error)) {
    const immutable = /immutable field '_id'/.test(error.message);
    return immutable
      ? new EmbeddedServerError(66, "ImmutableField", error.message)
      : new EmbeddedServerError(40, "ConflictingUpdateOperators", error.message);
  }
  return error;
}

function assertSameId(before: Doc, after: Doc): void {
  // An upsert without an _id in its filter may set one (MongoDB allows $set/$setOnInsert of _id on insert).
  if (before._id === undefined) return;
  if (after._id !== before._id) {
    throw new EmbeddedServerError(66, "ImmutableField", "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
}

const SIMPLE_OPERATORS = new Set(["$set", "$unset", "$inc", "$push", "$addToSet"]);

/**
 * The common case without mingo's machinery: `$set`, `$unset`, `$inc`, plain `$push` and plain
 * `$addToSet` on distinct top-level fields (not `_id`), where the current values fit (a number or
 * nothing for `$inc`, an array or nothing for `$push` and `$addToSet`). Applies the update to `target` and returns true, or returns false
 * without touching it (then mingo applies it, with every operator, path form and error).
 */
function applySimpleUpdate(target: Doc, ops: Record<string, Doc>): boolean {
  const seen = new Set<string>();
  for (const [op, expr] of Object.entries(ops)) {
    if (!SIMPLE_OPERATORS.has(op)) return false;
    for (const [field, value] of Object.entries(expr)) {
      if (field === "_id" || field.includes(".") || field.startsWith("$") || field === "__proto__" || seen.has(field)) return false;
      seen.add(field);
      const current = target[field];
      if (op === "$inc" && current !== undefined && current !== null && typeof current !== "number") return false;
      if (op === "$inc" && current === null) return false;
      if (op === "$push" || op === "$addToSet") {
        if (current !== undefined && !Array.isArray(current)) return false;
        if (isOperatorObject(value)) return false; // $each, $slice, $sort, $position
      }
    }
  }
  for (const [op, expr] of Object.entries(ops)) {
    for (const [field, value] of Object.entries(expr)) {
      switch (op) {
        case "$set":
          target[field] = deepClone(value);
          break;
        case "$unset":
          delete target[field];
          break;
        case "$inc":
          target[field] = ((target[field] as number | undefined) ?? 0) + (value as number);
          break;
        case "$push":
          target[field] = [...((target[field] as unknown[] | undefined) ?? []), deepClone(value)];
          break;
        case "$addToSet": {
          const current = (target[field] as unknown[] | undefined) ?? [];
          target[field] = current.some((item) => deepEqual(item, value)) ? current : [...current, deepClone(value)];
          break;
        }
      }
    }
  }
  return true;
}

/**
 * The simple update (see {@link applySimpleUpdate}) without copying the document: a shallow copy
 * whose untouched fields stay shared with `doc` (stored documents are never mutated) and whose
 * changed fields are normalized fresh values. Undefined when the update is not that simple.
 */
function applySimpleUpdateShared(doc: Doc, ops: Record<string, Doc>): Doc | undefined {
  const probe: Doc = {};
  for (const expr of Object.values(ops)) for (const field of Object.keys(expr)) probe[field] = doc[field];
  // The same preconditions as the copying path, checked on the touched fields only (nothing is written yet).
  if (!applySimpleUpdate(probe, ops)) return undefined;
  const target: Doc = { ...doc };
  for (const [op, expr] of Object.entries(ops)) {
    for (const [field, value] of Object.entries(expr)) {
      switch (op) {
        case "$set":
          target[field] = normalizeField(value, field);
          break;
        case "$unset":
          delete target[field];
          break;
        case "$inc":
        case "$push":
        case "$addToSet":
          target[field] = normalizeField(probe[field], field);
          break;
      }
    }
  }
  return target;
}

/** Applies an update to a copy of `doc`; `insert` also applies `$setOnInsert`. Returns the normalized new document. */
export function applyUpdate(
  doc: Doc,
  parsed: ParsedUpdate,
  filter: Doc,
  options: { arrayFilters?: Doc[]; insert?: boolean; /** always through mingo (tests compare both paths) */ general?: boolean } = {},
): Doc {
  if (parsed.kind === "operators" && !options.insert && !options.arrayFilters && !options.general) {
    try {
      assertNumericTargets(doc, parsed.ops);
      const shared = applySimpleUpdateShared(doc, parsed.ops);
      if (shared) return shared;
    } catch (error) {
      throw toServerError(error);
    }
  }
  const target = deepClone(doc);
  try {
    if (parsed.kind === "pipeline") {
      const docs = [target];
      mingoUpdateOne(docs, {}, parsed.stages as never, { cloneMode: "deep" });
      const result = normalizeDocument(docs[0], "updated document");
      assertSameId(doc, result);
      return result;
    }
    let ops = parsed.ops;
    if (options.insert && parsed.setOnInsert) {
      const set = ops.$set ?? {};
      for (const path of Object.keys(parsed.setOnInsert)) {
        if (path in set)
          throw new EmbeddedServerError(
            40,
            "ConflictingUpdateOperators",
            `Updating the path '${path}' would create a conflict at '${path}'`,
          );
      }
      ops = { ...ops, $set: { ...set, ...parsed.setOnInsert } };
    }
    // On insert, an _id from $set/$setOnInsert becomes the new document's _id (mingo refuses to touch _id).
    if (options.insert && target._id === undefined && ops.$set && Object.prototype.hasOwnProperty.call(ops.$set, "_id")) {
      const { _id, ...restSet } = ops.$set;
      target._id = deepClone(_id);
      ops = { ...ops, $set: restSet };
      if (Object.keys(restSet).length === 0) delete ops.$set;
    }
    if (Object.keys(ops).length === 0) return normalizeDocument(target, "updated document");
    assertNumericTargets(target, ops);
    if (options.arrayFilters || options.general || !applySimpleUpdate(target, ops)) {
      const condition = options.insert ? {} : filter;
      mingoUpdate(target, deepClone(ops) as never, options.arrayFilters, condition, { cloneMode: "deep" });
    }
  } catch (error) {
    throw toServerError(error);
  }
  const result = normalizeDocument(target, "updated document");
  assertSameId(doc, result);
  return result;
}

/** MongoDB's upsert seed: equality fields of the filter (plain values, `{$eq: v}`, inside `$and`). */
export function seedFromFilter(filter: Doc): Doc {
  const seed: Doc = {};
  const visit = (clause: Doc): void => {
    for (const [key, value] of Object.entries(clause)) {
      if (key === "$and" && Array.isArray(value)) {
        for (const sub of value) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (key.startsWith("$")) continue;
      if (value instanceof RegExp) continue;
      if (isOperatorObject(value)) {
        if (Object.prototype.hasOwnProperty.call(value, "$eq") && !(value.$eq instanceof RegExp)) setPath(seed, key, deepClone(value.$eq));
        continue;
      }
      setPath(seed, key, deepClone(value));
    }
  };
  visit(filter);
  return seed;
}

function withIdFirst(doc: Doc): Doc {
  const { _id, ...rest } = doc;
  return { _id: _id ?? generateId(), ...rest };
}

/** The document an upsert inserts when nothing matched. */
export function buildUpsertDocument(filter: Doc, parsed: ParsedUpdate, arrayFilters?: Doc[]): Doc {
  const seed = normalizeDocument(seedFromFilter(filter), "upsert document");
  const updated = applyUpdate(seed, parsed, filter, { insert: true, ...(arrayFilters ? { arrayFilters } : {}) });
  return withIdFirst(updated);
}

export function validateReplacement(replacement: unknown): Doc {
  if (!isPlainObject(replacement)) throw invalidArgument("Replacement document must be an object");
  const first = Object.keys(replacement)[0];
  if (first?.startsWith("$")) throw invalidArgument("Replacement document must not contain atomic operators");
  return normalizeDocument(replacement, "replacement document");
}

/** The stored form of a replacement: keeps the existing `_id`, which must not change. */
export function applyReplacement(existing: Doc, replacement: Doc): Doc {
  if (replacement._id !== undefined && replacement._id !== existing._id) {
    throw new EmbeddedServerError(
      66,
      "ImmutableField",
      "After applying the update, the (immutable) field '_id' was found to have been altered",
    );
  }
  return withIdFirst({ ...deepClone(replacement), _id: existing._id });
}

export function buildUpsertReplacement(filter: Doc, replacement: Doc): Doc {
  const seedId = normalizeDocument(seedFromFilter(filter), "upsert document")._id;
  return withIdFirst({ ...deepClone(replacement), _id: replacement._id ?? seedId });
}
