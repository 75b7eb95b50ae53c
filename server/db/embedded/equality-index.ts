import { SortedKeys } from "./sorted-keys";
import { getPath, type Doc } from "./values";

/** The values an equality map holds: strings, numbers and booleans by value, Dates by time. */
export type EqualityValue = string | number | boolean | Date;

export function isEqualityValue(v: unknown): v is EqualityValue {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date;
}

/** One slot, a few slots, or many: the cheapest container for each size. */
type Bucket = number | number[] | Set<number>;
const SMALL = 32;

function bucketAdd(bucket: Bucket | undefined, slot: number): Bucket {
  if (bucket === undefined) return slot;
  if (typeof bucket === "number") return bucket === slot ? bucket : [bucket, slot];
  if (Array.isArray(bucket)) {
    if (bucket.includes(slot)) return bucket;
    if (bucket.length < SMALL) {
      bucket.push(slot);
      return bucket;
    }
    const set = new Set(bucket);
    set.add(slot);
    return set;
  }
  bucket.add(slot);
  return bucket;
}

/** The bucket without `slot`, or undefined when it becomes empty. */
function bucketRemove(bucket: Bucket, slot: number): Bucket | undefined {
  if (typeof bucket === "number") return bucket === slot ? undefined : bucket;
  if (Array.isArray(bucket)) {
    const i = bucket.indexOf(slot);
    if (i !== -1) bucket.splice(i, 1);
    if (bucket.length === 1) return bucket[0] as number;
    return bucket.length === 0 ? undefined : bucket;
  }
  bucket.delete(slot);
  return bucket.size === 0 ? undefined : bucket;
}

function bucketSlots(bucket: Bucket | undefined, into: Set<number>): void {
  if (bucket === undefined) return;
  if (typeof bucket === "number") into.add(bucket);
  else for (const s of bucket) into.add(s);
}

function bucketSize(bucket: Bucket | undefined): number {
  if (bucket === undefined) return 0;
  if (typeof bucket === "number") return 1;
  return Array.isArray(bucket) ? bucket.length : bucket.size;
}

function bucketList(bucket: Bucket): number[] {
  return typeof bucket === "number" ? [bucket] : [...bucket];
}

/** The kinds of scalar values ranges and sorts can walk in order (MongoDB compares within a kind). */
export type RangeKind = "number" | "string" | "date";

export function rangeKindOf(v: unknown): RangeKind | undefined {
  if (typeof v === "number") return Number.isNaN(v) ? undefined : "number";
  if (typeof v === "string") return "string";
  if (v instanceof Date) return "date";
  return undefined;
}

export interface Bound<K> {
  value: K;
  inclusive: boolean;
}

/** A top-level range on one field: all bounds of one kind (Dates as epoch ms). */
export interface RangeCondition {
  field: string;
  kind: RangeKind;
  lower?: Bound<number | string>;
  upper?: Bound<number | string>;
}

class FieldMap {
  /** strings, numbers (0 and -0 alike) and booleans, keyed by the value itself */
  readonly values = new Map<string | number | boolean, Bucket>();
  /** Dates by epoch ms (kept apart from numbers: a Date never equals a number) */
  readonly dates = new Map<number, Bucket>();
  /** documents whose value is an array or sub-document: candidates for every lookup */
  readonly loose = new Set<number>();
  /** documents per kind of scalar value */
  readonly counts = { number: 0, string: 0, boolean: 0, date: 0 };
  /** the distinct keys in order, per kind — built on the first range or ordered walk, then kept up to date */
  private sorted: { number: SortedKeys<number>; string: SortedKeys<string>; date: SortedKeys<number> } | null = null;

  private kindOf(value: string | number | boolean | Date): keyof FieldMap["counts"] {
    return value instanceof Date ? "date" : (typeof value as "number" | "string" | "boolean");
  }

  private sortedFor(kind: RangeKind): SortedKeys<number> | SortedKeys<string> {
    if (!this.sorted) {
      const numbers: number[] = [];
      const strings: string[] = [];
      for (const k of this.values.keys()) {
        if (typeof k === "number") numbers.push(k);
        else if (typeof k === "string") strings.push(k);
      }
      numbers.sort((a, b) => a - b);
      strings.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const dates = [...this.dates.keys()].sort((a, b) => a - b);
      this.sorted = { number: SortedKeys.from(numbers), string: SortedKeys.from(strings), date: SortedKeys.from(dates) };
    }
    return this.sorted[kind];
  }

  /** Slots whose value (of `kind`) lies within the bounds, plus the loose ones. */
  range(kind: RangeKind, lower: Bound<number | string> | undefined, upper: Bound<number | string> | undefined, into: Set<number>): void {
    for (const s of this.loose) into.add(s);
    const map = (kind === "date" ? this.dates : this.values) as Map<unknown, Bucket>;
    for (const k of (this.sortedFor(kind) as SortedKeys<number | string>).range(lower, upper)) bucketSlots(map.get(k), into);
  }

  /**
   * Slots in the order of their values of `kind` (ties in any order), within the bounds; only
   * meaningful when no document is loose. Yields the slots of one value at a time.
   */
  *walk(
    kind: RangeKind,
    lower: Bound<number | string> | undefined,
    upper: Bound<number | string> | undefined,
    descending: boolean,
  ): Generator<number[]> {
    const map = (kind === "date" ? this.dates : this.values) as Map<unknown, Bucket>;
    for (const k of (this.sortedFor(kind) as SortedKeys<number | string>).range(lower, upper, descending)) {
      const bucket = map.get(k);
      if (bucket !== undefined) yield bucketList(bucket);
    }
  }

  private keyAdded(kind: keyof FieldMap["counts"], key: unknown): void {
    if (this.sorted && kind !== "boolean") (this.sorted[kind] as SortedKeys<number | string>).insert(key as number | string);
  }

  private keyRemoved(kind: keyof FieldMap["counts"], key: unknown): void {
    if (this.sorted && kind !== "boolean") (this.sorted[kind] as SortedKeys<number | string>).remove(key as number | string);
  }

  private mapFor(value: EqualityValue): [Map<string | number | boolean, Bucket> | Map<number, Bucket>, string | number | boolean] {
    return value instanceof Date ? [this.dates, value.getTime()] : [this.values, value];
  }

  add(value: unknown, slot: number): void {
    if (value === undefined || value === null) return;
    if (!isEqualityValue(value)) {
      this.loose.add(slot);
      return;
    }
    const [map, key] = this.mapFor(value) as [Map<unknown, Bucket>, unknown];
    const bucket = map.get(key);
    const next = bucketAdd(bucket, slot);
    if (next !== bucket) map.set(key, next);
    if (bucketSize(next) !== bucketSize(bucket)) {
      const kind = this.kindOf(value);
      this.counts[kind]++;
      if (bucket === undefined) this.keyAdded(kind, key);
    }
  }

  remove(value: unknown, slot: number): void {
    if (value === undefined || value === null) return;
    if (!isEqualityValue(value)) {
      this.loose.delete(slot);
      return;
    }
    const [map, key] = this.mapFor(value) as [Map<unknown, Bucket>, unknown];
    const bucket = map.get(key);
    if (bucket === undefined) return;
    const before = bucketSize(bucket);
    const next = bucketRemove(bucket, slot);
    if (next === undefined) map.delete(key);
    else if (next !== bucket) map.set(key, next);
    if (bucketSize(next) !== before) {
      const kind = this.kindOf(value);
      this.counts[kind]--;
      if (next === undefined) this.keyRemoved(kind, key);
    }
  }

  restore(dump: Partial<FieldMapDump>): void {
    const bucket = (slots: number[]): Bucket => (slots.length === 1 ? (slots[0] as number) : slots.length > SMALL ? new Set(slots) : slots);
    for (const [k, slots] of dump.values ?? []) {
      this.values.set(k, bucket(slots));
      this.counts[typeof k as "number" | "string" | "boolean"] += slots.length;
    }
    for (const [k, slots] of dump.dates ?? []) {
      this.dates.set(k, bucket(slots));
      this.counts.date += slots.length;
    }
    for (const s of dump.loose ?? []) this.loose.add(s);
    this.sorted = null;
  }

  lookup(value: EqualityValue, into: Set<number>): void {
    const [map, key] = this.mapFor(value) as [Map<unknown, Bucket>, unknown];
    bucketSlots(map.get(key), into);
  }

  estimate(values: readonly EqualityValue[]): number {
    let n = this.loose.size;
    for (const v of values) {
      const [map, key] = this.mapFor(v) as [Map<unknown, Bucket>, unknown];
      n += bucketSize(map.get(key));
    }
    return n;
  }
}

/** A checkpoint of one field's map: [value, slots] pairs, [epoch ms, slots] for dates, loose slots. */
export interface FieldMapDump {
  values: Array<[string | number | boolean, number[]]>;
  dates: Array<[number, number[]]>;
  loose: number[];
}

/**
 * Equality lookups for the embedded engine: for the leading field of every declared index, a map
 * from each scalar value (string, number, boolean, Date) to the slots of the documents holding it.
 * Documents whose value is an array or sub-document are "loose": a candidate for every lookup.
 * `candidates()` returns a superset of the matching slots (the query itself still decides), or
 * null when no condition can use a map.
 */
export class EqualityIndex {
  private readonly maps = new Map<string, FieldMap>();

  constructor(readonly fields: readonly string[]) {
    for (const f of fields) this.maps.set(f, new FieldMap());
  }

  add(slot: number, doc: Doc): void {
    for (const [field, map] of this.maps) map.add(getPath(doc, field), slot);
  }

  remove(slot: number, doc: Doc): void {
    for (const [field, map] of this.maps) map.remove(getPath(doc, field), slot);
  }

  has(field: string): boolean {
    return this.maps.has(field);
  }

  /**
   * Candidate slots for a conjunction of `field ∈ values` conditions: the smallest set among the
   * fields that have a map, or null when none has.
   */
  candidates(conditions: ReadonlyArray<{ field: string; values: readonly EqualityValue[] }>): Set<number> | null {
    let best: { map: FieldMap; values: readonly EqualityValue[]; size: number } | null = null;
    for (const { field, values } of conditions) {
      const map = this.maps.get(field);
      if (!map) continue;
      const size = map.estimate(values);
      if (!best || size < best.size) best = { map, values, size };
    }
    if (!best) return null;
    const out = new Set<number>(best.map.loose);
    for (const v of best.values) best.map.lookup(v, out);
    return out;
  }

  /** Candidate slots for a range condition (loose documents included), or null when the field has no map. */
  rangeCandidates(range: RangeCondition): Set<number> | null {
    const map = this.maps.get(range.field);
    if (!map) return null;
    const out = new Set<number>();
    map.range(range.kind, range.lower, range.upper, out);
    return out;
  }

  /**
   * Slots in the order of `field` (groups of equal values), when that order is complete for the
   * documents that can match: no document has an array or sub-document there, and either a range
   * of one kind bounds the field or every document holds a value of that one kind. Otherwise null.
   */
  orderedWalk(field: string, descending: boolean, range: RangeCondition | undefined, documents: number): Generator<number[]> | null {
    const map = this.maps.get(field);
    if (!map || map.loose.size > 0) return null;
    let kind: RangeKind | undefined = range?.kind;
    if (!kind) {
      const c = map.counts;
      const kinds = (["number", "string", "date"] as const).filter((k) => c[k] > 0);
      if (kinds.length !== 1 || c.boolean > 0 || c[kinds[0] as RangeKind] !== documents) return null;
      kind = kinds[0];
    }
    return map.walk(kind as RangeKind, range?.lower, range?.upper, descending);
  }

  dump(): Record<string, FieldMapDump> {
    const out: Record<string, FieldMapDump> = {};
    for (const [field, map] of this.maps) {
      out[field] = {
        values: [...map.values].map(([k, b]) => [k, bucketList(b)]),
        dates: [...map.dates].map(([k, b]) => [k, bucketList(b)]),
        loose: [...map.loose],
      };
    }
    return out;
  }

  /** Restores (part of) one field from a checkpoint. */
  restore(field: string, dump: Partial<FieldMapDump>): void {
    const map = this.maps.get(field);
    if (!map) return;
    map.restore(dump);
  }
}
