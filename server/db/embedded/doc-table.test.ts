import { describe, expect, it } from "vitest";
import { DocTable } from "./doc-table";

/** A plain least-recently-used model of the parsed-document cache, to hold DocTable's against. */
class ReferenceCache {
  private order: number[] = [];
  private bytes = 0;
  constructor(
    private readonly limit: number,
    private readonly length: (slot: number) => number,
    private readonly everythingFits: () => boolean,
  ) {}
  has(slot: number) {
    return this.order.includes(slot);
  }
  touch(slot: number) {
    if (!this.has(slot) || this.everythingFits()) return;
    this.order = [...this.order.filter((s) => s !== slot), slot];
  }
  remember(slot: number) {
    this.uncache(slot);
    this.order.push(slot);
    this.bytes += this.length(slot);
    while (this.bytes > this.limit) this.bytes -= this.length(this.order.shift()!);
  }
  uncache(slot: number) {
    if (!this.has(slot)) return;
    this.order = this.order.filter((s) => s !== slot);
    this.bytes -= this.length(slot);
  }
  clear() {
    this.order = [];
    this.bytes = 0;
  }
  stats() {
    return { documents: this.order.length, bytes: this.bytes };
  }
  /** Least recently used first. */
  slots() {
    return [...this.order];
  }
}

describe("DocTable's cache of parsed documents", () => {
  it("evicts least recently used documents exactly as a plain LRU does, through remembers, reads, removals and clears", () => {
    let seed = 11;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const limit = 4_000;
    const table = new DocTable(limit);
    const slots: number[] = [];
    for (let i = 0; i < 400; i++) slots.push(table.add(`d${i}`, i * 100, 20 + random(180)));
    const reference = new ReferenceCache(
      limit,
      (slot) => table.length(slot),
      () => table.fitsInCache,
    );
    const cachedSlots = () => slots.filter((slot) => table.cached(slot) !== undefined);
    for (let step = 0; step < 20_000; step++) {
      const slot = slots[random(slots.length)]!;
      const op = random(100);
      if (op < 60) {
        table.remember(slot, { _id: `d${slot}` });
        reference.remember(slot);
      } else if (op < 90) {
        expect(table.cached(slot) !== undefined).toBe(reference.has(slot));
        reference.touch(slot);
      } else if (op < 99) {
        table.uncache(slot);
        reference.uncache(slot);
      } else {
        table.clearCache();
        reference.clear();
      }
      const { documents, bytes } = table.cacheStats;
      expect({ documents, bytes }).toEqual(reference.stats());
      if (step % 500 === 0) {
        // The cached slots in recency order, read without touching them (a read would reorder the cache).
        const before = { ...table.cacheStats };
        expect(peekCached(table)).toEqual(reference.slots());
        expect(table.cacheStats).toEqual(before);
      }
    }
    expect(cachedSlots().length).toBeGreaterThan(0);
  });
});

/** The cached slots without touching their recency. */
function peekCached(table: DocTable): number[] {
  return [...(table as unknown as { cache: Map<number, unknown> }).cache.keys()];
}
