import type { Collection, Db } from "mongodb";
import type { EncryptedValue } from "../../platform/crypto";
import { COLLECTIONS, type IndexSpec } from "../collections";

export type SubscriptionChannel = "email" | "sms";

export interface OrderSubscriptionDoc {
  _id: string;
  orderNumber: string;
  channel: SubscriptionChannel;
  destination: EncryptedValue;
  destinationHash: string;
  /** The exact consent wording the shopper agreed to, and when. */
  consentText: string;
  consentAt: Date;
  sessionId?: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const orderSubscriptionIndexes: IndexSpec[] = [
  { key: { orderNumber: 1, channel: 1, destinationHash: 1 }, unique: true },
  { key: { destinationHash: 1 } }, // privacy: one shopper's subscriptions
  { key: { updatedAt: 1 } }, // retention
];

export class OrderSubscriptionsRepository {
  private readonly col: Collection<OrderSubscriptionDoc>;

  constructor(db: Db) {
    this.col = db.collection<OrderSubscriptionDoc>(COLLECTIONS.orderSubscriptions);
  }

  /** Creates the subscription or re-activates it; one record per order, channel and destination. */
  async subscribe(doc: Omit<OrderSubscriptionDoc, "createdAt" | "updatedAt" | "active">, now = new Date()): Promise<OrderSubscriptionDoc> {
    const { _id, orderNumber, channel, destinationHash, ...rest } = doc;
    return (await this.col.findOneAndUpdate(
      { orderNumber, channel, destinationHash },
      { $set: { ...rest, active: true, updatedAt: now }, $setOnInsert: { _id, createdAt: now } },
      { upsert: true, returnDocument: "after" },
    )) as OrderSubscriptionDoc;
  }

  /** Subscriptions on the shopper's orders, to their email or phone, or made in their sessions. */
  async findForShopper(q: { orderNumbers: string[]; destinationHashes: string[]; sessionIds: string[] }): Promise<OrderSubscriptionDoc[]> {
    const or: Record<string, unknown>[] = [{ destinationHash: { $in: q.destinationHashes } }];
    if (q.orderNumbers.length) or.push({ orderNumber: { $in: q.orderNumbers } });
    if (q.sessionIds.length) or.push({ sessionId: { $in: q.sessionIds } });
    return (await this.col.find({ $or: or }, { sort: { createdAt: 1 } }).toArray()) as OrderSubscriptionDoc[];
  }

  async deleteByIds(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.col.deleteMany({ _id: { $in: [...ids] } })).deletedCount;
  }

  /** Retention: removes subscriptions not changed since `cutoff`. */
  async deleteUpdatedBefore(cutoff: Date): Promise<number> {
    return (await this.col.deleteMany({ updatedAt: { $lt: cutoff } })).deletedCount;
  }

  async listForOrder(orderNumber: string): Promise<OrderSubscriptionDoc[]> {
    return (await this.col.find({ orderNumber, active: true }).toArray()) as OrderSubscriptionDoc[];
  }
}
