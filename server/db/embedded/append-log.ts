/**
 * Group commit over one data file kept open for the collection's lifetime.
 *
 * `append()` assigns the record its offset at once (the end of everything appended so far) and queues
 * its bytes; the writer then writes everything queued as ONE write followed by ONE fdatasync, and
 * resolves every `durable()` waiter whose records that covered. While a write+sync is in flight, new
 * records queue for the next one, so N concurrent appends cost one or two syncs instead of N.
 *
 * Fail-stop: if a write or sync fails (a full disk, an I/O error), that batch and everything queued
 * after it are rejected with an EmbeddedStoreUnavailableError, the batch's partial bytes are
 * truncated away when possible, and the log refuses further appends; the owner reloads from disk.
 */
import { unavailableError, type EmbeddedStoreUnavailableError } from "./errors";
import type { DataFileHandle } from "./file-io";

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface AppendLogStats {
  /** write+sync rounds. */
  batches: number;
  /** Records appended. */
  records: number;
}

export class AppendLog {
  /** End of everything appended (queued or written): the next record's offset. */
  private end: number;
  /** End of the bytes the kernel has (readable through the handle). */
  private written: number;
  /** End of the bytes known to be on stable storage. */
  private synced: number;
  private queue: Buffer[] = [];
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private failure: EmbeddedStoreUnavailableError | null = null;
  private truncation: Promise<void> = Promise.resolve();
  readonly stats: AppendLogStats = { batches: 0, records: 0 };

  constructor(
    readonly handle: DataFileHandle,
    private readonly file: string,
    size: number,
    private readonly onFailure: (error: EmbeddedStoreUnavailableError) => void = () => undefined,
  ) {
    this.end = size;
    this.written = size;
    this.synced = size;
  }

  get size(): number {
    return this.end;
  }

  /** Bytes below this offset can be read back through the handle. */
  get readableEnd(): number {
    return this.written;
  }

  get failed(): EmbeddedStoreUnavailableError | null {
    return this.failure;
  }

  /** Queues a record (a complete line) and returns its offset. Throws once the log has failed. */
  append(bytes: Buffer): number {
    if (this.failure) throw this.failure;
    const offset = this.end;
    this.end += bytes.length;
    this.queue.push(bytes);
    this.stats.records++;
    if (!this.scheduled) {
      this.scheduled = true;
      // Everything appended in the current synchronous run joins the same batch.
      queueMicrotask(() => {
        this.scheduled = false;
        this.kick();
      });
    }
    return offset;
  }

  /** Resolves once every byte below `upTo` (default: everything appended so far) is on stable storage. */
  durable(upTo: number = this.end): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.synced >= upTo) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing || this.queue.length === 0 || this.failure) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      this.kick();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.length === 1 ? (this.queue[0] as Buffer) : Buffer.concat(this.queue);
    this.queue = [];
    const start = this.written;
    const end = start + batch.length;
    try {
      await this.handle.append(batch);
      this.written = end;
      await this.handle.datasync();
    } catch (error) {
      this.fail(unavailableError("write", this.file, error), start);
      return;
    }
    this.synced = end;
    this.stats.batches++;
    if (this.waiters.length > 0) {
      const still: Waiter[] = [];
      for (const w of this.waiters) {
        if (w.upTo <= end) w.resolve();
        else still.push(w);
      }
      this.waiters = still;
    }
  }

  private fail(error: EmbeddedStoreUnavailableError, batchStart: number): void {
    this.failure = error;
    this.queue = [];
    // Best effort: cut the failed batch's partial bytes so they never surface (a torn last line
    // would be dropped on load anyway).
    this.truncation = this.handle.truncate(batchStart).catch(() => undefined);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(error);
    this.onFailure(error);
  }

  /** Waits for everything appended so far to be durable (or for the failure). */
  async drain(): Promise<void> {
    while (this.flushing || this.queue.length > 0) {
      if (this.failure) throw this.failure;
      await this.durable();
    }
    if (this.failure) throw this.failure;
  }

  /** Drains, then closes the file. */
  async close(): Promise<void> {
    try {
      await this.drain();
    } finally {
      await this.abandon();
    }
  }

  /** Closes the file without waiting for queued records (after a failure). */
  async abandon(): Promise<void> {
    await this.flushing?.catch(() => undefined);
    await this.truncation;
    await this.handle.close();
  }
}
