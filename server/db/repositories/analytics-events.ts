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

export class AnalyticsEventsRepository {
  private readonly col: Collection<AnalyticsEventDoc>;

  constructor(db: Db) {
    this.col = db.collection<AnalyticsEventDoc>(COLLECTIONS.analyticsEvents);
  }

  async record(events: readonly AnalyticsEventDoc[]): Promise<void> {
    if (events.length > 0) await this.col.insertMany([...events]);
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
