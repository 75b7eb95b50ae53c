import { TRPCError } from "@trpc/server";
import { createHash } from "node:crypto";
import { recordIdempotentReplay } from "../platform/metrics-record";
import { t } from "./init";

/** JSON with sorted keys, so the same body always hashes the same. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/** The stored record's id: caller scope, procedure and key. */
export function idempotencyRecordId(scope: string, path: string, key: string): string {
  return sha256(`${scope}|${path}|${key}`);
}

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** The shortest lease an in-progress key holds: longer than any procedure's own deadline. */
export const IDEMPOTENCY_MIN_LEASE_MS = 60_000;

/**
 * How long an in-progress key is held before a retry may take it over: at least 60 s, and twice
 * the LLM's overall deadline (per-attempt timeout × attempts + 1 s) when that is configured longer,
 * so a slow but live chat turn never loses its key.
 */
export function idempotencyLeaseMs(llm: { timeoutMs: number; maxRetries: number }): number {
  return Math.max(IDEMPOTENCY_MIN_LEASE_MS, 2 * (llm.timeoutMs * (llm.maxRetries + 1) + 1_000));
}

/**
 * Idempotency-Key semantics as Stripe's, for every mutation: the key (at most 255 characters, else
 * 400) is scoped to the caller (staff user, widget session, or client address) and the procedure;
 * the first result is stored for 24 h and replayed; the same key with a different body is rejected
 * (422); a duplicate that arrives while the first is still running is answered 409. A failed first
 * attempt is forgotten, so the client may retry with the same key. A run whose process died keeps
 * the key only for its lease: after that, one retry takes the key over and runs the operation once.
 */
export const idempotency = t.middleware(async ({ ctx, path, type, next, getRawInput }) => {
  if (type !== "mutation" || !ctx.idempotencyKey) return next();
  if (ctx.idempotencyKey.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `Idempotency-Key must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters (got ${ctx.idempotencyKey.length}).`,
    });
  }
  const session = await ctx.widgetSession();
  const scope = ctx.staff ? `staff:${ctx.staff.userId}` : session ? `session:${session.sid}` : `ip:${ctx.ip}`;
  const id = idempotencyRecordId(scope, path, ctx.idempotencyKey);
  const requestHash = sha256(stableStringify(await getRawInput()));
  const keys = ctx.runtime.repositories.idempotencyKeys;

  const claim = await keys.begin(id, requestHash, {
    leaseMs: idempotencyLeaseMs(ctx.runtime.config.deepseek),
    // Only widget sessions are recorded (for a shopper's erasure); client addresses are not stored.
    ...(scope.startsWith("session:") ? { scope } : {}),
  });
  if (claim.kind === "existing") {
    if (claim.doc.requestHash !== requestHash) {
      throw new TRPCError({
        code: "UNPROCESSABLE_CONTENT",
        message: "This Idempotency-Key was already used with a different request body.",
      });
    }
    if (claim.doc.state !== "completed") {
      throw new TRPCError({ code: "CONFLICT", message: "A request with this Idempotency-Key is still being processed. Retry shortly." });
    }
    recordIdempotentReplay(ctx.runtime.metrics, path);
    ctx.responseHeaders.set("Idempotent-Replayed", "true");
    // A middleware result built by hand: tRPC checks only `ok` and `data` (the marker is a type brand).
    return { ok: true as const, data: claim.doc.response, marker: "middlewareMarker" as never };
  }
  const { attempt } = claim;
  let result: Awaited<ReturnType<typeof next>>;
  try {
    result = await next();
  } catch (error) {
    await keys.release(id, attempt);
    throw error;
  }
  if (result.ok) await keys.complete(id, attempt, JSON.parse(JSON.stringify(result.data ?? null)));
  else await keys.release(id, attempt);
  return result;
});
