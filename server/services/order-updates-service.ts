import { randomUUID } from "node:crypto";
import type { OrderSubscriptionDoc, OrderSubscriptionsRepository, SubscriptionChannel } from "../db/repositories/order-subscriptions";
import type { FieldCrypto } from "../platform/crypto";
import type { OrderDoc } from "../db/repositories/orders";
import { invalidInput } from "./errors";

export function consentText(channel: SubscriptionChannel, storeName: string): string {
  return channel === "sms"
    ? `I agree to receive order status text messages from ${storeName} for this order. Message and data rates may apply. Reply STOP to opt out.`
    : `I agree to receive order status emails from ${storeName} for this order. Every email has an unsubscribe link.`;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[a-z]{2,}$/i;
const PHONE = /^\+?[0-9][0-9 ()-]{6,18}[0-9]$/;

/** Order status notifications, only with the shopper's explicit consent. */
export class OrderUpdatesService {
  constructor(
    private readonly subscriptions: OrderSubscriptionsRepository,
    private readonly crypto: FieldCrypto,
    private readonly storeName: string,
  ) {}

  /** Subscribes to an order the caller already opened through OrderAccessService. */
  async subscribe(
    input: { channel: SubscriptionChannel; destination: string; consent: true; sessionId?: string },
    order: OrderDoc,
    now = new Date(),
  ): Promise<OrderSubscriptionDoc> {
    const destination = input.destination.trim();
    if (input.channel === "email" && !EMAIL.test(destination)) throw invalidInput("destination: enter a valid email address.");
    if (input.channel === "sms" && !PHONE.test(destination))
      throw invalidInput("destination: enter a mobile number, e.g. +1 415 555 0142.");
    return this.subscriptions.subscribe(
      {
        _id: randomUUID(),
        orderNumber: order._id,
        channel: input.channel,
        destination: this.crypto.encrypt(destination),
        destinationHash: this.crypto.lookupHash(input.channel === "sms" ? "phone" : "email", destination),
        consentText: consentText(input.channel, this.storeName),
        consentAt: now,
        ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      },
      now,
    );
  }
}
