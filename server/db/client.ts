/**
 * Connects the app to its document store: MongoDB when a URI is configured, otherwise the
 * embedded on-disk engine. Repository code is written once against the driver's `Db` type.
 */
import path from "node:path";
import {
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Db,
  type MongoClientOptions,
} from "mongodb";
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

/** Server error codes meaning "this node cannot serve the write/read right now; retry". */
const MONGO_UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  14031, // OutOfDiskSpace
]);
const MONGO_UNAVAILABLE_NAMES = new Set([
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoServerSelectionError",
  "MongoTopologyClosedError",
  "MongoNotConnectedError",
  "MongoPoolClearedError",
]);

/**
 * True when the store cannot serve the operation right now but may shortly: the embedded store's
 * disk is full or unwritable (EmbeddedStoreUnavailableError) or it is shutting down, or MongoDB is
 * unreachable, has no primary, or is stepping down. The error seam answers these with 503 and
 * `Retry-After` (`retryAfterSeconds` when the error carries one) instead of 500.
 * Checks names and codes as well as classes: the Remix build and the server may hold separate copies.
 */
export function isStoreUnavailableError(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  const e = error as { name?: unknown; code?: unknown; errorLabels?: unknown; cause?: unknown };
  if (e.name === "EmbeddedStoreUnavailableError" || e.code === "STORE_UNAVAILABLE") return true;
  if (e.name === "EmbeddedStoreError" && e.code === "STORE_CLOSED") return true;
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError
  ) {
    return true;
  }
  if (typeof e.name === "string" && MONGO_UNAVAILABLE_NAMES.has(e.name)) return true;
  if (typeof e.code === "number" && MONGO_UNAVAILABLE_CODES.has(e.code) && typeof e.name === "string" && e.name.startsWith("Mongo")) {
    return true;
  }
  if (
    Array.isArray(e.errorLabels) &&
    (e.errorLabels.includes("RetryableWriteError") || e.errorLabels.includes("TransientTransactionError"))
  ) {
    return true;
  }
  return false;
}

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
