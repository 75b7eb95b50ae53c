/**
 * One contract, two engines: the same tests run against the embedded store and, when
 * TEST_MONGODB_URI is set, against a real MongoDB (random database, dropped afterwards).
 * Everything here goes through connectStore() and the driver's `Db` type, exactly as
 * repositories do. Crash/restart tests only make sense for the embedded engine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStore, isDuplicateKeyError, type Store } from "./client";
import { openEmbeddedStore } from "./embedded/index";

const here = path.dirname(fileURLToPath(import.meta.url));
const mongoUri = process.env.TEST_MONGODB_URI;

interface Target {
  open(): Promise<Store>;
  cleanup(store: Store): Promise<void>;
  /** How long to wait for a TTL deletion. */
  ttlWaitMs: number;
}

const uniqueName = (prefix: string) => `${prefix}_${randomBytes(4).toString("hex")}`;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

interface Counter {
  _id?: string;
  key: string;
  n: number;
  createdAt?: Date;
}

function contract(target: Target): void {
  let store: Store;
  let db: Db;

  beforeAll(async () => {
    store = await target.open();
    db = store.db;
  });
  afterAll(async () => {
    if (store) await target.cleanup(store);
  });

  it("pings", async () => {
    await store.ping();
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it("inserts, finds, updates and deletes with driver result shapes", async () => {
    const col = db.collection<{ _id: string; sku: string; price: number; tags: string[]; at: Date }>(uniqueName("crud"));
    const at = new Date("2024-06-01T12:00:00.000Z");
    expect(await col.insertOne({ _id: "p1", sku: "A", price: 10, tags: ["x"], at })).toEqual({ acknowledged: true, insertedId: "p1" });
    const many = await col.insertMany([
      { _id: "p2", sku: "B", price: 30, tags: [], at },
      { _id: "p3", sku: "C", price: 20, tags: ["x", "y"], at },
    ]);
    expect(many).toMatchObject({ acknowledged: true, insertedCount: 2, insertedIds: { 0: "p2", 1: "p3" } });

    expect(await col.findOne({ sku: "A" })).toEqual({ _id: "p1", sku: "A", price: 10, tags: ["x"], at });
    const page = await col
      .find({ tags: "x" }, { projection: { sku: 1, _id: 0 } })
      .sort({ price: -1 })
      .limit(1)
      .toArray();
    expect(page).toEqual([{ sku: "C" }]);

    const upd = await col.updateOne({ _id: "p1" }, { $inc: { price: 5 }, $push: { tags: "z" } });
    expect(upd).toMatchObject({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    expect(await col.updateMany({ price: { $gte: 15 } }, { $set: { tags: [] } })).toMatchObject({ matchedCount: 3, modifiedCount: 2 });
    expect(await col.replaceOne({ _id: "p2" }, { sku: "B2", price: 1, tags: [], at })).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await col.countDocuments({ price: { $lt: 20 } })).toBe(2);

    const [agg] = await col.aggregate<{ _id: null; total: number }>([{ $group: { _id: null, total: { $sum: "$price" } } }]).toArray();
    expect(agg?.total).toBe(36);

    expect(await col.deleteOne({ _id: "p1" })).toEqual({ acknowledged: true, deletedCount: 1 });
    expect(await col.deleteMany({})).toEqual({ acknowledged: true, deletedCount: 2 });
  });

  it("upserts seed from the filter and $setOnInsert; findOneAndUpdate returns plain documents", async () => {
    const col = db.collection<Counter>(uniqueName("upsert"));
    const createdAt = new Date("2024-01-01T00:00:00.000Z");
    const res = await col.updateOne({ key: "a" }, { $inc: { n: 1 }, $setOnInsert: { createdAt } }, { upsert: true });
    expect(res).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
    expect(res.upsertedId).toBeTruthy();
    const before = await col.findOneAndUpdate({ key: "a" }, { $inc: { n: 1 }, $setOnInsert: { createdAt: new Date() } }, { upsert: true });
    expect(before).toMatchObject({ key: "a", n: 1, createdAt });
    const after = await col.findOneAndUpdate({ key: "a" }, { $inc: { n: 1 } }, { returnDocument: "after", projection: { _id: 0 } });
    expect(after).toEqual({ key: "a", n: 3, createdAt });
    expect(await col.findOneAndUpdate({ key: "none" }, { $inc: { n: 1 } })).toBeNull();
    expect(await col.findOneAndDelete({ key: "a" })).toMatchObject({ key: "a", n: 3 });
  });

  it("lets an upsert set _id through $setOnInsert when the filter has none", async () => {
    const col = db.collection<{ _id: string; key: string; n: number }>(uniqueName("upsertid"));
    const doc = await col.findOneAndUpdate(
      { key: "k" },
      { $set: { n: 1 }, $setOnInsert: { _id: "chosen-id" } },
      { upsert: true, returnDocument: "after" },
    );
    expect(doc).toEqual({ _id: "chosen-id", key: "k", n: 1 });
    const again = await col.findOneAndUpdate(
      { key: "k" },
      { $set: { n: 2 }, $setOnInsert: { _id: "other-id" } },
      { upsert: true, returnDocument: "after" },
    );
    expect(again).toEqual({ _id: "chosen-id", key: "k", n: 2 });
  });

  it("a unique index rejects duplicates with code 11000", async () => {
    const col = db.collection<{ email: string }>(uniqueName("unique"));
    expect(await col.createIndex({ email: 1 }, { unique: true })).toBe("email_1");
    expect(await col.createIndex({ email: 1 }, { unique: true })).toBe("email_1");
    await col.insertOne({ email: "a@example.com" });
    const error = await col.insertOne({ email: "a@example.com" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "MongoServerError", code: 11000, keyPattern: { email: 1 }, keyValue: { email: "a@example.com" } });
    expect((error as Error).message).toMatch(
      /^E11000 duplicate key error collection: .+ index: email_1 dup key: \{ email: "a@example\.com" \}/,
    );
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(isDuplicateKeyError(new Error("other"))).toBe(false);
    expect(await col.countDocuments({})).toBe(1);
  });

  it("a compound unique index only rejects the full key", async () => {
    const col = db.collection<{ tenant: string; slug: string }>(uniqueName("compound"));
    expect(await col.createIndex({ tenant: 1, slug: -1 }, { unique: true })).toBe("tenant_1_slug_-1");
    await col.insertMany([
      { tenant: "t1", slug: "ring" },
      { tenant: "t2", slug: "ring" },
      { tenant: "t1", slug: "necklace" },
    ]);
    await expect(col.insertOne({ tenant: "t2", slug: "ring" })).rejects.toMatchObject({ code: 11000, keyPattern: { tenant: 1, slug: -1 } });
    await expect(col.updateOne({ tenant: "t1", slug: "necklace" }, { $set: { slug: "ring" } })).rejects.toSatisfy(isDuplicateKeyError);
    expect(await col.countDocuments({})).toBe(3);
  });

  it("concurrent upserts are atomic", async () => {
    const col = db.collection<Counter>(uniqueName("concurrent"));
    await col.createIndex({ key: 1 }, { unique: true });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        col.findOneAndUpdate(
          { key: "k" },
          { $inc: { n: 1 }, $setOnInsert: { createdAt: new Date() } },
          { upsert: true, returnDocument: "after" },
        ),
      ),
    );
    expect(await col.countDocuments({ key: "k" })).toBe(1);
    expect((await col.findOne({ key: "k" }))?.n).toBe(50);
    expect(results.map((r) => r?.n).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("a TTL index expires documents", { timeout: target.ttlWaitMs + 10_000 }, async () => {
    const col = db.collection<{ _id: string; expiresAt: Date }>(uniqueName("ttl"));
    await col.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await col.insertMany([
      { _id: "expired", expiresAt: new Date(Date.now() - 60_000) },
      { _id: "future", expiresAt: new Date(Date.now() + 3_600_000) },
    ]);
    await waitFor(async () => (await col.countDocuments({ _id: "expired" })) === 0, target.ttlWaitMs, 100);
    expect(await col.countDocuments({ _id: "future" })).toBe(1);
  });
}

describe("store contract: embedded", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const tmp = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "store-contract-"));
    dirs.push(dir);
    return dir;
  };

  describe("contract", () => {
    contract({
      open: async () => connectStore({ dataDir: await tmp(), embedded: { ttlSweepIntervalMs: 100 } }),
      cleanup: (store) => store.close(),
      ttlWaitMs: 5_000,
    });
  });

  it("data survives close and reopen", async () => {
    const dataDir = await tmp();
    const first = await connectStore({ dataDir });
    await first.db.collection("orders").createIndex({ ref: 1 }, { unique: true });
    await first.db
      .collection("orders")
      .insertOne({ ref: "R1", placedAt: new Date("2024-02-03T04:05:06.789Z"), lines: [{ sku: "A", qty: 2 }] });
    await first.db.collection("orders").updateOne({ ref: "R1" }, { $set: { status: "paid" } });
    await first.close();
    await expect(first.ping()).rejects.toThrow(/closed/);

    const second = await connectStore({ dataDir });
    try {
      const doc = await second.db.collection("orders").findOne({ ref: "R1" }, { projection: { _id: 0 } });
      expect(doc).toEqual({ ref: "R1", placedAt: new Date("2024-02-03T04:05:06.789Z"), lines: [{ sku: "A", qty: 2 }], status: "paid" });
      await expect(second.db.collection("orders").insertOne({ ref: "R1" })).rejects.toSatisfy(isDuplicateKeyError);
    } finally {
      await second.close();
    }
  });

  it("every acknowledged write survives SIGKILL", { timeout: 25_000 }, async () => {
    const dir = path.join(await tmp(), "store");
    const fixture = path.join(here, "embedded", "testing", "crash-writer.fixture.ts");
    const acked: string[] = [];
    let lastCount = 0;
    let stderr = "";
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", fixture, dir], { stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    try {
      let pending = "";
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          if (line.startsWith("ack ")) acked.push(line.slice(4));
          else if (line.startsWith("count ")) lastCount = Number(line.slice(6));
        }
      });
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      await Promise.race([
        waitFor(async () => acked.length >= 200, 15_000, 10),
        exited.then((status) => {
          throw new Error(`crash writer exited early (${String(status)}): ${stderr}`);
        }),
      ]);
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    }

    const snapshot = [...acked];
    expect(snapshot.length).toBeGreaterThanOrEqual(200);
    const store = await openEmbeddedStore({ dir });
    try {
      const items = store.db().collection("items");
      const present = new Set((await items.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
      const missing = snapshot.filter((id) => !present.has(id));
      expect(missing).toEqual([]);

      // The store is usable: writes work, unique indexes are still enforced, upserts continue.
      await items.insertOne({ _id: "after-crash", seq: "after-crash" });
      await expect(items.insertOne({ seq: "after-crash" })).rejects.toMatchObject({ code: 11000 });
      const counters = store.db().collection("counters");
      const counter = await counters.findOne({ key: "writes" });
      expect(counter?.n).toBeGreaterThanOrEqual(lastCount);
      const bumped = await counters.findOneAndUpdate({ key: "writes" }, { $inc: { n: 1 } }, { upsert: true, returnDocument: "after" });
      expect(bumped?.n).toBe((counter?.n as number) + 1);
      expect(await counters.countDocuments({})).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!mongoUri)("store contract: MongoDB", () => {
  const dbName = uniqueName("contract");
  contract({
    open: () => connectStore({ mongodbUri: mongoUri, mongodbDbName: dbName, dataDir: os.tmpdir(), connectAttempts: 1 }),
    cleanup: async (store) => {
      try {
        await store.db.dropDatabase();
      } finally {
        await store.close();
      }
    },
    ttlWaitMs: 90_000,
  });
});
