import { z } from "zod";
import { ORDER_STATUSES, type OrderStatus, type OrderTimelineEvent } from "../domain/orders";
import type { ExternalEndpoint } from "../platform/external-endpoint";

/**
 * The order-status endpoint's contract (README "External catalog and order services"):
 *
 *   POST CONCIERGE_ORDER_STATUS_ENDPOINT   X-Concierge-Secret: <CONCIERGE_ENDPOINT_SECRET>
 *   {"orderNumber":"GG-12002","email":"shopper@example.com"}
 *   → 200 {"order":{"orderNumber","customerEmail","status","items":[…],"placedAt", …}}
 *   → 404 when there is no such order for that email (the concierge answers "not found")
 *
 * The concierge checks the answer itself too: the order number and the customer email must be the
 * ones it asked about.
 */
const iso = z.iso.datetime({ offset: true });

export const endpointOrderSchema = z.object({
  orderNumber: z.string().min(1).max(40),
  customerEmail: z.string().max(254),
  customerName: z.string().max(200).optional(),
  status: z.enum(ORDER_STATUSES),
  items: z
    .array(
      z.object({
        productId: z.string().max(80),
        name: z.string().max(200),
        priceCents: z.number().int().min(0),
        quantity: z.number().int().min(1).max(1000).default(1),
        size: z.string().max(20).optional(),
        engraved: z.boolean().default(false),
        custom: z.boolean().default(false),
      }),
    )
    .max(200),
  carrier: z.string().max(40).optional(),
  trackingNumber: z.string().max(80).optional(),
  placedAt: iso,
  estimatedDelivery: iso.optional(),
  deliveredAt: iso.optional(),
  timeline: z
    .array(z.object({ status: z.enum(ORDER_STATUSES), at: iso }))
    .max(50)
    .optional(),
});
export type EndpointOrder = z.infer<typeof endpointOrderSchema>;

const answerSchema = z.object({ order: endpointOrderSchema });

/** The timeline of an order the store sent without one: received, then delivered or cancelled. */
export function derivedTimeline(status: OrderStatus, placedAt: Date, deliveredAt?: Date): OrderTimelineEvent[] {
  const events: OrderTimelineEvent[] = [{ status: "received", at: placedAt }];
  if (status === "cancelled") events.push({ status: "cancelled", at: placedAt });
  else if (status === "delivered" && deliveredAt) events.push({ status: "delivered", at: deliveredAt });
  return events;
}

export class OrderStatusEndpoint {
  constructor(private readonly endpoint: ExternalEndpoint) {}

  /** The store's order for this number and email, or null (404). Throws ExternalServiceError when it cannot tell. */
  async lookup(orderNumber: string, email: string): Promise<EndpointOrder | null> {
    const answer = await this.endpoint.post({ orderNumber, email }, answerSchema);
    return answer?.order ?? null;
  }
}
