import { TRPCError } from "@trpc/server";
import type { DashboardRole } from "../db/repositories/dashboard-users";
import { t } from "./init";
import { toTrpcError } from "./error-mapping";
import { DomainError } from "../services/errors";
import { isStoreUnavailableError } from "../db/client";
import { observe } from "./observe-middleware";
import { rateLimit } from "./rate-limit-middleware";
import { idempotency } from "./idempotency-middleware";
import type { TrpcContext } from "./context";
import { composeMiddlewares } from "./compose-middlewares";

export const STORE_UNAVAILABLE_MESSAGE = "We can't save anything right now. Please try again in a moment.";

/**
 * The inward half of the error seam: a DomainError thrown by a service becomes its tRPC code;
 * anything unexpected stays INTERNAL_SERVER_ERROR (the formatter hides its details) and is logged.
 */
const mapErrors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof DomainError) {
    // Waiting hints travel with the answer: how long a limit lasts, or a short retry for an outage.
    const retryAfter = cause.details?.retryAfterSeconds;
    if (typeof retryAfter === "number") ctx.responseHeaders.set("Retry-After", String(retryAfter));
    else if (cause.code === "UNAVAILABLE") ctx.responseHeaders.set("Retry-After", "5");
    throw toTrpcError(cause);
  }
  if (isStoreUnavailableError(cause)) {
    // Disk full, a read-only volume, MongoDB without a primary: our outage, not the caller's fault,
    // and not a bug — 503 with a back-off, never 500.
    const retryAfter = (cause as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    ctx.responseHeaders.set("Retry-After", String(typeof retryAfter === "number" ? retryAfter : 5));
    ctx.runtime.logger.warn({ requestId: ctx.requestId, procedure: path, err: cause }, "store unavailable");
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: STORE_UNAVAILABLE_MESSAGE, cause });
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    ctx.runtime.logger.error({ requestId: ctx.requestId, procedure: path, err: cause ?? result.error }, "procedure failed");
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone may call; inputs are validated; errors are mapped. */
/** Per-IP, per-session and failed-lookup limits, decided from each call's path (see rate-limit/policies.ts). */
const rateLimited = rateLimit<TrpcContext>({
  limiter: (ctx) => ctx.runtime.rateLimiter,
  sessionId: async (ctx) => (await ctx.widgetSession())?.sid,
});

/** Metrics outermost (it sees the final codes), then error mapping, rate limits, idempotency: one level of tRPC's chain. */
export const publicProcedure = t.procedure.use(composeMiddlewares(observe, mapErrors, rateLimited, idempotency));

/** A widget session: a valid, unexpired session token in `Authorization: Bearer`. */
export const widgetProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const claims = await ctx.widgetSession();
  if (!claims) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "A valid widget session token is required." });
  }
  // Flags are enforced on the server too: a kill switch stops sessions already open.
  // A session let in by the allow-list (a beta shopper's email) keeps its decision: an enabled
  // session is never refused with 403, short of the kill switch.
  if (!ctx.runtime.services.flags.evaluate({ visitorId: claims.vid, allowListed: claims.al === true }).enabled) {
    throw new TRPCError({ code: "FORBIDDEN", message: "The concierge is not available right now." });
  }
  return next({ ctx: { widget: { sessionId: claims.sid, visitorId: claims.vid } } });
});

/** Signed-in dashboard staff, optionally restricted to some roles. */
export function staffProcedureFor(roles: readonly DashboardRole[]) {
  return publicProcedure.use(async ({ ctx, next }) => {
    if (!ctx.staff) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to the dashboard." });
    if (!roles.includes(ctx.staff.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your role does not allow this." });
    }
    return next({ ctx: { staffUser: ctx.staff } });
  });
}

export const staffProcedure = staffProcedureFor(["admin", "merchandiser", "stylist", "viewer"]);
export const adminProcedure = staffProcedureFor(["admin"]);
