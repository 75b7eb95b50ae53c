import type { SealedValue } from "../domain/conversation-state";
import { canonicalOrderNumber, type OrderSeed } from "../domain/orders";
import type { OrderDoc, OrdersRepository } from "../db/repositories/orders";
import { constantTimeEqual, type FieldCrypto } from "../platform/crypto";
import { ExternalServiceError } from "../platform/external-endpoint";
import { unavailable } from "./errors";
import { derivedTimeline, type EndpointOrder, type OrderStatusEndpoint } from "./order-status-endpoint";

/**
 * Proof that the caller may see an order: the email on it, or what the session proved earlier (the
 * email's keyed hash — plus, with an order-status endpoint, that email encrypted, since the
 * endpoint needs the email itself).
 */
export type OrderProof = { email: string } | { verifiedEmailHash: string; sealedEmail?: SealedValue };

/** The store's order-status endpoint, when configured, and what to do when it fails. */
export interface ExternalOrderSource {
  endpoint: OrderStatusEndpoint;
  onFallback: (error: ExternalServiceError) => void;
}

export const ORDER_LOOKUP_UNAVAILABLE_MESSAGE =
  "Order lookups are temporarily unavailable. Please try again in a moment, or ask for a stylist.";

/** One answer for unknown orders, wrong emails and other people's orders alike. */
export const ORDER_NOT_FOUND_MESSAGE = "We couldn't find an order matching that order number and email.";

/**
 * Orders: imports (encrypting customer contact details) and verified lookups. Where an order comes
 * from: the store's order-status endpoint when configured (CONCIERGE_ORDER_STATUS_ENDPOINT), else
 * the stored orders (webhook-fed, imported or the demo's). Verification, limits and the uniform
 * answer stay with OrderAccessService, the one door above this.
 */
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly crypto: FieldCrypto,
    private readonly external?: ExternalOrderSource,
  ) {}

  /** The email encrypted for the session, only when an endpoint will need it again (else undefined). */
  sealEmailForEndpoint(email: string): SealedValue | undefined {
    return this.external ? this.crypto.encrypt(email.trim().toLowerCase()) : undefined;
  }

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
   * An order from the store (order webhooks): customer PII encrypted, written unless a newer
   * version (by the store's own change time) is stored already.
   */
  async applyStoreOrder(
    order: Omit<OrderSeed, "carrier" | "timeline"> & { carrier?: string; timeline?: OrderSeed["timeline"] | undefined },
    changedAt: Date,
    now = new Date(),
  ): Promise<"written" | "stale"> {
    const doc: OrderDoc & { sourceUpdatedAt: Date } = {
      _id: order.orderNumber,
      customer: {
        name: this.crypto.encrypt(order.customerName),
        email: this.crypto.encrypt(order.customerEmail),
        emailHash: this.crypto.lookupHash("email", order.customerEmail),
        ...(order.customerPhone
          ? { phone: this.crypto.encrypt(order.customerPhone), phoneHash: this.crypto.lookupHash("phone", order.customerPhone) }
          : {}),
      },
      status: order.status,
      items: order.items,
      ...(order.carrier ? { carrier: order.carrier } : {}),
      ...(order.trackingNumber ? { trackingNumber: order.trackingNumber } : {}),
      placedAt: order.placedAt,
      ...(order.estimatedDelivery ? { estimatedDelivery: order.estimatedDelivery } : {}),
      ...(order.deliveredAt ? { deliveredAt: order.deliveredAt } : {}),
      timeline: order.timeline ?? derivedTimeline(order.status, order.placedAt, order.deliveredAt),
      updatedAt: now,
      sourceUpdatedAt: changedAt,
    };
    return this.orders.upsertIfNewer(doc);
  }

  /**
   * The order document when the proof matches; null otherwise. Only OrderAccessService calls this
   * (it adds the failed-lookup limits and the uniform answer).
   */
  async findVerified(orderNumber: string, proof: OrderProof): Promise<OrderDoc | null> {
    const number = canonicalOrderNumber(orderNumber) ?? orderNumber.trim().toUpperCase();
    if (this.external) {
      const email = "email" in proof ? proof.email : proof.sealedEmail ? this.crypto.decrypt(proof.sealedEmail) : undefined;
      if (email !== undefined) return this.findThroughEndpoint(this.external, number, email, proof);
    }
    return this.findStored(number, proof);
  }

  private async findThroughEndpoint(
    external: ExternalOrderSource,
    orderNumber: string,
    email: string,
    proof: OrderProof,
  ): Promise<OrderDoc | null> {
    const expected = this.crypto.lookupHash("email", email);
    if ("verifiedEmailHash" in proof && !constantTimeEqual(expected, proof.verifiedEmailHash)) return null;
    let answer: EndpointOrder | null;
    try {
      answer = await external.endpoint.lookup(orderNumber, email.trim());
    } catch (error) {
      if (!(error instanceof ExternalServiceError)) throw error;
      external.onFallback(error);
      // The stored (webhook-fed) orders answer while the endpoint cannot; otherwise say so honestly.
      const stored = await this.findStored(orderNumber, proof);
      if (stored) return stored;
      throw unavailable(ORDER_LOOKUP_UNAVAILABLE_MESSAGE);
    }
    if (!answer) return null;
    // The concierge's own check: the endpoint must answer for the order and email it was asked about.
    const sameOrder = (canonicalOrderNumber(answer.orderNumber) ?? answer.orderNumber.trim().toUpperCase()) === orderNumber;
    const sameEmail = constantTimeEqual(this.crypto.lookupHash("email", answer.customerEmail), expected);
    return sameOrder && sameEmail ? this.fromEndpoint(orderNumber, answer) : null;
  }

  private fromEndpoint(orderNumber: string, o: EndpointOrder): OrderDoc {
    const placedAt = new Date(o.placedAt);
    const deliveredAt = o.deliveredAt ? new Date(o.deliveredAt) : undefined;
    return {
      _id: orderNumber,
      customer: {
        name: this.crypto.encrypt(o.customerName ?? ""),
        email: this.crypto.encrypt(o.customerEmail),
        emailHash: this.crypto.lookupHash("email", o.customerEmail),
      },
      status: o.status,
      items: o.items,
      ...(o.carrier ? { carrier: o.carrier } : {}),
      ...(o.trackingNumber ? { trackingNumber: o.trackingNumber } : {}),
      placedAt,
      ...(o.estimatedDelivery ? { estimatedDelivery: new Date(o.estimatedDelivery) } : {}),
      ...(deliveredAt ? { deliveredAt } : {}),
      timeline: o.timeline?.map((e) => ({ status: e.status, at: new Date(e.at) })) ?? derivedTimeline(o.status, placedAt, deliveredAt),
      updatedAt: new Date(),
    };
  }

  private async findStored(orderNumber: string, proof: OrderProof): Promise<OrderDoc | null> {
    const order = await this.orders.findByNumber(orderNumber);
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
