import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rateLimitKeys } from "../platform/rate-limit/policies";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { ofType, startWidgetSession, textOf } from "../testing/widget-client";

const OWNER = { orderNumber: "GG-12002", email: "marcus.bennett@example.com" };
const codeOf = (error: unknown) => (error instanceof TRPCError ? error.code : String(error));

let t: TestRuntime;
beforeEach(async () => {
  t = await createTestRuntime();
});
afterEach(async () => {
  await t.cleanup();
});

describe("order access: one door, one set of limits, on every path", () => {
  it("support.orders.status: 5 wrong emails for one order → the 6th lookup is refused even with the right email", async () => {
    for (let i = 0; i < 5; i++) {
      // A fresh address and session each time: the order number's own budget is what runs out.
      await expect(
        t.caller({ ip: `192.0.2.${i + 1}` }).support.orders.status({ orderNumber: OWNER.orderNumber, email: `guess${i}@example.com` }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const refused = await t
      .caller({ ip: "192.0.2.99" })
      .support.orders.status(OWNER)
      .catch((e: unknown) => e);
    expect(codeOf(refused)).toBe("TOO_MANY_REQUESTS");
    expect((refused as Error).message).toMatch(/unsuccessful order lookups/);
    // Another order is unaffected.
    await expect(
      t.caller({ ip: "192.0.2.99" }).support.orders.status({ orderNumber: "GG-12001", email: "ava.chen@example.com" }),
    ).resolves.toMatchObject({ orderNumber: "GG-12001" });
  });

  it("the chat's lookup form counts too: 5 wrong emails in one session, then even the right one is refused", async () => {
    const w = await startWidgetSession(t);
    for (let i = 0; i < 5; i++) {
      const res = await w.send({ kind: "order_lookup", orderNumber: "GG-12001", email: `nope${i}@example.com`, purpose: "track" });
      expect(res.concierge.some((m) => m.type === "order_timeline")).toBe(false);
      expect(ofType(res.concierge, "order_lookup_form").error).toMatch(/couldn't find/);
    }
    const sixth = await w.send({ kind: "order_lookup", ...OWNER, purpose: "track" });
    expect(sixth.concierge.some((m) => m.type === "order_timeline")).toBe(false);
    expect(textOf(sixth.concierge)).toMatch(/Too many unsuccessful order lookups/);
  });

  it("typed emails in the conversation count against the same session budget as the API", async () => {
    const w = await startWidgetSession(t);
    const ip = "198.51.100.200";
    const asIp = t.caller({ ip, headers: { authorization: `Bearer ${w.started.sessionToken}` } });
    for (let i = 0; i < 3; i++) {
      await expect(asIp.support.orders.status({ orderNumber: `GG-1200${i + 3}`, email: `x${i}@example.com` })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    for (let i = 0; i < 2; i++) await w.send(`where is order GG-12005? my email is wrong${i}@example.com`);
    const res = await w.send(`where is order GG-12002? my email is ${OWNER.email}`);
    expect(res.concierge.some((m) => m.type === "order_timeline")).toBe(false);
    expect(textOf(res.concierge)).toMatch(/Too many unsuccessful order lookups/);
  });

  it("one address cannot rotate sessions to keep guessing: 20 failures per IP per hour", async () => {
    const ip = "203.0.113.77";
    for (let i = 0; i < 20; i++) {
      const order = `GG-${30000 + i}`;
      await expect(t.caller({ ip }).support.orders.status({ orderNumber: order, email: "g@example.com" })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    await expect(t.caller({ ip }).support.orders.status(OWNER)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(t.caller({ ip: "203.0.113.78" }).support.orders.status(OWNER)).resolves.toMatchObject({ orderNumber: OWNER.orderNumber });
  });

  it("concurrent correct lookups all succeed and leave the failure budget untouched", async () => {
    const w = await startWidgetSession(t);
    const caller = t.caller({ ip: "198.51.100.9", headers: { authorization: `Bearer ${w.started.sessionToken}` } });
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => caller.support.orders.status(OWNER)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(12);
    const limiter = t.runtime.rateLimiter;
    expect((await limiter.peek("order_lookup_failures_order", rateLimitKeys.order(OWNER.orderNumber, limiter.hashKey))).remaining).toBe(5);
    expect((await limiter.peek("order_lookup_failures_session", rateLimitKeys.session(w.started.sessionId))).remaining).toBe(5);
    expect((await limiter.peek("order_lookup_failures_ip", rateLimitKeys.ip("198.51.100.9"))).remaining).toBe(20);
  });

  it("a burst of 10 concurrent wrong guesses gets at most 5 answers; the rest are refused", async () => {
    const caller = t.caller({ ip: "198.51.100.10" });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => caller.support.orders.status({ orderNumber: OWNER.orderNumber, email: `b${i}@example.com` })),
    );
    const codes = results.map((r) => (r.status === "rejected" ? codeOf(r.reason) : "OK"));
    expect(codes.filter((c) => c === "NOT_FOUND")).toHaveLength(5);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS")).toHaveLength(5);
  });

  it("a verified lookup is remembered in the session: later calls need no email", async () => {
    const w = await startWidgetSession(t);
    await w.caller.support.orders.status(OWNER);
    await expect(w.caller.support.orders.status({ orderNumber: OWNER.orderNumber })).resolves.toMatchObject({
      orderNumber: OWNER.orderNumber,
    });
    const res = await w.send("where is my order GG-12002?");
    expect(ofType(res.concierge, "order_timeline").orderNumber).toBe(OWNER.orderNumber);
  });

  it("fails closed with 503 when the limiter cannot answer", async () => {
    const down = await createTestRuntime({ REDIS_URL: "redis://127.0.0.1:1" });
    try {
      await expect(down.caller().support.orders.status(OWNER)).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    } finally {
      await down.cleanup();
    }
  });
});
