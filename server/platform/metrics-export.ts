import { createHash, timingSafeEqual } from "node:crypto";
import type { Metrics } from "./metrics";
import type { SummaryReport } from "./metrics-summary";

/**
 * What `GET /api/metrics` serves: the registry as readable JSON, the Prometheus text exposition,
 * the runbook's summary — and who may read them.
 */

export type MetricsFormat = "json" | "prometheus" | "summary";

export function parseMetricsFormat(value: string | null): MetricsFormat | null {
  if (value === null || value === "" || value === "json") return "json";
  if (value === "prometheus" || value === "summary") return value;
  return null;
}

type Labels = Record<string, string | number>;

export interface JsonSeries {
  labels: Labels;
  value: number;
}

export interface JsonHistogramSeries {
  labels: Labels;
  count: number;
  sum: number;
  /** Cumulative counts by upper bound ("0.005" … "+Inf"). */
  buckets: Record<string, number>;
}

export interface JsonMetric {
  help: string;
  type: string;
  values: Array<JsonSeries | JsonHistogramSeries>;
}

export interface MetricsJson {
  timestamp: string;
  metrics: Record<string, JsonMetric>;
  summary: SummaryReport["summary"];
  window: string;
}

function seriesKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

/** Every metric of the registry, keyed by name: `jq '.metrics.concierge_widget_opens_total'`. */
export async function metricsAsJson(metrics: Metrics): Promise<MetricsJson> {
  const all = await metrics.registry.getMetricsAsJSON();
  const out: Record<string, JsonMetric> = {};
  for (const metric of all) {
    const type = String(metric.type);
    if (type === "histogram") {
      const series = new Map<string, JsonHistogramSeries>();
      for (const raw of metric.values as Array<{ labels: Labels; value: number; metricName?: string }>) {
        const { le, ...labels } = raw.labels;
        const key = seriesKey(labels);
        let entry = series.get(key);
        if (!entry) {
          entry = { labels, count: 0, sum: 0, buckets: {} };
          series.set(key, entry);
        }
        if (raw.metricName?.endsWith("_bucket")) entry.buckets[String(le)] = raw.value;
        else if (raw.metricName?.endsWith("_sum")) entry.sum = raw.value;
        else if (raw.metricName?.endsWith("_count")) entry.count = raw.value;
      }
      out[metric.name] = { help: metric.help, type, values: [...series.values()] };
    } else {
      out[metric.name] = {
        help: metric.help,
        type,
        values: (metric.values as Array<{ labels: Labels; value: number; metricName?: string }>).map((v) => ({
          labels: v.labels,
          value: v.value,
          ...(v.metricName && v.metricName !== metric.name ? { metric: v.metricName } : {}),
        })),
      };
    }
  }
  const report = metrics.summary.report();
  return { timestamp: report.timestamp, metrics: out, summary: report.summary, window: report.window };
}

export function summaryReport(metrics: Metrics): SummaryReport {
  return metrics.summary.report();
}

export async function prometheusText(metrics: Metrics): Promise<{ body: string; contentType: string }> {
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** Headers a reverse proxy adds: when present, the loopback peer is the proxy, not the client. */
const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

function sameSecret(given: string, expected: string): boolean {
  // Hash first so the comparison is constant-time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

/**
 * With a metrics token configured: `Authorization: Bearer <token>` is required (401 otherwise).
 * Without one: loopback clients only (127.0.0.1, ::1, ::ffff:127.0.0.1), and not through a proxy
 * (a forwarded request's peer is the proxy) — 403 otherwise.
 */
export function authorizeMetricsRequest(input: { headers: Headers; ip: string; token: string | undefined }): MetricsAccess {
  if (input.token) {
    const match = /^Bearer\s+(\S{1,4096})$/i.exec(input.headers.get("authorization") ?? "");
    if (match?.[1] && sameSecret(match[1], input.token)) return { ok: true };
    return { ok: false, status: 401, message: "A valid metrics bearer token is required." };
  }
  if (LOOPBACK.has(input.ip) && !PROXY_HEADERS.some((h) => input.headers.has(h))) return { ok: true };
  return { ok: false, status: 403, message: "Metrics are served to local clients only; set METRICS_TOKEN to scrape remotely." };
}
