import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { startWidgetSession } from "../testing/widget-client";
import { idempotencyRecordId, stableStringify } from "./idempotency-middleware";

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => {
  await t.cleanup();
});

async function widget(key?: string) {
  const w = await startWidgetSession(t);
  const token = w.started.enabled ? w.started.sessionToken : "";
  const sessionId = w.started.enabled ? w.started.sessionId : "";
  const withKey = (k: string) => t.caller({ headers: { authorization: `Bearer ${token}`, "idempotency-key": k } });
  return { w, sessionId, withKey, keyed: key ? withKey(key) : w.caller };
}

const csatCount = () => t.runtime.store.db.collection("widgetCSAT").countDocuments({});

describe("Idempotency-Key on mutations", () => {
  it("replays the first result for the same key and body, and executes once", async () => {
    const { withKey } = await widget();
    const before = await csatCount();
    const first = await withKey("key-aaaaaaaa").support.csat.submit({ rating: 4, comment: "lovely" });
    const second = await withKey("key-aaaaaaaa").support.csat.submit({ comment: "lovely", rating: 4 });
    expect(second).toEqual(first);
    expect(await csatCount()).toBe(before + 1);
    await withKey("key-bbbbbbbb").support.csat.submit({ rating: 4, comment: "lovely" });
    expect(await csatCount()).toBe(before + 2);
  });

  it("rejects the same key with a different body (422) and changes nothing", async () => {
    const { withKey } = await widget();
    await withKey("key-cccccccc").support.csat.submit({ rating: 5 });
    const before = await csatCount();
    const error = await withKey("key-cccccccc")
      .support.csat.submit({ rating: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    expect(await csatCount()).toBe(before);
  });

  it("answers 409 to a duplicate that arrives while the first is still running", async () => {
    const { withKey, sessionId } = await widget();
    const id = idempotencyRecordId(`session:${sessionId}`, "support.csat.submit", "key-dddddddd");
    const hash = (await import("node:crypto"))
      .createHash("sha256")
      .update(stableStringify({ rating: 3 }))
      .digest("base64url");
    await t.runtime.repositories.idempotencyKeys.begin(id, hash); // the first request, in flight
    const error = await withKey("key-dddddddd")
      .support.csat.submit({ rating: 3 })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("CONFLICT");
  });

  it("handles truly concurrent duplicates: one runs, the others conflict or replay", async () => {
    const { withKey } = await widget();
    const before = await csatCount();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => withKey("key-eeeeeeee").support.csat.submit({ rating: 2 })));
    for (const r of results) if (r.status === "rejected") expect((r.reason as TRPCError).code).toBe("CONFLICT");
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect(await csatCount()).toBe(before + 1);
  });

  it("is scoped to the caller: the same key from another session runs separately", async () => {
    const a = await widget();
    const b = await widget();
    const before = await csatCount();
    await a.withKey("shared-key-1").support.csat.submit({ rating: 5 });
    await b.withKey("shared-key-1").support.csat.submit({ rating: 5 });
    expect(await csatCount()).toBe(before + 2);
  });

  it("forgets a failed first attempt so a retry with the same key runs again", async () => {
    const { withKey } = await widget();
    const lookup = { orderNumber: "GG-12002", email: "wrong@example.com" };
    await expect(withKey("key-ffffffff").support.orders.status(lookup)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(withKey("key-ffffffff").support.orders.status(lookup)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const ok = await withKey("key-gggggggg").support.orders.status({ orderNumber: "GG-12002", email: "marcus.bennett@example.com" });
    expect(ok.status).toBe("shipped");
  });

  it("counts replays in a metric", async () => {
    const { withKey } = await widget();
    await withKey("key-hhhhhhhh").support.shortlist.clear();
    await withKey("key-hhhhhhhh").support.shortlist.clear();
    const values = (await t.runtime.metrics.idempotentReplays.get()).values;
    expect(values.find((v) => v.labels.procedure === "support.shortlist.clear")?.value).toBeGreaterThanOrEqual(1);
  });
});
