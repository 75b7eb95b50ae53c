/**
 * Contracts behind the MongoDB review's fixes, run on the embedded engine always and on a real
 * MongoDB with TEST_MONGODB_URI (change streams need a replica set there): sequence gaps, concurrent
 * first upserts, one open ticket per conversation, index management, the change-stream feed.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startChangeStreamFeed } from "./change-stream-feed";
import { connectStore, isDuplicateKeyError, type Store } from "./client";
import { COLLECTIONS } from "./collections";
import { applyIndexes, IndexesNotReadyError, migrateIndexes, planIndexes, readIndexes, verifyIndexes } from "./indexes";
import { createRepositories, type Repositories } from "./repositories";
import { SEQ_GAP_GRACE_MS, type MessageDoc } from "./repositories/conversations";
import type { StylistTicketDoc } from "./repositories/stylist-tickets";

const mongoUri = process.env.TEST_MONGODB_URI;
const enc = { v: 1 as const, iv: "aXY=", tag: "dGFn", data: "ZGF0YQ==" };

function ticket(id: string, conversationId: string, over: Partial<StylistTicketDoc> = {}): StylistTicketDoc {
  const now = new Date();
  return {
    _id: id,
    conversationId,
    sessionId: `s-${conversationId}`,
    status: "open",
    priority: "normal",
    reason: "test",
    contact: { name: enc, email: enc, emailHash: "h" },
    shortlistProductIds: [],
    internalNotes: [],
    audit: [],
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

function contract(open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>) {
  let store: Store;
  let cleanup: () => Promise<void>;
  let r: Repositories;

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    await expect(verifyIndexes(store.db)).rejects.toBeInstanceOf(IndexesNotReadyError);
    await applyIndexes(store.db);
    r = createRepositories(store.db);
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it("indexes: after migrate every declared index is in place; a changed TTL is changed in place; start-up verification passes", async () => {
    expect(planIndexes(await readIndexes(store.db)).filter((a) => a.kind !== "ok")).toEqual([]);
    await expect(verifyIndexes(store.db)).resolves.toEqual({ differing: [], unknown: [] });
    const turns = store.db.collection(COLLECTIONS.chatTurns);
    await turns.dropIndex("expiresAt_1");
    await turns.createIndex({ expiresAt: 1 }, { name: "expiresAt_1", expireAfterSeconds: 60 });
    expect(planIndexes(await readIndexes(store.db)).find((a) => a.kind === "ttl")).toMatchObject({ collection: "chatTurns", from: 60 });
    await migrateIndexes(store.db);
    const after = (await turns.listIndexes().toArray()).find((ix) => ix.name === "expiresAt_1");
    expect(after?.expireAfterSeconds).toBe(0);
    // An option change that needs a rebuild is left to the operator unless asked.
    await turns.dropIndex("expiresAt_1");
    await turns.createIndex({ expiresAt: 1 }, { name: "expiresAt_1", expireAfterSeconds: 0, sparse: true });
    const report = await migrateIndexes(store.db);
    expect(report.pending.map((a) => a.kind)).toEqual(["rebuild"]);
    await migrateIndexes(store.db, { rebuild: true });
    expect(planIndexes(await readIndexes(store.db)).filter((a) => a.kind !== "ok")).toEqual([]);
  });

  it("messages: a reader stops before a sequence number still in flight and skips it only after the grace period", async () => {
    const col = store.db.collection<MessageDoc>(COLLECTIONS.conversationMessages);
    const conv = `conv-gap-${randomBytes(3).toString("hex")}`;
    const at = new Date();
    const doc = (seq: number): MessageDoc => ({
      _id: `${conv}:${seq}`,
      conversationId: conv,
      seq,
      role: "shopper",
      message: { type: "text", text: String(seq) },
      createdAt: at,
    });
    await col.insertMany([doc(1), doc(2), doc(4)]);
    expect((await r.conversations.messagesAfter(conv, 0)).map((m) => m.seq)).toEqual([1, 2]);
    expect((await r.conversations.messagesAfter(conv, 2)).map((m) => m.seq)).toEqual([]);
    await col.insertOne(doc(3));
    expect((await r.conversations.messagesAfter(conv, 2)).map((m) => m.seq)).toEqual([3, 4]);
    await col.insertOne(doc(6));
    expect((await r.conversations.messagesAfter(conv, 4, 500, at.getTime() + SEQ_GAP_GRACE_MS)).map((m) => m.seq)).toEqual([6]);
  });

  it("shortlists: two concurrent first adds (a double tap) both succeed; only a really full list refuses", async () => {
    const session = `s-${randomBytes(4).toString("hex")}`;
    const results = await Promise.all([
      r.shortlists.add(session, "p-1", 2),
      r.shortlists.add(session, "p-2", 2),
      r.shortlists.add(session, "p-1", 2),
    ]);
    expect(results).not.toContain("full");
    expect((await r.shortlists.get(session)).sort()).toEqual(["p-1", "p-2"]);
    expect(await r.shortlists.add(session, "p-3", 2)).toBe("full");
  });

  it("tickets: one open ticket per conversation, also under concurrency; resolving frees the slot, reopening a second is refused", async () => {
    const conv = `conv-${randomBytes(3).toString("hex")}`;
    const settled = await Promise.allSettled([
      r.stylistTickets.create(ticket(`T-A-${conv}`, conv)),
      r.stylistTickets.create(ticket(`T-B-${conv}`, conv)),
    ]);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    const rejected = settled.find((s) => s.status === "rejected") as PromiseRejectedResult;
    expect(isDuplicateKeyError(rejected.reason)).toBe(true);
    const first = await r.stylistTickets.findOpenByConversation(conv);
    await r.stylistTickets.applyChange(first!._id, { status: "resolved" }, []);
    const second = await r.stylistTickets.create(ticket(`T-C-${conv}`, conv));
    expect(second.openConversationId).toBe(conv);
    const reopen = r.stylistTickets.applyChange(first!._id, { status: "open" }, []);
    await expect(reopen).rejects.toSatisfy(isDuplicateKeyError);
    // Older open tickets without the key get it on migrate (only the newest per conversation).
    const legacy = `conv-legacy-${randomBytes(3).toString("hex")}`;
    const raw = store.db.collection<StylistTicketDoc>(COLLECTIONS.stylistTickets);
    await raw.insertMany([
      ticket(`T-L1-${legacy}`, legacy, { createdAt: new Date(1_000) }),
      ticket(`T-L2-${legacy}`, legacy, { createdAt: new Date(2_000) }),
    ]);
    const backfill = await r.stylistTickets.backfillOpenKeys();
    expect(backfill.duplicates).toEqual([`T-L1-${legacy}`]);
    expect((await r.stylistTickets.findById(`T-L2-${legacy}`))?.openConversationId).toBe(legacy);
  });
}

describe("MongoDB review contracts on the embedded engine", () => {
  contract(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mongo-fixes-"));
    const store = await connectStore({ dataDir: dir });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
});

describe.skipIf(!mongoUri)("MongoDB review contracts on MongoDB (TEST_MONGODB_URI)", () => {
  const dbName = `aurora_fixes_${randomBytes(4).toString("hex")}`;
  contract(async () => {
    const store = await connectStore({ mongodbUri: mongoUri!, mongodbDbName: dbName, dataDir: os.tmpdir() });
    return {
      store,
      cleanup: async () => {
        await store.db.dropDatabase();
        await store.close();
      },
    };
  });

  it("change-stream feed: delivers inserts, survives an invalidate (collection dropped, as by mongorestore --drop)", async () => {
    const store = await connectStore({ mongodbUri: mongoUri!, mongodbDbName: `${dbName}_cs`, dataDir: os.tmpdir() });
    const delivered: number[] = [];
    const gaps = vi.fn();
    const feed = startChangeStreamFeed(
      store.db,
      (doc) => delivered.push(doc.seq),
      { info: () => undefined, warn: () => undefined },
      { onGap: gaps, backoff: { initialMs: 50 } },
    );
    try {
      const col = store.db.collection<MessageDoc>(COLLECTIONS.conversationMessages);
      const doc = (seq: number): MessageDoc => ({
        _id: `c:${seq}`,
        conversationId: "c",
        seq,
        role: "stylist",
        message: {},
        createdAt: new Date(),
      });
      await vi.waitFor(() => expect(feed.state().open).toBe(true), { timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 500));
      await col.insertOne(doc(1));
      await vi.waitFor(() => expect(delivered).toEqual([1]), { timeout: 10_000 });
      await col.drop();
      await vi.waitFor(() => expect(gaps).toHaveBeenCalled(), { timeout: 10_000 });
      await vi.waitFor(() => expect(feed.state().open).toBe(true), { timeout: 10_000 });
      await col.insertOne(doc(2));
      await vi.waitFor(() => expect(delivered).toContain(2), { timeout: 10_000 });
    } finally {
      await feed.stop();
      await store.db.dropDatabase();
      await store.close();
    }
  });
});
