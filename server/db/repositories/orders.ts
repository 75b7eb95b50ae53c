import type { Collection, Db } from "mongodb";
import type { Carrier, OrderItem, OrderStatus, OrderTimelineEvent } from "../../domain/orders";
import type { EncryptedValue } from "../../platform/crypto";
import { COLLECTIONS, type IndexSpec } from "../collections";
import { isDuplicateKeyError } from "../errors";

/** Customer contact details are stored encrypted, with keyed hashes for lookup. */
export interface StoredCustomer {
  name: EncryptedValue;
  email: EncryptedValue;
  emailHash: string;
  phone?: EncryptedValue;
  phoneHash?: string;
}

export interface OrderDoc {
  _id: string; // the order number, e.g. GG-12002
  customer: StoredCustomer;
  status: OrderStatus;
  items: OrderItem[];
  /** UPS, FedEx, USPS for the demo; any carrier name from a real store's orders. */
  carrier?: Carrier | (string & {});
  trackingNumber?: string;
  placedAt: Date;
  estimatedDelivery?: Date;
  deliveredAt?: Date;
  timeline: OrderTimelineEvent[];
  updatedAt: Date;
  /** Set when the customer's data was erased: the order stays, its customer is a placeholder. */
  pseudonymisedAt?: Date;
  /** When the store last changed the order (order webhooks): an older event never overwrites a newer one. */
  sourceUpdatedAt?: Date;
}

export const orderIndexes: IndexSpec[] = [{ key: { "customer.emailHash": 1, placedAt: -1 } }];

export class OrdersRepository {
  private readonly col: Collection<OrderDoc>;

  constructor(db: Db) {
    this.col = db.collection<OrderDoc>(COLLECTIONS.orders);
  }

  async findByNumber(orderNumber: string): Promise<OrderDoc | null> {
    return (await this.col.findOne({ _id: orderNumber })) as OrderDoc | null;
  }

  async findByEmailHash(emailHash: string, limit = 20): Promise<OrderDoc[]> {
    return (await this.col.find({ "customer.emailHash": emailHash }, { sort: { placedAt: -1 }, limit }).toArray()) as OrderDoc[];
  }

  /** Every order of the customer with this keyed email hash. */
  async findAllByEmailHash(emailHash: string): Promise<OrderDoc[]> {
    return (await this.col.find({ "customer.emailHash": emailHash }, { sort: { placedAt: 1 } }).toArray()) as OrderDoc[];
  }

  /** Replaces the customer of these orders with a placeholder that matches no lookup. */
  async pseudonymise(orderNumbers: readonly string[], placeholder: StoredCustomer, now = new Date()): Promise<number> {
    if (orderNumbers.length === 0) return 0;
    const result = await this.col.updateMany(
      { _id: { $in: [...orderNumbers] }, pseudonymisedAt: { $exists: false } },
      { $set: { customer: placeholder, pseudonymisedAt: now, updatedAt: now } },
    );
    return result.modifiedCount;
  }

  async upsert(doc: OrderDoc): Promise<void> {
    await this.col.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  /**
   * Writes an order from the store unless the stored copy is newer (webhooks arrive out of order
   * and are retried). Returns "stale" when a newer version is already stored.
   */
  async upsertIfNewer(doc: OrderDoc & { sourceUpdatedAt: Date }): Promise<"written" | "stale"> {
    try {
      const res = await this.col.replaceOne(
        { _id: doc._id, $or: [{ sourceUpdatedAt: { $exists: false } }, { sourceUpdatedAt: { $lte: doc.sourceUpdatedAt } }] },
        doc,
        { upsert: true },
      );
      return res.matchedCount + res.upsertedCount > 0 ? "written" : "stale";
    } catch (error) {
      // The filter missed an existing order (it is newer), so the upsert collided with it.
      if (isDuplicateKeyError(error)) return "stale";
      throw error;
    }
  }

  count(): Promise<number> {
    return this.col.countDocuments({});
  }
}
