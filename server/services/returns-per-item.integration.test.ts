import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { ofType, startWidgetSession, textOf } from "../testing/widget-client";

const ORDER = { orderNumber: "GG-12001", email: "ava.chen@example.com" }; // a ring and earrings, delivered 10 days ago

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => {
  await t.cleanup();
});

describe("one item, one open request", () => {
  it("a return and a resize of the same ring are not both confirmed; the second says which request holds it", async () => {
    const w = await startWidgetSession(t);
    const ring = "gg-ring-stacking-band-yg";
    const first = await w.caller.support.returns.create({ ...ORDER, kind: "return", productIds: [ring] });
    // The same request again is the same RMA (idempotent), not a conflict.
    expect((await w.caller.support.returns.create({ ...ORDER, kind: "return", productIds: [ring] })).rmaId).toBe(first.rmaId);
    const second = await w.caller.support.returns
      .create({ ...ORDER, kind: "resize", productIds: [ring], newRingSize: "7" })
      .catch((e: unknown) => e as { code: string; message: string });
    expect(second).toMatchObject({ code: "CONFLICT" });
    expect((second as { message: string }).message).toContain(first.rmaId);
    expect((second as { message: string }).message).toMatch(/already has an open return request/);
    // The other piece of the order is still free.
    await expect(
      w.caller.support.returns.create({ ...ORDER, kind: "return", productIds: ["gg-earrings-huggie-hoops-yg"] }),
    ).resolves.toMatchObject({ kind: "return" });
    // Once the first request is closed, the ring can be resized.
    await t.runtime.repositories.returnRequests.setStatus(first.rmaId, "completed");
    await expect(
      w.caller.support.returns.create({ ...ORDER, kind: "resize", productIds: [ring], newRingSize: "7" }),
    ).resolves.toMatchObject({
      kind: "resize",
    });
  });

  it("concurrent requests for one piece: exactly one wins", async () => {
    const fresh = await createTestRuntime();
    try {
      const w = await startWidgetSession(fresh);
      const results = await Promise.allSettled([
        w.caller.support.returns.create({ ...ORDER, kind: "return", productIds: ["gg-earrings-huggie-hoops-yg"] }),
        w.caller.support.returns.create({ ...ORDER, kind: "repair", productIds: ["gg-earrings-huggie-hoops-yg"] }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    } finally {
      await fresh.cleanup();
    }
  });

  it("'return my necklace' for an order without a necklace says what the order holds instead of accepting it", async () => {
    const fresh = await createTestRuntime();
    try {
      const w = await startWidgetSession(fresh);
      await w.send("I want to return my necklace");
      const res = await w.send({ kind: "order_lookup", ...ORDER, purpose: "return" });
      expect(textOf(res.concierge)).toMatch(/doesn't include a necklace/);
      expect(textOf(res.concierge)).toMatch(/Stacking Band/);
      expect(ofType(res.concierge, "return_options").suggestedProductIds).toBeUndefined();
      // A piece the order does hold is suggested (the order is already verified in this session).
      const earrings = await w.send("actually I want to return my earrings");
      expect(ofType(earrings.concierge, "return_options").suggestedProductIds).toEqual(["gg-earrings-huggie-hoops-yg"]);
    } finally {
      await fresh.cleanup();
    }
  });
});
