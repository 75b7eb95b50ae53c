import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  authorizeMetricsRequest,
  metricsAsJson,
  parseMetricsFormat,
  prometheusText,
  summaryReport,
} from "../../server/platform/metrics-export";

const JSON_TYPE = "application/json; charset=utf-8";

function json(body: unknown, status = 200, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", ...extra } });
}

/**
 * GET /api/metrics (JSON: every metric by name, plus the summary), `?format=prometheus` (text
 * exposition for scrapers), `?format=summary` (per endpoint: count, error rate, latency p50/p95/p99
 * in ms — the runbook's `jq '.summary["/api/support/products"].latency'`).
 * Access: `Authorization: Bearer $METRICS_TOKEN` when METRICS_TOKEN is set; loopback only otherwise.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { runtime } = context;
  const access = authorizeMetricsRequest({ headers: request.headers, ip: context.ip, token: runtime.config.metricsToken });
  if (!access.ok) {
    const extra: Record<string, string> = access.status === 401 ? { "WWW-Authenticate": 'Bearer realm="metrics"' } : {};
    return json({ error: { code: access.status === 401 ? "UNAUTHORIZED" : "FORBIDDEN", message: access.message } }, access.status, extra);
  }
  const format = parseMetricsFormat(new URL(request.url).searchParams.get("format"));
  if (!format) {
    return json({ error: { code: "BAD_REQUEST", message: "format must be json, prometheus or summary" } }, 400);
  }
  if (format === "prometheus") {
    const { body, contentType } = await prometheusText(runtime.metrics);
    return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
  }
  if (format === "summary") return json(summaryReport(runtime.metrics));
  return json(await metricsAsJson(runtime.metrics));
}
