/**
 * Driver-like cursors. Options can be chained until the cursor is first read; the query then
 * runs once (inside the collection's queue) and results are served from a buffer.
 */
import { invalidArgument } from "./errors";
import type { FindSpec, SortInput } from "./query";
import type { Doc } from "./values";

abstract class BufferedCursor<T> implements AsyncIterable<T> {
  private buffer: unknown[] | undefined;
  private loading: Promise<unknown[]> | undefined;
  private readonly transforms: ((doc: never) => unknown)[] = [];
  private closedByUser = false;

  protected abstract fetch(): Promise<unknown[]>;

  protected get started(): boolean {
    return this.loading !== undefined;
  }

  protected assertNotStarted(): void {
    if (this.started) throw invalidArgument("Cursor is already initialized");
  }

  private async load(): Promise<unknown[]> {
    if (this.closedByUser) return [];
    this.loading ??= this.fetch().then((docs) => {
      let out = docs;
      for (const fn of this.transforms) out = out.map((d) => fn(d as never));
      this.buffer = out;
      return out;
    });
    await this.loading;
    return this.buffer ?? [];
  }

  /** Maps each document; like the driver, returns this cursor with a new element type. */
  map<R>(fn: (doc: T) => R): BufferedCursor<R> {
    this.assertNotStarted();
    this.transforms.push(fn as (doc: never) => unknown);
    return this as unknown as BufferedCursor<R>;
  }

  async toArray(): Promise<T[]> {
    const buffer = await this.load();
    const rest = buffer.splice(0, buffer.length);
    return rest as T[];
  }

  async next(): Promise<T | null> {
    const buffer = await this.load();
    return buffer.length > 0 ? (buffer.shift() as T) : null;
  }

  async tryNext(): Promise<T | null> {
    return this.next();
  }

  async hasNext(): Promise<boolean> {
    const buffer = await this.load();
    return buffer.length > 0;
  }

  async forEach(fn: (doc: T) => boolean | void): Promise<void> {
    for await (const doc of this) if (fn(doc) === false) break;
  }

  async close(): Promise<void> {
    this.closedByUser = true;
    if (this.buffer) this.buffer.length = 0;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, void> {
    for (;;) {
      const doc = await this.next();
      if (doc === null) return;
      yield doc;
    }
  }
}

export class EmbeddedFindCursor<T = Doc> extends BufferedCursor<T> {
  private readonly spec: FindSpec;

  constructor(
    private readonly run: (spec: FindSpec) => Promise<Doc[]>,
    spec: FindSpec,
  ) {
    super();
    this.spec = { ...spec };
  }

  protected fetch(): Promise<unknown[]> {
    return this.run(this.spec);
  }

  sort(sort: SortInput, direction?: 1 | -1 | "asc" | "desc"): this {
    this.assertNotStarted();
    this.spec.sort = typeof sort === "string" && direction !== undefined ? { [sort]: direction } : sort;
    return this;
  }

  skip(n: number): this {
    this.assertNotStarted();
    this.spec.skip = n;
    return this;
  }

  limit(n: number): this {
    this.assertNotStarted();
    this.spec.limit = n;
    return this;
  }

  project<R = Doc>(projection: Doc): EmbeddedFindCursor<R> {
    this.assertNotStarted();
    this.spec.projection = projection;
    return this as unknown as EmbeddedFindCursor<R>;
  }

  override map<R>(fn: (doc: T) => R): EmbeddedFindCursor<R> {
    return super.map(fn) as unknown as EmbeddedFindCursor<R>;
  }
}

export class EmbeddedAggregationCursor<T = Doc> extends BufferedCursor<T> {
  constructor(private readonly run: () => Promise<Doc[]>) {
    super();
  }

  protected fetch(): Promise<unknown[]> {
    return this.run();
  }

  override map<R>(fn: (doc: T) => R): EmbeddedAggregationCursor<R> {
    return super.map(fn) as unknown as EmbeddedAggregationCursor<R>;
  }
}

/** `listCollections()` / `listIndexes()` results. */
export class EmbeddedListCursor<T> extends BufferedCursor<T> {
  constructor(private readonly run: () => Promise<T[]>) {
    super();
  }

  protected fetch(): Promise<unknown[]> {
    return this.run();
  }
}
