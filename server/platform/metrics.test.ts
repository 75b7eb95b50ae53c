import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { recordProcedureCall } from "../trpc/observe-middleware";
import { httpMetrics } from "../http/http-metrics";
import { DomainError } from "../services/errors";
import { createMetrics, type Metrics } from "./metrics";
import { instrumentDb } from "./metrics-db";
import { metricsAsJson } from "./metrics-export";
import {
  recordConversationStarted,
  recordCsat,
  recordDbConnectionFailure,
  recordHandoff,
  recordIdempotentReplay,
  recordRateLimitDecision,
  recordTurnResolution,
  recordWidgetOpen,
  trackLiveConnection,
} from "./metrics-record";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PROMTOOL = "/usr/bin/promtool";
const hasPromtool = existsSync(PROMTOOL);
// CI installs promtool (scripts/install-test-deps.sh): there a missing tool is a failure, not a skip.
if (process.env.CI && !hasPromtool)
  throw new Error(`promtool not found at ${PROMTOOL}; the test setup must install Debian's prometheus package`);

/** prom-client's default gauges whose names `promtool check metrics` lints (see ARCHITECTURE.md). */
const PROM_CLIENT_LINTED = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

/** Drives an Express-style middleware with fake req/res objects. */
function fakeHttp(metrics: Metrics, pathName: string, status: number, contentType = "application/json") {
  const listeners: Record<string, Array<() => void>> = {};
  const headers: Record<string, string> = { "content-type": contentType };
  const res = {
    statusCode: status,
    writableFinished: true,
    getHeader: (name: string) => headers[name.toLowerCase()],
    on: (event: string, fn: () => void) => {
      (listeners[event] ??= []).push(fn);
      return res;
    },
  };
  const req = { url: pathName, method: "GET" };
  httpMetrics(metrics)(req as never, res as never, () => undefined);
  for (const fn of listeners.finish ?? []) fn();
  for (const fn of listeners.close ?? []) fn();
}

/** Touches every metric the app declares, including with hostile values that must not become labels. */
async function exerciseAll(metrics: Metrics) {
  metrics.intentDetected.inc({ intent: "find_product", engine: "rules" });
  metrics.intentChooserShown.inc();
  metrics.llmRequests.inc({ outcome: "ok" });
  metrics.llmLatency.observe(0.8);
  metrics.llmTokens.inc({ kind: "prompt" }, 120);
  metrics.llmFallbacks.inc({ reason: "no_api_key" });
  metrics.llmFallbacks.inc({ reason: "timeout" });
  metrics.llmCircuitState.set(0);
  metrics.toolCalls.inc({ tool: "search_products", outcome: "ok" });
  recordWidgetOpen(metrics);
  recordConversationStarted(metrics);
  recordTurnResolution(metrics, { messages: [{ type: "order_timeline" }], engine: "rules", intent: "track_order" });
  recordTurnResolution(metrics, {
    messages: [{ type: "product_cards", products: [{}] }],
    engine: "llm",
    intent: "shopper typed jane@example.com",
  });
  recordTurnResolution(metrics, { messages: [{ type: "text" }], engine: "rules", actionKind: "subscribe_updates" });
  recordCsat(metrics, 5);
  recordCsat(metrics, 2);
  recordCsat(metrics, 42);
  recordHandoff(metrics);
  const release = trackLiveConnection(metrics, "realtime");
  release();
  trackLiveConnection(metrics, "stream");
  recordRateLimitDecision(metrics, "support_ip", "allowed");
  recordRateLimitDecision(metrics, "chat_session", "limited");
  recordRateLimitDecision(metrics, "support_ip", "failed_closed");
  recordRateLimitDecision(metrics, "jane@example.com", "limited");
  recordRateLimitDecision(metrics, "ip:203.0.113.7", "failed_open");
  recordRateLimitDecision(metrics, "support_ip", "blocked for jane@example.com");
  recordIdempotentReplay(metrics, "support.returns.create");
  recordIdempotentReplay(metrics, "idem_8f2a9c1d2e3f4a5b");
  recordDbConnectionFailure(metrics, "ping");
  recordProcedureCall(metrics, { path: "support.products.search", type: "query", durationMs: 12 });
  recordProcedureCall(metrics, {
    path: "support.orders.status",
    type: "query",
    durationMs: 30,
    error: new TRPCError({ code: "NOT_FOUND" }),
  });
  recordProcedureCall(metrics, {
    path: "support.returns.create",
    type: "mutation",
    durationMs: 40,
    error: new DomainError("CONFLICT", "already"),
  });
  recordProcedureCall(metrics, {
    path: "chat.send",
    type: "mutation",
    durationMs: 900,
    error: new Error("boom GG-12004 jane@example.com"),
  });
  recordProcedureCall(metrics, { path: "chat.stream", type: "subscription", durationMs: 3 });
  recordProcedureCall(metrics, { path: "support.orders.status?email=jane@example.com", type: "query", durationMs: 1 });
  fakeHttp(metrics, "/api/trpc/support.products.search", 200);
  fakeHttp(metrics, "/api/trpc/chat.stream", 200, "text/event-stream");
  fakeHttp(metrics, "/api/health", 503);
  fakeHttp(metrics, "/api/metrics", 401);
  fakeHttp(metrics, "/widget", 200);
  fakeHttp(metrics, "/api/widget/config", 429);
  fakeHttp(metrics, "/dashboard/tickets/t_8f2a9c1d2e3f", 200);
  fakeHttp(metrics, "/build/entry.client-ABC123.js", 200);
  fakeHttp(metrics, "/orders/jane@example.com", 404);
  fakeHttp(metrics, "/", 200);
  const collection = {
    findOne: async (_filter?: object) => null,
    insertOne: async (_doc?: object) => ({ acknowledged: true }),
    find: (_filter?: object) => ({ toArray: async () => [] }),
  };
  const db = instrumentDb({ collection: (_name: string) => collection }, metrics);
  await db.collection("orders").findOne();
  await db.collection("orders").find().toArray();
  await db.collection("orders_jane@example.com").insertOne();
}

/** Checks every line: comments are `# HELP|TYPE name …`, samples `name{labels} value [timestamp]` (NaN/Inf as Go's ParseFloat reads them). */
function parseExposition(text: string) {
  const names = new Set<string>();
  const sample =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? ((?:[Nn][Aa][Nn])|[+-](?:[Ii]nf)|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?: -?\d+)?$/;
  const bad: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("#")) {
      if (!/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) bad.push(line);
      continue;
    }
    const match = sample.exec(line);
    if (!match) bad.push(line);
    else names.add(match[1]!);
  }
  return { names, bad };
}

/** Metric names in a PromQL expression (identifiers not followed by `(`, minus keywords and label names). */
function metricNamesIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\$\w+/g, "");
  const withoutMatchers = withoutStrings
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  const names = new Set<string>();
  for (const match of withoutMatchers.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)) {
    const name = match[1]!;
    if (/^(?:and|or|unless|offset|bool|inf|nan|le)$/i.test(name)) continue;
    if (!name.includes("_")) continue;
    names.add(name);
  }
  return [...names];
}

/** Maps a series name from an expression to the declared metric (`x_bucket`/`_sum`/`_count` → histogram `x`). */
function declaredName(name: string, declared: Map<string, string>): string | undefined {
  if (declared.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return declared.get(base) === "histogram" || declared.get(base) === "summary" ? base : undefined;
}

describe("metrics registry", () => {
  it("keeps every existing metric and export", () => {
    const metrics = createMetrics();
    for (const key of [
      "intentDetected",
      "intentChooserShown",
      "llmRequests",
      "llmLatency",
      "llmTokens",
      "llmFallbacks",
      "llmCircuitState",
      "toolCalls",
      "conversationsStarted",
      "registry",
    ] as const) {
      expect(metrics[key]).toBeDefined();
    }
    const names = metrics.registry.getMetricsAsArray().map((m) => m.name);
    for (const name of [
      "concierge_conversations_started_total",
      "concierge_intent_detected_total",
      "concierge_intent_chooser_shown_total",
      "concierge_llm_requests_total",
      "concierge_llm_request_duration_seconds",
      "concierge_llm_tokens_total",
      "concierge_llm_fallbacks_total",
      "concierge_llm_circuit_state",
      "concierge_tool_calls_total",
      "concierge_widget_opens_total",
      "concierge_intent_resolved_total",
      "concierge_trpc_request_duration_seconds",
      "concierge_trpc_errors_total",
      "concierge_http_request_duration_seconds",
      "concierge_db_operation_duration_seconds",
      "concierge_db_operation_errors_total",
      "concierge_db_connection_failures_total",
      "concierge_rate_limit_decisions_total",
      "concierge_idempotent_replays_total",
      "concierge_csat_ratings_total",
      "concierge_csat_score",
      "concierge_handoffs_total",
      "concierge_live_connections",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("gives each process-level call its own registry (no global registration)", () => {
    const a = createMetrics({ defaultMetrics: true });
    const b = createMetrics({ defaultMetrics: true });
    a.widgetOpens.inc();
    expect(a.registry).not.toBe(b.registry);
  });

  it("serves valid Prometheus text exposition", async () => {
    const metrics = createMetrics({ defaultMetrics: true });
    await exerciseAll(metrics);
    const text = await metrics.registry.metrics();
    const { names, bad } = parseExposition(text);
    expect(bad).toEqual([]);
    expect(names).toContain("concierge_trpc_request_duration_seconds_bucket");
    expect(names).toContain("concierge_widget_opens_total");
    expect(metrics.registry.contentType).toContain("text/plain");
  });

  it.skipIf(!hasPromtool)("passes `promtool check metrics` (only prom-client's own default gauges are linted)", async () => {
    const metrics = createMetrics({ defaultMetrics: true });
    await exerciseAll(metrics);
    const run = spawnSync(PROMTOOL, ["check", "metrics"], { input: await metrics.registry.metrics(), encoding: "utf8" });
    const problems = `${run.stdout}\n${run.stderr}`
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const ours = problems.filter((line) => !PROM_CLIENT_LINTED.some((name) => line.startsWith(`${name} `)));
    expect(ours).toEqual([]);
    expect([0, 3]).toContain(run.status);
    if (run.status === 3) expect(problems.length).toBeGreaterThan(0);

    // Without the defaults, our own metrics are lint-clean.
    const ownOnly = createMetrics();
    await exerciseAll(ownOnly);
    const clean = spawnSync(PROMTOOL, ["check", "metrics"], { input: await ownOnly.registry.metrics(), encoding: "utf8" });
    expect(`${clean.stdout}${clean.stderr}`.trim()).toBe("");
    expect(clean.status).toBe(0);
  });

  it("never puts emails, ids or free text in label values", async () => {
    const metrics = createMetrics({ defaultMetrics: true });
    await exerciseAll(metrics);
    const all = await metrics.registry.getMetricsAsJSON();
    const offenders: string[] = [];
    for (const metric of all) {
      for (const value of metric.values) {
        for (const [label, raw] of Object.entries(value.labels)) {
          const v = String(raw);
          if (v.includes("@")) offenders.push(`${metric.name}{${label}="${v}"}`);
          if (!metric.name.startsWith("concierge_") || label === "le") continue;
          const looksLikeId =
            v.length > 48 ||
            /\d{5,}/.test(v) ||
            /[0-9a-f]{10,}/i.test(v) ||
            /\b[stvc]_[A-Za-z0-9_-]{6,}/.test(v) ||
            /GG-\d+/.test(v) ||
            /\s/.test(v) ||
            /[?=&]/.test(v);
          if (looksLikeId) offenders.push(`${metric.name}{${label}="${v}"}`);
        }
      }
    }
    expect(offenders).toEqual([]);
    // And the hostile values landed somewhere bounded instead of disappearing.
    const json = await metricsAsJson(metrics);
    const policies = json.metrics.concierge_rate_limit_decisions_total!.values.map((v) => v.labels.policy);
    expect(policies).toContain("other");
    const routes = json.metrics.concierge_http_responses_total!.values.map((v) => v.labels.route);
    expect(new Set(routes)).toEqual(new Set(["/api/trpc", "/api/health", "/api/metrics", "/widget", "/dashboard", "static", "other", "/"]));
    const collections = json.metrics.concierge_db_operation_duration_seconds!.values.map((v) => v.labels.collection);
    expect(new Set(collections)).toEqual(new Set(["orders", "other"]));
  });

  it("records CSAT as counts per rating and an averageable histogram", async () => {
    const metrics = createMetrics();
    recordCsat(metrics, 5);
    recordCsat(metrics, 4);
    recordCsat(metrics, 0);
    const score = (await metrics.csatScore.get()).values;
    expect(score.find((v) => v.metricName === "concierge_csat_score_sum")?.value).toBe(9);
    expect(score.find((v) => v.metricName === "concierge_csat_score_count")?.value).toBe(2);
    const ratings = (await metrics.csatRatings.get()).values;
    expect(ratings.find((v) => v.labels.rating === "5")?.value).toBe(1);
    expect(ratings.find((v) => v.labels.rating === "1")?.value).toBe(0);
  });

  it("counts resolved intents only for a journey's terminal message", async () => {
    const metrics = createMetrics();
    expect(recordTurnResolution(metrics, { messages: [{ type: "text" }], engine: "rules", intent: "greeting" })).toBeUndefined();
    expect(
      recordTurnResolution(metrics, { messages: [{ type: "product_cards", products: [] }], engine: "rules", intent: "find_product" }),
    ).toBeUndefined();
    expect(
      recordTurnResolution(metrics, { messages: [{ type: "order_lookup_form" }], engine: "rules", actionKind: "subscribe_updates" }),
    ).toBeUndefined();
    expect(
      recordTurnResolution(metrics, { messages: [{ type: "notice", level: "error" }], engine: "rules", actionKind: "subscribe_updates" }),
    ).toBeUndefined();
    expect(recordTurnResolution(metrics, { messages: [{ type: "return_confirmation" }], engine: "rules" })).toBe("rma");
    expect(recordTurnResolution(metrics, { messages: [{ type: "ticket_confirmation" }], engine: "llm", intent: "stylist_contact" })).toBe(
      "ticket",
    );
    expect(recordTurnResolution(metrics, { messages: [{ type: "order_timeline" }], engine: "rules", intent: "clarify" })).toBe("timeline");
    const values = (await metrics.intentResolved.get()).values.map((v) => `${v.labels.intent}/${v.labels.engine}=${v.value}`).sort();
    expect(values).toEqual(["return_exchange/rules=1", "stylist_contact/llm=1", "track_order/rules=1"]);
  });
});

describe("ops files", () => {
  const rulesFile = path.join(ROOT, "ops/prometheus/alert-rules.yml");
  const dashboardFile = path.join(ROOT, "ops/grafana/concierge-dashboard.json");

  async function declaredMetrics() {
    const metrics = createMetrics({ defaultMetrics: true });
    await exerciseAll(metrics);
    const declared = new Map<string, string>();
    for (const m of await metrics.registry.getMetricsAsJSON()) declared.set(m.name, String(m.type));
    return declared;
  }

  it("alert rules cover the runbook's family and use only metrics that exist", async () => {
    const doc = parseYaml(readFileSync(rulesFile, "utf8")) as {
      groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; labels?: { severity?: string } }> }>;
    };
    const rules = doc.groups.flatMap((g) => g.rules);
    const alerts = rules.map((r) => r.alert);
    for (const name of [
      "ConciergeApiLatencyHigh",
      "ConciergeApiLatencyCritical",
      "ConciergeApiErrorRateHigh",
      "ConciergeApiErrorRateCritical",
      "ConciergeDatabaseConnectionFailures",
      "ConciergeRateLimitHitsHigh",
      "ConciergeWidgetOpenRateLow",
      "ConciergeCsatLow",
      "ConciergeLlmFallbackRateHigh",
      "ConciergeLlmMisconfigured",
    ]) {
      expect(alerts).toContain(name);
    }
    expect(rules.find((r) => r.alert === "ConciergeApiLatencyCritical")?.labels?.severity).toBe("critical");
    expect(rules.find((r) => r.alert === "ConciergeLlmFallbackRateHigh")?.expr).toContain('reason!="no_api_key"');
    expect(rules.find((r) => r.alert === "ConciergeLlmMisconfigured")?.labels?.severity).toBe("critical");
    expect(rules.find((r) => r.alert === "ConciergeLlmMisconfigured")?.expr).toContain("concierge_llm_misconfigured_total");

    const declared = await declaredMetrics();
    const missing: string[] = [];
    for (const rule of rules) {
      const names = metricNamesIn(rule.expr);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) if (!declaredName(name, declared)) missing.push(`${rule.alert}: ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it.skipIf(!hasPromtool)("passes `promtool check rules`", () => {
    const run = spawnSync(PROMTOOL, ["check", "rules", rulesFile], { encoding: "utf8" });
    expect(run.stdout + run.stderr).toContain("SUCCESS");
    expect(run.status).toBe(0);
  });

  it("dashboard is a Grafana schema-39 dashboard whose queries use only metrics that exist", async () => {
    const dashboard = JSON.parse(readFileSync(dashboardFile, "utf8")) as {
      schemaVersion: number;
      uid: string;
      panels: Array<{ type: string; title: string; targets?: Array<{ expr: string }> }>;
    };
    expect(dashboard.schemaVersion).toBe(39);
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })));
    expect(exprs.length).toBeGreaterThan(20);
    const declared = await declaredMetrics();
    const missing: string[] = [];
    for (const { title, expr } of exprs) {
      for (const name of metricNamesIn(expr)) if (!declaredName(name, declared)) missing.push(`${title}: ${name}`);
    }
    expect(missing).toEqual([]);
    const used = new Set(exprs.flatMap(({ expr }) => metricNamesIn(expr).map((n) => declaredName(n, declared))));
    for (const signal of [
      "concierge_trpc_request_duration_seconds",
      "concierge_widget_opens_total",
      "concierge_conversations_started_total",
      "concierge_intent_detected_total",
      "concierge_llm_fallbacks_total",
      "concierge_llm_circuit_state",
      "concierge_llm_misconfigured_total",
      "concierge_llm_guard_total",
      "concierge_llm_first_token_seconds",
      "concierge_rate_limit_decisions_total",
      "concierge_db_operation_duration_seconds",
      "concierge_csat_score",
    ]) {
      expect(used).toContain(signal);
    }
  });

  it.skipIf(!hasPromtool)("dashboard queries are valid PromQL (checked by promtool as recording rules)", () => {
    const dashboard = JSON.parse(readFileSync(dashboardFile, "utf8")) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    const rules = exprs.map((expr, i) => ({
      record: `dashboard:query_${i}`,
      expr: expr.replaceAll("$__rate_interval", "5m").replaceAll("$__range", "1h").replaceAll("$procedure", ".*"),
    }));
    const dir = mkdtempSync(path.join(tmpdir(), "concierge-dash-"));
    try {
      const file = path.join(dir, "rules.yml");
      writeFileSync(file, JSON.stringify({ groups: [{ name: "dashboard", rules }] }));
      const run = spawnSync(PROMTOOL, ["check", "rules", file], { encoding: "utf8" });
      expect(run.stdout + run.stderr).toContain("SUCCESS");
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
