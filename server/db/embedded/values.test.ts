import { describe, expect, it } from "vitest";
import { canonicalKey, deepClone, deepEqual, normalizeDocument } from "./values";

/** A small pseudo-random generator (deterministic: a failure reproduces). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function randomValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 7 : 9));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return [0, -0, 1, 2.5, NaN][Math.floor(next() * 5)];
    case 3:
      return ["", "a", "b", "1"][Math.floor(next() * 4)];
    case 4:
      return next() < 0.5;
    case 5:
      return new Date(Math.floor(next() * 3) * 1000);
    case 6:
      return [/a/, /a/i][Math.floor(next() * 2)];
    case 7:
      return Array.from({ length: Math.floor(next() * 3) }, () => randomValue(next, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (const key of ["x", "y", "z"].slice(0, Math.floor(next() * 4))) out[next() < 0.8 ? key : "w"] = randomValue(next, depth + 1);
      return out;
    }
  }
}

describe("deepEqual", () => {
  it("agrees with canonicalKey equality (MongoDB's notion of equal) on thousands of value pairs", () => {
    const next = rng(42);
    let equalPairs = 0;
    for (let i = 0; i < 20_000; i++) {
      const a = randomValue(next);
      const b = next() < 0.3 ? structuredClone(a) : randomValue(next);
      const expected = canonicalKey(a) === canonicalKey(b);
      if (expected) equalPairs++;
      expect(deepEqual(a, b), `${canonicalKey(a)} vs ${canonicalKey(b)}`).toBe(expected);
    }
    expect(equalPairs).toBeGreaterThan(1000);
  });

  it("is field-order-sensitive for embedded documents, like MongoDB", () => {
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(deepEqual({ a: [1, { c: new Date(5) }] }, { a: [1, { c: new Date(5) }] })).toBe(true);
    expect(deepEqual({ a: undefined }, { a: null })).toBe(true);
    expect(deepEqual(1, "1")).toBe(false);
  });
});

describe("normalizeDocument and deepClone", () => {
  it("copies plain data deeply (undefined becomes null), sharing nothing with the input", () => {
    const when = new Date(5);
    const input = { _id: "a", n: 1, s: "x", b: false, u: undefined, d: when, list: [1, { deep: ["y", null] }], nested: { k: { j: 2 } } };
    const copy = normalizeDocument(input);
    expect(copy).toEqual({ _id: "a", n: 1, s: "x", b: false, u: null, d: when, list: [1, { deep: ["y", null] }], nested: { k: { j: 2 } } });
    expect(copy.d).not.toBe(when);
    expect(copy.list).not.toBe(input.list);
    expect((copy.nested as { k: object }).k).not.toBe(input.nested.k);
    const clone = deepClone(input);
    expect(clone).toEqual(input);
    expect(clone.list[1]).not.toBe(input.list[1]);
    expect(clone.d).not.toBe(when);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["a $-prefixed nested key", { a: { list: [{ $where: 1 }] } }, /Field name 'a\.list\.0\.\$where' must not start with '\$'/],
    ["a dotted key", { a: { "b.c": 1 } }, /Field name 'a\.b\.c' must not contain '\.'/],
    [
      "an own __proto__ key",
      JSON.parse('{"a":{"__proto__":{"x":1}}}') as Record<string, unknown>,
      /Field name 'a\.__proto__' is not allowed/,
    ],
    ["a non-finite number deep in an array", { a: [1, [2, Infinity]] }, /Field 'a\.1\.1' holds Infinity/],
    ["an invalid date", { when: new Date(NaN) }, /Field 'when' holds an invalid Date/],
    ["a function", { a: { f: () => 1 } }, /Field 'a\.f' holds a function/],
    ["a class instance", { a: new Map() }, /Field 'a' holds a Map/],
  ])("refuses %s and names the field", (_name, doc, message) => {
    expect(() => normalizeDocument(doc)).toThrow(message);
  });
});
