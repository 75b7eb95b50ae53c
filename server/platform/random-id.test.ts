import { describe, expect, it } from "vitest";
import { randomId } from "./random-id";

describe("randomId", () => {
  it("gives base64url ids of the asked number of bytes", () => {
    expect(randomId(12)).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(Buffer.from(randomId(16), "base64url")).toHaveLength(16);
  });

  it("never hands out the same bytes twice, across many pool refills", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i++) ids.add(randomId(12));
    expect(ids.size).toBe(5000);
  });

  it("refuses sizes it cannot serve", () => {
    expect(() => randomId(0)).toThrow(RangeError);
    expect(() => randomId(1.5)).toThrow(RangeError);
    expect(() => randomId(5000)).toThrow(RangeError);
  });
});
