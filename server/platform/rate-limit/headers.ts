import type { RateLimitResult } from "./limiter";
import type { PolicyName, PolicyTable } from "./policies";
import { RATE_LIMIT_POLICIES } from "./policies";

/**
 * Rate-limit response headers, in the syntax of the current IETF draft,
 * draft-ietf-httpapi-ratelimit-headers-10 (Structured Field Lists of named policies):
 *
 *   RateLimit-Policy: "support_ip";q=100;w=60
 *   RateLimit: "support_ip";r=0;t=37
 *   Retry-After: 37                       (RFC 9110, on 429 only)
 *
 * `q` quota units per `w` seconds; `r` units remaining; `t` seconds until the quota resets (for the
 * sliding-window counter: the end of the current fixed window, when some quota is available again).
 * One response can carry several policies (chat.send: support_ip and chat_session), comma-separated.
 * Within one HTTP request (a tRPC batch shares one `Headers`) each policy keeps its most
 * restrictive state, so the last call to finish cannot hide an exhausted quota.
 */

interface PolicyState {
  limit: number;
  remaining: number;
  reset: number;
  windowMs: number;
}

const states = new WeakMap<Headers, Map<PolicyName, PolicyState>>();

function secondsUntil(reset: number, now: number): number {
  return Math.max(0, Math.ceil((reset - now) / 1000));
}

/** Records decisions (backend failures are skipped: their counts are unknown) and rewrites the headers. */
export function applyRateLimitHeaders(
  headers: Headers,
  results: readonly RateLimitResult[],
  options: { now?: number; policies?: PolicyTable } = {},
): void {
  const now = options.now ?? Date.now();
  const policies = options.policies ?? RATE_LIMIT_POLICIES;
  let map = states.get(headers);
  if (!map) {
    map = new Map();
    states.set(headers, map);
  }
  for (const r of results) {
    if (r.outcome === "failed_open" || r.outcome === "failed_closed") continue;
    const previous = map.get(r.policy);
    if (!previous || r.remaining < previous.remaining || (r.remaining === previous.remaining && r.reset > previous.reset)) {
      map.set(r.policy, { limit: r.limit, remaining: r.remaining, reset: r.reset, windowMs: policies[r.policy].windowMs });
    }
  }
  if (map.size === 0) return;
  const entries = [...map.entries()];
  headers.set("RateLimit-Policy", entries.map(([name, s]) => `"${name}";q=${s.limit};w=${Math.round(s.windowMs / 1000)}`).join(", "));
  headers.set("RateLimit", entries.map(([name, s]) => `"${name}";r=${s.remaining};t=${secondsUntil(s.reset, now)}`).join(", "));
}

/** Seconds a refused caller should wait (at least 1), and sets `Retry-After` to the largest so far. */
export function applyRetryAfter(headers: Headers, limited: readonly RateLimitResult[], now = Date.now()): number {
  const seconds = Math.max(1, ...limited.map((r) => secondsUntil(r.reset, now)));
  const existing = Number(headers.get("Retry-After") ?? 0);
  headers.set("Retry-After", String(Math.max(seconds, Number.isFinite(existing) ? existing : 0)));
  return seconds;
}
