/**
 * In-process sliding-window counter, the same algorithm (and rounding) as `@upstash/ratelimit`'s
 * single-region `slidingWindow` Lua script, so the memory backend answers exactly as Redis would:
 *
 *   used = count(current fixed window) + floor(count(previous window) × (1 − elapsed/window))
 *
 * A call is refused when `used >= limit` (refused calls consume nothing); `reset` is the end of the
 * current fixed window. Single process only. Stale entries are swept as the map is used.
 */
interface Entry {
  window: number;
  current: number;
  previous: number;
  windowMs: number;
}

export interface MemoryCounts {
  success: boolean;
  limit: number;
  remaining: number;
  reset: number;
}

const SWEEP_EVERY = 1000;

export class MemorySlidingWindow {
  private readonly entries = new Map<string, Entry>();
  private operations = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds `rate` units (negative: gives units back) unless that would exceed the limit. */
  limit(key: string, limit: number, windowMs: number, rate = 1): MemoryCounts {
    const now = this.now();
    const entry = this.entry(key, windowMs, now);
    const weighted = this.weightedPrevious(entry, now);
    const reset = (entry.window + 1) * windowMs;
    if (rate > 0 && weighted + entry.current >= limit) {
      return { success: false, limit, remaining: 0, reset };
    }
    if (rate >= 0) {
      entry.current += rate;
    } else {
      // A refund: take it from the current window first, then the previous one; never below zero.
      let give = -rate;
      const fromCurrent = Math.min(give, entry.current);
      entry.current -= fromCurrent;
      give -= fromCurrent;
      entry.previous = Math.max(0, entry.previous - give);
    }
    this.entries.set(key, entry);
    const remaining = limit - (entry.current + this.weightedPrevious(entry, now));
    return { success: true, limit, remaining: Math.max(0, remaining), reset };
  }

  peek(key: string, limit: number, windowMs: number): MemoryCounts {
    const now = this.now();
    const entry = this.entry(key, windowMs, now);
    const remaining = Math.max(0, limit - (entry.current + this.weightedPrevious(entry, now)));
    return { success: remaining > 0, limit, remaining, reset: (entry.window + 1) * windowMs };
  }

  clear(key: string): void {
    this.entries.delete(key);
  }

  clearAll(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private weightedPrevious(entry: Entry, now: number): number {
    const elapsed = (now % entry.windowMs) / entry.windowMs;
    return Math.floor((1 - elapsed) * entry.previous);
  }

  /** The entry for `key`, rolled forward to the current window (not stored until written). */
  private entry(key: string, windowMs: number, now: number): Entry {
    if (++this.operations % SWEEP_EVERY === 0) this.sweep(now);
    const window = Math.floor(now / windowMs);
    const stored = this.entries.get(key);
    if (!stored || stored.windowMs !== windowMs || stored.window < window - 1) {
      return { window, current: 0, previous: 0, windowMs };
    }
    if (stored.window === window - 1) {
      return { window, current: 0, previous: stored.current, windowMs };
    }
    return { ...stored };
  }

  private sweep(now: number) {
    for (const [key, entry] of this.entries) {
      if (entry.window < Math.floor(now / entry.windowMs) - 1) this.entries.delete(key);
    }
  }
}
