import type { Collection, Db } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";

export type ReturnKind = "return" | "resize" | "repair";

export interface ReturnRequestDoc {
  _id: string; // the RMA id, e.g. RMA-7K2Q9D
  /** Order, kind, items and size: one open request per combination. */
  dedupeKey: string;
  orderNumber: string;
  kind: ReturnKind;
  productIds: string[];
  newRingSize?: string;
  reason?: string;
  status: "requested" | "approved" | "received" | "completed" | "cancelled";
  sessionId?: string;
  createdAt: Date;
  /** Set when the shopper's data was erased: the record stays (accounting), without session or reason. */
  pseudonymisedAt?: Date;
}

export const returnRequestIndexes: IndexSpec[] = [
  { key: { orderNumber: 1, createdAt: -1 } },
  { key: { dedupeKey: 1 }, unique: true },
  { key: { createdAt: 1 } }, // retention
];

export class ReturnRequestsRepository {
  private readonly col: Collection<ReturnRequestDoc>;

  constructor(db: Db) {
    this.col = db.collection<ReturnRequestDoc>(COLLECTIONS.returnRequests);
  }

  async create(doc: ReturnRequestDoc): Promise<ReturnRequestDoc> {
    await this.col.insertOne(doc);
    return doc;
  }

  async findById(id: string): Promise<ReturnRequestDoc | null> {
    return (await this.col.findOne({ _id: id })) as ReturnRequestDoc | null;
  }

  async findByDedupeKey(dedupeKey: string): Promise<ReturnRequestDoc | null> {
    return (await this.col.findOne({ dedupeKey })) as ReturnRequestDoc | null;
  }

  async findForOrders(orderNumbers: readonly string[]): Promise<ReturnRequestDoc[]> {
    if (orderNumbers.length === 0) return [];
    return (await this.col.find({ orderNumber: { $in: [...orderNumbers] } }, { sort: { createdAt: 1 } }).toArray()) as ReturnRequestDoc[];
  }

  /** Keeps the records (RMA, order, items) and drops what ties them to a person: session and free-text reason. */
  async pseudonymise(ids: readonly string[], now = new Date()): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.col.updateMany(
      { _id: { $in: [...ids] }, pseudonymisedAt: { $exists: false } },
      { $set: { pseudonymisedAt: now }, $unset: { sessionId: "", reason: "" } },
    );
    return result.modifiedCount;
  }

  /** Retention: removes requests created before `cutoff`. */
  async deleteCreatedBefore(cutoff: Date): Promise<number> {
    return (await this.col.deleteMany({ createdAt: { $lt: cutoff } })).deletedCount;
  }

  async listForOrder(orderNumber: string): Promise<ReturnRequestDoc[]> {
    return (await this.col.find({ orderNumber }, { sort: { createdAt: -1 } }).toArray()) as ReturnRequestDoc[];
  }
}
