import type { Metrics } from "../../platform/metrics";
import { authorizeMetricsRequest, metricsAsJson, parseMetricsFormat, prometheusText, summaryReport } from "../../platform/metrics-export";
import { jsonResponse } from "./send";

export interface MetricsRequest {
  url: URL;
  headers: Headers;
  /** The client address as the app sees it (after TRUST_PROXY). */
  ip: string;
  metrics: Metrics;
  token: string | undefined;
}

/**
 * GET /api/metrics (JSON: every metric by name, plus the summary), `?format=prometheus` (text
 * exposition for scrapers), `?format=summary` (per endpoint: count, error rate, latency p50/p95/p99
 * in ms — the runbook's `jq '.summary["/api/support/products"].latency'`).
 * Access: `Authorization: Bearer $METRICS_TOKEN` when METRICS_TOKEN is set; loopback only otherwise.
 */
export async function answerMetrics({ url, headers, ip, metrics, token }: MetricsRequest): Promise<Response> {
  const access = authorizeMetricsRequest({ headers, ip, token });
  if (!access.ok) {
    const extra: Record<string, string> = access.status === 401 ? { "WWW-Authenticate": 'Bearer realm="metrics"' } : {};
    return jsonResponse(
      { error: { code: access.status === 401 ? "UNAUTHORIZED" : "FORBIDDEN", message: access.message } },
      access.status,
      extra,
    );
  }
  const format = parseMetricsFormat(url.searchParams.get("format"));
  if (!format) return jsonResponse({ error: { code: "BAD_REQUEST", message: "format must be json, prometheus or summary" } }, 400);
  if (format === "prometheus") {
    const { body, contentType } = await prometheusText(metrics);
    return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
  }
  if (format === "summary") return jsonResponse(summaryReport(metrics));
  return jsonResponse(await metricsAsJson(metrics));
}
