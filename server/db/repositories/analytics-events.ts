import type { Collection, Db } from "mongodb";
import { COLLECTIONS, DAY_SECONDS, type IndexSpec } from "../collections";

export const ANALYTICS_EVENT_TYPES = [
  "widget_open",
  "conversation_started",
  "intent_detected",
  "intent_chooser_shown",
  "products_shown",
  "product_shortlisted",
  "product_viewed",
  "handoff",
  "csat_submitted",
  "order_lookup",
  "return_created",
] as const;
export type AnalyticsEventType = (typeof ANALYTICS_EVENT_TYPES)[number];

/** Analytics carry ids and bounded labels only, never emails, phones or shopper text. */
export interface AnalyticsEventDoc {
  _id: string;
  type: AnalyticsEventType;
  at: Date;
  sessionId?: string;
  conversationId?: string;
  intent?: string;
  engine?: "rules" | "llm";
  productIds?: string[];
  rating?: number;
}

export const ANALYTICS_RETENTION_DAYS = 180;

export const analyticsEventIndexes: IndexSpec[] = [
  { key: { type: 1, at: -1 } },
  { key: { conversationId: 1, type: 1 } },
  { key: { at: 1 }, expireAfterSeconds: ANALYTICS_RETENTION_DAYS * DAY_SECONDS },
];

function linkedTo(q: { sessionIds: string[]; conversationIds: string[] }) {
  return { $or: [{ sessionId: { $in: q.sessionIds } }, { conversationId: { $in: q.conversationIds } }] };
}

export class AnalyticsEventsRepository {
  private readonly col: Collection<AnalyticsEventDoc>;

  constructor(db: Db) {
    this.col = db.collection<AnalyticsEventDoc>(COLLECTIONS.analyticsEvents);
  }

  async record(events: readonly AnalyticsEventDoc[]): Promise<void> {
    if (events.length > 0) await this.col.insertMany([...events]);
  }

  /** Events tied to any of these sessions or conversations. */
  async findLinked(q: { sessionIds: string[]; conversationIds: string[] }): Promise<AnalyticsEventDoc[]> {
    if (q.sessionIds.length === 0 && q.conversationIds.length === 0) return [];
    return (await this.col.find(linkedTo(q), { sort: { at: 1 } }).toArray()) as AnalyticsEventDoc[];
  }

  /**
   * Erasure: the events stay (aggregate counts do not change) but lose the session and
   * conversation ids that tied them to a person. Returns how many were unlinked.
   */
  async unlink(q: { sessionIds: string[]; conversationIds: string[] }): Promise<number> {
    if (q.sessionIds.length === 0 && q.conversationIds.length === 0) return 0;
    return (await this.col.updateMany(linkedTo(q), { $unset: { sessionId: "", conversationId: "" } })).modifiedCount;
  }

  /** Sets the rating on a conversation's CSAT event (a resubmitted rating); returns how many matched. */
  async reviseCsatRating(conversationId: string, rating: number): Promise<number> {
    return (await this.col.updateMany({ type: "csat_submitted", conversationId }, { $set: { rating } })).matchedCount;
  }

  /** Detected intents in a window, most frequent first. */
  async intentMix(since: Date, until: Date): Promise<Array<{ intent: string; count: number }>> {
    const rows = await this.col
      .aggregate<{ _id: string; count: number }>([
        { $match: { type: "intent_detected", at: { $gte: since, $lt: until } } },
        { $group: { _id: "$intent", count: { $sum: 1 } } },
        { $sort: { count: -1, _id: 1 } },
      ])
      .toArray();
    return rows.map((r) => ({ intent: r._id, count: r.count }));
  }

  /** Per-day counts of the given event types (UTC days). */
  async dailyCounts(
    since: Date,
    until: Date,
    types: readonly AnalyticsEventType[],
  ): Promise<Array<{ day: string; type: string; count: number }>> {
    const rows = await this.col
      .aggregate<{ _id: { day: string; type: string }; count: number }>([
        { $match: { type: { $in: [...types] }, at: { $gte: since, $lt: until } } },
        { $group: { _id: { day: { $dateToString: { format: "%Y-%m-%d", date: "$at" } }, type: "$type" }, count: { $sum: 1 } } },
        { $sort: { "_id.day": 1, "_id.type": 1 } },
      ])
      .toArray();
    return rows.map((r) => ({ day: r._id.day, type: r._id.type, count: r.count }));
  }

  /** Distinct sessions that reached each funnel step. */
  async sessionsByType(since: Date, until: Date, types: readonly AnalyticsEventType[]): Promise<Record<string, number>> {
    const rows = await this.col
      .aggregate<{ _id: string; sessions: number }>([
        { $match: { type: { $in: [...types] }, at: { $gte: since, $lt: until }, sessionId: { $exists: true } } },
        { $group: { _id: { type: "$type", sessionId: "$sessionId" } } },
        { $group: { _id: "$_id.type", sessions: { $sum: 1 } } },
      ])
      .toArray();
    return Object.fromEntries(rows.map((r) => [r._id, r.sessions]));
  }

  /** Most shortlisted products in a window. */
  async topShortlisted(since: Date, until: Date, limit: number): Promise<Array<{ productId: string; count: number }>> {
    const rows = await this.col
      .aggregate<{ _id: string; count: number }>([
        { $match: { type: "product_shortlisted", at: { $gte: since, $lt: until } } },
        { $unwind: "$productIds" },
        { $group: { _id: "$productIds", count: { $sum: 1 } } },
        { $sort: { count: -1, _id: 1 } },
        { $limit: limit },
      ])
      .toArray();
    return rows.map((r) => ({ productId: r._id, count: r.count }));
  }

  /** Event counts by type in a window, computed by the database. */
  async countByType(since: Date, until: Date): Promise<Record<string, number>> {
    const rows = await this.col
      .aggregate<{ _id: string; count: number }>([
        { $match: { at: { $gte: since, $lt: until } } },
        { $group: { _id: "$type", count: { $sum: 1 } } },
      ])
      .toArray();
    return Object.fromEntries(rows.map((r) => [r._id, r.count]));
  }
}
