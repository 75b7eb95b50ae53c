import { pathOf, type EdgeRequest, type EdgeResponse, type Next } from "./node-request";
import type { Metrics } from "../platform/metrics";
import { methodLabel, routeGroup, statusClass, statusLabel, type Outcome } from "../platform/metrics-labels";

/** Route groups that also feed the runbook's summary (`/api/metrics?format=summary`). */
const SUMMARY_ROUTES = new Set(["/api/health", "/api/metrics"]);

function outcomeOf(status: number): Outcome {
  if (status >= 500) return "server_error";
  if (status >= 400) return "client_error";
  return "ok";
}

/**
 * Express middleware: per route group (`/api/trpc`, `/api/health`, `/api/metrics`, `/widget`, `/`,
 * `/dashboard`, `static`, `other`) records request duration and status into
 * `concierge_http_request_duration_seconds` and `concierge_http_responses_total`, and feeds the
 * summary store for `/api/health` and `/api/metrics`. Event streams (SSE) are counted when they end
 * but their duration (the life of the stream) is not observed. Other requests the client abandons
 * before the response is complete are counted with status "aborted".
 *
 * Mount it first: `app.use(httpMetrics(runtime.metrics))`.
 */
export function httpMetrics(metrics: Metrics) {
  return (req: EdgeRequest, res: EdgeResponse, next: Next) => {
    const started = process.hrtime.bigint();
    const route = routeGroup(pathOf(req));
    let recorded = false;
    const record = (aborted: boolean) => {
      if (recorded) return;
      recorded = true;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const stream = String(res.getHeader("content-type") ?? "").startsWith("text/event-stream");
      if (aborted && !stream) {
        metrics.httpResponses.inc({ route, status: "aborted" });
        return;
      }
      const status = res.statusCode;
      metrics.httpResponses.inc({ route, status: statusLabel(status) });
      if (stream) return;
      metrics.httpDuration.observe(
        { route, method: methodLabel(req.method ?? "GET"), status_class: statusClass(status) },
        durationMs / 1000,
      );
      if (SUMMARY_ROUTES.has(route)) metrics.summary.record(route, durationMs, outcomeOf(status));
    };
    res.on("finish", () => record(false));
    res.on("close", () => record(!res.writableFinished));
    next();
  };
}
