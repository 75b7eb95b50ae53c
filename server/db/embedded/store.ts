/** Opening and closing the embedded store: directory lock, index catalog, collections, TTL sweeper. */
import { promises as fs } from "node:fs";
import path from "node:path";
import { closedError, EmbeddedStoreError, unavailableError } from "./errors";
import { EmbeddedDb, type DbBackend } from "./db";
import { DIR_MODE, FILE_MODE, nodeFileIo, type FileIo } from "./file-io";
import { IndexCatalog } from "./index-catalog";
import { acquireDirLock, type DirLock } from "./lock";
import { CollectionStorage, type StorageStats, type StorageTuning, type StoreContext } from "./storage";
import { TtlSweeper } from "./ttl";

export interface EmbeddedStoreOptions {
  /** Data directory (created if missing). One process at a time may open it. */
  dir: string;
  /** How often expired TTL documents are deleted. Default 1000 ms. */
  ttlSweepIntervalMs?: number;
  /** Name used in namespaces and error messages. Default "embedded". */
  dbName?: string;
  /** Called when background work (TTL sweep, compaction, checkpoint) fails. Default: ignored (retried later). */
  onBackgroundError?: (error: unknown) => void;
  /** Parsed documents kept in memory per collection, in bytes of their stored form. Default 8 MiB. */
  cacheBytes?: number;
  /** Compact a collection's file when it exceeds this multiple of its live data. Default 2. */
  compactionRatio?: number;
  /** …and has at least this many dead bytes. Default 1 MiB. */
  compactionMinDeadBytes?: number;
  /** Checkpoint a collection after this many appended bytes (and ≥ a third of its file). Default 16 MiB. */
  checkpointMinBytes?: number;
  /** File operations of the data files (tests inject failures here). Default: node:fs. */
  fileIo?: FileIo;
}

export const DEFAULT_TUNING: StorageTuning = {
  cacheBytes: 8 * 1024 * 1024,
  compactionRatio: 2,
  compactionMinDeadBytes: 1024 * 1024,
  checkpointMinBytes: 16 * 1024 * 1024,
};

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function assertCollectionName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !COLLECTION_NAME.test(name)) {
    throw new EmbeddedStoreError(
      "INVALID_NAME",
      `Invalid collection name ${JSON.stringify(name)}: use a letter followed by up to 63 letters, digits or underscores`,
    );
  }
}

export class EmbeddedStore {
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly storages = new Map<string, CollectionStorage>();
  private readonly context: StoreContext;
  private readonly backend: DbBackend;
  private readonly database: EmbeddedDb;
  private readonly sweeper: TtlSweeper;

  /** @internal use openEmbeddedStore() */
  constructor(
    readonly dir: string,
    readonly dbName: string,
    private readonly catalog: IndexCatalog,
    private readonly lock: DirLock,
    ttlSweepIntervalMs: number,
    onBackgroundError: (error: unknown) => void,
    io: FileIo,
    tuning: StorageTuning,
  ) {
    const isClosed = () => this.closed;
    this.context = { dir, dbName, catalog, isClosed, io, tuning, onBackgroundError };
    this.backend = {
      dbName,
      isClosed,
      storage: (name) => this.storage(name),
      collectionNames: () => this.collectionNames(),
    };
    this.database = new EmbeddedDb(this.backend);
    this.sweeper = new TtlSweeper(ttlSweepIntervalMs, () => this.sweepTtl(), onBackgroundError);
    this.sweeper.start();
  }

  db(): EmbeddedDb {
    return this.database;
  }

  /** Throws if the store is closed or its directory is not writable. */
  async ping(): Promise<void> {
    if (this.closed) throw closedError("ping");
    const probe = path.join(this.dir, `.ping-${process.pid}`);
    try {
      await fs.writeFile(probe, "ok", { mode: FILE_MODE });
      await fs.rm(probe, { force: true });
    } catch (error) {
      throw unavailableError("ping", this.dir, error);
    }
  }

  /**
   * Stops the sweeper, lets queued operations finish, writes each collection's checkpoint (so the
   * next start is fast), closes the files and releases the directory. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      await this.sweeper.stop();
      await Promise.all([...this.storages.values()].map((s) => s.close()));
      await this.catalog.idle();
      await this.lock.release();
    })();
    return this.closing;
  }

  /** Per loaded collection: documents, live and file bytes, cache, write batches, compactions, last load. */
  stats(): Record<string, StorageStats> {
    const out: Record<string, StorageStats> = {};
    for (const [name, storage] of this.storages) {
      const stats = storage.stats();
      if (stats) out[name] = stats;
    }
    return out;
  }

  /** Compacts one collection now (normally automatic). */
  async compact(name: string): Promise<void> {
    const storage = this.storage(name);
    await storage.run("compact", () => undefined);
    await storage.compactNow();
  }

  private storage(name: string): CollectionStorage {
    assertCollectionName(name);
    let storage = this.storages.get(name);
    if (!storage) {
      storage = new CollectionStorage(this.context, name);
      this.storages.set(name, storage);
    }
    return storage;
  }

  private async collectionNames(): Promise<string[]> {
    const names = new Set<string>([...this.storages.keys(), ...this.catalog.collections()]);
    for (const entry of await fs.readdir(this.dir)) {
      const match = /^(.+)\.db$/.exec(entry);
      if (match?.[1] && COLLECTION_NAME.test(match[1])) names.add(match[1]);
    }
    const out: string[] = [];
    for (const name of [...names].sort()) if (await this.storage(name).exists()) out.push(name);
    return out;
  }

  private async sweepTtl(): Promise<void> {
    const now = Date.now();
    for (const name of this.catalog.collections()) {
      if (this.closed) return;
      if (!this.catalog.get(name).some((s) => s.expireAfterSeconds !== undefined)) continue;
      const storage = this.storage(name);
      await storage.run("ttl sweep", () => storage.sweepExpired(now));
    }
  }
}

export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const dir = path.resolve(options.dir);
  const interval = options.ttlSweepIntervalMs ?? 1000;
  if (!Number.isFinite(interval) || interval <= 0) {
    throw new EmbeddedStoreError("INVALID_ARGUMENT", "ttlSweepIntervalMs must be a positive number");
  }
  const tuning: StorageTuning = {
    cacheBytes: options.cacheBytes ?? DEFAULT_TUNING.cacheBytes,
    compactionRatio: options.compactionRatio ?? DEFAULT_TUNING.compactionRatio,
    compactionMinDeadBytes: options.compactionMinDeadBytes ?? DEFAULT_TUNING.compactionMinDeadBytes,
    checkpointMinBytes: options.checkpointMinBytes ?? DEFAULT_TUNING.checkpointMinBytes,
  };
  if (!(tuning.compactionRatio > 1)) throw new EmbeddedStoreError("INVALID_ARGUMENT", "compactionRatio must be greater than 1");
  await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  // Store directories created by older versions (or under a permissive umask) are narrowed too.
  await fs.chmod(dir, DIR_MODE).catch(() => undefined);
  const lock = await acquireDirLock(dir);
  try {
    const catalog = await IndexCatalog.load(dir);
    return new EmbeddedStore(
      dir,
      options.dbName ?? "embedded",
      catalog,
      lock,
      interval,
      options.onBackgroundError ?? (() => {}),
      options.fileIo ?? nodeFileIo,
      tuning,
    );
  } catch (error) {
    await lock.release();
    throw error;
  }
}
