import type { OrderSeed } from "../domain/orders";
import type { OrderDoc, OrdersRepository } from "../db/repositories/orders";
import { constantTimeEqual, type FieldCrypto } from "../platform/crypto";

/** Proof that the caller may see an order: the email on it, or a verified identity's email hash. */
export type OrderProof = { email: string } | { verifiedEmailHash: string };

/** One answer for unknown orders, wrong emails and other people's orders alike. */
export const ORDER_NOT_FOUND_MESSAGE = "We couldn't find an order matching that order number and email.";

/** Orders: imports (encrypting customer contact details) and verified lookups. */
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly crypto: FieldCrypto,
  ) {}

  /** Writes orders from a store feed or the demo seed; customer PII is encrypted at rest. */
  async importOrders(seeds: readonly OrderSeed[], now = new Date()): Promise<number> {
    for (const seed of seeds) {
      const doc: OrderDoc = {
        _id: seed.orderNumber,
        customer: {
          name: this.crypto.encrypt(seed.customerName),
          email: this.crypto.encrypt(seed.customerEmail),
          emailHash: this.crypto.lookupHash("email", seed.customerEmail),
          ...(seed.customerPhone
            ? { phone: this.crypto.encrypt(seed.customerPhone), phoneHash: this.crypto.lookupHash("phone", seed.customerPhone) }
            : {}),
        },
        status: seed.status,
        items: seed.items,
        ...(seed.carrier ? { carrier: seed.carrier } : {}),
        ...(seed.trackingNumber ? { trackingNumber: seed.trackingNumber } : {}),
        placedAt: seed.placedAt,
        ...(seed.estimatedDelivery ? { estimatedDelivery: seed.estimatedDelivery } : {}),
        ...(seed.deliveredAt ? { deliveredAt: seed.deliveredAt } : {}),
        timeline: seed.timeline,
        updatedAt: now,
      };
      await this.orders.upsert(doc);
    }
    return seeds.length;
  }

  /**
   * The order document when the proof matches; null otherwise. Only OrderAccessService calls this
   * (it adds the failed-lookup limits and the uniform answer).
   */
  async findVerified(orderNumber: string, proof: OrderProof): Promise<OrderDoc | null> {
    const order = await this.orders.findByNumber(orderNumber.trim().toUpperCase());
    const expected = "email" in proof ? this.crypto.lookupHash("email", proof.email) : proof.verifiedEmailHash;
    // Compare even when the order is missing, so timing does not tell which part was wrong.
    const actual = order?.customer.emailHash ?? "x".repeat(expected.length);
    const matches = constantTimeEqual(actual, expected);
    return order && matches ? order : null;
  }

  /** Order numbers for a verified email hash, newest first. */
  async listForEmailHash(emailHash: string): Promise<string[]> {
    return (await this.orders.findByEmailHash(emailHash)).map((o) => o._id);
  }

  emailHash(email: string): string {
    return this.crypto.lookupHash("email", email);
  }

  count(): Promise<number> {
    return this.orders.count();
  }
}
