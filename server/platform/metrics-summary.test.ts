import { describe, expect, it } from "vitest";
import { ENDPOINT_KEYS, SummaryStore, endpointKeyForProcedure } from "./metrics-summary";

describe("endpoint keys", () => {
  it("maps procedures to the runbook's endpoints", () => {
    expect(endpointKeyForProcedure("support.products.search")).toBe("/api/support/products");
    expect(endpointKeyForProcedure("support.orders.status")).toBe("/api/support/orders");
    expect(endpointKeyForProcedure("support.returns.create")).toBe("/api/support/returns");
    expect(endpointKeyForProcedure("support.stylist.create")).toBe("/api/support/stylist");
    expect(endpointKeyForProcedure("support.csat.submit")).toBe("/api/support/csat");
    expect(endpointKeyForProcedure("support.shortlist.add")).toBe("/api/support/shortlist");
    expect(endpointKeyForProcedure("support.shortlist.get")).toBe("/api/support/shortlist");
    expect(endpointKeyForProcedure("support.orderUpdates.subscribe")).toBe("/api/support/order-updates");
    expect(endpointKeyForProcedure("session.start")).toBe("/api/session");
    expect(endpointKeyForProcedure("chat.stream")).toBe("/api/chat");
    expect(endpointKeyForProcedure("dashboard.tickets.list")).toBe("/api/dashboard/tickets");
    expect(endpointKeyForProcedure("dashboard.csat.summary")).toBe("/api/dashboard/csat");
    expect(endpointKeyForProcedure("dashboard.analytics.overview")).toBe("/api/dashboard/analytics");
    expect(endpointKeyForProcedure("sessionX.start")).toBeUndefined();
    expect(endpointKeyForProcedure("support.productsearch")).toBeUndefined();
  });
});

describe("SummaryStore", () => {
  it("reports count, error rates and nearest-rank percentiles in ms", () => {
    const store = new SummaryStore();
    for (let i = 1; i <= 100; i++)
      store.record("/api/support/products", i, i % 10 === 0 ? "server_error" : i % 5 === 0 ? "client_error" : "ok");
    const s = store.endpoint("/api/support/products");
    expect(s.count).toBe(100);
    expect(s.errors).toBe(10);
    expect(s.errorRate).toBe(0.1);
    expect(s.clientErrors).toBe(10);
    expect(s.clientErrorRate).toBe(0.1);
    expect(s.latency).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
    expect(s.total).toBe(100);
    expect(s.totalErrors).toBe(10);
  });

  it("keeps every known key in the report, with null latency when idle", () => {
    const report = new SummaryStore().report();
    expect(Object.keys(report.summary)).toEqual([...ENDPOINT_KEYS]);
    expect(report.summary["/api/health"]).toMatchObject({ count: 0, errorRate: 0, latency: { p50: null, p95: null, p99: null } });
    expect(new Date(report.timestamp).toISOString()).toBe(report.timestamp);
    expect(report.window).toContain("300s");
  });

  it("is bounded: at most maxSamples per key, unknown keys ignored", () => {
    const store = new SummaryStore({ maxSamples: 50 });
    for (let i = 0; i < 1000; i++) store.record("/api/chat", i < 950 ? 1000 : 1, "ok");
    store.record("/api/not-a-key", 1, "ok");
    store.record("/api/users/jane@example.com", 1, "ok");
    const s = store.endpoint("/api/chat");
    expect(s.count).toBe(50);
    expect(s.latency.p99).toBe(1);
    expect(s.total).toBe(1000);
    expect(Object.keys(store.report().summary)).not.toContain("/api/not-a-key");
  });

  it("forgets samples older than the window", () => {
    let now = 1_000_000;
    const store = new SummaryStore({ windowMs: 60_000, now: () => now });
    store.record("/api/session", 500, "server_error");
    now += 30_000;
    store.record("/api/session", 10, "ok");
    expect(store.endpoint("/api/session").count).toBe(2);
    now += 45_000;
    const s = store.endpoint("/api/session");
    expect(s.count).toBe(1);
    expect(s.errorRate).toBe(0);
    expect(s.latency.p95).toBe(10);
    expect(s.total).toBe(2);
    now += 60_000;
    expect(store.endpoint("/api/session").latency.p50).toBeNull();
  });

  it("ignores non-finite durations", () => {
    const store = new SummaryStore();
    store.record("/api/chat", Number.NaN, "ok");
    expect(store.endpoint("/api/chat").count).toBe(0);
  });
});
