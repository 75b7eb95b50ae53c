import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyticsEventDoc, AnalyticsEventType } from "../db/repositories/analytics-events";
import type { ConversationDoc } from "../db/repositories/conversations";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";

/** A small deterministic generator, so expected numbers are computed here, independently of the pipelines. */
function prng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const NOW = new Date("2026-11-20T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const TYPES: AnalyticsEventType[] = [
  "widget_open",
  "conversation_started",
  "intent_detected",
  "products_shown",
  "product_shortlisted",
  "product_viewed",
  "handoff",
];
const INTENTS = ["find_product", "track_order", "return_exchange", "greeting"];
const PRODUCTS = ["gg-a", "gg-b", "gg-c", "gg-d"];

let t: TestRuntime;
const events: AnalyticsEventDoc[] = [];
const conversations: ConversationDoc[] = [];
const ratings: Array<{ rating: number; at: Date }> = [];

beforeAll(async () => {
  t = await createTestRuntime({ SEED_DEMO_DATA: "false" });
  const rnd = prng(42);
  for (let i = 0; i < 400; i++) {
    const at = new Date(NOW.getTime() - Math.floor(rnd() * 100 * DAY));
    const type = TYPES[Math.floor(rnd() * TYPES.length)]!;
    events.push({
      _id: randomUUID(),
      type,
      at,
      sessionId: `s${Math.floor(rnd() * 40)}`,
      ...(type === "intent_detected" ? { intent: INTENTS[Math.floor(rnd() * INTENTS.length)]!, engine: "rules" as const } : {}),
      ...(type === "product_shortlisted" || type === "products_shown"
        ? { productIds: [PRODUCTS[Math.floor(rnd() * PRODUCTS.length)]!] }
        : {}),
    });
  }
  await t.runtime.repositories.analyticsEvents.record(events);
  for (let i = 0; i < 60; i++) {
    const createdAt = new Date(NOW.getTime() - Math.floor(rnd() * 100 * DAY));
    const roll = rnd();
    const c: ConversationDoc = {
      _id: `conv_${i.toString().padStart(12, "0")}`,
      sessionId: `cs${i}`,
      visitorId: `v${i}`,
      status: "open",
      lastSeq: rnd() < 0.2 ? 1 : 2 + Math.floor(rnd() * 10),
      intents: [],
      state: {},
      handoff: roll < 0.25,
      ...(roll > 0.6 ? { csatRating: 1 + Math.floor(rnd() * 5) } : {}),
      createdAt,
      updatedAt: createdAt,
    };
    conversations.push(c);
    await t.runtime.repositories.conversations.create(c);
  }
  for (let i = 0; i < 50; i++) {
    const at = new Date(NOW.getTime() - Math.floor(rnd() * 100 * DAY));
    const rating = 1 + Math.floor(rnd() * 5);
    ratings.push({ rating, at });
    await t.runtime.repositories.csat.create({
      _id: randomUUID(),
      sessionId: `r${i}`,
      conversationId: `c${i}`,
      rating,
      ...(rating <= 2 ? { comment: `comment ${i}` } : {}),
      createdAt: at,
    });
  }
});
afterAll(async () => {
  await t.cleanup();
});

describe.each([7, 30, 90] as const)("analytics over %i days", (days) => {
  const since = new Date(NOW.getTime() - days * DAY);
  const inWindow = (at: Date) => at >= since && at < NOW;

  it("matches counts, intent mix, funnel, top products and the daily series computed independently", async () => {
    const summary = await t.runtime.services.insights.analyticsSummary(days, NOW);
    const windowed = events.filter((e) => inWindow(e.at));
    const count = (type: string) => windowed.filter((e) => e.type === type).length;
    expect(summary.widgetOpens).toBe(count("widget_open"));
    expect(summary.conversations).toBe(count("conversation_started"));
    expect(summary.handoffs).toBe(count("handoff"));

    const mix = new Map<string, number>();
    for (const e of windowed.filter((e) => e.type === "intent_detected")) mix.set(e.intent!, (mix.get(e.intent!) ?? 0) + 1);
    expect(Object.fromEntries(summary.intents.map((i) => [i.intent, i.count]))).toEqual(Object.fromEntries(mix));

    const sessions = (type: string) => new Set(windowed.filter((e) => e.type === type).map((e) => e.sessionId)).size;
    expect(summary.funnel).toEqual({
      shown: sessions("products_shown"),
      shortlisted: sessions("product_shortlisted"),
      viewed: sessions("product_viewed"),
    });

    const top = new Map<string, number>();
    for (const e of windowed.filter((e) => e.type === "product_shortlisted"))
      for (const p of e.productIds!) top.set(p, (top.get(p) ?? 0) + 1);
    const expectedTop = [...top.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    expect(summary.topShortlisted.map((p) => [p.productId, p.count])).toEqual(expectedTop);

    const seriesTotal = summary.series.reduce((n, d) => n + d.conversations, 0);
    expect(seriesTotal).toBe(count("conversation_started"));
    expect(summary.series.length).toBeGreaterThanOrEqual(days);

    const engaged = conversations.filter((c) => inWindow(c.createdAt) && c.lastSeq >= 2);
    const negative = (c: ConversationDoc) => c.csatRating !== undefined && c.csatRating <= 2;
    const automated = engaged.filter((c) => !c.handoff && !negative(c)).length;
    expect(summary.automatedResolution.engaged).toBe(engaged.length);
    expect(summary.automatedResolution.automated).toBe(automated);
    expect(summary.automatedResolution.rate).toBeCloseTo(engaged.length ? automated / engaged.length : 0, 10);
    expect(summary.automatedResolution.definition).toMatch(/handed to a stylist/);
  });

  it("matches the CSAT average computed independently", async () => {
    const summary = await t.runtime.services.insights.csatSummary(NOW);
    const windowed = ratings.filter((r) => r.at >= since);
    const avg = summary.averages.find((a) => a.days === days)!;
    expect(avg.count).toBe(windowed.length);
    expect(avg.average).toBeCloseTo(windowed.reduce((n, r) => n + r.rating, 0) / windowed.length, 10);
  });
});

describe("CSAT list", () => {
  it("puts low scores first with their comments", async () => {
    const { rows } = await t.runtime.services.insights.csatList(90, 0, 100, NOW);
    const expected = ratings.filter((r) => r.at >= new Date(NOW.getTime() - 90 * DAY));
    expect(rows).toHaveLength(expected.length);
    expect(rows.map((r) => r.rating)).toEqual([...rows.map((r) => r.rating)].sort((a, b) => a - b));
    expect(rows.filter((r) => r.rating <= 2).every((r) => r.comment?.startsWith("comment"))).toBe(true);
    const summary = await t.runtime.services.insights.csatSummary(NOW);
    expect(summary.distribution.reduce((n, d) => n + d.count, 0)).toBe(expected.length);
  });
});
