import type { Collection, Db } from "mongodb";
import { isDuplicateKeyError } from "../errors";
import { COLLECTIONS, DAY_SECONDS, type IndexSpec } from "../collections";

export const SHORTLIST_TTL_DAYS = 30;

export interface ShortlistDoc {
  _id: string; // the widget session id
  sessionId: string;
  productIds: string[];
  updatedAt: Date;
  /** Removed by the TTL index at this instant; every change pushes it 30 days out. */
  expiresAt: Date;
}

export const shortlistIndexes: IndexSpec[] = [{ key: { sessionId: 1, expiresAt: 1 } }, { key: { expiresAt: 1 }, expireAfterSeconds: 0 }];

function expiry(now: Date): Date {
  return new Date(now.getTime() + SHORTLIST_TTL_DAYS * DAY_SECONDS * 1000);
}

export class WidgetShortlistsRepository {
  private readonly col: Collection<ShortlistDoc>;

  constructor(db: Db) {
    this.col = db.collection<ShortlistDoc>(COLLECTIONS.widgetShortlists);
  }

  async get(sessionId: string, now = new Date()): Promise<string[]> {
    const doc = (await this.col.findOne({ sessionId, expiresAt: { $gt: now } })) as ShortlistDoc | null;
    return doc?.productIds ?? [];
  }

  /**
   * Adds a product unless the list is full; returns the list after the change. The first add of a
   * session upserts: two concurrent first adds (a double tap) both miss and both insert, and the
   * loser gets a duplicate-key error although the list is not full — so a duplicate key is retried
   * once against the now-existing document, and only a second one means the list is full.
   */
  async add(sessionId: string, productId: string, maxItems: number, now = new Date()): Promise<string[] | "full"> {
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = (await this.col.findOneAndUpdate(
          {
            _id: sessionId,
            $or: [{ productIds: productId }, { [`productIds.${maxItems - 1}`]: { $exists: false } }],
          },
          {
            $addToSet: { productIds: productId },
            $set: { updatedAt: now, expiresAt: expiry(now) },
            $setOnInsert: { sessionId },
          },
          { upsert: true, returnDocument: "after" },
        )) as ShortlistDoc | null;
        return doc?.productIds ?? [];
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // The filter missed an existing document: a concurrent first insert (retry), or a full list.
        if (attempt >= 1) return "full";
      }
    }
  }

  async remove(sessionId: string, productId: string, now = new Date()): Promise<string[]> {
    const doc = (await this.col.findOneAndUpdate(
      { _id: sessionId },
      { $pull: { productIds: productId }, $set: { updatedAt: now, expiresAt: expiry(now) } },
      { returnDocument: "after" },
    )) as ShortlistDoc | null;
    return doc?.productIds ?? [];
  }

  async findBySessions(sessionIds: readonly string[]): Promise<ShortlistDoc[]> {
    if (sessionIds.length === 0) return [];
    return (await this.col.find({ _id: { $in: [...sessionIds] } }).toArray()) as ShortlistDoc[];
  }

  async deleteBySessions(sessionIds: readonly string[]): Promise<number> {
    if (sessionIds.length === 0) return 0;
    return (await this.col.deleteMany({ _id: { $in: [...sessionIds] } })).deletedCount;
  }

  async clear(sessionId: string): Promise<void> {
    await this.col.deleteOne({ _id: sessionId });
  }
}
