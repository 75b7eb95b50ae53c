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

export const orderSubscriptionIndexes: IndexSpec[] = [{ key: { orderNumber: 1, channel: 1, destinationHash: 1 }, unique: true }];

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

  async listForOrder(orderNumber: string): Promise<OrderSubscriptionDoc[]> {
    return (await this.col.find({ orderNumber, active: true }).toArray()) as OrderSubscriptionDoc[];
  }
}
