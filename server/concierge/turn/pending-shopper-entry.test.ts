import { describe, expect, it } from "vitest";
import type { ConciergeMessage, MessageRole, TranscriptEntry } from "../messages";
import { PendingShopperEntry } from "./pending-shopper-entry";

type Item = { role: MessageRole; message: ConciergeMessage };

/** A transcript in memory whose next writes can be made to fail. */
function transcript() {
  const entries: TranscriptEntry[] = [];
  let failures = 0;
  return {
    entries,
    failNext: (n = 1) => (failures = n),
    append: async (_id: string, items: readonly Item[]) => {
      await Promise.resolve();
      if (failures > 0) {
        failures--;
        throw new Error("disk full");
      }
      const written = items.map((item, i) => ({ seq: entries.length + 1 + i, role: item.role, at: "", message: item.message }));
      entries.push(...written);
      return written;
    },
  };
}

const text = (t: string): ConciergeMessage => ({ type: "text", text: t });
const answer = [{ role: "concierge" as const, message: text("hello") }];

describe("PendingShopperEntry", () => {
  it("goes with the answer in one write when nothing stored it before", async () => {
    const store = transcript();
    const shopper = new PendingShopperEntry("c1", text("hi"), store);
    const entries = await shopper.appendWith(answer);
    expect(entries.map((e) => e.seq)).toEqual([2]);
    expect(store.entries.map((e) => e.role)).toEqual(["shopper", "concierge"]);
    expect((await shopper.stored).seq).toBe(1);
  });

  it("is stored once, before the answer, when stored early (twice asked)", async () => {
    const store = transcript();
    const shopper = new PendingShopperEntry("c1", text("hi"), store);
    shopper.storeSoon();
    const [first, second] = await Promise.all([shopper.store(), shopper.store()]);
    expect(first).toBe(second);
    await shopper.appendWith(answer);
    expect(store.entries.map((e) => `${e.seq}:${e.role}`)).toEqual(["1:shopper", "2:concierge"]);
  });

  it("after a failed early store, the next write carries the message with its own", async () => {
    const store = transcript();
    const shopper = new PendingShopperEntry("c1", text("hi"), store);
    store.failNext();
    await expect(shopper.store()).rejects.toThrow("disk full");
    const entries = await shopper.appendWith(answer);
    expect(entries).toHaveLength(1);
    expect(store.entries.map((e) => e.role)).toEqual(["shopper", "concierge"]);
    expect(shopper.entry()?.seq).toBe(1);
  });

  it("after a failed combined write, the next write carries it again, and only once", async () => {
    const store = transcript();
    const shopper = new PendingShopperEntry("c1", text("hi"), store);
    store.failNext();
    await expect(shopper.appendWith(answer)).rejects.toThrow("disk full");
    expect(shopper.entry()).toBeUndefined();
    await shopper.appendWith([
      { role: "system", message: { type: "notice", level: "error", code: "error", text: "Sorry", retryable: true } },
    ]);
    expect(store.entries.map((e) => e.role)).toEqual(["shopper", "system"]);
  });
});
