import { afterEach, describe, expect, it, vi } from "vitest";
import { coalesceFlushes } from "./static-assets";

describe("coalesceFlushes", () => {
  afterEach(() => vi.useRealTimers());

  it("turns the flushes of one burst into one, made after the burst; a later burst flushes again", async () => {
    const flush = vi.fn();
    const res: { flush?: () => void } = { flush };
    coalesceFlushes(res);
    for (let i = 0; i < 200; i++) res.flush!();
    expect(flush).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(flush).toHaveBeenCalledTimes(1);
    res.flush!();
    res.flush!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it("leaves a response without flush (not compressed) alone", () => {
    const res: { flush?: () => void } = {};
    coalesceFlushes(res);
    expect(res.flush).toBeUndefined();
  });
});
