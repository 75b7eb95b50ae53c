import { appendFile, chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isDuplicateKeyError } from "../client";
import { openEmbeddedStore } from "./index";
import { tempStores } from "./testing/tmp-store";

const stores = tempStores();
afterEach(() => stores.cleanup());

describe("embedded store lifecycle", () => {
  it("validates collection names", async () => {
    const db = (await stores.open()).db();
    expect(() => db.collection("ok_Name1")).not.toThrow();
    for (const bad of ["", "1abc", "_indexes", "a.b", "a-b", "x".repeat(65), "../etc"]) {
      expect(() => db.collection(bad), bad).toThrow(/Invalid collection name/);
    }
  });

  it("answers ping and the ping command, lists collections", async () => {
    const store = await stores.open();
    const db = store.db();
    await store.ping();
    expect(await db.command({ ping: 1 })).toEqual({ ok: 1 });
    expect(db.databaseName).toBe("embedded");
    await db.collection("beta").insertOne({ a: 1 });
    await db.collection("alpha").insertOne({ a: 1 });
    await db.collection("readOnly").findOne({});
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(["alpha", "beta"]);
    expect(await db.listCollections({ name: "beta" }).toArray()).toHaveLength(1);
    await db.collection("beta").drop();
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(["alpha"]);
    expect(await db.collection("beta").countDocuments()).toBe(0);
  });

  it("rejects every operation after close with a clear error", async () => {
    const store = await stores.open();
    const col = store.db().collection("c");
    await col.insertOne({ a: 1 });
    await store.close();
    await store.close();
    await expect(col.insertOne({ a: 2 })).rejects.toThrow(/Embedded store is closed/);
    await expect(col.find({}).toArray()).rejects.toMatchObject({ name: "EmbeddedStoreError", code: "STORE_CLOSED" });
    await expect(store.ping()).rejects.toThrow(/closed/);
    await expect(store.db().command({ ping: 1 })).rejects.toThrow(/closed/);
  });

  it("refuses a second open of the same directory and takes over a stale lock", async () => {
    const dir = await stores.dir();
    const first = await stores.open({ dir });
    await expect(openEmbeddedStore({ dir })).rejects.toMatchObject({ code: "STORE_LOCKED" });
    await first.close();
    await writeFile(path.join(dir, "LOCK"), "999999999");
    const second = await stores.open({ dir });
    await second.ping();
  });

  it("ping fails when the directory is not writable", async () => {
    if (process.getuid?.() === 0) return; // root ignores permissions
    const dir = await stores.dir();
    const store = await stores.open({ dir });
    await chmod(dir, 0o500);
    try {
      await expect(store.ping()).rejects.toThrow(/not writable/);
    } finally {
      await chmod(dir, 0o700);
    }
  });

  it("validates documents and ids, assigns string ids like the driver", async () => {
    const col = (await stores.open()).db().collection("v");
    const doc: Record<string, unknown> = { a: 1, u: undefined };
    const res = await col.insertOne(doc);
    expect(doc._id).toBe(res.insertedId);
    expect(res.insertedId).toMatch(/^[0-9a-f]{24}$/);
    expect(await col.findOne({ _id: res.insertedId })).toEqual({ _id: res.insertedId, a: 1, u: null });
    await expect(col.insertOne({ $bad: 1 })).rejects.toThrow(/must not start with '\$'/);
    await expect(col.insertOne({ nested: { "a.b": 1 } })).rejects.toThrow(/must not contain '\.'/);
    await expect(col.insertOne({ _id: 5 } as never)).rejects.toThrow(/string _id/);
    await expect(col.insertOne({ n: Number.NaN })).rejects.toThrow(/cannot store/);
    await expect(col.insertOne({ m: new Map() })).rejects.toThrow(/Map/);
    expect(await col.countDocuments()).toBe(1);
  });

  it("persists documents, dates and indexes across reopen", async () => {
    const dir = await stores.dir();
    const store = await openEmbeddedStore({ dir });
    const at = new Date("2024-02-02T02:02:02.222Z");
    await store.db().collection("p").createIndex({ email: 1 }, { unique: true });
    await store
      .db()
      .collection("p")
      .insertOne({ _id: "u1", email: "a@x", at, nested: { list: [at] } });
    await store
      .db()
      .collection("p")
      .updateOne({ _id: "u1" }, { $set: { v: 2 } });
    await store.close();
    const reopened = await stores.open({ dir });
    const p = reopened.db().collection("p");
    const doc = await p.findOne({ _id: "u1" });
    expect(doc).toEqual({ _id: "u1", email: "a@x", at, nested: { list: [at] }, v: 2 });
    expect((await p.indexes()).map((i) => i.name)).toEqual(["_id_", "email_1"]);
    await expect(p.insertOne({ email: "a@x" })).rejects.toMatchObject({ code: 11000 });
  });

  it("drops a torn (unacknowledged) last line left by a crash", async () => {
    const dir = await stores.dir();
    const store = await openEmbeddedStore({ dir });
    await store.db().collection("t").insertOne({ _id: "kept", v: 1 });
    await store.close();
    await appendFile(path.join(dir, "t.db"), '{"_id":"torn","v":');
    const reopened = await stores.open({ dir });
    expect(await reopened.db().collection("t").find({}).toArray()).toEqual([{ _id: "kept", v: 1 }]);
    await reopened.db().collection("t").insertOne({ _id: "after", v: 2 });
    expect(await reopened.db().collection("t").countDocuments()).toBe(2);
  });

  it("refuses to open a corrupt data file instead of silently dropping records", async () => {
    const dir = await stores.dir();
    await writeFile(path.join(dir, "c.db"), '{"_id":"a"}\nnot json\n{"_id":"b"}\n');
    const store = await stores.open({ dir });
    await expect(store.db().collection("c").find({}).toArray()).rejects.toMatchObject({ code: "CORRUPT_DATA", name: "EmbeddedStoreError" });
    expect(await readFile(path.join(dir, "c.db"), "utf8")).toContain("not json");
  });
});

describe("embedded unique indexes", () => {
  it("enforces single-field unique indexes with a driver-shaped error", async () => {
    const col = (await stores.open()).db().collection("users");
    expect(await col.createIndex({ email: 1 }, { unique: true })).toBe("email_1");
    expect(await col.createIndex({ email: 1 }, { unique: true })).toBe("email_1");
    await col.insertOne({ _id: "u1", email: "a@x" });
    const err = await col.insertOne({ email: "a@x" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "MongoServerError", code: 11000, keyPattern: { email: 1 }, keyValue: { email: "a@x" } });
    expect((err as Error).message).toBe('E11000 duplicate key error collection: embedded.users index: email_1 dup key: { email: "a@x" }');
    expect(isDuplicateKeyError(err)).toBe(true);
    await expect(col.insertOne({ _id: "u1", email: "other" })).rejects.toMatchObject({ code: 11000, keyValue: { _id: "u1" } });
    // missing counts as null: only one document may lack the field
    await col.insertOne({ name: "no email" });
    await expect(col.insertOne({ name: "also none" })).rejects.toMatchObject({ code: 11000, keyValue: { email: null } });
    // updates that would collide are rejected and write nothing
    await col.insertOne({ _id: "u2", email: "b@x" });
    await expect(col.updateOne({ _id: "u2" }, { $set: { email: "a@x" } })).rejects.toMatchObject({ code: 11000 });
    expect(await col.findOne({ _id: "u2" })).toMatchObject({ email: "b@x" });
    // swapping a key to a freed value works
    await col.deleteOne({ _id: "u1" });
    await col.updateOne({ _id: "u2" }, { $set: { email: "a@x" } });
  });

  it("insertMany is all-or-nothing, including duplicates inside the batch", async () => {
    const col = (await stores.open()).db().collection("batch");
    await col.createIndex({ sku: 1 }, { unique: true });
    await col.insertOne({ sku: "A" });
    await expect(col.insertMany([{ sku: "B" }, { sku: "A" }])).rejects.toMatchObject({ code: 11000 });
    await expect(col.insertMany([{ sku: "C" }, { sku: "C" }])).rejects.toMatchObject({ code: 11000 });
    expect(await col.countDocuments()).toBe(1);
    const ok = await col.insertMany([{ sku: "B" }, { sku: "C" }]);
    expect(ok).toMatchObject({ acknowledged: true, insertedCount: 2 });
    expect(Object.keys(ok.insertedIds)).toEqual(["0", "1"]);
  });

  it("supports compound, sparse, partial and multikey unique indexes", async () => {
    const db = (await stores.open()).db();
    const compound = db.collection("compound");
    expect(await compound.createIndex({ tenant: 1, slug: -1 }, { unique: true })).toBe("tenant_1_slug_-1");
    await compound.insertMany([
      { tenant: "a", slug: "x" },
      { tenant: "b", slug: "x" },
      { tenant: "a", slug: "y" },
    ]);
    await expect(compound.insertOne({ tenant: "a", slug: "x" })).rejects.toMatchObject({
      code: 11000,
      keyPattern: { tenant: 1, slug: -1 },
      keyValue: { tenant: "a", slug: "x" },
    });

    const sparse = db.collection("sparse");
    await sparse.createIndex({ code: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }, { code: "c1" }]);
    await expect(sparse.insertOne({ code: "c1" })).rejects.toMatchObject({ code: 11000 });

    const partial = db.collection("partial");
    await partial.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await partial.insertMany([
      { email: "e", active: false },
      { email: "e", active: false },
      { email: "e", active: true },
    ]);
    await expect(partial.insertOne({ email: "e", active: true })).rejects.toMatchObject({ code: 11000 });

    const multi = db.collection("multi");
    await multi.createIndex({ tags: 1 }, { unique: true });
    await multi.insertOne({ tags: ["a", "b", "a"] });
    await expect(multi.insertOne({ tags: ["c", "b"] })).rejects.toMatchObject({ code: 11000, keyValue: { tags: "b" } });
  });

  it("createIndex on violating data throws 11000; conflicting definitions throw", async () => {
    const col = (await stores.open()).db().collection("dups");
    await col.insertMany([{ k: 1 }, { k: 1 }]);
    await expect(col.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await col.indexes()).map((i) => i.name)).toEqual(["_id_"]);
    await col.createIndex({ k: 1 });
    await expect(col.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 85 });
    await expect(col.createIndex({ other: 1 }, { name: "k_1" })).rejects.toMatchObject({ code: 86 });
    await expect(col.createIndex({ t: "text" } as never)).rejects.toThrow(/not supported/);
    await col.dropIndex("k_1");
    await expect(col.dropIndex("k_1")).rejects.toMatchObject({ code: 27 });
    expect(await col.listIndexes().toArray()).toEqual([{ v: 2, key: { _id: 1 }, name: "_id_", unique: true }]);
  });
});

describe("embedded TTL", () => {
  it("expires documents, also after a reopen before indexes are re-declared", async () => {
    const dir = await stores.dir();
    const store = await openEmbeddedStore({ dir, ttlSweepIntervalMs: 50 });
    const sessions = store.db().collection("sessions");
    await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await sessions.insertMany([
      { _id: "old", expiresAt: new Date(Date.now() - 1000) },
      { _id: "keep", expiresAt: new Date(Date.now() + 3_600_000) },
      { _id: "noDate", expiresAt: "not a date" },
    ]);
    await waitFor(async () => (await sessions.countDocuments({ _id: "old" })) === 0);
    await store.close();

    const reopened = await stores.open({ dir, ttlSweepIntervalMs: 50 });
    const again = reopened.db().collection("sessions");
    await again.insertOne({ _id: "soon", expiresAt: new Date(Date.now() + 100) });
    await waitFor(async () => (await again.countDocuments({ _id: "soon" })) === 0);
    expect((await again.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(["keep", "noDate"]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("condition not met in time");
}
