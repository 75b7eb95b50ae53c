import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EmbeddedCollection } from "./index";
import { applyUpdate, parseUpdate } from "./update";
import { normalizeDocument, type Doc } from "./values";
import { tempStores } from "./testing/tmp-store";

const stores = tempStores();
afterEach(() => stores.cleanup());

describe("embedded updates", () => {
  let col: EmbeddedCollection;
  beforeEach(async () => {
    col = (await stores.open()).db().collection("docs");
    await col.insertOne({
      _id: "a",
      n: 5,
      tags: ["x"],
      nums: [1, 2, 3, 4, 5],
      items: [
        { k: 1, q: 1 },
        { k: 2, q: 1 },
      ],
      obj: { keep: 1, drop: 2 },
    });
  });
  const get = () => col.findOne({ _id: "a" });

  it("applies $set $unset $inc $mul $min $max $currentDate $rename", async () => {
    const before = Date.now();
    const res = await col.updateOne(
      { _id: "a" },
      {
        $set: { "obj.added": true, s: "v" },
        $unset: { "obj.drop": "" },
        $inc: { n: 2, fresh: 1 },
        $mul: { m: 3 },
        $min: { lo: 1 },
        $max: { hi: 9 },
        $currentDate: { touchedAt: true },
        $rename: { tags: "labels" },
      },
    );
    expect(res).toEqual({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    const doc = await get();
    expect(doc).toMatchObject({ n: 7, fresh: 1, m: 0, lo: 1, hi: 9, s: "v", obj: { keep: 1, added: true }, labels: ["x"] });
    expect(doc?.obj).not.toHaveProperty("drop");
    expect(doc?.touchedAt).toBeInstanceOf(Date);
    expect((doc?.touchedAt as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
    await col.updateOne({ _id: "a" }, { $min: { n: 3 }, $max: { hi: 1 } });
    expect(await get()).toMatchObject({ n: 3, hi: 9 });
  });

  it("applies $push with $each/$slice, $addToSet, $pull, $pullAll, $pop and positional $", async () => {
    await col.updateOne(
      { _id: "a" },
      { $push: { tags: { $each: ["y", "z"], $slice: -2 } }, $addToSet: { set: { $each: ["p", "p", "q"] } } },
    );
    await col.updateOne({ _id: "a" }, { $addToSet: { set: "p" }, $pull: { nums: { $gte: 4 } } });
    await col.updateOne({ _id: "a" }, { $pullAll: { nums: [1] }, $pop: { tags: -1 } });
    await col.updateOne({ _id: "a", "items.k": 2 }, { $set: { "items.$.q": 9 } });
    expect(await get()).toMatchObject({
      tags: ["z"],
      set: ["p", "q"],
      nums: [2, 3],
      items: [
        { k: 1, q: 1 },
        { k: 2, q: 9 },
      ],
    });
  });

  it("reports modifiedCount 0 for no-op updates and updates many", async () => {
    expect((await col.updateOne({ _id: "a" }, { $set: { n: 5 } })).modifiedCount).toBe(0);
    await col.insertMany([
      { _id: "b", n: 1 },
      { _id: "c", n: 5 },
    ]);
    const res = await col.updateMany({ n: 5 }, { $set: { five: true } });
    expect(res).toMatchObject({ matchedCount: 2, modifiedCount: 2, upsertedCount: 0 });
    expect(await col.countDocuments({ five: true })).toBe(2);
    expect(await col.updateMany({ n: 99 }, { $set: { x: 1 } })).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedId: null });
  });

  it("rejects invalid updates and writes nothing", async () => {
    await expect(col.updateOne({ _id: "a" }, { n: 1 })).rejects.toThrow(/atomic operators/);
    await expect(col.updateOne({ _id: "a" }, { $bogus: { n: 1 } })).rejects.toThrow(/Unknown modifier/);
    await expect(col.updateOne({ _id: "a" }, { $inc: { "obj.keep": 1, tags: 1 } })).rejects.toMatchObject({ code: 14 });
    await expect(col.updateOne({ _id: "a" }, { $set: { _id: "b" } })).rejects.toMatchObject({ code: 66 });
    await expect(col.updateOne({ _id: "a" }, { $set: { n: 1 }, $inc: { n: 1 } })).rejects.toMatchObject({ code: 40 });
    await expect(col.updateOne({ _id: "a" }, { $set: { bad: { $x: 1 } } })).rejects.toThrow(/must not start with '\$'/);
    expect(await get()).toMatchObject({ n: 5, obj: { keep: 1, drop: 2 } });
  });

  it("supports pipeline updates", async () => {
    await col.updateOne({ _id: "a" }, [{ $set: { doubled: { $multiply: ["$n", 2] } } }]);
    expect(await get()).toMatchObject({ doubled: 10 });
  });

  it("replaces documents keeping _id", async () => {
    const res = await col.replaceOne({ _id: "a" }, { only: true });
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await get()).toEqual({ _id: "a", only: true });
    await expect(col.replaceOne({ _id: "a" }, { $set: { x: 1 } })).rejects.toThrow(/atomic operators/);
    await expect(col.replaceOne({ _id: "a" }, { _id: "z", x: 1 })).rejects.toMatchObject({ code: 66 });
    const up = await col.replaceOne({ sku: "S1" }, { sku: "S1", qty: 2 }, { upsert: true });
    expect(up.upsertedCount).toBe(1);
    expect(await col.findOne({ _id: up.upsertedId })).toEqual({ _id: up.upsertedId, sku: "S1", qty: 2 });
  });
});

describe("embedded upserts", () => {
  let col: EmbeddedCollection;
  beforeEach(async () => {
    col = (await stores.open()).db().collection("up");
  });

  it("seeds the new document from filter equality fields, $setOnInsert and operators", async () => {
    const createdAt = new Date("2024-01-01T00:00:00Z");
    const res = await col.updateOne(
      { tenant: "t1", "meta.kind": { $eq: "counter" }, score: { $gt: 3 }, $and: [{ region: "eu" }] },
      { $inc: { n: 1 }, $setOnInsert: { createdAt }, $set: { updated: true } },
      { upsert: true },
    );
    expect(res).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
    expect(typeof res.upsertedId).toBe("string");
    const doc = await col.findOne({ _id: res.upsertedId });
    expect(doc).toEqual({ _id: res.upsertedId, tenant: "t1", meta: { kind: "counter" }, region: "eu", n: 1, createdAt, updated: true });
    expect(Object.keys(doc ?? {})[0]).toBe("_id");

    const again = await col.updateOne({ tenant: "t1" }, { $inc: { n: 1 }, $setOnInsert: { createdAt: new Date() } }, { upsert: true });
    expect(again).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    expect(await col.findOne({ tenant: "t1" })).toMatchObject({ n: 2, createdAt });
  });

  it("uses _id from the filter and rejects $set/$setOnInsert conflicts", async () => {
    const res = await col.updateOne({ _id: "fixed" }, { $set: { v: 1 } }, { upsert: true });
    expect(res.upsertedId).toBe("fixed");
    await expect(col.updateOne({ _id: "other" }, { $set: { v: 1 }, $setOnInsert: { v: 2 } }, { upsert: true })).rejects.toMatchObject({
      code: 40,
    });
    expect(await col.countDocuments({})).toBe(1);
  });

  it("findOneAndUpdate returns the document before (default) or after", async () => {
    expect(await col.findOneAndUpdate({ key: "k" }, { $inc: { n: 1 } }, { upsert: true })).toBeNull();
    const after = await col.findOneAndUpdate({ key: "k" }, { $inc: { n: 1 } }, { returnDocument: "after", projection: { _id: 0 } });
    expect(after).toEqual({ key: "k", n: 2 });
    const before = await col.findOneAndUpdate({ key: "k" }, { $inc: { n: 1 } });
    expect(before).toMatchObject({ key: "k", n: 2 });
    expect(await col.findOneAndUpdate({ key: "missing" }, { $inc: { n: 1 } })).toBeNull();
    const meta = await col.findOneAndUpdate({ key: "k" }, { $inc: { n: 1 } }, { includeResultMetadata: true });
    expect(meta).toMatchObject({ ok: 1, value: { n: 3 }, lastErrorObject: { n: 1, updatedExisting: true } });
  });

  it("findOneAndUpdate/findOneAndDelete honour sort", async () => {
    await col.insertMany([
      { q: "jobs", pri: 2 },
      { q: "jobs", pri: 9 },
      { q: "jobs", pri: 5 },
    ]);
    const top = await col.findOneAndUpdate(
      { q: "jobs", taken: { $exists: false } },
      { $set: { taken: true } },
      { sort: { pri: -1 }, returnDocument: "after" },
    );
    expect(top).toMatchObject({ pri: 9, taken: true });
    const lowest = await col.findOneAndDelete({ q: "jobs" }, { sort: { pri: 1 } });
    expect(lowest).toMatchObject({ pri: 2 });
    expect(await col.countDocuments({ q: "jobs" })).toBe(2);
    expect(await col.findOneAndDelete({ q: "none" })).toBeNull();
    expect(await col.deleteMany({ q: "jobs" })).toEqual({ acknowledged: true, deletedCount: 2 });
    expect(await col.deleteOne({ q: "jobs" })).toEqual({ acknowledged: true, deletedCount: 0 });
  });

  it("concurrent upserting findOneAndUpdate calls are atomic", async () => {
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
    expect(new Set(results.map((r) => r?.n)).size).toBe(50);
  });
});

describe("the direct path for simple updates", () => {
  it("gives exactly mingo's result for $set, $unset, $inc, $push and $addToSet on top-level fields", () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const values = [1, 2.5, "s", null, true, [1, 2], { x: 1 }, new Date("2024-01-01T00:00:00Z")];
    const fields = ["a", "b", "c", "n", "list"];
    let direct = 0;
    for (let i = 0; i < 500; i++) {
      const doc: Doc = { _id: `d${i}`, n: pick([0, 3, undefined]), list: pick([[1], [], undefined, "x", [{ x: 1 }, "s"], [null, 2.5]]) };
      for (const f of ["a", "b"]) if (rnd() < 0.6) doc[f] = pick(values);
      const normalized = normalizeDocument(doc);
      const ops: Record<string, Doc> = {};
      const used = new Set<string>();
      for (const op of ["$set", "$unset", "$inc", "$push", "$addToSet"]) {
        if (rnd() < 0.5) continue;
        const field = pick(fields);
        if (used.has(field)) continue;
        used.add(field);
        ops[op] = { [field]: op === "$inc" ? pick([1, -2, 0.5]) : op === "$unset" ? "" : pick(values) };
      }
      if (Object.keys(ops).length === 0) ops.$set = { a: 1 };
      const parsed = parseUpdate(ops);
      let ours: unknown;
      try {
        ours = applyUpdate(normalized, parsed, {});
      } catch (error) {
        ours = { error: (error as Error).name };
      }
      let reference: unknown;
      try {
        reference = applyUpdate(normalized, parsed, {}, { general: true });
      } catch (error) {
        reference = { error: (error as Error).name };
      }
      if ((ours as { error?: string }).error === undefined) direct++;
      expect(ours, JSON.stringify({ doc: normalized, ops })).toEqual(reference);
    }
    expect(direct).toBeGreaterThan(250);
  });
});
