import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Metrics } from "../platform/metrics";
import { procedureLabel, procedureTypeLabel, type LiveConnectionKind, type Outcome } from "../platform/metrics-labels";
import { endpointKeyForProcedure } from "../platform/metrics-summary";
import { trackLiveConnection } from "../platform/metrics-record";
import { DomainError } from "../services/errors";
import { toTrpcError } from "./error-mapping";
import { t } from "./init";

/** tRPC code (and whether it is the server's fault) for whatever a procedure failed with. */
export function classifyError(error: unknown): { code: string; outcome: Exclude<Outcome, "ok"> } {
  const cause = error instanceof TRPCError ? error.cause : undefined;
  const trpcError = cause instanceof DomainError ? toTrpcError(cause) : toTrpcError(error);
  const status = getHTTPStatusCodeFromError(trpcError);
  return { code: trpcError.code, outcome: status >= 500 ? "server_error" : "client_error" };
}

/** Records one finished procedure call into the histogram, the error counter and the summary store. */
export function recordProcedureCall(metrics: Metrics, call: { path: string; type: string; durationMs: number; error?: unknown }): void {
  const procedure = procedureLabel(call.path);
  const type = procedureTypeLabel(call.type);
  let outcome: Outcome = "ok";
  if (call.error !== undefined) {
    const classified = classifyError(call.error);
    outcome = classified.outcome;
    metrics.procedureErrors.inc({ procedure, type, code: classified.code });
  }
  metrics.procedureDuration.observe({ procedure, type, outcome }, call.durationMs / 1000);
  const key = endpointKeyForProcedure(procedure);
  if (key) metrics.summary.record(key, call.durationMs, outcome);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/**
 * The same stream, counted in `concierge_live_connections{kind}` from the first read until it
 * ends, fails or is cancelled (tRPC calls `return()` when the client goes away).
 */
export function trackIterable<T>(iterable: AsyncIterable<T>, metrics: Metrics, kind: LiveConnectionKind): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = iterable[Symbol.asyncIterator]();
      const release = trackLiveConnection(metrics, kind);
      const settle = <R extends IteratorResult<T>>(result: Promise<R>): Promise<R> =>
        result.then(
          (value) => {
            if (value.done) release();
            return value;
          },
          (error: unknown) => {
            release();
            throw error;
          },
        );
      const wrapped: AsyncIterator<T> = {
        next: (...args: [] | [undefined]) => settle(iterator.next(...args)),
        return: (value?: unknown) => {
          release();
          return iterator.return ? iterator.return(value as T) : Promise.resolve({ done: true as const, value: value as T });
        },
      };
      if (iterator.throw) {
        wrapped.throw = (error?: unknown) => settle(iterator.throw!(error));
      }
      return wrapped;
    },
  };
}

export interface ObserveOptions {
  /** Which live-connection kind a subscription counts as (default: {@link defaultLiveKind}); null to not count it. */
  liveKind?: (path: string) => LiveConnectionKind | null;
}

/**
 * `*.stream` subscriptions (chat.stream: a turn's streamed answer) are "stream"; the others
 * (session.events, dashboard.tickets.events: transcripts followed through the realtime bus) are "realtime".
 */
export function defaultLiveKind(path: string): LiveConnectionKind {
  return path === "stream" || path.endsWith(".stream") ? "stream" : "realtime";
}

/**
 * Times every procedure call — queries, mutations and subscriptions' setup — and records duration
 * and outcome per procedure (`concierge_trpc_request_duration_seconds`, `concierge_trpc_errors_total`)
 * and into the summary store behind `/api/metrics?format=summary`. Subscriptions are also counted
 * in `concierge_live_connections{kind}` while they stream (see {@link defaultLiveKind}).
 *
 * Put it first, outside the error mapping, so it sees the final tRPC codes:
 *   export const publicProcedure = t.procedure.use(observe).use(mapErrors);
 */
export function createObserveMiddleware(options: ObserveOptions = {}) {
  const liveKind = options.liveKind ?? defaultLiveKind;
  return t.middleware(async ({ ctx, path, type, next }) => {
    const metrics = ctx.runtime.metrics;
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
    let result: Awaited<ReturnType<typeof next>>;
    try {
      result = await next();
    } catch (error) {
      recordProcedureCall(metrics, { path, type, durationMs: elapsedMs(), error });
      throw error;
    }
    recordProcedureCall(metrics, { path, type, durationMs: elapsedMs(), ...(result.ok ? {} : { error: result.error }) });
    if (result.ok && type === "subscription" && isAsyncIterable(result.data)) {
      const kind = liveKind(path);
      if (kind) return { ...result, data: trackIterable(result.data, metrics, kind) };
    }
    return result;
  });
}

/** The observe middleware with defaults. */
export const observe = createObserveMiddleware();
