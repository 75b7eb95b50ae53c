import { canonicalKey, getPath, isPlainObject, type Doc } from "./values";

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** The scalar values an equality-like condition can match, or null when it is not one. */
function equalityValues(condition: unknown): Scalar[] | null {
  if (isScalar(condition)) return [condition];
  if (!isPlainObject(condition)) return null;
  const keys = Object.keys(condition);
  if (keys.length !== 1) return null;
  if (keys[0] === "$eq" && isScalar(condition.$eq)) return [condition.$eq];
  if (keys[0] === "$in" && Array.isArray(condition.$in) && condition.$in.every(isScalar)) return condition.$in as Scalar[];
  return null;
}

/**
 * Equality lookups for the embedded engine: for the leading field of every declared index, a map
 * from each scalar value to the ids holding it. Documents whose value is an array or sub-document
 * go to a "loose" set that is always a candidate. `candidates()` returns a superset of the matching
 * ids (the query itself still decides), or null when no top-level condition can use a map.
 */
export class EqualityIndex {
  private readonly maps = new Map<string, Map<string, Set<string>>>();
  private readonly loose = new Map<string, Set<string>>();

  constructor(readonly fields: readonly string[]) {
    for (const f of fields) {
      this.maps.set(f, new Map());
      this.loose.set(f, new Set());
    }
  }

  rebuild(docs: readonly Doc[]): void {
    for (const m of this.maps.values()) m.clear();
    for (const s of this.loose.values()) s.clear();
    for (const d of docs) this.add(d);
  }

  add(doc: Doc): void {
    const id = doc._id as string;
    for (const field of this.fields) {
      const value = getPath(doc, field);
      if (value === undefined || value === null) continue;
      if (!isScalar(value)) {
        this.loose.get(field)!.add(id);
        continue;
      }
      const map = this.maps.get(field)!;
      const key = canonicalKey(value);
      let ids = map.get(key);
      if (!ids) map.set(key, (ids = new Set()));
      ids.add(id);
    }
  }

  remove(doc: Doc): void {
    const id = doc._id as string;
    for (const field of this.fields) {
      const value = getPath(doc, field);
      if (value === undefined || value === null) continue;
      if (!isScalar(value)) {
        this.loose.get(field)!.delete(id);
        continue;
      }
      const map = this.maps.get(field)!;
      const key = canonicalKey(value);
      const ids = map.get(key);
      ids?.delete(id);
      if (ids?.size === 0) map.delete(key);
    }
  }

  /** Candidate ids for a filter (smallest set over its usable top-level conditions), or null. */
  candidates(filter: unknown): string[] | null {
    if (!isPlainObject(filter)) return null;
    // Top-level conditions and those of a top-level $and are all conjuncts: any of them bounds the result.
    const conjuncts: Array<[string, unknown]> = [];
    for (const [field, condition] of Object.entries(filter)) {
      if (field === "$and" && Array.isArray(condition)) {
        for (const sub of condition) if (isPlainObject(sub)) conjuncts.push(...Object.entries(sub));
      } else conjuncts.push([field, condition]);
    }
    let best: Set<string> | null = null;
    for (const [field, condition] of conjuncts) {
      if (field.startsWith("$")) continue;
      const values = equalityValues(condition);
      if (!values) continue;
      let ids: Set<string>;
      if (field === "_id") {
        ids = new Set(values.filter((v): v is string => typeof v === "string"));
      } else {
        const map = this.maps.get(field);
        if (!map) continue;
        ids = new Set(this.loose.get(field));
        for (const v of values) for (const id of map.get(canonicalKey(v)) ?? []) ids.add(id);
      }
      if (!best || ids.size < best.size) best = ids;
    }
    return best ? [...best] : null;
  }
}
