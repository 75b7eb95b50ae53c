import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { canonicalOrderNumber } from "../domain/orders";
import type { WebhookEventsRepository } from "../db/repositories/webhook-events";
import type { OrdersService } from "./orders-service";
import { endpointOrderSchema } from "./order-status-endpoint";

/**
 * Signed order webhooks from the store (POST /api/webhooks/orders), so order status and return
 * eligibility use the store's real orders when no order-status endpoint is configured.
 *
 *   X-Concierge-Timestamp: <unix seconds>          (within ±5 minutes of the concierge's clock)
 *   X-Concierge-Event-Id:  <unique id per event>   (a repeated id is acknowledged, not applied again)
 *   X-Concierge-Signature: sha256=<hex HMAC-SHA256(CONCIERGE_WEBHOOK_SECRET, "<timestamp>.<raw body>")>
 *   {"type":"order.created"|"order.updated","occurredAt":"<ISO time>","order":{…the order-status endpoint's order…,
 *    "customerName":"…","customerPhone":"…"}}
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const webhookSchema = z.strictObject({
  type: z.enum(["order.created", "order.updated"]),
  occurredAt: z.iso.datetime({ offset: true }),
  order: endpointOrderSchema.extend({ customerName: z.string().max(200), customerPhone: z.string().max(40).optional() }),
});

export type WebhookOutcome = "applied" | "duplicate" | "stale" | "rejected" | "failed";

export interface WebhookAnswer {
  status: number;
  outcome: WebhookOutcome;
  body: { status: WebhookOutcome; message?: string };
}

const reject = (status: number, message: string): WebhookAnswer => ({ status, outcome: "rejected", body: { status: "rejected", message } });

/** The signature a sender computes: hex HMAC-SHA256 over "<timestamp>.<raw body>". */
export function signWebhook(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex")}`;
}

export class OrderWebhookService {
  constructor(
    private readonly secret: string,
    private readonly events: WebhookEventsRepository,
    private readonly orders: OrdersService,
  ) {}

  async receive(rawBody: Buffer, headers: { get(name: string): string | null | undefined }, now = new Date()): Promise<WebhookAnswer> {
    const timestamp = headers.get("x-concierge-timestamp") ?? "";
    const eventId = headers.get("x-concierge-event-id") ?? "";
    const signature = headers.get("x-concierge-signature") ?? "";
    if (!/^\d{9,11}$/.test(timestamp) || !/^[A-Za-z0-9_.:-]{8,100}$/.test(eventId) || !/^sha256=[0-9a-f]{64}$/.test(signature)) {
      return reject(400, "X-Concierge-Timestamp, X-Concierge-Event-Id and X-Concierge-Signature (sha256=<hex>) are required");
    }
    // Signature before anything else is believed (the timestamp is part of what is signed).
    const expected = Buffer.from(signWebhook(this.secret, timestamp, rawBody));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return reject(401, "signature does not match");
    if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) {
      return reject(401, `timestamp outside the ${WEBHOOK_TOLERANCE_SECONDS} s tolerance (check the sender's clock)`);
    }
    let event: z.infer<typeof webhookSchema>;
    try {
      const parsed = webhookSchema.safeParse(JSON.parse(rawBody.toString("utf8")));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return reject(422, `${issue?.path.join(".") || "body"}: ${issue?.message}`);
      }
      event = parsed.data;
    } catch {
      return reject(400, "the body is not JSON");
    }
    const orderNumber = canonicalOrderNumber(event.order.orderNumber);
    if (!orderNumber)
      return reject(422, "order.orderNumber: not in the store's order-number format (ORDER_NUMBER_PREFIX / ORDER_NUMBER_DIGITS)");

    if (!(await this.events.claim(eventId, event.type, now))) {
      return { status: 200, outcome: "duplicate", body: { status: "duplicate" } };
    }
    try {
      const o = event.order;
      const written = await this.orders.applyStoreOrder(
        {
          orderNumber,
          customerName: o.customerName,
          customerEmail: o.customerEmail,
          ...(o.customerPhone ? { customerPhone: o.customerPhone } : {}),
          status: o.status,
          items: o.items,
          ...(o.carrier ? { carrier: o.carrier } : {}),
          ...(o.trackingNumber ? { trackingNumber: o.trackingNumber } : {}),
          placedAt: new Date(o.placedAt),
          ...(o.estimatedDelivery ? { estimatedDelivery: new Date(o.estimatedDelivery) } : {}),
          ...(o.deliveredAt ? { deliveredAt: new Date(o.deliveredAt) } : {}),
          timeline: o.timeline?.map((e) => ({ status: e.status, at: new Date(e.at) })),
        },
        new Date(event.occurredAt),
        now,
      );
      return {
        status: 200,
        outcome: written === "written" ? "applied" : "stale",
        body: { status: written === "written" ? "applied" : "stale" },
      };
    } catch (error) {
      // Not applied: give the id back so the sender's retry is applied.
      await this.events.release(eventId).catch(() => undefined);
      throw error;
    }
  }
}
