import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../platform/logger";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { DEFAULT_RETENTION_DAYS } from "../domain/retention";
import { RetentionService } from "./retention-service";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date(Date.UTC(2026, 11, 4, 12));
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const enc = { v: 1 as const, iv: "aXY=", tag: "dGFn", data: "ZGF0YQ==" };

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime({ RETENTION_CONVERSATION_DAYS: "30", RETENTION_TICKET_DAYS: "60", RETENTION_SWEEP_MINUTES: "0" });
});
afterAll(async () => {
  await t.cleanup();
});

const col = (name: string) => t.runtime.store.db.collection<{ _id: string }>(name);

/** One record of every retained kind, last touched `days` ago; returns the ids. */
async function seed(days: number) {
  const at = ago(days);
  const conversationId = `conv_${randomUUID()}`;
  await col("conversations").insertOne({
    _id: conversationId,
    sessionId: `s_${randomUUID()}`,
    visitorId: "v",
    status: "open",
    lastSeq: 2,
    intents: [],
    state: {},
    handoff: false,
    createdAt: at,
    updatedAt: at,
  } as never);
  for (const seq of [1, 2]) {
    await col("conversationMessages").insertOne({
      _id: `${conversationId}:${seq}`,
      conversationId,
      seq,
      role: "shopper",
      message: { type: "text", text: "hi" },
      createdAt: at,
    } as never);
  }
  const ticketId = `T-${randomUUID()}`;
  await col("stylistTickets").insertOne({
    _id: ticketId,
    conversationId,
    sessionId: "s",
    status: "closed",
    priority: "normal",
    reason: "r",
    contact: { name: enc, email: enc, emailHash: "h" },
    shortlistProductIds: [],
    internalNotes: [],
    audit: [],
    createdAt: at,
    updatedAt: at,
  } as never);
  const csatId = randomUUID();
  await col("widgetCSAT").insertOne({ _id: csatId, sessionId: "s", conversationId, rating: 4, createdAt: at } as never);
  const rmaId = `RMA-${randomUUID()}`;
  await col("returnRequests").insertOne({
    _id: rmaId,
    dedupeKey: rmaId,
    orderNumber: "GG-1",
    kind: "return",
    productIds: ["p"],
    status: "completed",
    createdAt: at,
  } as never);
  const subscriptionId = randomUUID();
  await col("orderSubscriptions").insertOne({
    _id: subscriptionId,
    orderNumber: `GG-${randomUUID()}`,
    channel: "email",
    destination: enc,
    destinationHash: randomUUID(),
    consentText: "ok",
    consentAt: at,
    active: true,
    createdAt: at,
    updatedAt: at,
  } as never);
  return { conversationId, ticketId, csatId, rmaId, subscriptionId };
}

const exists = async (name: string, id: string) => (await col(name).countDocuments({ _id: id })) === 1;

describe("retention", () => {
  it("documents its defaults and reads RETENTION_* from the configuration", () => {
    expect(DEFAULT_RETENTION_DAYS).toEqual({ conversations: 365, tickets: 730, csat: 730, returns: 2555, subscriptions: 365 });
    expect(t.runtime.config.retention).toEqual({
      days: { conversations: 30, tickets: 60, csat: 730, returns: 2555, subscriptions: 365 },
      sweepMinutes: 0,
    });
  });

  it("removes each kind after its period — conversations with their messages — and keeps everything younger", async () => {
    const old = await seed(3000);
    const middle = await seed(45); // past the conversation period (30), within the ticket period (60)
    const young = await seed(5);
    const report = await t.runtime.services.retention.sweep(NOW);
    expect(report).toMatchObject({ conversations: 2, messages: 4, tickets: 1, csat: 1, returns: 1, subscriptions: 1 });

    for (const gone of [old.conversationId, middle.conversationId]) {
      expect(await exists("conversations", gone)).toBe(false);
      expect(await col("conversationMessages").countDocuments({ conversationId: gone })).toBe(0);
    }
    expect(await exists("stylistTickets", old.ticketId)).toBe(false);
    expect(await exists("stylistTickets", middle.ticketId)).toBe(true);
    expect(await exists("widgetCSAT", old.csatId)).toBe(false);
    expect(await exists("returnRequests", old.rmaId)).toBe(false);
    expect(await exists("orderSubscriptions", old.subscriptionId)).toBe(false);

    expect(await exists("conversations", young.conversationId)).toBe(true);
    expect(await col("conversationMessages").countDocuments({ conversationId: young.conversationId })).toBe(2);
    for (const [name, id] of [
      ["stylistTickets", young.ticketId],
      ["widgetCSAT", young.csatId],
      ["returnRequests", young.rmaId],
      ["orderSubscriptions", young.subscriptionId],
      ["widgetCSAT", middle.csatId],
      ["returnRequests", middle.rmaId],
    ] as const) {
      expect(await exists(name, id)).toBe(true);
    }
    // A second sweep has nothing left to do.
    expect(Object.values(await t.runtime.services.retention.sweep(NOW)).every((n) => n === 0)).toBe(true);
  });

  it("keeps a kind forever when its period is 0", async () => {
    const old = await seed(10_000);
    const forever = new RetentionService(
      t.runtime.repositories,
      { conversations: 0, tickets: 0, csat: 0, returns: 0, subscriptions: 0 },
      createLogger({ level: "silent" }),
    );
    expect(Object.values(await forever.sweep(NOW)).every((n) => n === 0)).toBe(true);
    expect(await exists("conversations", old.conversationId)).toBe(true);
    expect(await exists("returnRequests", old.rmaId)).toBe(true);
  });

  it("deletes conversations in batches beyond one page", async () => {
    const ids = await Promise.all(Array.from({ length: 520 }, () => seed(400).then((s) => s.conversationId)));
    const report = await t.runtime.services.retention.sweep(NOW);
    expect(report.conversations).toBeGreaterThanOrEqual(520);
    expect(await col("conversations").countDocuments({ _id: { $in: ids } })).toBe(0);
    expect(await col("conversationMessages").countDocuments({ conversationId: { $in: ids } })).toBe(0);
  });
});
