import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../services/order-webhook-service";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { startWidgetSession } from "../../testing/widget-client";
import { orderWebhookEndpoint } from "./order-webhook";

const SECRET = "w".repeat(40);
const EMAIL = "real.shopper@store.example";
let t: TestRuntime;
let server: Server;
let url: string;

beforeAll(async () => {
  t = await createTestRuntime({ CONCIERGE_WEBHOOK_SECRET: SECRET });
  const app = express();
  app.use("/api/webhooks/orders", orderWebhookEndpoint(t.runtime));
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/orders`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.cleanup();
});

const deliveredAt = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
function event(over: Record<string, unknown> = {}, order: Record<string, unknown> = {}) {
  return {
    type: "order.created",
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    order: {
      orderNumber: "GG-55001",
      customerEmail: EMAIL,
      customerName: "Real Shopper",
      status: "delivered",
      items: [{ productId: "solitaire-ring", name: "Solitaire Ring", priceCents: 90_000, quantity: 1, size: "6" }],
      carrier: "DHL",
      trackingNumber: "JD014600003828460000",
      placedAt: "2026-11-01T10:00:00.000Z",
      deliveredAt,
      ...order,
    },
    ...over,
  };
}

async function post(body: string, options: { id?: string; timestamp?: number; secret?: string; signature?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Concierge-Timestamp": timestamp,
      "X-Concierge-Event-Id": options.id ?? `evt_${Math.random().toString(36).slice(2)}`,
      "X-Concierge-Signature": options.signature ?? signWebhook(options.secret ?? SECRET, timestamp, body),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as { status: string; message?: string } };
}

describe("POST /api/webhooks/orders", () => {
  it("applies a signed order, so status and return eligibility use the store's real order", async () => {
    const res = await post(JSON.stringify(event()), { id: "evt_created_1" });
    expect(res).toEqual({ status: 200, body: { status: "applied" } });
    const shopper = await startWidgetSession(t);
    const status = await shopper.caller.support.orders.status({ orderNumber: "GG-55001", email: EMAIL });
    expect(status).toMatchObject({ orderNumber: "GG-55001", status: "delivered", carrier: "DHL" });
    const rma = await shopper.caller.support.returns.create({ orderNumber: "GG-55001", kind: "return", productIds: ["solitaire-ring"] });
    expect(rma.rmaId).toMatch(/^RMA-[0-9A-F]{10}$/);
  });

  it("acknowledges a replayed event id without applying it again, and never lets an older update win", async () => {
    const newer = event({ type: "order.updated", occurredAt: new Date().toISOString() }, { orderNumber: "GG-55002", status: "shipped" });
    expect((await post(JSON.stringify(newer), { id: "evt_newer_0001" })).body.status).toBe("applied");
    expect((await post(JSON.stringify(newer), { id: "evt_newer_0001" })).body.status).toBe("duplicate");
    const older = event(
      { type: "order.updated", occurredAt: new Date(Date.now() - 3_600_000).toISOString() },
      { orderNumber: "GG-55002", status: "received" },
    );
    expect((await post(JSON.stringify(older), { id: "evt_older_0001" })).body.status).toBe("stale");
    const stored = await t.runtime.repositories.orders.findByNumber("GG-55002");
    expect(stored?.status).toBe("shipped");
  });

  it("refuses unsigned, mis-signed, stale, malformed and oversized deliveries with a clear status and changes nothing", async () => {
    const body = JSON.stringify(event({}, { orderNumber: "GG-55003" }));
    expect((await post(body, { secret: "x".repeat(40) })).status).toBe(401);
    expect((await post(body, { timestamp: Math.floor(Date.now() / 1000) - 3_600 })).body.message).toMatch(/tolerance/);
    const tampered = body.replace("delivered", "cancelled");
    const ts = String(Math.floor(Date.now() / 1000));
    expect((await post(tampered, { timestamp: Number(ts), signature: signWebhook(SECRET, ts, body) })).status).toBe(401);
    expect((await post(body, { signature: "sha256=nothex" })).status).toBe(400);
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify(event({}, { orderNumber: "ORDER-1" })))).status).toBe(422);
    expect((await post(JSON.stringify({ type: "order.deleted" }))).status).toBe(422);
    const huge = JSON.stringify(
      event(
        {},
        { items: Array.from({ length: 4_000 }, (_, i) => ({ productId: `p-${i}`, name: "x".repeat(60), priceCents: 1, quantity: 1 })) },
      ),
    );
    expect((await post(huge)).status).toBe(413);
    expect(await t.runtime.repositories.orders.findByNumber("GG-55003")).toBeNull();
  });
});

describe("without CONCIERGE_WEBHOOK_SECRET", () => {
  it("the endpoint does not exist (404)", async () => {
    const plain = await createTestRuntime();
    const app = express();
    app.use("/api/webhooks/orders", orderWebhookEndpoint(plain.runtime));
    const srv = app.listen(0, "127.0.0.1");
    await new Promise((r) => srv.once("listening", r));
    try {
      const res = await fetch(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/webhooks/orders`, {
        method: "POST",
        body: "{}",
      });
      expect(res.status).toBe(404);
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
      await plain.cleanup();
    }
  });
});
