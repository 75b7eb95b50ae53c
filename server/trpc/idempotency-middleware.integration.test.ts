import { TRPCError } from "@trpc/server";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdempotencyKeyDoc } from "../db/repositories/idempotency-keys";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { startWidgetSession } from "../testing/widget-client";
import { idempotencyLeaseMs, idempotencyRecordId, stableStringify } from "./idempotency-middleware";

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
const bodyHash = (input: unknown) => createHash("sha256").update(stableStringify(input)).digest("base64url");
const keysCollection = () => t.runtime.store.db.collection<IdempotencyKeyDoc>("idempotencyKeys");

describe("Idempotency-Key on mutations", () => {
  it("replays the first result for the same key and body, and executes once", async () => {
    const { withKey, w } = await widget();
    const transcriptLength = async () => (await w.caller.session.messages({ afterSeq: 0 })).entries.length;
    const first = await withKey("key-aaaaaaaa").chat.send({ text: "hello there" });
    const length = await transcriptLength();
    const second = await withKey("key-aaaaaaaa").chat.send({ text: "hello there" });
    expect(second).toEqual(first);
    expect(await transcriptLength()).toBe(length);
    await withKey("key-bbbbbbbb").chat.send({ text: "hello there" });
    expect(await transcriptLength()).toBeGreaterThan(length);
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
    await t.runtime.repositories.idempotencyKeys.begin(id, bodyHash({ rating: 3 }), { leaseMs: 60_000 }); // the first request, in flight
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

  it("rejects a key over 255 characters with 400 and a clear message, and changes nothing", async () => {
    const { withKey } = await widget();
    const before = await csatCount();
    const error = await withKey("k".repeat(256))
      .support.csat.submit({ rating: 4 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toBe("Idempotency-Key must be at most 255 characters (got 256).");
    expect(await csatCount()).toBe(before);
    await expect(withKey("k".repeat(255)).support.csat.submit({ rating: 4 })).resolves.toMatchObject({ rating: 4 });
    expect(await csatCount()).toBe(before + 1);
  });

  it("a key left in progress by a crashed process holds until its lease ends; then one retry runs it, once", async () => {
    const { withKey, w, sessionId } = await widget();
    const input = { text: "hello after a crash" };
    const id = idempotencyRecordId(`session:${sessionId}`, "chat.send", "key-crashed1");
    const shopperTurns = async () =>
      (await w.caller.session.messages({ afterSeq: 0 })).entries.filter(
        (e) => e.role === "shopper" && (e.message as { text?: string }).text === input.text,
      ).length;
    // The crash: an in-progress record whose process is gone, its lease still running.
    const now = Date.now();
    await keysCollection().insertOne({
      _id: id,
      scope: `session:${sessionId}`,
      requestHash: bodyHash(input),
      state: "in_progress",
      attempt: 1,
      leaseExpiresAt: new Date(now + 30_000),
      createdAt: new Date(now - 30_000),
    });
    await expect(withKey("key-crashed1").chat.send(input)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await shopperTurns()).toBe(0);

    // The lease has passed: several retries race, exactly one runs the turn.
    await keysCollection().updateOne({ _id: id }, { $set: { leaseExpiresAt: new Date(Date.now() - 1) } });
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => withKey("key-crashed1").chat.send(input)));
    for (const r of results) if (r.status === "rejected") expect((r.reason as TRPCError).code).toBe("CONFLICT");
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    expect(await shopperTurns()).toBe(1);

    // Later retries replay the stored result and run nothing.
    const replay = await withKey("key-crashed1").chat.send(input);
    expect(replay).toEqual((fulfilled[0] as PromiseFulfilledResult<unknown>).value);
    expect(await shopperTurns()).toBe(1);
    expect((await keysCollection().findOne({ _id: id }))?.state).toBe("completed");
  });

  it("leases outlast the LLM's own deadline", () => {
    expect(idempotencyLeaseMs({ timeoutMs: 15_000, maxRetries: 1 })).toBe(62_000);
    expect(idempotencyLeaseMs({ timeoutMs: 1_000, maxRetries: 0 })).toBe(60_000);
    expect(idempotencyLeaseMs({ timeoutMs: 120_000, maxRetries: 5 })).toBeGreaterThan(6 * 120_000);
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
