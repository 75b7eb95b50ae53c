import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createMetrics, type Metrics } from "../platform/metrics";
import { procedureLabel } from "../platform/metrics-labels";
import { endpointKeyForProcedure } from "../platform/metrics-summary";
import { appRouter } from "../routers";
import { DomainError } from "../services/errors";
import type { TrpcContext } from "./context";
import { t } from "./init";
import { observe } from "./observe-middleware";
import { publicProcedure } from "./procedures";
import { createRateLimiter } from "../platform/rate-limit/limiter";

const rateLimiter = createRateLimiter({});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The recommended placement: observe first, outside everything else. */
const observed = t.procedure.use(observe);

const testRouter = t.router({
  support: t.router({
    products: t.router({
      search: observed.input(z.strictObject({ query: z.string().max(20) })).query(async ({ input }) => {
        await sleep(2);
        return { items: [input.query] };
      }),
    }),
    returns: t.router({
      create: observed.mutation(() => {
        throw new DomainError("CONFLICT", "This item already has an open return for jane@example.com");
      }),
    }),
  }),
  chat: t.router({
    send: observed.mutation(() => {
      throw new Error("database exploded");
    }),
    stream: observed.subscription(async function* () {
      yield 1;
      yield 2;
      yield 3;
    }),
  }),
  // The app's own builder: publicProcedure = t.procedure.use(observe).use(mapErrors).use(rateLimited).
  session: t.router({
    start: publicProcedure.mutation(() => {
      throw new DomainError("RATE_LIMITED", "slow down");
    }),
    events: observed.subscription(async function* () {
      for (;;) {
        yield "entry";
        await sleep(5);
      }
    }),
  }),
});

function callerFor(metrics: Metrics) {
  const ctx = {
    runtime: { metrics, rateLimiter, logger: { error: () => undefined } },
    requestId: "req-test",
    ip: "127.0.0.1",
    responseHeaders: new Headers(),
  } as unknown as TrpcContext;
  return t.createCallerFactory(testRouter)(ctx);
}

async function durationCounts(metrics: Metrics) {
  const out: Record<string, number> = {};
  for (const v of (await metrics.procedureDuration.get()).values) {
    if (v.metricName?.endsWith("_count")) out[`${v.labels.procedure} ${v.labels.type} ${v.labels.outcome}`] = v.value;
  }
  return out;
}

async function errorCounts(metrics: Metrics) {
  const out: Record<string, number> = {};
  for (const v of (await metrics.procedureErrors.get()).values) out[`${v.labels.procedure} ${v.labels.code}`] = v.value;
  return out;
}

describe("observe middleware", () => {
  it("times successful calls per procedure and feeds the summary store", async () => {
    const metrics = createMetrics();
    const caller = callerFor(metrics);
    for (let i = 0; i < 5; i++) await caller.support.products.search({ query: "gold" });
    expect(await durationCounts(metrics)).toEqual({ "support.products.search query ok": 5 });
    const s = metrics.summary.endpoint("/api/support/products");
    expect(s.count).toBe(5);
    expect(s.errorRate).toBe(0);
    expect(s.latency.p50).toBeGreaterThan(1);
    expect(typeof s.latency.p95).toBe("number");
    expect(typeof s.latency.p99).toBe("number");
  });

  it("records input errors, domain errors and internal errors with their tRPC codes", async () => {
    const metrics = createMetrics();
    const caller = callerFor(metrics);
    await expect(caller.support.products.search({ query: "x".repeat(50) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.support.returns.create()).rejects.toBeInstanceOf(TRPCError);
    await expect(caller.chat.send()).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    await expect(caller.session.start()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await durationCounts(metrics)).toEqual({
      "support.products.search query client_error": 1,
      "support.returns.create mutation client_error": 1,
      "chat.send mutation server_error": 1,
      "session.start mutation client_error": 1,
    });
    expect(await errorCounts(metrics)).toEqual({
      "support.products.search BAD_REQUEST": 1,
      "support.returns.create CONFLICT": 1,
      "chat.send INTERNAL_SERVER_ERROR": 1,
      "session.start TOO_MANY_REQUESTS": 1,
    });
    expect(metrics.summary.endpoint("/api/chat")).toMatchObject({ count: 1, errors: 1, errorRate: 1 });
    expect(metrics.summary.endpoint("/api/support/returns")).toMatchObject({ count: 1, errors: 0, clientErrors: 1 });
  });

  it("times subscription setup and counts the stream as a live connection until it ends", async () => {
    const metrics = createMetrics();
    const caller = callerFor(metrics);
    const live = async (kind = "stream") => (await metrics.liveConnections.get()).values.find((v) => v.labels.kind === kind)?.value;

    const stream = await caller.chat.stream();
    const seen: number[] = [];
    for await (const value of stream) {
      seen.push(value);
      expect(await live()).toBe(1);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(await live()).toBe(0);

    const early = await caller.chat.stream();
    for await (const value of early) {
      if (value === 1) break;
    }
    expect(await live()).toBe(0);
    expect(await durationCounts(metrics)).toEqual({ "chat.stream subscription ok": 2 });

    const events = await caller.session.events();
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe("entry");
    expect(await live("realtime")).toBe(1);
    expect(await live("stream")).toBe(0);
    await iterator.return?.();
    expect(await live("realtime")).toBe(0);
  });

  it("every procedure of the app router has a bounded label and a runbook endpoint", () => {
    const paths = Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures);
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      expect(procedureLabel(path), path).toBe(path);
      expect(endpointKeyForProcedure(path), path).toBeDefined();
    }
  });

  it("keeps SSE working through the fetch adapter and releases the connection when the client goes away", async () => {
    const metrics = createMetrics();
    const router = t.router({
      chat: t.router({
        stream: observed.subscription(async function* ({ signal }) {
          let i = 0;
          while (!signal?.aborted) {
            yield i++;
            await sleep(5);
          }
        }),
      }),
    });
    const abort = new AbortController();
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://test.local/api/trpc/chat.stream", { signal: abort.signal }),
      router,
      createContext: ({ resHeaders }) =>
        ({ runtime: { metrics, rateLimiter }, ip: "127.0.0.1", responseHeaders: resHeaders }) as unknown as TrpcContext,
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("data: 2")) text += new TextDecoder().decode((await reader.read()).value);
    const live = async () => (await metrics.liveConnections.get()).values.find((v) => v.labels.kind === "stream")?.value;
    expect(await live()).toBe(1);
    abort.abort();
    await reader.cancel().catch(() => undefined);
    for (let i = 0; i < 50 && (await live()) !== 0; i++) await sleep(10);
    expect(await live()).toBe(0);
  });
});
