import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { startWidgetSession } from "../../testing/widget-client";

let t: TestRuntime;

beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => {
  await t.cleanup();
});

describe("support.shortlist (the widget's heart, no chat turn)", () => {
  it("saves and removes without touching the transcript, counts the save, and names the variant in analytics", async () => {
    const w = await startWidgetSession(t);
    const before = (await w.caller.session.messages({ afterSeq: 0 })).entries.length;
    const saved = await w.caller.support.shortlist.add({ productId: "gg-ring-stacking-band-rg" });
    expect(saved.products.map((p) => [p.id, p.variant])).toEqual([["gg-ring-stacking-band-rg", "14k rose gold"]]);
    expect(saved.products[0]!.url).toBe("/products/gg-ring-stacking-band-rg");
    expect((await w.caller.support.shortlist.get()).products).toHaveLength(1);
    expect((await w.caller.support.shortlist.remove({ productId: "gg-ring-stacking-band-rg" })).products).toEqual([]);
    expect((await w.caller.session.messages({ afterSeq: 0 })).entries.length).toBe(before);

    await w.caller.support.shortlist.add({ productId: "gg-ring-stacking-band-rg" });
    // the window ends before "now" (exclusive): look from a moment later so this millisecond's events count
    const summary = await t.runtime.services.insights.analyticsSummary(7, new Date(Date.now() + 60_000));
    const top = summary.topShortlisted.find((p) => p.productId === "gg-ring-stacking-band-rg");
    expect(top?.count).toBe(2);
    expect(top?.name).toMatch(/ · 14k rose gold$/);
    expect(summary.funnel.shortlisted).toBeGreaterThanOrEqual(1);
  });
});
