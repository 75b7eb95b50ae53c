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
}

export const returnRequestIndexes: IndexSpec[] = [{ key: { orderNumber: 1, createdAt: -1 } }, { key: { dedupeKey: 1 }, unique: true }];

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

  async listForOrder(orderNumber: string): Promise<ReturnRequestDoc[]> {
    return (await this.col.find({ orderNumber }, { sort: { createdAt: -1 } }).toArray()) as ReturnRequestDoc[];
  }
}
