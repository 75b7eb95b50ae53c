import type { Collection, Db } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";

/** A stylist's saved reply, shared by the store's staff; `shortcut` expands it in the reply box ("/sizes"). */
export interface CannedReplyDoc {
  _id: string;
  title: string;
  shortcut: string;
  body: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const cannedReplyIndexes: IndexSpec[] = [{ key: { shortcut: 1 }, unique: true }];

export class CannedRepliesRepository {
  private readonly col: Collection<CannedReplyDoc>;

  constructor(db: Db) {
    this.col = db.collection<CannedReplyDoc>(COLLECTIONS.cannedReplies);
  }

  list(): Promise<CannedReplyDoc[]> {
    return this.col.find({}, { sort: { shortcut: 1 }, limit: 500 }).toArray() as Promise<CannedReplyDoc[]>;
  }

  /** Inserts; a shortcut already in use fails with a duplicate-key error. */
  async create(doc: CannedReplyDoc): Promise<CannedReplyDoc> {
    await this.col.insertOne(doc);
    return doc;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.col.deleteOne({ _id: id })).deletedCount === 1;
  }
}
