/**
 * A sorted set of numbers or strings in small sorted chunks: inserts and removes move at most one
 * chunk (≤ 512 entries) instead of the whole array, and ranges are read in either direction.
 */
const MAX_CHUNK = 512;

export class SortedKeys<K extends number | string> {
  private chunks: K[][] = [];

  /** From keys already sorted ascending and distinct. */
  static from<K extends number | string>(sorted: K[]): SortedKeys<K> {
    const out = new SortedKeys<K>();
    for (let i = 0; i < sorted.length; i += MAX_CHUNK / 2) out.chunks.push(sorted.slice(i, i + MAX_CHUNK / 2));
    return out;
  }

  get size(): number {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    return n;
  }

  /** Index of the first chunk whose last key is ≥ k (chunks.length when none). */
  private chunkFor(k: K): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid] as K[];
      if ((chunk[chunk.length - 1] as K) < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of the first key ≥ k in `chunk`. */
  private static lowerBound<K>(chunk: K[], k: K): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((chunk[mid] as K) < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(k: K): void {
    if (this.chunks.length === 0) {
      this.chunks.push([k]);
      return;
    }
    let c = this.chunkFor(k);
    if (c === this.chunks.length) c--; // beyond every key: the last chunk
    const chunk = this.chunks[c] as K[];
    const i = SortedKeys.lowerBound(chunk, k);
    if (chunk[i] === k) return;
    chunk.splice(i, 0, k);
    if (chunk.length > MAX_CHUNK) this.chunks.splice(c + 1, 0, chunk.splice(MAX_CHUNK / 2));
  }

  remove(k: K): void {
    const c = this.chunkFor(k);
    const chunk = this.chunks[c];
    if (!chunk) return;
    const i = SortedKeys.lowerBound(chunk, k);
    if (chunk[i] !== k) return;
    chunk.splice(i, 1);
    if (chunk.length === 0) this.chunks.splice(c, 1);
  }

  /**
   * Keys within the bounds (each optional, inclusive or not), ascending or descending.
   */
  *range(
    lower: { value: K; inclusive: boolean } | undefined,
    upper: { value: K; inclusive: boolean } | undefined,
    descending = false,
  ): Generator<K> {
    const above = (k: K) => !lower || k > lower.value || (lower.inclusive && k === lower.value);
    const below = (k: K) => !upper || k < upper.value || (upper.inclusive && k === upper.value);
    if (!descending) {
      let c = lower ? this.chunkFor(lower.value) : 0;
      let i = lower && c < this.chunks.length ? SortedKeys.lowerBound(this.chunks[c] as K[], lower.value) : 0;
      for (; c < this.chunks.length; c++, i = 0) {
        const chunk = this.chunks[c] as K[];
        for (; i < chunk.length; i++) {
          const k = chunk[i] as K;
          if (!below(k)) return;
          if (above(k)) yield k;
        }
      }
      return;
    }
    let c = upper ? Math.min(this.chunkFor(upper.value), this.chunks.length - 1) : this.chunks.length - 1;
    for (; c >= 0; c--) {
      const chunk = this.chunks[c] as K[];
      for (let i = chunk.length - 1; i >= 0; i--) {
        const k = chunk[i] as K;
        if (!above(k)) return;
        if (below(k)) yield k;
      }
    }
  }
}
