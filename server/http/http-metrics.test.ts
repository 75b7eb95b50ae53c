import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../platform/metrics";
import { routeGroup } from "../platform/metrics-labels";
import { httpMetrics } from "./http-metrics";

const metrics = createMetrics();
let base = "";
let close: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  const app = express();
  app.use(httpMetrics(metrics));
  app.get("/api/health", (req, res) => {
    res.status(req.query.check === "db" ? 503 : 200).json({ status: req.query.check === "db" ? "error" : "ok" });
  });
  app.get("/api/metrics", (_req, res) => {
    res.status(401).json({ error: "no" });
  });
  app.get("/api/trpc/:path", (_req, res) => {
    res.status(429).json({ error: "slow down" });
  });
  app.get("/api/trpc-stream", (_req, res) => {
    res.setHeader("Content-Type", "text/event-stream");
    res.write("data: 1\n\n");
    res.end();
  });
  app.get("/widget.js", (_req, res) => {
    res.type("js").send("1");
  });
  app.get("/dashboard/tickets/:id", (_req, res) => {
    res.send("ok");
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

async function responses() {
  const out: Record<string, number> = {};
  for (const v of (await metrics.httpResponses.get()).values) out[`${v.labels.route} ${v.labels.status}`] = v.value;
  return out;
}

describe("route groups", () => {
  it("maps paths to the bounded set", () => {
    expect(routeGroup("/api/trpc/support.products.search")).toBe("/api/trpc");
    expect(routeGroup("/api/trpc")).toBe("/api/trpc");
    expect(routeGroup("/api/health")).toBe("/api/health");
    expect(routeGroup("/api/metrics")).toBe("/api/metrics");
    expect(routeGroup("/widget")).toBe("/widget");
    expect(routeGroup("/api/widget/config")).toBe("/widget");
    expect(routeGroup("/widget.js")).toBe("static");
    expect(routeGroup("/build/root-ABC.js")).toBe("static");
    expect(routeGroup("/images/products/p1.webp")).toBe("static");
    expect(routeGroup("/")).toBe("/");
    expect(routeGroup("/dashboard")).toBe("/dashboard");
    expect(routeGroup("/dashboard/tickets/t_123")).toBe("/dashboard");
    expect(routeGroup("/api/trpcx")).toBe("other");
    expect(routeGroup("/wp-login.php")).toBe("other");
  });
});

describe("httpMetrics", () => {
  it("records duration and status per route group and feeds the summary for health and metrics", async () => {
    await fetch(`${base}/api/health`);
    await fetch(`${base}/api/health?check=db`);
    await fetch(`${base}/api/metrics`);
    await fetch(`${base}/api/trpc/support.products.search`);
    await (await fetch(`${base}/api/trpc-stream`)).text();
    await fetch(`${base}/widget.js`);
    await fetch(`${base}/dashboard/tickets/t_8f2a9c1d`);
    await fetch(`${base}/nope/jane@example.com`);
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(await responses()).toEqual({
      "/api/health 200": 1,
      "/api/health 503": 1,
      "/api/metrics 401": 1,
      "/api/trpc 429": 1,
      "other 200": 1, // /api/trpc-stream is not under /api/trpc/ — and an event stream: counted, not timed
      "static 200": 1,
      "/dashboard 200": 1,
      "other 404": 1,
    });
    const timed = (await metrics.httpDuration.get()).values.filter((v) => v.metricName?.endsWith("_count"));
    const byKey = Object.fromEntries(timed.map((v) => [`${v.labels.route} ${v.labels.method} ${v.labels.status_class}`, v.value]));
    expect(byKey["/api/health GET 2xx"]).toBe(1);
    expect(byKey["/api/health GET 5xx"]).toBe(1);
    expect(byKey["other GET 2xx"]).toBeUndefined();

    const health = metrics.summary.endpoint("/api/health");
    expect(health).toMatchObject({ count: 2, errors: 1, errorRate: 0.5 });
    expect(typeof health.latency.p95).toBe("number");
    expect(metrics.summary.endpoint("/api/metrics")).toMatchObject({ count: 1, errors: 0, clientErrors: 1 });
  });
});
