import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "mongodb";
import { afterEach, describe, expect, it } from "vitest";
import { isDuplicateKeyError } from "../db/client";
import { EmbeddedCollection, openEmbeddedStore, type EmbeddedStore } from "../db/embedded/index";
import { applyIndexes } from "../db/indexes";
import { createRepositories } from "../db/repositories";
import { createMetrics, type Metrics } from "./metrics";
import { instrumentDb } from "./metrics-db";

const opened: Array<{ store: EmbeddedStore; dir: string }> = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function openStore() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "metrics-db-"));
  const store = await openEmbeddedStore({ dir });
  opened.push({ store, dir });
  return store;
}

async function counts(metrics: Metrics) {
  const out: Record<string, number> = {};
  for (const v of (await metrics.dbOperationDuration.get()).values) {
    if (v.metricName !== "concierge_db_operation_duration_seconds_count") continue;
    out[`${v.labels.collection}.${v.labels.operation}`] = v.value;
  }
  return out;
}

async function errors(metrics: Metrics) {
  const out: Record<string, number> = {};
  for (const v of (await metrics.dbOperationErrors.get()).values) out[`${v.labels.collection}.${v.labels.operation}`] = v.value;
  return out;
}

describe("instrumentDb on the embedded engine", () => {
  it("times every collection method by collection and operation, results unchanged", async () => {
    const store = await openStore();
    const metrics = createMetrics();
    const db = instrumentDb(store.db(), metrics);
    const orders = db.collection("orders");
    expect(orders).toBeInstanceOf(EmbeddedCollection);
    expect(db.collection("orders")).toBe(orders);
    expect(orders.collectionName).toBe("orders");

    await orders.createIndex({ number: 1 }, { unique: true });
    await orders.insertOne({ _id: "o1", number: "GG-1", total: 10 });
    await orders.insertMany([
      { _id: "o2", number: "GG-2", total: 20 },
      { _id: "o3", number: "GG-3", total: 30 },
    ]);
    const sorted = await orders.find({}).sort({ total: -1 }).limit(2).toArray();
    expect(sorted.map((o) => o._id)).toEqual(["o3", "o2"]);
    const projected = await orders
      .find({ total: { $gte: 20 } })
      .project({ number: 1 })
      .toArray();
    expect(projected).toHaveLength(2);
    expect((await orders.findOne({ _id: "o1" }))?.number).toBe("GG-1");
    await orders.updateOne({ _id: "o1" }, { $set: { total: 11 } });
    await orders.updateMany({}, { $inc: { total: 1 } });
    await orders.replaceOne({ _id: "o2" }, { number: "GG-2", total: 99 });
    expect((await orders.findOneAndUpdate({ _id: "o3" }, { $set: { total: 5 } }, { returnDocument: "after" }))?.total).toBe(5);
    expect(await orders.countDocuments({})).toBe(3);
    const agg = await orders.aggregate([{ $group: { _id: null, sum: { $sum: "$total" } } }]).toArray();
    expect(agg[0]?.sum).toBe(12 + 99 + 5);
    const iterated: unknown[] = [];
    for await (const doc of orders.find({})) iterated.push(doc);
    expect(iterated).toHaveLength(3);
    expect(await orders.find({ _id: "o1" }).next()).not.toBeNull();
    expect((await orders.findOneAndDelete({ _id: "o3" }))?._id).toBe("o3");
    await orders.deleteOne({ _id: "o2" });
    await orders.deleteMany({});

    expect(await counts(metrics)).toEqual({
      "orders.createIndex": 1,
      "orders.insertOne": 1,
      "orders.insertMany": 1,
      "orders.find": 4,
      "orders.findOne": 1,
      "orders.updateOne": 1,
      "orders.updateMany": 1,
      "orders.replaceOne": 1,
      "orders.findOneAndUpdate": 1,
      "orders.countDocuments": 1,
      "orders.aggregate": 1,
      "orders.findOneAndDelete": 1,
      "orders.deleteOne": 1,
      "orders.deleteMany": 1,
    });
    expect(await errors(metrics)).toEqual({});
  });

  it("counts failures and rethrows them untouched", async () => {
    const store = await openStore();
    const metrics = createMetrics();
    const db = instrumentDb(store.db(), metrics);
    const keys = db.collection("idempotencyKeys");
    await keys.createIndex({ key: 1 }, { unique: true });
    await keys.insertOne({ key: "k" });
    const error = await keys.insertOne({ key: "k" }).catch((e: unknown) => e);
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(await errors(metrics)).toEqual({ "idempotencyKeys.insertOne": 1 });
    expect((await counts(metrics))["idempotencyKeys.insertOne"]).toBe(2);
    // A cursor whose read fails is counted under the operation that made it.
    await expect(keys.find("not a filter" as never).toArray()).rejects.toThrow();
    expect(await errors(metrics)).toEqual({ "idempotencyKeys.insertOne": 1, "idempotencyKeys.find": 1 });
  });

  it("labels collections outside server/db/collections.ts as other", async () => {
    const store = await openStore();
    const metrics = createMetrics();
    const db = instrumentDb(store.db(), metrics);
    await db.collection("scratch123").insertOne({ a: 1 });
    expect(await counts(metrics)).toEqual({ "other.insertOne": 1 });
  });

  it("serves the repositories and the index set as the plain Db would", async () => {
    const store = await openStore();
    const metrics = createMetrics();
    const db = instrumentDb(store.db() as unknown as Db, metrics);
    await applyIndexes(db);
    const repositories = createRepositories(db);
    expect(repositories).toBeDefined();
    const byOperation = await counts(metrics);
    const indexed = Object.keys(byOperation).filter((k) => k.endsWith(".createIndex"));
    expect(indexed).toEqual(expect.arrayContaining(["orders.createIndex", "products.createIndex", "conversations.createIndex"]));
    expect(Object.keys(byOperation).every((k) => !k.startsWith("other."))).toBe(true);
  });
});

describe("instrumentDb on the MongoDB driver's Db (no server needed)", () => {
  it("keeps driver classes, getters and cursor chains working, and times failed operations", async () => {
    const { MongoClient, Collection, FindCursor } = await import("mongodb");
    const client = new MongoClient("mongodb://127.0.0.1:1/?directConnection=true", {
      serverSelectionTimeoutMS: 150,
      connectTimeoutMS: 150,
    });
    try {
      const metrics = createMetrics();
      const db = instrumentDb(client.db("concierge"), metrics);
      expect(db.databaseName).toBe("concierge");
      const products = db.collection("products");
      expect(products).toBeInstanceOf(Collection);
      expect(products.collectionName).toBe("products");
      expect(products.namespace).toBe("concierge.products");
      const cursor = products.find({ a: 1 }).sort({ a: 1 }).limit(2).project({ a: 1 });
      expect(cursor).toBeInstanceOf(FindCursor);
      await expect(cursor.toArray()).rejects.toThrow();
      await expect(products.findOne({})).rejects.toThrow();
      expect(await errors(metrics)).toEqual({ "products.find": 1, "products.findOne": 1 });
      expect(await counts(metrics)).toEqual({ "products.find": 1, "products.findOne": 1 });
    } finally {
      await client.close();
    }
  });
});
