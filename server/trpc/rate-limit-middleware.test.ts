import { TRPCError, initTRPC } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { AnyTRPCRouter } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createRateLimiter, type RateLimiter } from "../platform/rate-limit/limiter";
import { rateLimitKeys } from "../platform/rate-limit/policies";
import { orderNumberInput } from "../routers/inputs";
import { notFound } from "../services/errors";
import { ORDER_NOT_FOUND_MESSAGE } from "../services/orders-service";
import { toTrpcError } from "./error-mapping";
import { rateLimit } from "./rate-limit-middleware";

/** The minimal context the middleware needs, as the fetch adapter would build it. */
interface TestCtx {
  ip: string;
  bearerToken: string | undefined;
  responseHeaders: Headers;
}

const OWNER = { orderNumber: "GG-10001", email: "owner@example.com" };
/** Stands in for the app's token verification: "sess-<id>" is a valid session. */
const verifySession = (token: string | undefined) => (token?.startsWith("sess-") ? token.slice(5) : undefined);

function lookupOrder(input: { orderNumber: string; email?: string | undefined }) {
  if (input.orderNumber === OWNER.orderNumber && input.email === OWNER.email) return { orderNumber: input.orderNumber, status: "shipped" };
  throw notFound(ORDER_NOT_FOUND_MESSAGE); // a DomainError, as the real service throws
}

function buildTestRouter(limiter: RateLimiter) {
  const t = initTRPC.context<TestCtx>().create();
  // Same shape as server/trpc/procedures.ts: error mapping outside, rate limits inside.
  const mapErrors = t.middleware(async ({ next }) => {
    const result = await next();
    if (!result.ok && result.error.cause instanceof Error && result.error.cause.name === "DomainError")
      throw toTrpcError(result.error.cause);
    return result;
  });
  const limited = t.procedure.use(mapErrors).use(rateLimit<TestCtx>({ limiter, sessionId: (ctx) => verifySession(ctx.bearerToken) }));
  const widget = limited.use(({ ctx, next }) => {
    const sessionId = verifySession(ctx.bearerToken);
    if (!sessionId) throw new TRPCError({ code: "UNAUTHORIZED", message: "A valid widget session token is required." });
    return next({ ctx: { sessionId } });
  });
  const orderInput = z.strictObject({ orderNumber: orderNumberInput, email: z.string().max(254).optional() });
  return t.router({
    support: t.router({
      products: t.router({
        search: limited
          .input(z.strictObject({ query: z.string().max(200).optional() }).optional())
          .query(() => ({ items: [] as string[] })),
      }),
      orders: t.router({ status: limited.input(orderInput).mutation(({ input }) => lookupOrder(input)) }),
    }),
    session: t.router({ start: limited.mutation(() => ({ token: "sess-new" })) }),
    chat: t.router({
      send: widget.input(z.strictObject({ text: z.string().max(1000) })).mutation(({ ctx }) => ({ sessionId: ctx.sessionId })),
    }),
    dashboard: t.router({ ping: limited.query(() => "pong") }),
  });
}

interface CallOptions {
  ip?: string;
  token?: string;
}

async function handle(router: AnyTRPCRouter, req: Request, options: CallOptions): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router,
    createContext: ({ resHeaders }) => ({ ip: options.ip ?? "198.51.100.7", bearerToken: options.token, responseHeaders: resHeaders }),
  });
}

function headersFor(options: CallOptions, json = false): Record<string, string> {
  return {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(json ? { "content-type": "application/json" } : {}),
  };
}

function query(router: AnyTRPCRouter, path: string, input: unknown, options: CallOptions = {}) {
  const url = `http://test.local/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
  return handle(router, new Request(url, { headers: headersFor(options) }), options);
}

function mutate(router: AnyTRPCRouter, path: string, input: unknown, options: CallOptions = {}) {
  const req = new Request(`http://test.local/api/trpc/${path}`, {
    method: "POST",
    headers: headersFor(options, true),
    body: JSON.stringify(input),
  });
  return handle(router, req, options);
}

function batchQuery(router: AnyTRPCRouter, paths: string[], inputs: unknown[], options: CallOptions = {}) {
  const url = `http://test.local/api/trpc/${paths.join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(inputs.map((v, i) => [i, v]))))}`;
  return handle(router, new Request(url, { headers: headersFor(options) }), options);
}

type ErrorBody = { error: { message: string; data: { code: string; httpStatus: number } } };

describe("rateLimit middleware over the fetch adapter", () => {
  let limiter: RateLimiter;
  let router: ReturnType<typeof buildTestRouter>;

  beforeEach(() => {
    limiter = createRateLimiter();
    router = buildTestRouter(limiter);
  });
  afterEach(async () => {
    await limiter.close();
  });

  it("allows 100 calls a minute from one IP with RateLimit headers, then answers 429 with Retry-After", async () => {
    for (let i = 1; i <= 100; i++) {
      const res = await query(router, "support.products.search", { query: "rings" });
      expect(res.status).toBe(200);
      expect(res.headers.get("RateLimit-Policy")).toBe('"support_ip";q=100;w=60');
      expect(res.headers.get("RateLimit")).toMatch(new RegExp(`^"support_ip";r=${100 - i};t=\\d+$`));
      expect(res.headers.get("Retry-After")).toBeNull();
    }
    const res = await query(router, "support.products.search", { query: "rings" });
    expect(res.status).toBe(429);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.data.code).toBe("TOO_MANY_REQUESTS");
    expect(body.error.data.httpStatus).toBe(429);
    expect(body.error.message).toMatch(/Too many requests/);
    const retryAfter = Number(res.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.headers.get("RateLimit-Policy")).toBe('"support_ip";q=100;w=60');
    expect(res.headers.get("RateLimit")).toBe(`"support_ip";r=0;t=${retryAfter}`);

    // Every limited namespace shares the IP's quota; another IP does not.
    expect((await mutate(router, "session.start", undefined)).status).toBe(429);
    expect((await query(router, "support.products.search", {}, { ip: "198.51.100.8" })).status).toBe(200);
    // Dashboard calls have their own, larger per-IP quota.
    const dashboard = await query(router, "dashboard.ping", undefined);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get("RateLimit-Policy")).toBe('"dashboard_ip";q=600;w=60');
  });

  it("counts every call of a batch: a batch of 5 consumes 5", async () => {
    const res = await batchQuery(router, Array(5).fill("support.products.search"), Array(5).fill({}));
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(5);
    expect(res.headers.get("RateLimit")).toMatch(/^"support_ip";r=95;t=\d+$/);
    expect(await limiter.peek("support_ip", rateLimitKeys.ip("198.51.100.7"))).toMatchObject({ remaining: 95 });
  });

  it("answers a batch that crosses the limit with 207, the refused calls as 429 and the exhausted state in the headers", async () => {
    for (let i = 0; i < 97; i++) await limiter.limit("support_ip", rateLimitKeys.ip("198.51.100.7"));
    const res = await batchQuery(router, Array(5).fill("support.products.search"), Array(5).fill({}));
    expect(res.status).toBe(207);
    const items = (await res.json()) as Array<{ result?: unknown; error?: ErrorBody["error"] }>;
    expect(items.filter((i) => i.result)).toHaveLength(3);
    expect(items.filter((i) => i.error?.data.code === "TOO_MANY_REQUESTS")).toHaveLength(2);
    expect(res.headers.get("RateLimit")).toMatch(/^"support_ip";r=0;t=\d+$/);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });

  it("limits chat turns to 30 a minute per widget session, across IPs, and reports both policies", async () => {
    for (let i = 1; i <= 30; i++) {
      const res = await mutate(router, "chat.send", { text: "hi" }, { token: "sess-abc", ip: `203.0.113.${i}` });
      expect(res.status).toBe(200);
      expect(res.headers.get("RateLimit-Policy")).toBe('"support_ip";q=100;w=60, "chat_session";q=30;w=60');
      expect(res.headers.get("RateLimit")).toMatch(new RegExp(`^"support_ip";r=99;t=\\d+, "chat_session";r=${30 - i};t=\\d+$`));
    }
    const refused = await mutate(router, "chat.send", { text: "hi" }, { token: "sess-abc", ip: "203.0.113.200" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("RateLimit")).toMatch(/"chat_session";r=0;t=\d+$/);
    // The refused turn gave back its support_ip unit.
    expect(await limiter.peek("support_ip", rateLimitKeys.ip("203.0.113.200"))).toMatchObject({ remaining: 100 });
    // Another session is unaffected; no session → UNAUTHORIZED from the procedure, not a session limit.
    expect((await mutate(router, "chat.send", { text: "hi" }, { token: "sess-other" })).status).toBe(200);
    expect((await mutate(router, "chat.send", { text: "hi" })).status).toBe(401);
  });
});

describe("rateLimit middleware when the backend is down", () => {
  it("fails open for catalog search and closed (503) for mutations, within the timeout", async () => {
    const logger = { error: vi.fn(), info: vi.fn() };
    // Nothing listens on port 1: connection refused.
    const limiter = createRateLimiter({ redisUrl: "redis://127.0.0.1:1", timeoutMs: 200, logger });
    const router = buildTestRouter(limiter);
    try {
      const started = performance.now();
      const search = await query(router, "support.products.search", {});
      expect(search.status).toBe(200);
      expect(search.headers.get("RateLimit")).toBeNull();

      const lookup = await mutate(router, "support.orders.status", OWNER); // a mutation: support_ip fails closed
      expect(lookup.status).toBe(503);
      const body = (await lookup.json()) as ErrorBody;
      expect(body.error.data.code).toBe("SERVICE_UNAVAILABLE");
      expect(body.error.message).toMatch(/temporarily unavailable/);
      expect(lookup.headers.get("Retry-After")).toBe("5");

      expect((await mutate(router, "chat.send", { text: "hi" }, { token: "sess-x" })).status).toBe(503);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(logger.error).toHaveBeenCalledTimes(1);
    } finally {
      await limiter.close();
    }
  });
});
