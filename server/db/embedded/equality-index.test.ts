import { afterEach, describe, expect, it } from "vitest";
import { tempStores } from "./testing/tmp-store";

const stores = tempStores();
afterEach(() => stores.cleanup());

/** A tiny deterministic generator so the random walk is the same every run. */
function prng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe("equality lookups through declared indexes", () => {
  it("give exactly the same answers as a full scan through inserts, updates, deletes and arrays", async () => {
    const store = await stores.open();
    const indexed = store.db().collection<{ _id: string; k: unknown; n: number }>("indexed");
    await indexed.createIndex({ k: 1, n: -1 });
    const rnd = prng(7);
    const values = ["a", "b", "c", 1, 2, true, ["a", "z"], { x: 1 }, null];
    const pick = () => values[Math.floor(rnd() * values.length)];
    for (let i = 0; i < 300; i++) {
      const op = rnd();
      const id = `d${Math.floor(rnd() * 60)}`;
      if (op < 0.5) await indexed.replaceOne({ _id: id }, { _id: id, k: pick(), n: i }, { upsert: true });
      else if (op < 0.7) await indexed.updateMany({ k: "a" }, { $set: { k: "b" } });
      else if (op < 0.8) await indexed.deleteOne({ _id: id });
      else await indexed.updateOne({ _id: id }, { $set: { k: 2 } });
    }
    // The expected answers come from a full scan of the same data, filtered here in plain JS.
    const all = await indexed.find({}).toArray();
    for (const probe of ["a", "b", "c", "z", 1, 2, true, false]) {
      const expected = all
        .filter((d) => d.k === probe || (Array.isArray(d.k) && d.k.includes(probe)))
        .map((d) => d._id)
        .sort();
      expect((await indexed.find({ k: probe }).toArray()).map((d) => d._id).sort()).toEqual(expected);
      expect(await indexed.countDocuments({ k: { $eq: probe } })).toBe(expected.length);
    }
    const inExpected = all
      .filter((d) => d.k === "a" || d.k === 1 || (Array.isArray(d.k) && d.k.includes("a")))
      .map((d) => d._id)
      .sort();
    expect((await indexed.find({ k: { $in: ["a", 1] } }).toArray()).map((d) => d._id).sort()).toEqual(inExpected);
    expect(all.length).toBeGreaterThan(10);
  });

  it("keeps find order, sort, limit and the rest of the filter", async () => {
    const store = await stores.open();
    const col = store.db().collection<{ _id: string; type: string; at: number }>("events");
    await col.createIndex({ type: 1, at: -1 });
    await col.insertMany([
      { _id: "e3", type: "open", at: 3 },
      { _id: "e1", type: "open", at: 1 },
      { _id: "e2", type: "close", at: 2 },
      { _id: "e4", type: "open", at: 4 },
    ]);
    expect((await col.find({ type: "open" }).toArray()).map((d) => d._id)).toEqual(["e1", "e3", "e4"]);
    expect((await col.find({ type: "open", at: { $gte: 3 } }, { sort: { at: -1 }, limit: 1 }).toArray()).map((d) => d._id)).toEqual(["e4"]);
    expect(await col.findOne({ _id: "e2" })).toEqual({ _id: "e2", type: "close", at: 2 });
    expect(await col.findOne({ _id: "nope" })).toBeNull();
    const grouped = await col
      .aggregate<{ _id: string; n: number }>([{ $match: { type: "open" } }, { $group: { _id: "$type", n: { $sum: 1 } } }])
      .toArray();
    expect(grouped).toEqual([{ _id: "open", n: 3 }]);
  });

  it("uses indexes created after data exists and survives a reopen", async () => {
    const dir = await stores.dir();
    const first = await stores.open({ dir });
    const col = first.db().collection<{ _id: string; s: string }>("late");
    await col.insertMany([
      { _id: "1", s: "x" },
      { _id: "2", s: "y" },
    ]);
    await col.createIndex({ s: 1 });
    expect((await col.find({ s: "y" }).toArray()).map((d) => d._id)).toEqual(["2"]);
    await first.close();
    const second = await stores.open({ dir });
    const again = second.db().collection<{ _id: string; s: string }>("late");
    await again.updateOne({ _id: "1" }, { $set: { s: "y" } });
    expect((await again.find({ s: "y" }).toArray()).map((d) => d._id)).toEqual(["1", "2"]);
    expect(await again.countDocuments({ s: "x" })).toBe(0);
  });
});

describe("range lookups and ordered walks through declared indexes", () => {
  it("give exactly the answers of an unindexed collection for ranges, sorts, skips and limits", async () => {
    const store = await stores.open({ cacheBytes: 0 });
    const indexed = store.db().collection("indexed");
    const plain = store.db().collection("plain");
    await indexed.createIndex({ k: -1 });
    const rnd = prng(99);
    const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n));
    // Phase 1: only Dates (an ordered walk applies without a range); phase 2: mixed kinds, arrays, missing.
    const dates = () => day(Math.floor(rnd() * 30));
    const mixed = () =>
      [dates(), dates(), Math.floor(rnd() * 10), `s${Math.floor(rnd() * 10)}`, [1, 5], null, undefined, true][Math.floor(rnd() * 8)];
    const queries = (): Array<[Record<string, unknown>, Record<string, unknown>]> => {
      const lo = day(Math.floor(rnd() * 30));
      const hi = day(Math.floor(rnd() * 30));
      const limit = 1 + Math.floor(rnd() * 8);
      const skip = Math.floor(rnd() * 3);
      return [
        [{ k: { $gte: lo, $lt: hi } }, {}],
        [{ k: { $gt: lo } }, { sort: { k: -1, _id: 1 }, limit }],
        [{ k: { $lte: hi } }, { sort: { k: 1, _id: -1 }, limit, skip }],
        [{}, { sort: { k: -1, _id: 1 }, limit }],
        [{}, { sort: { k: 1, _id: 1 }, limit, skip }],
        [{ k: { $gte: 3, $lte: 7 } }, { sort: { k: -1, _id: 1 }, limit }],
        [{ k: { $gt: "s3" } }, { sort: { k: 1, _id: 1 } }],
        [
          { k: { $gte: lo }, n: { $lt: 50 } },
          { sort: { k: -1, _id: 1 }, limit },
        ],
      ];
    };
    for (const value of [dates, mixed]) {
      for (let i = 0; i < 150; i++) {
        const id = `d${Math.floor(rnd() * 60)}`;
        const doc: Record<string, unknown> = { _id: id, n: i };
        const v = value();
        if (v !== undefined) doc.k = v;
        const op = rnd();
        for (const col of [indexed, plain]) {
          if (op < 0.7) await col.replaceOne({ _id: id }, doc, { upsert: true });
          else if (op < 0.85) await col.deleteOne({ _id: id });
          else await col.updateOne({ _id: id }, { $set: { k: doc.k ?? null } });
        }
        if (i % 10 !== 0) continue;
        for (const [filter, options] of queries()) {
          const expected = await plain.find(filter, options).toArray();
          expect(await indexed.find(filter, options).toArray(), JSON.stringify({ filter, options })).toEqual(expected);
        }
      }
    }
    expect(await indexed.countDocuments()).toBe(await plain.countDocuments());
  });
});
