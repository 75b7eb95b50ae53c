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

/**
 * Idempotency-Key semantics as Stripe's, for every mutation: the key is scoped to the caller
 * (staff user, widget session, or client address) and the procedure; the first result is stored
 * for 24 h and replayed; the same key with a different body is rejected (422); a duplicate that
 * arrives while the first is still running is answered 409. A failed first attempt is forgotten,
 * so the client may retry with the same key.
 */
export const idempotency = t.middleware(async ({ ctx, path, type, next, getRawInput }) => {
  if (type !== "mutation" || !ctx.idempotencyKey) return next();
  const session = await ctx.widgetSession();
  const scope = ctx.staff ? `staff:${ctx.staff.userId}` : session ? `session:${session.sid}` : `ip:${ctx.ip}`;
  const id = idempotencyRecordId(scope, path, ctx.idempotencyKey);
  const requestHash = sha256(stableStringify(await getRawInput()));
  const keys = ctx.runtime.repositories.idempotencyKeys;

  const claim = await keys.begin(id, requestHash);
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
  let result: Awaited<ReturnType<typeof next>>;
  try {
    result = await next();
  } catch (error) {
    await keys.release(id);
    throw error;
  }
  if (result.ok) await keys.complete(id, JSON.parse(JSON.stringify(result.data ?? null)));
  else await keys.release(id);
  return result;
});
