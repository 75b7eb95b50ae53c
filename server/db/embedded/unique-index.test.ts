import { describe, expect, it } from "vitest";
import type { IndexSpec } from "./index-catalog";
import { UniqueIndex } from "./unique-index";
import type { Doc } from "./values";

/** A small pseudo-random generator (deterministic: a failure reproduces). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const SCALARS: unknown[] = [null, 0, -0, 1, 2.5, "", "a", "1", true, false, new Date(0), new Date(1000), { x: 1 }, { x: 1, y: [2] }];

function randomField(next: () => number): { present: boolean; value?: unknown } {
  const pick = next();
  if (pick < 0.15) return { present: false };
  if (pick < 0.3) {
    const length = Math.floor(next() * 3);
    return { present: true, value: Array.from({ length }, () => SCALARS[Math.floor(next() * SCALARS.length)]) };
  }
  return { present: true, value: SCALARS[Math.floor(next() * SCALARS.length)] };
}

function randomDoc(next: () => number, fields: string[]): Doc {
  const doc: Doc = { _id: `d${Math.floor(next() * 1e9)}`, other: next() };
  for (const f of fields) {
    const { present, value } = randomField(next);
    if (present) doc[f] = value;
  }
  return doc;
}

const byKey = (entries: Array<{ key: string; parts: unknown[] }>) =>
  [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

describe("unique index entries", () => {
  const specs: IndexSpec[] = [
    { name: "one", key: { a: 1 }, unique: true },
    { name: "two", key: { a: 1, b: -1 }, unique: true },
    { name: "sparse", key: { a: 1, b: 1 }, unique: true, sparse: true },
    { name: "partial", key: { a: 1 }, unique: true, partialFilterExpression: { other: { $gt: 0.5 } } },
  ];

  it.each(specs)("the direct path for top-level fields gives the general expansion's entries ($name)", (spec) => {
    const index = new UniqueIndex(spec, "db.test");
    const next = rng(spec.name.length * 7919);
    const fields = Object.keys(spec.key);
    for (let i = 0; i < 3_000; i++) {
      const doc = randomDoc(next, fields);
      expect(byKey(index.entries(doc)), JSON.stringify(doc)).toEqual(byKey(index.expandedEntries(doc)));
    }
  });

  it("refuses a duplicate (missing and null are the same key) and names the key in the error", () => {
    const index = new UniqueIndex({ name: "a_1_b_1", key: { a: 1, b: 1 }, unique: true }, "db.test");
    index.add(0, { _id: "x", a: "ring", b: null });
    expect(() => index.check([{ _id: "y", a: "ring" }], new Set())).toThrow(/E11000.*a_1_b_1/);
    expect(() => index.check([{ _id: "y", a: "ring" }], new Set([0]))).not.toThrow();
    expect(() => index.check([{ _id: "y", a: "hoop" }], new Set())).not.toThrow();
    expect(() => index.check([{ _id: "y", a: ["hoop", "ring"], b: null }], new Set())).toThrow(/E11000/);
    expect(() => index.addChecked(1, { _id: "z", a: "ring", b: null })).toThrow(/"ring"/);
  });
});
