/**
 * The repository contract: every repository's queries, run unchanged against the embedded engine
 * and — when TEST_MONGODB_URI is set — against a real MongoDB (a random database, dropped after).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStore, type Store } from "../client";
import { applyIndexes } from "../indexes";
import { createRepositories, type Repositories } from ".";
import type { ProductDoc } from "./products";

const mongoUri = process.env.TEST_MONGODB_URI;
const enc = { v: 1 as const, iv: "aXY=", tag: "dGFn", data: "ZGF0YQ==" };

function product(i: number, over: Partial<ProductDoc> = {}): ProductDoc {
  return {
    _id: `p-${i}`,
    sku: `SKU-${i}`,
    name: `Piece ${i}`,
    category: i % 2 ? "ring" : "necklace",
    metal: i % 3 ? "yellow_gold_14k" : "sterling_silver",
    stones: [],
    styleTags: ["dainty"],
    priceCents: 1000 * (i + 1),
    currency: "USD",
    readyToShip: i % 2 === 0,
    shippingPromise: "Ships soon",
    leadTimeDays: 2,
    sizes: [],
    description: "",
    imageUrl: `/images/products/p-${i}.svg`,
    engravable: false,
    featuredRank: 100 - i,
    createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
    searchTerms: ["piece", i % 2 ? "ring" : "necklace", i % 3 ? "gold" : "silver"],
    ...over,
  };
}

function contract(open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>) {
  let store: Store;
  let cleanup: () => Promise<void>;
  let r: Repositories;

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    await applyIndexes(store.db);
    await applyIndexes(store.db); // idempotent
    r = createRepositories(store.db);
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it("products: upsert, filtered search with keyset pages in every sort, counts and vocabulary", async () => {
    await r.products.upsertMany(Array.from({ length: 12 }, (_, i) => product(i)));
    await r.products.upsertMany([product(0, { name: "Renamed" })]);
    expect(await r.products.count()).toBe(12);
    const criteria = { terms: ["gold"], categories: ["ring" as const], metals: [], styleTags: [], stones: [], maxPriceCents: 9000 };
    const all = await r.products.search(criteria, "price_asc", undefined, 50);
    expect(all.map((p) => p._id)).toEqual(["p-1", "p-5", "p-7"]);
    expect(await r.products.count(criteria)).toBe(3);
    for (const sort of ["featured", "price_asc", "price_desc", "newest"] as const) {
      const everything = await r.products.search({ ...criteria, terms: [], categories: [], maxPriceCents: undefined }, sort, undefined, 50);
      const paged: string[] = [];
      let after: { value: number | Date; id: string } | undefined;
      for (;;) {
        const page = await r.products.search({ ...criteria, terms: [], categories: [], maxPriceCents: undefined }, sort, after, 5);
        paged.push(...page.map((p) => p._id));
        if (page.length < 5) break;
        const last = page[page.length - 1]!;
        after = { value: sort === "newest" ? last.createdAt : sort === "featured" ? last.featuredRank : last.priceCents, id: last._id };
      }
      expect(paged).toEqual(everything.map((p) => p._id));
    }
    expect((await r.products.findById("p-0"))?.name).toBe("Renamed");
    await r.products.upsertMany([product(20, { groupId: "g-1", priceCents: 9_000 }), product(21, { groupId: "g-1", priceCents: 5_000 })]);
    expect((await r.products.findByGroup("g-1")).map((d) => d._id)).toEqual(["p-21", "p-20"]);
    expect(await r.products.findByGroup("g-none")).toEqual([]);
    expect((await r.products.vocabulary()).sort()).toEqual(["gold", "necklace", "piece", "ring", "silver"]);
  });

  it("conversations: one created with its opening messages counts them, and later appends follow on", async () => {
    const now = new Date(Date.now() - 3_600_000); // outside the next test's stats window
    const { conversation, messages } = await r.conversations.createWithMessages(newConversation(now), [
      { role: "concierge", message: { type: "text", text: "Hello" } },
    ]);
    expect(conversation.lastSeq).toBe(1);
    expect(messages.map((m) => [m.seq, m._id])).toEqual([[1, `${conversation._id}:1`]]);
    expect((await r.conversations.findById(conversation._id))?.lastSeq).toBe(1);
    const [next] = await r.conversations.appendMessages(conversation._id, [{ role: "shopper", message: { type: "text", text: "hi" } }]);
    expect(next?.seq).toBe(2);
    expect((await r.conversations.messagesAfter(conversation._id, 0)).map((m) => m.message.text)).toEqual(["Hello", "hi"]);
  });

  it("conversations: concurrent appends get unique, gap-free sequence numbers; messagesAfter and stats", async () => {
    const now = new Date();
    const conv = await r.conversations.create(newConversation(now));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        r.conversations.appendMessages(conv._id, [{ role: "shopper", message: { type: "text", text: `m${i}` } }]),
      ),
    );
    const msgs = await r.conversations.messagesAfter(conv._id, 0);
    expect(msgs.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await r.conversations.messagesAfter(conv._id, 8)).map((m) => m.seq)).toEqual([9, 10]);
    // The newest few, oldest first (a prompt's history, a resumed transcript) — not the first few.
    expect((await r.conversations.latestMessages(conv._id, 3)).map((m) => m.seq)).toEqual([8, 9, 10]);
    expect((await r.conversations.latestMessages(conv._id, 50)).map((m) => m.seq)).toHaveLength(10);
    // Up to a known seq (read by id): the same answer, and the seqs before a turn's own.
    expect((await r.conversations.latestMessages(conv._id, 3, { throughSeq: 10 })).map((m) => m.seq)).toEqual([8, 9, 10]);
    expect((await r.conversations.latestMessages(conv._id, 3, { throughSeq: 6 })).map((m) => m.seq)).toEqual([4, 5, 6]);
    expect((await r.conversations.latestMessages(conv._id, 50, { throughSeq: 10 })).map((m) => m.seq)).toHaveLength(10);
    expect(await r.conversations.latestMessages(conv._id, 3, { throughSeq: 0 })).toEqual([]);
    // A seq handed out but not stored yet: the sorted read's answer (the newest stored, then contiguous).
    expect((await r.conversations.latestMessages(conv._id, 3, { throughSeq: 11 })).map((m) => m.seq)).toEqual([8, 9, 10]);
    await r.conversations.update(conv._id, { handoff: true, csatRating: 2 });
    expect(await r.conversations.compareAndSetState(conv._id, 0, { lastIntent: "stylist_contact" }, "stylist_contact")).not.toBeNull();
    // A write from a stale version loses (another process wrote first) and changes nothing.
    expect(await r.conversations.compareAndSetState(conv._id, 0, { lastIntent: "greeting" }, "greeting")).toBeNull();
    await r.conversations.compareAndSetState(conv._id, 1, { lastIntent: "stylist_contact" }, "stylist_contact");
    expect((await r.conversations.findById(conv._id))?.intents).toEqual(["stylist_contact"]);
    // A turn's end in one update: the answer's seqs and the state together, or — from a stale version — nothing at all.
    const answer = [
      { role: "concierge" as const, message: { type: "text", text: "a" } },
      { role: "concierge" as const, message: { type: "text", text: "b" } },
    ];
    expect(await r.conversations.appendMessagesWithState(conv._id, answer, 1, { lastIntent: "greeting" }, "greeting")).toBeNull();
    let after = await r.conversations.findById(conv._id);
    expect({ lastSeq: after?.lastSeq, stateVersion: after?.stateVersion }).toEqual({ lastSeq: 10, stateVersion: 2 });
    expect((await r.conversations.messagesAfter(conv._id, 10)).length).toBe(0);
    const together = await r.conversations.appendMessagesWithState(conv._id, answer, 2, { lastIntent: "greeting" }, "greeting");
    expect(together?.messages.map((m) => [m.seq, m._id])).toEqual([
      [11, `${conv._id}:11`],
      [12, `${conv._id}:12`],
    ]);
    after = await r.conversations.findById(conv._id);
    expect(after?.state).toEqual({ lastIntent: "greeting" });
    expect({ lastSeq: after?.lastSeq, stateVersion: after?.stateVersion, lastIntent: after?.lastIntent, intents: after?.intents }).toEqual({
      lastSeq: 12,
      stateVersion: 3,
      lastIntent: "greeting",
      intents: ["stylist_contact", "greeting"],
    });
    expect((await r.conversations.messagesAfter(conv._id, 10)).map((m) => m.message.text)).toEqual(["a", "b"]);
    const stats = await r.conversations.resolutionStats(new Date(now.getTime() - 1000), new Date(now.getTime() + 1000));
    expect(stats).toMatchObject({ engaged: 1, handoffs: 1, negative: 1, automated: 0 });
    expect((await r.conversations.list({ intent: "stylist_contact", csat: "low" }, 10)).map((c) => c._id)).toEqual([conv._id]);
  });

  it("tickets: queue filters, ordered audit trail, unassignment", async () => {
    const base = {
      conversationId: "c",
      sessionId: "s",
      reason: "r",
      contact: { name: enc, email: enc, emailHash: "h" },
      shortlistProductIds: [],
      internalNotes: [],
      audit: [],
    };
    const t0 = new Date(Date.UTC(2026, 5, 1));
    for (const [i, status] of (["open", "in_progress", "resolved"] as const).entries()) {
      await r.stylistTickets.create({
        ...base,
        _id: `T-0000000${i}`,
        conversationId: `c${i}`, // one open ticket per conversation
        status,
        priority: "normal",
        createdAt: new Date(t0.getTime() + i * 1000),
        updatedAt: t0,
      });
    }
    expect((await r.stylistTickets.list({ statuses: ["open", "in_progress"] }, "oldest", 10)).map((t) => t._id)).toEqual([
      "T-00000000",
      "T-00000001",
    ]);
    expect((await r.stylistTickets.list({}, "newest", 2)).map((t) => t._id)).toEqual(["T-00000002", "T-00000001"]);
    await r.stylistTickets.applyChange("T-00000000", { assigneeId: "u_1" }, [{ at: t0, actorId: "u", action: "assign", to: "u_1" }]);
    expect((await r.stylistTickets.list({ assigneeId: "u_1" }, "oldest", 10)).map((t) => t._id)).toEqual(["T-00000000"]);
    const after = await r.stylistTickets.applyChange(
      "T-00000000",
      {},
      [{ at: t0, actorId: "u", action: "assign", from: "u_1" }],
      undefined,
      true,
    );
    expect(after?.assigneeId).toBeUndefined();
    expect(after?.audit.map((a) => a.action)).toEqual(["assign", "assign"]);
    expect((await r.stylistTickets.list({ assigneeId: null }, "oldest", 10)).length).toBe(3);
  });

  it("shortlists: add is idempotent, a full list refuses more, remove and clear", async () => {
    const sid = `s_${randomUUID()}`;
    expect(await r.shortlists.add(sid, "a", 2)).toEqual(["a"]);
    expect(await r.shortlists.add(sid, "a", 2)).toEqual(["a"]);
    expect(await r.shortlists.add(sid, "b", 2)).toEqual(["a", "b"]);
    expect(await r.shortlists.add(sid, "c", 2)).toBe("full");
    expect(await r.shortlists.remove(sid, "a")).toEqual(["b"]);
    expect(await r.shortlists.get(sid)).toEqual(["b"]);
    await r.shortlists.clear(sid);
    expect(await r.shortlists.get(sid)).toEqual([]);
  });

  it("csat, subscriptions, analytics, idempotency keys and dashboard users", async () => {
    const at = new Date();
    for (const [i, rating] of [1, 5, 5].entries()) {
      await r.csat.create({ _id: randomUUID(), sessionId: "s", conversationId: `c${i}`, rating, createdAt: at });
    }
    expect(await r.csat.distribution(new Date(at.getTime() - 1000))).toEqual([
      { rating: 1, count: 1 },
      { rating: 5, count: 2 },
    ]);
    expect((await r.csat.average(new Date(at.getTime() - 1000))).average).toBeCloseTo(11 / 3, 10);

    const sub = {
      _id: randomUUID(),
      orderNumber: "GG-1",
      channel: "sms" as const,
      destination: enc,
      destinationHash: "d",
      consentText: "ok",
      consentAt: at,
    };
    await r.orderSubscriptions.subscribe(sub);
    await r.orderSubscriptions.subscribe({ ...sub, _id: randomUUID() });
    expect(await r.orderSubscriptions.listForOrder("GG-1")).toHaveLength(1);

    await r.analyticsEvents.record([
      { _id: randomUUID(), type: "product_shortlisted", at, sessionId: "a", productIds: ["x"] },
      { _id: randomUUID(), type: "product_shortlisted", at, sessionId: "b", productIds: ["x"] },
      { _id: randomUUID(), type: "intent_detected", at, sessionId: "a", intent: "find_product", engine: "rules" },
    ]);
    const since = new Date(at.getTime() - 1000);
    const until = new Date(at.getTime() + 1000);
    expect(await r.analyticsEvents.topShortlisted(since, until, 5)).toEqual([{ productId: "x", count: 2 }]);
    expect(await r.analyticsEvents.intentMix(since, until)).toEqual([{ intent: "find_product", count: 1 }]);
    expect(await r.analyticsEvents.sessionsByType(since, until, ["product_shortlisted"])).toEqual({ product_shortlisted: 2 });
    expect((await r.analyticsEvents.dailyCounts(since, until, ["product_shortlisted"]))[0]?.count).toBe(2);

    const lease = { leaseMs: 60_000 };
    expect(await r.idempotencyKeys.begin("k1", "h", lease)).toEqual({ kind: "started", attempt: 1 });
    expect((await r.idempotencyKeys.begin("k1", "h", lease)).kind).toBe("existing");
    await r.idempotencyKeys.complete("k1", 1, { ok: 1 });
    const replay = await r.idempotencyKeys.begin("k1", "h", lease);
    expect(replay.kind === "existing" && replay.doc.response).toEqual({ ok: 1 });

    await r.dashboardUsers.create({
      _id: "u_x",
      email: "x@y.co",
      displayName: "X",
      role: "viewer",
      passwordHash: "p",
      failedLogins: 0,
      createdAt: at,
    });
    for (let i = 0; i < 2; i++) await r.dashboardUsers.recordFailure("u_x", 3, 60_000, at);
    const locked = await r.dashboardUsers.recordFailure("u_x", 3, 60_000, at);
    expect(locked?.lockedUntil?.getTime()).toBe(at.getTime() + 60_000);
    expect((await r.dashboardUsers.findByEmail("X@Y.CO"))?._id).toBe("u_x");
  });

  it("csat: one rating per conversation; a resubmission replaces rating and comment", async () => {
    const conversationId = `conv_${randomUUID()}`;
    const first = await r.csat.upsertForConversation({ _id: "csat-1", sessionId: "s1", conversationId, rating: 2, comment: "slow" });
    expect(first.previous).toBeNull();
    expect(first.doc).toMatchObject({ _id: "csat-1", conversationId, rating: 2, comment: "slow" });
    const second = await r.csat.upsertForConversation({ _id: "csat-2", sessionId: "s1", conversationId, rating: 5 });
    expect(second.previous).toMatchObject({ _id: "csat-1", rating: 2 });
    expect(second.doc._id).toBe("csat-1");
    expect(second.doc.rating).toBe(5);
    expect(second.doc.comment).toBeUndefined();
    expect(second.doc.createdAt.getTime()).toBe(first.doc.createdAt.getTime());
    const raced = await Promise.all(
      [3, 4].map((rating, i) =>
        r.csat.upsertForConversation({ _id: `csat-r${i}`, sessionId: "s2", conversationId: `${conversationId}-r`, rating }),
      ),
    );
    expect(raced.filter((x) => x.previous === null)).toHaveLength(1);
    await expect(
      r.csat.create({ _id: randomUUID(), sessionId: "s", conversationId, rating: 1, createdAt: new Date() }),
    ).rejects.toMatchObject({ code: 11000 });
  });

  it("csat: ratings stored before the unique index collapse to each conversation's latest when indexes are applied", async () => {
    const db = store.db;
    await db.collection("widgetCSAT").dropIndex("conversationId_1");
    const conversationId = `conv_${randomUUID()}`;
    const at = (s: number) => new Date(Date.UTC(2026, 5, 1, 0, 0, s));
    for (const [i, rating] of [1, 3, 4].entries()) {
      await r.csat.create({ _id: `dup-${conversationId}-${i}`, sessionId: "s", conversationId, rating, createdAt: at(i) });
    }
    await applyIndexes(db);
    const left = await db.collection("widgetCSAT").find({ conversationId }).toArray();
    expect(left.map((d) => d.rating)).toEqual([4]);
    expect(await db.collection("widgetCSAT").indexExists("conversationId_1")).toBe(true);
  });

  it("idempotency keys: an abandoned in-progress record is taken over by exactly one retry after its lease", async () => {
    const t0 = new Date(Date.UTC(2026, 5, 1));
    const later = (ms: number) => new Date(t0.getTime() + ms);
    const lease = { leaseMs: 60_000, scope: "session:s-lease" };
    expect(await r.idempotencyKeys.begin("lease-1", "h", lease, t0)).toEqual({ kind: "started", attempt: 1 });
    // The process "crashed": no complete, no release. Before the lease ends, retries see it in progress.
    const early = await r.idempotencyKeys.begin("lease-1", "h", lease, later(59_000));
    expect(early.kind === "existing" && early.doc.state).toBe("in_progress");
    // A different body is still a different body, lease or not.
    const other = await r.idempotencyKeys.begin("lease-1", "other", lease, later(61_000));
    expect(other.kind === "existing" && other.doc.requestHash).toBe("h");
    // After the lease: several racing retries, exactly one takes over.
    const raced = await Promise.all(Array.from({ length: 5 }, () => r.idempotencyKeys.begin("lease-1", "h", lease, later(61_000))));
    expect(raced.filter((x) => x.kind === "started")).toEqual([{ kind: "started", attempt: 2 }]);
    // The crashed run cannot complete over the new owner; the new owner can.
    expect(await r.idempotencyKeys.complete("lease-1", 1, { stale: true })).toBe(false);
    expect(await r.idempotencyKeys.complete("lease-1", 2, { ok: 2 })).toBe(true);
    const replay = await r.idempotencyKeys.begin("lease-1", "h", lease, later(200_000));
    expect(replay.kind === "existing" && replay.doc.response).toEqual({ ok: 2 });
    expect((await r.idempotencyKeys.findByScopes(["session:s-lease"])).map((d) => d._id)).toEqual(["lease-1"]);
  });
}

describe("repositories on the embedded engine", () => {
  contract(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "repo-contract-"));
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

describe.skipIf(!mongoUri)("repositories on MongoDB (TEST_MONGODB_URI)", () => {
  contract(async () => {
    const dbName = `aurora_repo_${randomBytes(4).toString("hex")}`;
    const store = await connectStore({ mongodbUri: mongoUri!, mongodbDbName: dbName, dataDir: os.tmpdir() });
    return {
      store,
      cleanup: async () => {
        await store.db.dropDatabase();
        await store.close();
      },
    };
  });
});

/** A new, empty conversation document created at `at`. */
function newConversation(at: Date) {
  return {
    _id: `conv_${randomBytes(8).toString("hex")}`,
    sessionId: `s_${randomUUID()}`,
    visitorId: "v",
    status: "open" as const,
    lastSeq: 0,
    intents: [],
    state: {},
    handoff: false,
    createdAt: at,
    updatedAt: at,
  };
}
