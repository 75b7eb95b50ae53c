import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { find as mingoFind } from "mingo";
import type { EmbeddedCollection } from "./index";
import { projectDocs } from "./query";
import type { Doc } from "./values";
import { tempStores } from "./testing/tmp-store";

const stores = tempStores();
afterEach(() => stores.cleanup());

describe("embedded queries", () => {
  let col: EmbeddedCollection;

  beforeEach(async () => {
    const store = await stores.open();
    col = store.db().collection("products");
    await col.insertMany([
      {
        _id: "p1",
        name: "Ring",
        price: 120,
        tags: ["gold", "ring"],
        stock: { qty: 3, warehouse: "A" },
        variants: [
          { size: 5, qty: 0 },
          { size: 6, qty: 2 },
        ],
      },
      { _id: "p2", name: "Necklace", price: 300, tags: ["silver"], stock: { qty: 0, warehouse: "B" }, variants: [{ size: 1, qty: 4 }] },
      { _id: "p3", name: "ring guard", price: 15, tags: ["gold", "accessory"], discontinued: true },
      { _id: "p4", name: "Bracelet", price: 80, tags: [], stock: { qty: 9, warehouse: "A" } },
    ]);
  });

  const ids = async (filter: Record<string, unknown>) => (await col.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);

  it("matches equality, comparison, $in, $nin and nested fields", async () => {
    expect(await ids({ name: "Ring" })).toEqual(["p1"]);
    expect(await ids({ price: { $gte: 80, $lt: 300 } })).toEqual(["p1", "p4"]);
    expect(await ids({ _id: { $in: ["p2", "p4", "nope"] } })).toEqual(["p2", "p4"]);
    expect(await ids({ _id: { $nin: ["p2", "p4"] } })).toEqual(["p1", "p3"]);
    expect(await ids({ "stock.warehouse": "A" })).toEqual(["p1", "p4"]);
    expect(await ids({ "stock.qty": { $gt: 0 } })).toEqual(["p1", "p4"]);
  });

  it("supports $regex, $elemMatch, $all, $exists, $or, $and, $not, $size", async () => {
    expect(await ids({ name: { $regex: "^ring", $options: "i" } })).toEqual(["p1", "p3"]);
    expect(await ids({ name: /lace$/ })).toEqual(["p2"]);
    expect(await ids({ variants: { $elemMatch: { size: 6, qty: { $gt: 0 } } } })).toEqual(["p1"]);
    expect(await ids({ variants: { $elemMatch: { size: 5, qty: { $gt: 0 } } } })).toEqual([]);
    expect(await ids({ tags: { $all: ["ring", "gold"] } })).toEqual(["p1"]);
    expect(await ids({ tags: "gold" })).toEqual(["p1", "p3"]);
    expect(await ids({ discontinued: { $exists: true } })).toEqual(["p3"]);
    expect(await ids({ stock: { $exists: false } })).toEqual(["p3"]);
    expect(await ids({ $or: [{ price: { $lt: 20 } }, { "stock.qty": 0 }] })).toEqual(["p2", "p3"]);
    expect(await ids({ $and: [{ tags: "gold" }, { price: { $gt: 100 } }] })).toEqual(["p1"]);
    expect(await ids({ price: { $not: { $gt: 100 } } })).toEqual(["p3", "p4"]);
    expect(await ids({ tags: { $size: 0 } })).toEqual(["p4"]);
    expect(await ids({ discontinued: null })).toEqual(["p1", "p2", "p4"]);
  });

  it("sorts, skips, limits and projects (options and chained)", async () => {
    const byPrice = await col.find({}, { sort: { price: -1 }, skip: 1, limit: 2, projection: { name: 1, _id: 0 } }).toArray();
    expect(byPrice).toEqual([{ name: "Ring" }, { name: "Bracelet" }]);
    const chained = await col.find({}).sort({ price: 1 }).skip(1).limit(2).project<{ price: number }>({ price: 1 }).toArray();
    expect(chained).toEqual([
      { _id: "p4", price: 80 },
      { _id: "p1", price: 120 },
    ]);
    const excluded = await col.findOne({ _id: "p1" }, { projection: { variants: 0, "stock.qty": 0 } });
    expect(excluded).toEqual({ _id: "p1", name: "Ring", price: 120, tags: ["gold", "ring"], stock: { warehouse: "A" } });
    const multiSort = await col.find({}).sort({ "stock.warehouse": 1, price: -1 }).toArray();
    expect(multiSort.map((d) => d._id)).toEqual(["p3", "p1", "p4", "p2"]);
    expect(await col.findOne({ tags: "gold" }, { sort: { price: 1 } })).toMatchObject({ _id: "p3" });
    expect(await col.findOne({ name: "none" })).toBeNull();
  });

  it("does not mutate stored documents through projections or returned objects", async () => {
    await col.find({}, { projection: { "stock.qty": 0 } }).toArray();
    const doc = await col.findOne({ _id: "p1" });
    expect(doc?.stock).toEqual({ qty: 3, warehouse: "A" });
    (doc?.tags as string[]).push("mutated");
    expect((await col.findOne({ _id: "p1" }))?.tags).toEqual(["gold", "ring"]);
  });

  it("iterates asynchronously, maps, counts and distincts", async () => {
    const seen: unknown[] = [];
    for await (const doc of col.find({ price: { $gt: 50 } }).sort({ price: 1 })) seen.push(doc._id);
    expect(seen).toEqual(["p4", "p1", "p2"]);
    expect(
      await col
        .find({})
        .sort({ _id: 1 })
        .map((d) => d.name)
        .toArray(),
    ).toEqual(["Ring", "Necklace", "ring guard", "Bracelet"]);
    expect(await col.countDocuments({ tags: "gold" })).toBe(2);
    expect(await col.countDocuments({}, { limit: 3 })).toBe(3);
    expect(await col.estimatedDocumentCount()).toBe(4);
    expect((await col.distinct("tags", {})).sort()).toEqual(["accessory", "gold", "ring", "silver"]);
    expect((await col.distinct("stock.warehouse", { price: { $gt: 50 } })).sort()).toEqual(["A", "B"]);
    const cursor = col.find({}).sort({ _id: 1 });
    expect(await cursor.next()).toMatchObject({ _id: "p1" });
    expect(await cursor.hasNext()).toBe(true);
    expect(() => cursor.sort({ price: 1 })).toThrow(/already initialized/);
  });

  it("round-trips Dates and compares them in queries", async () => {
    const events = (await stores.open()).db().collection("events");
    const t0 = new Date("2024-03-01T10:00:00Z");
    await events.insertMany([{ at: t0 }, { at: new Date(t0.getTime() + 60_000) }]);
    const found = await events.find({ at: { $gt: t0 } }).toArray();
    expect(found).toHaveLength(1);
    expect(found[0]?.at).toBeInstanceOf(Date);
    expect((found[0]?.at as Date).getTime()).toBe(t0.getTime() + 60_000);
  });
});

describe("embedded aggregation", () => {
  it("runs $match $group $sort $limit $skip $project $unwind $count $addFields $facet $bucket and date operators", async () => {
    const store = await stores.open();
    const orders = store.db().collection("orders");
    await orders.insertMany([
      { status: "paid", total: 100, items: ["a", "b"], at: new Date("2024-05-01T10:00:00Z") },
      { status: "paid", total: 50, items: ["a"], at: new Date("2024-05-01T22:00:00Z") },
      { status: "open", total: 10, items: [], at: new Date("2024-05-02T08:00:00Z") },
      { status: "paid", total: 200, items: ["c"], at: new Date("2024-05-03T08:00:00Z") },
    ]);

    const byDay = await orders
      .aggregate([
        { $match: { status: "paid" } },
        { $group: { _id: { $dateToString: { format: "%Y-%m-%d", date: "$at" } }, revenue: { $sum: "$total" }, n: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(byDay).toEqual([
      { _id: "2024-05-01", revenue: 150, n: 2 },
      { _id: "2024-05-03", revenue: 200, n: 1 },
    ]);

    const truncated = await orders
      .aggregate([{ $group: { _id: { $dateTrunc: { date: "$at", unit: "day" } }, n: { $sum: 1 } } }, { $sort: { _id: 1 } }, { $limit: 1 }])
      .toArray();
    expect(truncated).toEqual([{ _id: new Date("2024-05-01T00:00:00Z"), n: 2 }]);

    const [facets] = await orders
      .aggregate([
        {
          $facet: {
            count: [{ $match: { status: "paid" } }, { $count: "paid" }],
            items: [
              { $unwind: "$items" },
              { $group: { _id: "$items", n: { $sum: 1 } } },
              { $sort: { n: -1, _id: 1 } },
              { $skip: 1 },
              { $project: { _id: 0, item: "$_id", n: 1 } },
            ],
            buckets: [{ $bucket: { groupBy: "$total", boundaries: [0, 50, 150, 1000], default: "other" } }],
            withTax: [
              { $addFields: { gross: { $multiply: ["$total", 2] } } },
              { $sort: { gross: -1 } },
              { $limit: 1 },
              { $project: { _id: 0, gross: 1 } },
            ],
          },
        },
      ])
      .toArray();
    expect(facets).toEqual({
      count: [{ paid: 3 }],
      items: [
        { item: "b", n: 1 },
        { item: "c", n: 1 },
      ],
      buckets: [
        { _id: 0, count: 1 },
        { _id: 50, count: 2 },
        { _id: 150, count: 1 },
      ],
      withTax: [{ gross: 400 }],
    });
    // The aggregation did not modify stored data.
    expect(await orders.countDocuments({ gross: { $exists: true } })).toBe(0);
  });

  it("rejects stages that need other collections and maps engine errors to BadValue", async () => {
    const col = (await stores.open()).db().collection("x");
    await col.insertOne({ a: 1 });
    await expect(col.find({ a: { $nope: 1 } }).toArray()).rejects.toMatchObject({ name: "MongoServerError", code: 2 });
    await expect(col.aggregate([{ $group: { _id: null, x: { $nope: 1 } } }]).toArray()).rejects.toMatchObject({ code: 2 });
    await expect(col.aggregate([{ $lookup: { from: "y", localField: "a", foreignField: "b", as: "c" } }]).toArray()).rejects.toThrow(
      /not supported/,
    );
    await expect(col.aggregate([{ $out: "y" }]).toArray()).rejects.toThrow(/not supported/);
  });
});

describe("top-level projections (applied without mingo)", () => {
  it("keep exactly the fields mingo's projection keeps, in the document's order (as MongoDB does; mingo moves _id last)", () => {
    const docs: Doc[] = [
      { _id: "a", z: 1, state: { step: "x", list: [1, { y: 2 }] }, stateVersion: 3, when: new Date("2024-05-01T00:00:00Z") },
      { _id: "b", stateVersion: 1 },
      { _id: "c", state: null, other: "o", lastSeq: 7 },
    ];
    const projections: Doc[] = [
      { state: 1, stateVersion: 1 },
      { stateVersion: 1, state: 1 },
      { lastSeq: 1 },
      { lastSeq: 1, _id: 0 },
      { state: 0 },
      { state: 0, _id: 0 },
      { _id: 1 },
      { _id: 0 },
      { missing: 1 },
    ];
    for (const projection of projections) {
      const ours = projectDocs(docs, projection);
      const reference = mingoFind(
        docs.map((d) => structuredClone(d)),
        {},
        projection,
      ).all();
      expect(ours, JSON.stringify(projection)).toEqual(reference);
      ours.forEach((doc, i) => {
        const order = Object.keys(docs[i]!).filter((key) => key in doc);
        expect(Object.keys(doc)).toEqual(order);
      });
    }
  });

  it("returns copies: changing a projected value does not reach the stored document", () => {
    const stored: Doc = { _id: "a", state: { step: "x" } };
    const [projected] = projectDocs([stored], { state: 1 });
    (projected!.state as Doc).step = "changed";
    expect(stored.state).toEqual({ step: "x" });
  });
});
