import type { Collection, Db } from "mongodb";
import type { Carrier, OrderItem, OrderStatus, OrderTimelineEvent } from "../../domain/orders";
import type { EncryptedValue } from "../../platform/crypto";
import { COLLECTIONS, type IndexSpec } from "../collections";

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

  async upsert(doc: OrderDoc): Promise<void> {
    await this.col.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  count(): Promise<number> {
    return this.col.countDocuments({});
  }
}
