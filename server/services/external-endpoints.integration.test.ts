/**
 * The runbook's optional external services, against local HTTP servers: the products endpoint
 * (contract, cache, timeout, circuit breaker, fallback to the stored catalog) and the order-status
 * endpoint (order number + email with the shared secret; the concierge's own checks and limits).
 */
import { TRPCError } from "@trpc/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStoreEndpointServer } from "../testing/store-endpoint-server";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { startWidgetSession } from "../testing/widget-client";

const SECRET = "s".repeat(32);

const endpointProduct = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `Store ${id}`,
  category: "ring",
  metal: "yellow_gold_14k",
  priceCents: 42_000,
  readyToShip: true,
  imageUrl: `https://cdn.store.example/${id}.jpg`,
  ...over,
});

describe("CONCIERGE_PRODUCTS_ENDPOINT", () => {
  let server: Awaited<ReturnType<typeof startStoreEndpointServer>>;
  let t: TestRuntime;
  const searches = () => server.requests.filter((r) => (r.body as { type?: string }).type === "search");

  beforeAll(async () => {
    server = await startStoreEndpointServer({ kind: "status", status: 500 });
    t = await createTestRuntime({
      CONCIERGE_PRODUCTS_ENDPOINT: server.url("/catalog/search"),
      CONCIERGE_ENDPOINT_SECRET: SECRET,
      CONCIERGE_ENDPOINT_TIMEOUT_MS: "300",
      CONCIERGE_PRODUCTS_CACHE_SECONDS: "60",
    });
  });
  afterAll(async () => {
    await t.cleanup();
    await server.close();
  });
  afterEach(() => server.requests.splice(0));

  it("searches through the endpoint with the documented request, the secret, and caches identical queries", async () => {
    server.behave({
      kind: "answer",
      handle: (body) => {
        const b = body as { type: string; ids?: string[] };
        if (b.type === "lookup") return { status: 200, body: { items: (b.ids ?? []).map((id) => endpointProduct(id)) } };
        return {
          status: 200,
          body: {
            items: [endpointProduct("store-ring-1"), endpointProduct("store-ring-2"), { id: "BROKEN" }],
            nextCursor: "page-2",
            total: 7,
          },
        };
      },
    });
    const result = await t.caller().support.products.search({ query: "gold rings", maxPrice: 500 });
    expect(result.source).toBe("endpoint");
    expect(result.items.map((p) => p.id)).toEqual(["store-ring-1", "store-ring-2"]); // the broken item is left out
    expect(result.total).toBe(7);
    expect(result.nextCursor).toMatch(/^X_/);
    const [request] = searches();
    expect(request!.headers["x-concierge-secret"]).toBe(SECRET);
    expect(request!.body).toMatchObject({
      type: "search",
      query: "gold rings",
      filters: { terms: ["gold"], categories: ["ring"], metals: [], maxPriceCents: 50_000, minPriceCents: null, readyToShip: null },
      sort: "featured",
      cursor: null,
    });
    await t.caller().support.products.search({ query: "gold rings", maxPrice: 500 });
    expect(searches()).toHaveLength(1); // identical query within the TTL: from memory
    const next = await t.caller().support.products.search({ query: "gold rings", maxPrice: 500, cursor: result.nextCursor! });
    expect(next.source).toBe("endpoint");
    expect((searches()[1]!.body as { cursor: string }).cursor).toBe("page-2");

    // A piece only the endpoint knows can be saved to the shortlist (looked up by id).
    const shopper = await startWidgetSession(t);
    const saved = await shopper.caller.support.shortlist.add({ productId: "store-ring-9" });
    expect(saved.products.map((p) => p.id)).toContain("store-ring-9");
  });

  it("falls back to the stored catalog on a slow, failing or malformed endpoint, and opens its circuit", async () => {
    server.behave({ kind: "slow", delayMs: 5_000 });
    const slow = await t.caller().support.products.search({ query: "hoops" });
    expect(slow.source).toBe("stored_fallback");
    expect(slow.items.length).toBeGreaterThan(0);
    expect(slow.items.every((p) => p.category === "earrings")).toBe(true);

    server.behave({ kind: "raw", text: "<html>oops</html>" });
    expect((await t.caller().support.products.search({ query: "necklaces" })).source).toBe("stored_fallback");
    server.behave({ kind: "raw", text: JSON.stringify({ products: [] }) });
    expect((await t.caller().support.products.search({ query: "bracelets" })).source).toBe("stored_fallback");

    server.behave({ kind: "status", status: 503 });
    for (const q of ["a1", "a2", "a3", "a4"])
      expect((await t.caller().support.products.search({ query: q })).source).toBe("stored_fallback");
    const callsBefore = searches().length;
    const whileOpen = await t.caller().support.products.search({ query: "studs" });
    expect(whileOpen.source).toBe("stored_fallback");
    expect(searches().length).toBe(callsBefore); // the circuit is open: the endpoint is not called
    const metrics = await t.runtime.metrics.registry.getSingleMetricAsString("concierge_external_requests_total");
    expect(metrics).toMatch(/service="products",outcome="circuit_open"/);
    expect(metrics).toMatch(/service="products",outcome="timeout"/);
    expect(metrics).toMatch(/service="products",outcome="malformed"/);
  });
});

describe("CONCIERGE_ORDER_STATUS_ENDPOINT", () => {
  let server: Awaited<ReturnType<typeof startStoreEndpointServer>>;
  let t: TestRuntime;
  const OWNER = "owner@shop.example";
  const order = (over: Record<string, unknown> = {}) => ({
    order: {
      orderNumber: "GG-77001",
      customerEmail: OWNER,
      status: "shipped",
      items: [{ productId: "x-ring", name: "X Ring", priceCents: 10_000, quantity: 1, size: "7" }],
      carrier: "DHL",
      trackingNumber: "1Z999AA10123456784",
      placedAt: "2026-11-20T10:00:00.000Z",
      estimatedDelivery: "2026-12-10T10:00:00.000Z",
      ...over,
    },
  });

  beforeAll(async () => {
    server = await startStoreEndpointServer({
      kind: "answer",
      handle: (body) => {
        const b = body as { orderNumber: string; email: string };
        return b.orderNumber === "GG-77001" && b.email === OWNER ? { status: 200, body: order() } : { status: 404 };
      },
    });
    t = await createTestRuntime({
      CONCIERGE_ORDER_STATUS_ENDPOINT: server.url("/orders/status"),
      CONCIERGE_ENDPOINT_SECRET: SECRET,
      CONCIERGE_ENDPOINT_TIMEOUT_MS: "300",
    });
  });
  afterAll(async () => {
    await t.cleanup();
    await server.close();
  });

  it("answers from the endpoint (number + email + secret), then from the session's proof without the email again", async () => {
    const shopper = await startWidgetSession(t);
    const status = await shopper.caller.support.orders.status({ orderNumber: "GG-77001", email: OWNER });
    expect(status).toMatchObject({
      orderNumber: "GG-77001",
      status: "shipped",
      carrier: "DHL",
      trackingMasked: expect.stringMatching(/6784$/),
    });
    const last = server.requests.at(-1)!;
    expect(last.body).toEqual({ orderNumber: "GG-77001", email: OWNER });
    expect(last.headers["x-concierge-secret"]).toBe(SECRET);
    server.requests.splice(0);
    await shopper.caller.support.orders.status({ orderNumber: "GG-77001" });
    expect(server.requests.at(-1)!.body).toEqual({ orderNumber: "GG-77001", email: OWNER }); // fresh status, no retyping
  });

  it("keeps the concierge's own checks and limits: uniform NOT_FOUND, an answer for someone else refused, failures counted", async () => {
    const shopper = await startWidgetSession(t);
    const wrong = await shopper.caller.support.orders
      .status({ orderNumber: "GG-77001", email: "thief@example.com" })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(TRPCError);
    expect((wrong as TRPCError).code).toBe("NOT_FOUND");

    // An endpoint that ignores the email is caught by the concierge's own comparison.
    server.behave({ kind: "answer", handle: () => ({ status: 200, body: order({ customerEmail: "someone.else@example.com" }) }) });
    const foreign = await shopper.caller.support.orders.status({ orderNumber: "GG-77001", email: OWNER }).catch((e: unknown) => e);
    expect((foreign as TRPCError).code).toBe("NOT_FOUND");
    server.behave({ kind: "status", status: 404 });
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push(
        await shopper.caller.support.orders.status({ orderNumber: "GG-77002", email: `guess${i}@example.com` }).then(
          () => "OK",
          (e: TRPCError) => e.code,
        ),
      );
    }
    expect(codes.at(-1)).toBe("TOO_MANY_REQUESTS");
  });

  it("when the endpoint is down: stored (webhook-fed) orders answer; otherwise a clear 503 that is not counted as a failed lookup", async () => {
    server.behave({ kind: "slow", delayMs: 5_000 });
    await t.runtime.services.orders.importOrders([
      {
        orderNumber: "GG-77100",
        customerName: "Stored Shopper",
        customerEmail: OWNER,
        status: "in_production",
        items: [],
        placedAt: new Date("2026-11-25T00:00:00Z"),
        timeline: [{ status: "received", at: new Date("2026-11-25T00:00:00Z") }],
      },
    ]);
    const shopper = await startWidgetSession(t);
    expect(await shopper.caller.support.orders.status({ orderNumber: "GG-77100", email: OWNER })).toMatchObject({
      status: "in_production",
    });
    const down = await shopper.caller.support.orders.status({ orderNumber: "GG-77001", email: OWNER }).catch((e: unknown) => e);
    expect((down as TRPCError).code).toBe("SERVICE_UNAVAILABLE");
    expect((down as TRPCError).message).toMatch(/temporarily unavailable/);
  });
});
