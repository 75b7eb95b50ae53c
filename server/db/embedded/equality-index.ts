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

class FieldMap {
  /** strings, numbers (0 and -0 alike) and booleans, keyed by the value itself */
  readonly values = new Map<string | number | boolean, Bucket>();
  /** Dates by epoch ms (kept apart from numbers: a Date never equals a number) */
  readonly dates = new Map<number, Bucket>();
  /** documents whose value is an array or sub-document: candidates for every lookup */
  readonly loose = new Set<number>();

  private mapFor(value: EqualityValue): [Map<string | number | boolean, Bucket> | Map<number, Bucket>, string | number | boolean] {
    return value instanceof Date ? [this.dates, value.getTime()] : [this.values, value];
  }

  add(value: unknown, slot: number): void {
    if (value === undefined || value === null) return;
    if (!isEqualityValue(value)) {
      this.loose.add(slot);
      return;
    }
    const [map, key] = this.mapFor(value);
    (map as Map<unknown, Bucket>).set(key, bucketAdd((map as Map<unknown, Bucket>).get(key), slot));
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
    const next = bucketRemove(bucket, slot);
    if (next === undefined) map.delete(key);
    else if (next !== bucket) map.set(key, next);
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
    const bucket = (slots: number[]): Bucket => (slots.length === 1 ? (slots[0] as number) : slots.length > SMALL ? new Set(slots) : slots);
    for (const [k, slots] of dump.values ?? []) map.values.set(k, bucket(slots));
    for (const [k, slots] of dump.dates ?? []) map.dates.set(k, bucket(slots));
    for (const s of dump.loose ?? []) map.loose.add(s);
  }
}
