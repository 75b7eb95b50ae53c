import type { Collection, Db } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";

export interface CsatDoc {
  _id: string;
  sessionId: string;
  /** One rating per conversation (unique): a resubmission replaces rating and comment. */
  conversationId: string;
  rating: number; // 1..5
  comment?: string;
  /** When the conversation was first rated. */
  createdAt: Date;
  /** When the rating was last submitted (absent on records written before resubmission existed). */
  updatedAt?: Date;
}

export const csatIndexes: IndexSpec[] = [
  { key: { conversationId: 1 }, unique: true },
  { key: { sessionId: 1 } },
  { key: { createdAt: -1 } },
  // The low-first page: rating, then newest, then _id so equal timestamps never swap between pages.
  { key: { rating: 1, createdAt: -1, _id: -1 } },
];

const UNIQUE_CONVERSATION_INDEX = "conversationId_1";

/**
 * Runs before the indexes are created: stores written before ratings were unique per
 * conversation may hold several; each conversation keeps its latest and the rest are removed,
 * so the unique index can be built. Does nothing once the index exists. Returns how many were removed.
 */
export async function collapseDuplicateRatings(db: Db): Promise<number> {
  const col = db.collection<CsatDoc>(COLLECTIONS.widgetCSAT);
  try {
    if (await col.indexExists(UNIQUE_CONVERSATION_INDEX)) return 0;
  } catch (error) {
    if ((error as { code?: number }).code === 26) return 0; // MongoDB: the collection does not exist yet
    throw error;
  }
  const groups = await col
    .aggregate<{ _id: string; ids: string[] }>([
      { $sort: { createdAt: -1, _id: -1 } },
      { $group: { _id: "$conversationId", ids: { $push: "$_id" }, count: { $sum: 1 } } },
      { $match: { count: { $gt: 1 } } },
    ])
    .toArray();
  const stale = groups.flatMap((g) => g.ids.slice(1));
  if (stale.length === 0) return 0;
  return (await col.deleteMany({ _id: { $in: stale } })).deletedCount;
}

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

  /**
   * The conversation's rating: inserted the first time, replaced (rating, comment, session) on a
   * resubmission. Returns the stored rating and the one it replaced, if any.
   */
  async upsertForConversation(
    input: { _id: string; sessionId: string; conversationId: string; rating: number; comment?: string },
    now = new Date(),
  ): Promise<{ doc: CsatDoc; previous: CsatDoc | null }> {
    const update: Record<string, unknown> = {
      $set: { sessionId: input.sessionId, rating: input.rating, updatedAt: now, ...(input.comment ? { comment: input.comment } : {}) },
      $setOnInsert: { _id: input._id, createdAt: now },
      ...(input.comment ? {} : { $unset: { comment: "" } }),
    };
    const write = () =>
      this.col.findOneAndUpdate({ conversationId: input.conversationId }, update, {
        upsert: true,
        returnDocument: "before",
      }) as Promise<CsatDoc | null>;
    let previous: CsatDoc | null;
    try {
      previous = await write();
    } catch (error) {
      // Two first ratings raced: the other one inserted, so this one replaces it.
      if ((error as { code?: number }).code !== 11000) throw error;
      previous = await write();
    }
    const doc = (await this.col.findOne({ conversationId: input.conversationId })) as CsatDoc;
    return { doc, previous };
  }

  async findByConversations(conversationIds: readonly string[]): Promise<CsatDoc[]> {
    if (conversationIds.length === 0) return [];
    return (await this.col.find({ conversationId: { $in: [...conversationIds] } }).toArray()) as CsatDoc[];
  }

  async deleteByConversations(conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    return (await this.col.deleteMany({ conversationId: { $in: [...conversationIds] } })).deletedCount;
  }

  /** Retention: removes ratings first given before `cutoff`. */
  async deleteCreatedBefore(cutoff: Date): Promise<number> {
    return (await this.col.deleteMany({ createdAt: { $lt: cutoff } })).deletedCount;
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
