/**
 * Errors raised by the embedded store. Server-side failures that have a MongoDB equivalent
 * (duplicate key, immutable _id, bad update document) are shaped like the driver's
 * `MongoServerError` (name, numeric code, codeName, errmsg) so callers handle both engines alike.
 */

export type EmbeddedErrorCode =
  | "STORE_CLOSED"
  | "STORE_LOCKED"
  | "STORE_UNAVAILABLE"
  | "INVALID_NAME"
  | "INVALID_DOCUMENT"
  | "INVALID_ARGUMENT"
  | "UNSUPPORTED"
  | "CORRUPT_DATA"
  | "IO_ERROR";

/** Engine-level failure (bad input, closed store, I/O). */
export class EmbeddedStoreError extends Error {
  override name = "EmbeddedStoreError";
  readonly code: EmbeddedErrorCode;
  constructor(code: EmbeddedErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Why the store cannot take writes (or reads) right now. */
export type UnavailableReason = "disk_full" | "read_only" | "io_error";

/**
 * The store's files cannot be written or read right now: the disk is full (ENOSPC, EDQUOT), the
 * file system is read-only (EROFS), or the operating system reported another I/O failure. Nothing
 * unacknowledged was kept: the operation did not happen (or, if its bytes reached the file before
 * the failure, it surfaces after a reload like a write whose acknowledgement was lost). The same
 * operation may succeed once the condition clears, so callers answer "503, retry later" — see
 * `isStoreUnavailableError` in `server/db/client.ts`.
 */
export class EmbeddedStoreUnavailableError extends EmbeddedStoreError {
  override name = "EmbeddedStoreUnavailableError";
  declare readonly code: "STORE_UNAVAILABLE";
  readonly reason: UnavailableReason;
  /** The operating system's error code (`ENOSPC`, `EIO`, …) when there was one. */
  readonly errno: string | undefined;
  /** A suggested client back-off. */
  readonly retryAfterSeconds: number;
  constructor(reason: UnavailableReason, message: string, options: { cause?: unknown; errno?: string } = {}) {
    super("STORE_UNAVAILABLE", message, { cause: options.cause });
    this.reason = reason;
    this.errno = options.errno;
    this.retryAfterSeconds = reason === "disk_full" ? 30 : 5;
  }
}

const DISK_FULL = new Set(["ENOSPC", "EDQUOT", "EFBIG"]);
const READ_ONLY = new Set(["EROFS", "EACCES", "EPERM"]);

/** A failure of the operating system while touching `file` → EmbeddedStoreUnavailableError. */
export function unavailableError(operation: string, file: string, error: unknown): EmbeddedStoreUnavailableError {
  if (error instanceof EmbeddedStoreUnavailableError) return error;
  const errno = (error as { code?: unknown } | undefined)?.code;
  const code = typeof errno === "string" ? errno : undefined;
  const reason: UnavailableReason = code && DISK_FULL.has(code) ? "disk_full" : code && READ_ONLY.has(code) ? "read_only" : "io_error";
  const what = reason === "disk_full" ? "the disk is full" : reason === "read_only" ? "the file is not writable" : "an I/O error occurred";
  const detail = code ? `${code}: ${(error as Error).message}` : ((error as Error | undefined)?.message ?? String(error));
  return new EmbeddedStoreUnavailableError(reason, `Embedded store ${operation} failed for ${file}: ${what} (${detail})`, {
    cause: error,
    errno: code,
  });
}

/** Mirrors the driver's MongoServerError for errors MongoDB itself would report. */
export class EmbeddedServerError extends Error {
  override name = "MongoServerError";
  readonly code: number;
  readonly codeName: string;
  readonly errmsg: string;
  readonly keyPattern?: Record<string, number>;
  readonly keyValue?: Record<string, unknown>;
  readonly errorResponse: Record<string, unknown>;
  constructor(
    code: number,
    codeName: string,
    message: string,
    extra: { keyPattern?: Record<string, number>; keyValue?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.code = code;
    this.codeName = codeName;
    this.errmsg = message;
    if (extra.keyPattern) this.keyPattern = extra.keyPattern;
    if (extra.keyValue) this.keyValue = extra.keyValue;
    this.errorResponse = { ok: 0, errmsg: message, code, codeName, ...extra };
  }
}

export const DUPLICATE_KEY = 11000;

function renderValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(renderValue).join(", ")} ]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{ ${entries.map(([k, v]) => `${k}: ${renderValue(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? String(value);
}

export function duplicateKeyError(
  namespace: string,
  indexName: string,
  keyPattern: Record<string, number>,
  keyValue: Record<string, unknown>,
): EmbeddedServerError {
  return new EmbeddedServerError(
    DUPLICATE_KEY,
    "DuplicateKey",
    `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: ${renderValue(keyValue)}`,
    { keyPattern, keyValue },
  );
}

export function closedError(operation: string): EmbeddedStoreError {
  return new EmbeddedStoreError("STORE_CLOSED", `Embedded store is closed; cannot run ${operation}`);
}

export function invalidArgument(message: string): EmbeddedStoreError {
  return new EmbeddedStoreError("INVALID_ARGUMENT", message);
}

export function unsupported(feature: string): EmbeddedStoreError {
  return new EmbeddedStoreError("UNSUPPORTED", `${feature} is not supported by the embedded store`);
}

/** Turn an unknown failure from the storage layer into an error that names the operation, not the library. */
export function storageError(operation: string, file: string, error: unknown): Error {
  if (error instanceof EmbeddedStoreError || error instanceof EmbeddedServerError) return error;
  const err = error as (Error & { code?: string; corruptItems?: number; dataLength?: number }) | undefined;
  if (err && typeof err.corruptItems === "number") {
    return new EmbeddedStoreError(
      "CORRUPT_DATA",
      `Data file ${file} is corrupt (${err.corruptItems} of ${err.dataLength ?? "?"} records unreadable); refusing to open it to prevent data loss`,
      { cause: error },
    );
  }
  if (typeof err?.code === "string") return unavailableError(operation, file, error);
  return new EmbeddedStoreError("IO_ERROR", `Embedded store ${operation} failed for ${file}: ${err?.message ?? String(error)}`, {
    cause: error,
  });
}

/** Query/aggregation errors from the matching engine become the server's BadValue (code 2). */
export function isMingoError(error: unknown): error is Error {
  return error instanceof Error && (error.name === "MingoError" || error.constructor.name === "MingoError");
}

export function badValue(error: unknown): unknown {
  return isMingoError(error) ? new EmbeddedServerError(2, "BadValue", error.message) : error;
}
