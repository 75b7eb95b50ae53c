import type { RateLimiter, RateLimitResult } from "./limiter";
import { rateLimitKeys, type KeyHasher, type PolicyName } from "./policies";

/**
 * Order-lookup failure limits (order_lookup_failures_order, _session, _ip): only FAILED lookups
 * count, and an exhausted key is refused before any lookup happens.
 *
 * Implemented as reserve → look up → keep or refund, so the check and the count are one atomic
 * step in the backend: every lookup first consumes one unit on both keys (refused, nothing done,
 * when either is exhausted); a lookup that fails keeps its units, any other outcome gives them back.
 * A plain "check remaining, then count failures afterwards" would let N concurrent wrong guesses
 * (a batch, or parallel requests) all pass the check; with reservations at most `limit` can be in
 * flight or counted per key. Both policies fail closed.
 */

export interface OrderLookupIdentity {
  orderNumber: string;
  /** The caller's verified widget session, if any; without one the client IP is the key. */
  sessionId?: string | undefined;
  ip: string;
}

export function orderLookupKeys(identity: OrderLookupIdentity, hashKey: KeyHasher): Array<{ policy: PolicyName; key: string }> {
  return [
    { policy: "order_lookup_failures_order", key: rateLimitKeys.order(identity.orderNumber, hashKey) },
    ...(identity.sessionId ? [{ policy: "order_lookup_failures_session" as const, key: rateLimitKeys.session(identity.sessionId) }] : []),
    { policy: "order_lookup_failures_ip", key: rateLimitKeys.ip(identity.ip) },
  ];
}

export type GuardedLookup<T> =
  | { status: "ran"; value: T; failed: boolean }
  /** Refused before looking up: a key is exhausted (`limited`) or the backend failed (`unavailable`). */
  | { status: "refused"; reason: "limited" | "unavailable"; results: RateLimitResult[]; limited: RateLimitResult[] };

/**
 * Runs `lookup` under the order-lookup failure limits. `isFailure` says whether its outcome was a
 * failed lookup (NOT_FOUND). If `lookup` throws, `isFailure` is asked about the error (wrapped as
 * `{ error }`) and the error is rethrown after the units are kept or refunded.
 */
export async function guardOrderLookup<T>(
  limiter: RateLimiter,
  hashKey: KeyHasher,
  identity: OrderLookupIdentity,
  lookup: () => Promise<T>,
  isFailure: (outcome: { value: T } | { error: unknown }) => boolean,
): Promise<GuardedLookup<T>> {
  const keys = orderLookupKeys(identity, hashKey);
  const results = await Promise.all(keys.map(({ policy, key }) => limiter.limit(policy, key)));
  const release = () =>
    Promise.all(keys.map(({ policy, key }, i) => (results[i]?.outcome === "allowed" ? limiter.refund(policy, key) : undefined)));

  if (!results.every((r) => r.success)) {
    await release();
    const unavailable = results.some((r) => r.outcome === "failed_closed");
    return {
      status: "refused",
      reason: unavailable ? "unavailable" : "limited",
      results,
      limited: results.filter((r) => r.outcome === "limited"),
    };
  }

  let value: T;
  try {
    value = await lookup();
  } catch (error) {
    if (!isFailure({ error })) await release();
    throw error;
  }
  const failed = isFailure({ value });
  if (!failed) await release();
  return { status: "ran", value, failed };
}
