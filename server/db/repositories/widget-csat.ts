import type { Collection, Db } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";

export interface CsatDoc {
  _id: string;
  sessionId: string;
  conversationId: string;
  rating: number; // 1..5
  comment?: string;
  createdAt: Date;
}

export const csatIndexes: IndexSpec[] = [
  { key: { sessionId: 1 } },
  { key: { conversationId: 1, createdAt: -1 } },
  { key: { createdAt: -1 } },
  // The low-first page: rating, then newest, then _id so equal timestamps never swap between pages.
  { key: { rating: 1, createdAt: -1, _id: -1 } },
];

export interface CsatSummaryRow {
  rating: number;
  count: number;
}

export class WidgetCsatRepository {
  private readonly col: Collection<CsatDoc>;

  constructor(db: Db) {
    this.col = db.collection<CsatDoc>(COLLECTIONS.widgetCSAT);
  }

  async create(doc: CsatDoc): Promise<CsatDoc> {
    await this.col.insertOne(doc);
    return doc;
  }

  async findLatestForConversation(conversationId: string): Promise<CsatDoc | null> {
    return (await this.col.findOne({ conversationId }, { sort: { createdAt: -1, _id: -1 } })) as CsatDoc | null;
  }

  /** Lowest ratings first, newest first within a rating. */
  async listLowFirst(since: Date, limit: number, skip = 0): Promise<CsatDoc[]> {
    return (await this.col
      .find({ createdAt: { $gte: since } }, { sort: { rating: 1, createdAt: -1, _id: -1 }, skip, limit })
      .toArray()) as CsatDoc[];
  }

  /** Average rating and count since a date. */
  async average(since: Date): Promise<{ average: number | null; count: number }> {
    const [row] = await this.col
      .aggregate<{ average: number; count: number }>([
        { $match: { createdAt: { $gte: since } } },
        { $group: { _id: null, average: { $avg: "$rating" }, count: { $sum: 1 } } },
      ])
      .toArray();
    return row ? { average: row.average, count: row.count } : { average: null, count: 0 };
  }

  /** Ratings distribution since a date, computed by the database. */
  async distribution(since: Date): Promise<CsatSummaryRow[]> {
    const rows = await this.col
      .aggregate<{ _id: number; count: number }>([
        { $match: { createdAt: { $gte: since } } },
        { $group: { _id: "$rating", count: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    return rows.map((r) => ({ rating: r._id, count: r.count }));
  }
}
