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
  /**
   * Where eviction goes on from: a Map iterator kept across calls. Eviction deletes from the front, and a
   * deleted entry stays a hole in the Map's table until it is rehashed, so a fresh iterator per eviction
   * walked over every hole again (thousands per insert once a collection outgrew the cache: a third of an
   * insert's CPU). Every entry before the cursor was evicted by it; new and re-used entries go to the end.
   */
  private evictCursor: IterableIterator<number> | undefined;
  /** Documents whose lines are queued but not yet in the file (unreadable until written). */
  private readonly pending = new Map<number, { offset: number; doc: Doc }>();

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

  /** Makes room for `capacity` slots at once (before restoring a checkpoint). */
  reserve(capacity: number): void {
    if (capacity > this.offsets.length) {
      const offsets = new Float64Array(capacity);
      offsets.set(this.offsets);
      const lengths = new Int32Array(capacity);
      lengths.set(this.lengths);
      this.offsets = offsets;
      this.lengths = lengths;
    }
    if (this.ids.length < capacity) {
      const ids: (string | undefined)[] = new Array(capacity).fill(undefined);
      for (let i = 0; i < this.ids.length; i++) ids[i] = this.ids[i];
      this.ids = ids;
    }
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

  /** Caches a parsed document (least recently used ones make room). */
  remember(slot: number, doc: Doc): void {
    this.uncache(slot);
    this.cache.set(slot, doc);
    this.cachedBytes += this.lengths[slot] as number;
    if (this.cachedBytes > this.cacheLimitBytes) this.evict();
  }

  /** A document whose line at `offset` is queued for writing: served from memory until it is readable. */
  pend(slot: number, offset: number, doc: Doc): void {
    this.pending.set(slot, { offset, doc });
  }

  /** The queued version of `slot`, if its current line is not readable yet. */
  pendingDoc(slot: number): Doc | undefined {
    const entry = this.pending.get(slot);
    return entry !== undefined && entry.offset === this.offsets[slot] ? entry.doc : undefined;
  }

  /** Forgets queued documents whose lines are now readable (below `readableEnd`). */
  settle(readableEnd: number): void {
    if (this.pending.size === 0) return;
    for (const [slot, entry] of this.pending)
      if (entry.offset < readableEnd || entry.offset !== this.offsets[slot]) this.pending.delete(slot);
  }

  uncache(slot: number): void {
    const doc = this.cache.get(slot);
    if (doc === undefined) return;
    this.cache.delete(slot);
    this.cachedBytes -= this.lengths[slot] as number;
  }

  private evict(): void {
    while (this.cachedBytes > this.cacheLimitBytes) {
      let step = this.evictCursor?.next();
      if (!step || step.done) {
        this.evictCursor = this.cache.keys();
        step = this.evictCursor.next();
        if (step.done) return;
      }
      this.cache.delete(step.value);
      this.cachedBytes -= this.lengths[step.value] as number;
    }
  }

  clearCache(): void {
    this.cache.clear();
    this.cachedBytes = 0;
    this.evictCursor = undefined;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get cacheStats(): { documents: number; bytes: number; limitBytes: number } {
    return { documents: this.cache.size, bytes: this.cachedBytes, limitBytes: this.cacheLimitBytes };
  }

  /** Rewrites every offset (after compaction). */
  relocate(newOffset: (slot: number, oldOffset: number) => number): void {
    this.pending.clear(); // (everything was written before a relocation)
    for (const slot of this.slotOf.values()) this.offsets[slot] = newOffset(slot, this.offsets[slot] as number);
  }
}
