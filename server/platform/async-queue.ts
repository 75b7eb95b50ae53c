/** A push-based async iterable: producers push, one consumer iterates until end or abort. */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private ended = false;
  private failure: unknown;

  push(item: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  end(): void {
    this.ended = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined as never, done: true });
    }
  }

  fail(error: unknown): void {
    this.failure = error ?? new Error("queue failed");
    this.end();
  }

  async *iterate(signal?: AbortSignal): AsyncGenerator<T> {
    const onAbort = () => this.end();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        if (this.items.length > 0) {
          yield this.items.shift() as T;
          continue;
        }
        if (this.ended) break;
        const next = await new Promise<IteratorResult<T>>((resolve) => (this.waiting = resolve));
        if (next.done) break;
        yield next.value;
      }
      if (this.failure && !signal?.aborted) throw this.failure;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

/** Merges many small text deltas into fewer, larger ones (at most one per interval). */
export class DeltaCoalescer {
  private buffer = "";
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly intervalMs = 50,
    private readonly maxChars = 400,
  ) {}

  push(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= this.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer) {
      const text = this.buffer;
      this.buffer = "";
      this.emit(text);
    }
  }

  /** Drops buffered text (after a reset). */
  discard(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = "";
  }
}
