import type { Collection, Db, UpdateFilter } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";

export type ReturnKind = "return" | "resize" | "repair";
export type ReturnStatus = "requested" | "approved" | "received" | "completed" | "cancelled";
export const OPEN_RETURN_STATUSES: readonly ReturnStatus[] = ["requested", "approved", "received"];

export const openItemKey = (orderNumber: string, productId: string) => `${orderNumber}:${productId}`;

export interface ReturnRequestDoc {
  _id: string; // the RMA id, e.g. RMA-7K2Q9D
  /** Order, kind, items and size: one open request per combination. */
  dedupeKey: string;
  orderNumber: string;
  kind: ReturnKind;
  productIds: string[];
  newRingSize?: string;
  reason?: string;
  status: ReturnStatus;
  /**
   * `<order>:<product>` for each item while the request is open: a unique (multikey, sparse) index
   * makes "one item, one open request" atomic. Removed when the request completes or is cancelled.
   */
  openItems?: string[];
  sessionId?: string;
  createdAt: Date;
  /** Set when the shopper's data was erased: the record stays (accounting), without session or reason. */
  pseudonymisedAt?: Date;
}

export const returnRequestIndexes: IndexSpec[] = [
  { key: { orderNumber: 1, createdAt: -1 } },
  { key: { dedupeKey: 1 }, unique: true },
  { key: { openItems: 1 }, unique: true, sparse: true },
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

  /** The open request holding one of these item keys, if any. */
  async findOpenHolding(itemKeys: string[]): Promise<ReturnRequestDoc | null> {
    return (await this.col.findOne({ openItems: { $in: itemKeys } })) as ReturnRequestDoc | null;
  }

  /** Moves a request on; closing it (completed/cancelled) frees its items for a new request. */
  async setStatus(id: string, status: ReturnStatus): Promise<ReturnRequestDoc | null> {
    const update: UpdateFilter<ReturnRequestDoc> = OPEN_RETURN_STATUSES.includes(status)
      ? { $set: { status } }
      : { $set: { status }, $unset: { openItems: true } };
    return (await this.col.findOneAndUpdate({ _id: id }, update, { returnDocument: "after" })) as ReturnRequestDoc | null;
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
