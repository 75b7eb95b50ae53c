import { describe, expect, it } from "vitest";
import { canonicalKey, deepEqual } from "./values";

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
