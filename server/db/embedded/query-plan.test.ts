import { Query } from "mingo";
import { afterEach, describe, expect, it } from "vitest";
import { clearQueryCaches, compileFilter, planCacheStats } from "./query-plan";
import { tempStores } from "./testing/tmp-store";
import type { Doc } from "./values";

const stores = tempStores();
afterEach(() => stores.cleanup());

function prng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe("query plans compiled once per shape", () => {
  it("reuse one plan for the same shape with different values, and answer each call with its own values", async () => {
    clearQueryCaches();
    const start = { ...planCacheStats };
    const col = (await stores.open()).db().collection("sessions");
    await col.createIndex({ sessionId: 1 }, { unique: true });
    await col.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `c${i}`, sessionId: `s${i}`, turns: i })));
    for (let i = 0; i < 20; i++) {
      expect(await col.findOne({ sessionId: `s${i}` })).toEqual({ _id: `c${i}`, sessionId: `s${i}`, turns: i });
      expect(await col.countDocuments({ sessionId: `s${i}`, turns: { $gt: i } })).toBe(0);
      expect(await col.countDocuments({ sessionId: `s${i}`, turns: { $gte: i } })).toBe(1);
    }
    expect(await col.findOne({ sessionId: "nope" })).toBeNull();
    expect(planCacheStats.planMisses - start.planMisses).toBe(3); // three shapes
    expect(planCacheStats.planHits - start.planHits).toBeGreaterThanOrEqual(58);
    // Values of other types reuse the shape too, with their own semantics.
    expect(await col.countDocuments({ sessionId: { $in: ["s1", "s2", 3] } })).toBe(2);
    expect(await col.countDocuments({ sessionId: { $in: [null] } })).toBe(0);
    expect(await col.countDocuments({ missing: { $in: [null] } })).toBe(20);
  });

  it("compiles other filters with mingo, reusing identical ones", () => {
    clearQueryCaches();
    const start = { ...planCacheStats };
    const a = compileFilter({ name: /ring/i, tags: { $all: ["gold"] } });
    const b = compileFilter({ name: /ring/i, tags: { $all: ["gold"] } }); // a regular expression: mingo
    expect(a.test({ _id: "1", name: "Gold Ring", tags: ["gold", "ring"] })).toBe(true);
    expect(b.test({ _id: "2", name: "Chain", tags: ["gold"] })).toBe(false);
    expect(planCacheStats.mingoMisses - start.mingoMisses).toBe(1);
    expect(planCacheStats.mingoHits - start.mingoHits).toBe(1);
    expect(a.equalities).toEqual([]);
  });

  it("exposes top-level equality conditions for index lookups, never null or operator values", () => {
    const at = new Date("2024-01-01T00:00:00Z");
    expect(compileFilter({ a: "x", b: { $in: [1, at] }, c: { $gt: 1 }, $and: [{ d: true }], $or: [{ e: 1 }] }).equalities).toEqual([
      { field: "a", values: ["x"] },
      { field: "b", values: [1, at] },
      { field: "d", values: [true] },
    ]);
    expect(compileFilter({ a: null, b: { $in: ["x", null] } }).equalities).toEqual([]);
  });

  it("agree with mingo on random documents and filters", () => {
    const rnd = prng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const d1 = new Date("2024-05-01T00:00:00Z");
    const d2 = new Date("2024-06-01T00:00:00Z");
    const scalars = ["a", "b", "", 0, 1, 2, -1, 1.5, true, false, null, d1, d2];
    const value = (depth = 0): unknown => {
      const r = rnd();
      if (r < 0.55 || depth > 1) return pick(scalars);
      if (r < 0.8) return Array.from({ length: Math.floor(rnd() * 3) }, () => value(depth + 1));
      return { c: value(depth + 1), d: pick(scalars) };
    };
    const docs: Doc[] = Array.from({ length: 120 }, (_, i) => {
      const doc: Doc = { _id: `d${i}` };
      for (const f of ["a", "b"]) if (rnd() < 0.85) doc[f] = value();
      return doc;
    });
    const fields = ["a", "b", "b.c", "b.d", "a.0", "z"];
    const condition = (): unknown => {
      const op = pick(["eq", "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$all", "$exists", "two"]);
      if (op === "eq") return pick(scalars);
      if (op === "$in" || op === "$nin" || op === "$all")
        return { [op]: Array.from({ length: Math.floor(rnd() * 3) }, () => pick(scalars)) };
      if (op === "$exists") return { $exists: rnd() < 0.5 };
      if (op === "two") return { $gte: pick([0, "a", d1]), $lt: pick([2, "b", d2]) };
      return { [op]: pick(scalars) };
    };
    const filter = (depth = 0): Doc => {
      const f: Doc = {};
      const n = 1 + Math.floor(rnd() * 2);
      for (let i = 0; i < n; i++) {
        const field = pick(fields);
        if (field.includes(".") && rnd() < 0.3) continue;
        f[field] = condition();
      }
      if (depth === 0 && rnd() < 0.3) f[pick(["$and", "$or", "$nor"])] = [filter(1), filter(1)];
      return f;
    };
    let compared = 0;
    const start = { ...planCacheStats };
    for (let i = 0; i < 400; i++) {
      const f = filter();
      const compiled = compileFilter(f);
      const reference = new Query(structuredClone(f));
      for (const doc of docs) {
        expect(compiled.test(doc), `${JSON.stringify(f)} on ${JSON.stringify(doc)}`).toBe(reference.test(doc));
        compared++;
      }
    }
    expect(compared).toBe(400 * 120);
    // Most of these go through plans (the rest — $exists on a dotted path — through mingo).
    const viaPlans = planCacheStats.planHits + planCacheStats.planMisses - start.planHits - start.planMisses;
    expect(viaPlans).toBeGreaterThan(300);
  });
});
