/**
 * Where every live document of a collection is: `_id` → a slot, and per slot the byte offset and
 * length of its current line in the data file. Documents themselves stay on disk; a bounded cache
 * keeps recently used ones parsed (every document of a collection that fits in the cache stays
 * cached). This is what keeps memory per stored document small: a few dozen bytes of bookkeeping
 * instead of the whole parsed document.
 */
import type { Doc } from "./values";

const INITIAL_CAPACITY = 256;

export class DocTable {
  private readonly slotOf = new Map<string, number>();
  private ids: (string | undefined)[] = [];
  private offsets = new Float64Array(INITIAL_CAPACITY);
  private lengths = new Int32Array(INITIAL_CAPACITY);
  private readonly free: number[] = [];
  private ordered: number[] | null = null;
  /** Bytes of the live records (what a compacted file would hold). */
  liveBytes = 0;

  // ---- cache of parsed documents (slot → doc), least recently used first ----
  private readonly cache = new Map<number, Doc>();
  private cachedBytes = 0;

  constructor(private readonly cacheLimitBytes: number) {}

  get count(): number {
    return this.slotOf.size;
  }

  get capacity(): number {
    return this.ids.length;
  }

  /** Everything fits in the cache: no eviction, no LRU bookkeeping. */
  get fitsInCache(): boolean {
    return this.liveBytes <= this.cacheLimitBytes;
  }

  slot(id: string): number | undefined {
    return this.slotOf.get(id);
  }

  id(slot: number): string {
    return this.ids[slot] as string;
  }

  offset(slot: number): number {
    return this.offsets[slot] as number;
  }

  length(slot: number): number {
    return this.lengths[slot] as number;
  }

  isLive(slot: number): boolean {
    return this.ids[slot] !== undefined;
  }

  private grow(): void {
    const next = Math.max(INITIAL_CAPACITY, this.offsets.length * 2);
    const offsets = new Float64Array(next);
    offsets.set(this.offsets);
    const lengths = new Int32Array(next);
    lengths.set(this.lengths);
    this.offsets = offsets;
    this.lengths = lengths;
  }

  /** A new document; returns its slot. */
  add(id: string, offset: number, length: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      if (slot >= this.offsets.length) this.grow();
    } else {
      this.ids[slot] = id;
    }
    this.slotOf.set(id, slot);
    this.offsets[slot] = offset;
    this.lengths[slot] = length;
    this.liveBytes += length;
    this.ordered = null;
    return slot;
  }

  /** Restores a slot from a checkpoint (call finishRestore() after the last one). */
  restore(slot: number, id: string, offset: number, length: number): void {
    while (slot >= this.offsets.length) this.grow();
    while (this.ids.length <= slot) this.ids.push(undefined);
    this.ids[slot] = id;
    this.slotOf.set(id, slot);
    this.offsets[slot] = offset;
    this.lengths[slot] = length;
    this.liveBytes += length;
  }

  finishRestore(): void {
    this.free.length = 0;
    for (let slot = this.ids.length - 1; slot >= 0; slot--) if (this.ids[slot] === undefined) this.free.push(slot);
    this.ordered = null;
  }

  /** The document got a new version at `offset`. */
  move(slot: number, offset: number, length: number): void {
    this.uncache(slot);
    this.liveBytes += length - (this.lengths[slot] as number);
    this.offsets[slot] = offset;
    this.lengths[slot] = length;
  }

  delete(slot: number): void {
    const id = this.ids[slot];
    if (id === undefined) return;
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.liveBytes -= this.lengths[slot] as number;
    this.free.push(slot);
    this.ordered = null;
    this.uncache(slot);
  }

  /** Live slots in `_id` order (cached until the next insert or delete). */
  slotsById(): readonly number[] {
    if (!this.ordered) {
      const slots = [...this.slotOf.values()];
      const ids = this.ids;
      slots.sort((a, b) => {
        const x = ids[a] as string;
        const y = ids[b] as string;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      this.ordered = slots;
    }
    return this.ordered;
  }

  /** Live slots in file order (for sequential reads). */
  slotsByOffset(): number[] {
    const slots = [...this.slotOf.values()];
    const offsets = this.offsets;
    return slots.sort((a, b) => (offsets[a] as number) - (offsets[b] as number));
  }

  /** Sorts slots by their documents' `_id`. */
  sortById(slots: number[]): number[] {
    const ids = this.ids;
    return slots.sort((a, b) => {
      const x = ids[a] as string;
      const y = ids[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  // ---- cache ----

  cached(slot: number): Doc | undefined {
    const doc = this.cache.get(slot);
    if (doc !== undefined && !this.fitsInCache) {
      // Least recently used order: move to the end.
      this.cache.delete(slot);
      this.cache.set(slot, doc);
    }
    return doc;
  }

  /**
   * Caches a parsed document. `pinnedFrom`: records at or beyond this offset are not readable from
   * the file yet (queued for writing), so their documents must not be evicted.
   */
  remember(slot: number, doc: Doc, pinnedFrom: number): void {
    this.uncache(slot);
    this.cache.set(slot, doc);
    this.cachedBytes += this.lengths[slot] as number;
    if (this.cachedBytes > this.cacheLimitBytes) this.evict(pinnedFrom);
  }

  uncache(slot: number): void {
    const doc = this.cache.get(slot);
    if (doc === undefined) return;
    this.cache.delete(slot);
    this.cachedBytes -= this.lengths[slot] as number;
  }

  private evict(pinnedFrom: number): void {
    let budget = 1024; // bounded work per insertion; pinned entries are skipped
    for (const [slot] of this.cache) {
      if (this.cachedBytes <= this.cacheLimitBytes || budget-- <= 0) break;
      if ((this.offsets[slot] as number) >= pinnedFrom) continue;
      this.cache.delete(slot);
      this.cachedBytes -= this.lengths[slot] as number;
    }
  }

  clearCache(): void {
    this.cache.clear();
    this.cachedBytes = 0;
  }

  get cacheStats(): { documents: number; bytes: number; limitBytes: number } {
    return { documents: this.cache.size, bytes: this.cachedBytes, limitBytes: this.cacheLimitBytes };
  }

  /** Rewrites every offset (after compaction). */
  relocate(newOffset: (slot: number, oldOffset: number) => number): void {
    for (const slot of this.slotOf.values()) this.offsets[slot] = newOffset(slot, this.offsets[slot] as number);
  }
}
