import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { startWidgetSession } from "../testing/widget-client";

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => {
  await t.cleanup();
});

const db = () => t.runtime.store.db;
const ratingsCounted = async () => (await t.runtime.metrics.csatRatings.get()).values.reduce((sum, v) => sum + v.value, 0);

describe("CSAT: one rating per conversation", () => {
  it("a resubmission updates the rating and comment; the conversation, analytics and metrics follow without double counting", async () => {
    const w = await startWidgetSession(t);
    const sessionId = w.started.enabled ? w.started.sessionId : "";
    const conversation = await t.runtime.services.conversations.bySession(sessionId);
    const countedBefore = await ratingsCounted();
    const summaryBefore = await t.runtime.services.insights.csatSummary();

    expect(await w.caller.support.csat.submit({ rating: 2, comment: "took a while" })).toEqual({ rating: 2, offerStylist: true });
    expect(await w.caller.support.csat.submit({ rating: 5, comment: "sorted it out, thanks" })).toEqual({ rating: 5, offerStylist: false });

    const stored = await db().collection("widgetCSAT").find({ conversationId: conversation._id }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ rating: 5, comment: "sorted it out, thanks", sessionId });
    expect((await t.runtime.repositories.conversations.findById(conversation._id))?.csatRating).toBe(5);

    const events = await db().collection("analyticsEvents").find({ type: "csat_submitted", conversationId: conversation._id }).toArray();
    expect(events.map((e) => e.rating)).toEqual([5]);
    expect(await ratingsCounted()).toBe(countedBefore + 1);

    const summary = await t.runtime.services.insights.csatSummary();
    const total = (s: typeof summary) => s.distribution.reduce((n, d) => n + d.count, 0);
    expect(total(summary)).toBe(total(summaryBefore) + 1);
    expect(summary.distribution.find((d) => d.rating === 5)!.count).toBe(summaryBefore.distribution.find((d) => d.rating === 5)!.count + 1);
    const { rows } = await t.runtime.services.insights.csatList(7, 0, 100);
    expect(rows.filter((r) => r.conversationId === conversation._id)).toEqual([
      expect.objectContaining({ rating: 5, comment: "sorted it out, thanks" }),
    ]);
  });

  it("a resubmission without a comment clears the earlier comment; the chat's rating form updates the same record", async () => {
    const w = await startWidgetSession(t);
    const sessionId = w.started.enabled ? w.started.sessionId : "";
    const conversation = await t.runtime.services.conversations.bySession(sessionId);
    await w.send({ kind: "submit_csat", rating: 1, comment: "not helpful" });
    await w.caller.support.csat.submit({ rating: 4 });
    await w.send({ kind: "submit_csat", rating: 3 });
    const stored = await db().collection("widgetCSAT").find({ conversationId: conversation._id }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.rating).toBe(3);
    expect(stored[0]!.comment).toBeUndefined();
    expect((await t.runtime.repositories.conversations.findById(conversation._id))?.csatRating).toBe(3);
  });
});
