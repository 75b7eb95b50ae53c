import { TRPCError, experimental_standaloneMiddleware } from "@trpc/server";
import { applyRateLimitHeaders, applyRetryAfter } from "../platform/rate-limit/headers";
import type { RateLimiter, RateLimitResult } from "../platform/rate-limit/limiter";
import { RATE_LIMIT_POLICIES, procedureRateLimits, rateLimitKeys, type PolicyTable } from "../platform/rate-limit/policies";

/**
 * tRPC middleware enforcing the rate-limit policies of server/platform/rate-limit/policies.ts.
 * It runs once per procedure call, so each call of a tRPC batch counts.
 *
 *  - support_ip (every support.*, session.*, chat.* call, keyed by client IP) and chat_session
 *    (chat.send / chat.start, keyed by the widget session) are consumed before the procedure runs;
 *  - dashboard_ip (every dashboard.* call, keyed by client IP);
 *  - failed order lookups are limited inside OrderAccessService, where every lookup happens;
 *  - headers (draft-ietf-httpapi-ratelimit-headers-10, see ../platform/rate-limit/headers.ts):
 *    `RateLimit-Policy` and `RateLimit` on every limited procedure's response, `Retry-After` on 429;
 *  - over the limit → TOO_MANY_REQUESTS (HTTP 429);
 *  - backend down/slow and the policy fails closed → SERVICE_UNAVAILABLE (HTTP 503, `Retry-After: 5`):
 *    503 rather than 429 because the client did nothing wrong and must not back off as if it had
 *    exhausted a quota; monitors and retries treat 503 as our outage, which it is.
 */

/** What the middleware reads from the context (the app's TrpcContext has all of it). */
export interface RateLimitContext {
  /** Client address (rate-limit key; never logged). */
  ip: string;
  /** Response headers merged into the HTTP response by the fetch adapter. */
  responseHeaders: Headers;
}

export interface RateLimitMiddlewareOptions<TCtx extends RateLimitContext> {
  /** The limiter, or how to get it from the context (e.g. `(ctx) => ctx.runtime.rateLimiter`). */
  limiter: RateLimiter | ((ctx: TCtx) => RateLimiter);
  /**
   * The caller's widget session id from a VERIFIED bearer token, or undefined. Called at most once
   * per HTTP request (memoised per `responseHeaders`), so a batch verifies its token once.
   */
  sessionId?: (ctx: TCtx) => string | undefined | Promise<string | undefined>;
  /** Replaces the policy table used for headers (must match the limiter's; tests only). */
  policies?: PolicyTable;
}

const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function tooManyRequests(headers: Headers, limited: RateLimitResult[], message: string): TRPCError {
  const seconds = applyRetryAfter(headers, limited);
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: message.replace("{seconds}", String(seconds)) });
}

function unavailable(headers: Headers): TRPCError {
  if (!headers.has("Retry-After")) headers.set("Retry-After", String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS));
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "This is temporarily unavailable. Please try again in a moment." });
}

/**
 * The rate-limit middleware. Use it once, on the procedure builder every support/session/chat
 * procedure derives from (it decides per call from `path` and `type` what applies; other paths,
 * e.g. dashboard.*, pass through untouched).
 */
export function rateLimit<TCtx extends RateLimitContext>(options: RateLimitMiddlewareOptions<TCtx>) {
  const policies = options.policies ?? RATE_LIMIT_POLICIES;
  const sessions = new WeakMap<Headers, Promise<string | undefined>>();

  const sessionIdOf = (ctx: TCtx): Promise<string | undefined> => {
    if (!options.sessionId) return Promise.resolve(undefined);
    let pending = sessions.get(ctx.responseHeaders);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => options.sessionId?.(ctx))
        .catch(() => undefined);
      sessions.set(ctx.responseHeaders, pending);
    }
    return pending;
  };

  return experimental_standaloneMiddleware<{ ctx: RateLimitContext }>().create(async ({ ctx: baseCtx, path, type, next }) => {
    const plan = procedureRateLimits(path, type);
    if (!plan) return next();
    const ctx = baseCtx as TCtx;
    const headers = ctx.responseHeaders;
    const limiter = typeof options.limiter === "function" ? options.limiter(ctx) : options.limiter;

    // 1. Per-call policies.
    const needsSession = plan.rules.some((r) => r.keyBy === "session");
    const sessionId = needsSession ? await sessionIdOf(ctx) : undefined;
    const applicable = plan.rules.flatMap((rule) => {
      if (rule.keyBy === "ip") return [{ rule, key: rateLimitKeys.ip(ctx.ip) }];
      // No verified session: the procedure itself will refuse the call (UNAUTHORIZED); the IP limit still counted it.
      return sessionId ? [{ rule, key: rateLimitKeys.session(sessionId) }] : [];
    });
    const results = await Promise.all(applicable.map(({ rule, key }) => limiter.limit(rule.policy, key, { failMode: rule.failMode })));
    applyRateLimitHeaders(headers, results, { policies: limiter.policies ?? policies });
    if (!results.every((r) => r.success)) {
      // Refused calls consume nothing: give back what the other policies took for this call.
      await Promise.all(
        applicable.map(({ rule, key }, i) => (results[i]?.outcome === "allowed" ? limiter.refund(rule.policy, key) : undefined)),
      );
      if (results.some((r) => r.outcome === "failed_closed")) throw unavailable(headers);
      throw tooManyRequests(
        headers,
        results.filter((r) => r.outcome === "limited"),
        "Too many requests. Please wait {seconds} seconds and try again.",
      );
    }

    return next();
  });
}
