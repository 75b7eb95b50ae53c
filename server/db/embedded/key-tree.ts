/**
 * A map from index key tuples (one value per indexed field) to slots, as nested Maps keyed by the
 * values themselves: `{conversationId, seq}` costs one Map entry per conversation plus a small Map of
 * sequence numbers, instead of one long composite string per message. Equality follows the unique
 * index's rules: strings, numbers (0 and -0 alike) and booleans by value, Dates by time, null,
 * empty arrays, and any other value (sub-document, regular expression) by its canonical form.
 */
import { canonicalKey } from "./values";

export const EMPTY_ARRAY = Symbol("emptyArray");
const NULL = Symbol("null");
const DATE = Symbol("date");
const COMPLEX = Symbol("complex");

type Level = Map<unknown, Level | number>;

/** The JSON form of one key part in a checkpoint. */
export type EncodedPart = string | number | boolean | null | { d: number } | { c: string } | { e: 1 };

/** [namespace, key] of a value within a level: values of other kinds live in sub-levels. */
function locate(value: unknown): [symbol | null, unknown] {
  switch (typeof value) {
    case "string":
    case "boolean":
      return [null, value];
    case "number":
      return [null, Object.is(value, -0) ? 0 : value];
    default:
      break;
  }
  if (value === null || value === undefined) return [null, NULL];
  if (value === EMPTY_ARRAY) return [null, EMPTY_ARRAY];
  if (value instanceof Date) return [DATE, value.getTime()];
  return [COMPLEX, canonicalKey(value)];
}

function decodePart(part: EncodedPart): [symbol | null, unknown] {
  if (part === null) return [null, NULL];
  if (typeof part !== "object") return [null, part];
  if ("d" in part) return [DATE, part.d];
  if ("c" in part) return [COMPLEX, part.c];
  return [null, EMPTY_ARRAY];
}

function encodeKey(ns: symbol | null, key: unknown): EncodedPart {
  if (ns === DATE) return { d: key as number };
  if (ns === COMPLEX) return { c: key as string };
  if (key === NULL) return null;
  if (key === EMPTY_ARRAY) return { e: 1 };
  return key as string | number | boolean;
}

export class KeyTree {
  private readonly root: Level = new Map();
  private count = 0;

  constructor(private readonly depth: number) {}

  get size(): number {
    return this.count;
  }

  private levelFor(level: Level, ns: symbol | null, create: boolean): Level | undefined {
    if (ns === null) return level;
    let sub = level.get(ns) as Level | undefined;
    if (!sub && create) level.set(ns, (sub = new Map()));
    return sub;
  }

  get(parts: readonly unknown[]): number | undefined {
    return this.getLocated(parts.map(locate));
  }

  private getLocated(located: ReadonlyArray<[symbol | null, unknown]>): number | undefined {
    let level: Level | undefined = this.root;
    for (let i = 0; i < this.depth; i++) {
      const [ns, key] = located[i] as [symbol | null, unknown];
      level = this.levelFor(level, ns, false);
      if (!level) return undefined;
      const next: Level | number | undefined = level.get(key);
      if (next === undefined) return undefined;
      if (i === this.depth - 1) return next as number;
      level = next as Level;
    }
    return undefined;
  }

  set(parts: readonly unknown[], slot: number): void {
    this.setLocated(parts.map(locate), slot);
  }

  private setLocated(located: ReadonlyArray<[symbol | null, unknown]>, slot: number): void {
    let level: Level = this.root;
    for (let i = 0; i < this.depth; i++) {
      const [ns, key] = located[i] as [symbol | null, unknown];
      level = this.levelFor(level, ns, true) as Level;
      if (i === this.depth - 1) {
        if (!level.has(key)) this.count++;
        level.set(key, slot);
        return;
      }
      let next = level.get(key) as Level | undefined;
      if (!next) level.set(key, (next = new Map()));
      level = next;
    }
  }

  /** Removes the tuple if `slot` owns it. */
  delete(parts: readonly unknown[], slot: number): void {
    const located = parts.map(locate);
    const trail: Array<[Level, unknown]> = [];
    let level: Level = this.root;
    for (let i = 0; i < this.depth; i++) {
      const [ns, key] = located[i] as [symbol | null, unknown];
      if (ns !== null) {
        const sub = level.get(ns) as Level | undefined;
        if (!sub) return;
        trail.push([level, ns]);
        level = sub;
      }
      const next = level.get(key);
      if (next === undefined) return;
      trail.push([level, key]);
      if (i === this.depth - 1) {
        if (next !== slot) return;
        break;
      }
      level = next as Level;
    }
    this.count--;
    // Remove the leaf, then every level left empty.
    for (let i = trail.length - 1; i >= 0; i--) {
      const [parent, key] = trail[i] as [Level, unknown];
      if (i < trail.length - 1 && (parent.get(key) as Level).size > 0) break;
      parent.delete(key);
    }
  }

  clear(): void {
    this.root.clear();
    this.count = 0;
  }

  /**
   * Checkpoint form, nested like the tree so a shared leading value is written once:
   * depth 1: [part, slot, part, slot, …]; depth 2: [part, [part, slot, …], part, [part, slot, …], …]; …
   */
  dump(): unknown[] {
    const walk = (level: Level, depth: number): unknown[] => {
      const out: unknown[] = [];
      const emit = (ns: symbol | null, key: unknown, value: Level | number) => {
        out.push(encodeKey(ns, key), depth === this.depth - 1 ? value : walk(value as Level, depth + 1));
      };
      for (const [key, value] of level) {
        if (key === DATE || key === COMPLEX) for (const [subKey, subValue] of value as Level) emit(key, subKey, subValue);
        else emit(null, key, value);
      }
      return out;
    };
    return walk(this.root, 0);
  }

  restore(dump: readonly unknown[]): void {
    const located: Array<[symbol | null, unknown]> = new Array(this.depth);
    const walk = (entries: readonly unknown[], depth: number) => {
      for (let i = 0; i + 1 < entries.length; i += 2) {
        const part = entries[i] as EncodedPart;
        // Plain values (the common case) need no decoding.
        located[depth] = part === null || typeof part === "object" ? decodePart(part) : [null, part];
        if (depth === this.depth - 1) this.setLocated(located, entries[i + 1] as number);
        else walk(entries[i + 1] as unknown[], depth + 1);
      }
    };
    walk(dump, 0);
  }
}
