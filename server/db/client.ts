/**
 * Connects the app to its document store: MongoDB when a URI is configured, otherwise the
 * embedded on-disk engine. Repository code is written once against the driver's `Db` type.
 */
import path from "node:path";
import { MongoClient, type Db, type MongoClientOptions } from "mongodb";
import { openEmbeddedStore } from "./embedded/index";

export interface StoreLogger {
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
}

export interface ConnectStoreOptions {
  mongodbUri?: string;
  mongodbDbName?: string;
  /** Application data directory; the embedded store lives in `<dataDir>/store`. */
  dataDir: string;
  logger?: StoreLogger;
  /** MongoDB connection attempts before giving up. Default 4. */
  connectAttempts?: number;
  /** Called for every failed MongoDB connection attempt (metrics). */
  onConnectFailure?: () => void;
  /** Embedded engine tuning (tests use a short TTL sweep interval). */
  embedded?: { ttlSweepIntervalMs?: number };
  /** MongoDB timeouts (config: MONGODB_SERVER_SELECTION_TIMEOUT_MS, MONGODB_OPERATION_TIMEOUT_MS). */
  mongo?: { serverSelectionTimeoutMs?: number; operationTimeoutMs?: number };
}

/** The embedded store's directory is open in another process (it is single-process). */
export class StoreInUseError extends Error {
  constructor(
    readonly dir: string,
    cause: unknown,
  ) {
    super(
      `The embedded store in ${dir} is already in use by another process. The embedded store is single-process: ` +
        "run one app instance per DATA_DIR, or set MONGODB_URI to run several instances.",
      { cause },
    );
    this.name = "StoreInUseError";
  }
}

/**
 * Client options for production MongoDB. The driver (7.x) ignores `timeoutMS` (deprecated, no
 * effect), so operations are bounded by: server selection long enough to ride out an election
 * (~12 s; default 30 s), a write-concern timeout, and a socket inactivity timeout a little above
 * the operation bound. Retryable reads and writes cover the election's "not primary" errors.
 */
export function mongoClientOptions(opts: { serverSelectionTimeoutMs?: number; operationTimeoutMs?: number } = {}): MongoClientOptions {
  const operation = opts.operationTimeoutMs ?? 30_000;
  return {
    writeConcern: { w: "majority", wtimeoutMS: operation },
    retryWrites: true,
    retryReads: true,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMs ?? 30_000,
    connectTimeoutMS: 10_000,
    socketTimeoutMS: operation + 5_000,
  };
}

export interface Store {
  kind: "mongodb" | "embedded";
  db: Db;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 5_000;

export { isDuplicateKeyError } from "./errors";

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, "//***@");
}

async function connectMongo(uri: string, dbName: string | undefined, opts: ConnectStoreOptions): Promise<Store> {
  const attempts = Math.max(1, opts.connectAttempts ?? 4);
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    // A client whose first connect failed stays broken, so each attempt gets a fresh one.
    const client = new MongoClient(uri, mongoClientOptions(opts.mongo));
    try {
      await client.connect();
      const db = client.db(dbName);
      await withTimeout(db.command({ ping: 1 }), PING_TIMEOUT_MS, "MongoDB ping");
      opts.logger?.info({ db: db.databaseName, attempt }, "connected to MongoDB");
      return {
        kind: "mongodb",
        db,
        ping: async () => {
          await withTimeout(db.command({ ping: 1 }), PING_TIMEOUT_MS, "MongoDB ping");
        },
        close: () => client.close(),
      };
    } catch (error) {
      lastError = error;
      opts.onConnectFailure?.();
      await client.close().catch(() => undefined);
      if (attempt < attempts) {
        const delay = Math.min(500 * 2 ** (attempt - 1), 4_000);
        opts.logger?.warn({ attempt, delayMs: delay, err: (error as Error).message }, "MongoDB connection failed, retrying");
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
  throw new Error(
    `Could not connect to MongoDB at ${redact(uri)} after ${attempts} attempts: ${(lastError as Error)?.message ?? String(lastError)}`,
    {
      cause: lastError,
    },
  );
}

export async function connectStore(opts: ConnectStoreOptions): Promise<Store> {
  if (opts.mongodbUri) return connectMongo(opts.mongodbUri, opts.mongodbDbName, opts);
  const dir = path.join(opts.dataDir, "store");
  const embedded = await openEmbeddedStore({ dir, ...opts.embedded }).catch((error: unknown) => {
    if ((error as { code?: unknown })?.code === "STORE_LOCKED") throw new StoreInUseError(dir, error);
    throw error;
  });
  opts.logger?.info({ dir }, "using the embedded document store");
  return {
    kind: "embedded",
    // The one place the embedded engine stands in for the driver: it implements the subset of
    // Db/Collection that repositories use (see server/db/embedded); anything else throws a clear error.
    db: embedded.db() as unknown as Db,
    ping: () => embedded.ping(),
    close: () => embedded.close(),
  };
}
