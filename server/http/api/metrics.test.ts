import { describe, expect, it } from "vitest";
import { createMetrics, type Metrics } from "../../platform/metrics";
import { recordProcedureCall } from "../../trpc/observe-middleware";
import { answerMetrics } from "./metrics";

const TOKEN = "t0ken-for-metrics-0123456789";

function call(options: { metrics?: Metrics; token?: string; ip?: string; query?: string; headers?: Record<string, string> } = {}) {
  const metrics = options.metrics ?? createMetrics();
  return answerMetrics({
    url: new URL(`http://shop.test/api/metrics${options.query ?? ""}`),
    headers: new Headers(options.headers ?? {}),
    ip: options.ip ?? "127.0.0.1",
    metrics,
    token: options.token,
  });
}

describe("GET /api/metrics access", () => {
  it("requires the bearer token when one is configured (401 otherwise, even from loopback)", async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer wrong-token-0123456789" },
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
    ];
    for (const headers of attempts) {
      const res = await call({ token: TOKEN, headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.text()).not.toContain("concierge_");
    }
    const ok = await call({ token: TOKEN, ip: "203.0.113.9", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
  });

  it("without a token serves loopback clients only, and not through a proxy", async () => {
    for (const ip of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) expect((await call({ ip })).status, ip).toBe(200);
    for (const ip of ["203.0.113.9", "10.0.0.2", "::ffff:10.0.0.2", "unknown", "127.0.0.2"]) {
      const res = await call({ ip });
      expect(res.status, ip).toBe(403);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    expect((await call({ ip: "127.0.0.1", headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(403);
    expect((await call({ ip: "127.0.0.1", headers: { forwarded: "for=203.0.113.9" } })).status).toBe(403);
  });

  it("refuses before it validates the format", async () => {
    expect((await call({ ip: "203.0.113.9", query: "?format=xml" })).status).toBe(403);
  });
});

describe("GET /api/metrics formats", () => {
  it("JSON by default: every metric by name with help, type and labelled values", async () => {
    const metrics = createMetrics();
    metrics.widgetOpens.inc(3);
    metrics.intentDetected.inc({ intent: "find_product", engine: "rules" });
    recordProcedureCall(metrics, { path: "support.products.search", type: "query", durationMs: 12 });
    const res = await call({ metrics });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as {
      timestamp: string;
      metrics: Record<string, { help: string; type: string; values: Array<Record<string, unknown>> }>;
      summary: Record<string, unknown>;
    };
    expect(body.metrics.concierge_widget_opens_total).toEqual({
      help: expect.any(String),
      type: "counter",
      values: [{ labels: {}, value: 3 }],
    });
    expect(body.metrics.concierge_intent_detected_total?.values).toEqual([
      { labels: { intent: "find_product", engine: "rules" }, value: 1 },
    ]);
    const histogram = body.metrics.concierge_trpc_request_duration_seconds!;
    expect(histogram.type).toBe("histogram");
    expect(histogram.values[0]).toMatchObject({
      labels: { procedure: "support.products.search", type: "query", outcome: "ok" },
      count: 1,
      sum: 0.012,
    });
    expect((histogram.values[0]!.buckets as Record<string, number>)["+Inf"]).toBe(1);
    expect(body.summary["/api/support/products"]).toBeDefined();
    expect((await call({ metrics, query: "?format=json" })).status).toBe(200);
  });

  it("?format=prometheus: text exposition with the registry's content type", async () => {
    const metrics = createMetrics();
    metrics.widgetOpens.inc();
    const res = await call({ metrics, query: "?format=prometheus" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(metrics.registry.contentType);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    expect(text).toContain("# TYPE concierge_widget_opens_total counter");
    expect(text).toContain("concierge_widget_opens_total 1");
  });

  it('?format=summary: the runbook\'s `.summary["/api/support/products"].latency` has p50/p95/p99 numbers', async () => {
    const metrics = createMetrics();
    for (const ms of [8, 12, 15, 40, 120]) recordProcedureCall(metrics, { path: "support.products.search", type: "query", durationMs: ms });
    recordProcedureCall(metrics, { path: "support.orders.status", type: "mutation", durationMs: 5, error: new Error("boom") });
    const res = await call({ metrics, query: "?format=summary" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as {
      summary: Record<string, { count: number; errorRate: number; latency: Record<string, number | null> }>;
      window: string;
      timestamp: string;
    };
    const products = body.summary["/api/support/products"]!;
    expect(products.count).toBe(5);
    expect(products.errorRate).toBe(0);
    expect(products.latency).toMatchObject({ p50: 15, p95: 120, p99: 120 });
    for (const p of ["p50", "p95", "p99"]) expect(typeof products.latency[p]).toBe("number");
    expect(body.summary["/api/support/orders"]).toMatchObject({ count: 1, errorRate: 1 });
    expect(typeof body.window).toBe("string");
    expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
  });

  it("unknown format → 400", async () => {
    const res = await call({ query: "?format=xml" });
    expect(res.status).toBe(400);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
