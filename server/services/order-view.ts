import { carrierTrackingUrl, ORDER_STATUS_LABELS, TIMELINE_STEPS, type OrderStatus } from "../domain/orders";
import type { OrderDoc } from "../db/repositories/orders";

/**
 * What a verified shopper may see of their order: status, carrier, the tracking number (full, with the
 * carrier's tracking page, and masked for places that show it to others, such as a stylist's queue) and ETA.
 */
export interface OrderStatusView {
  orderNumber: string;
  status: OrderStatus;
  statusLabel: string;
  steps: Array<{ status: OrderStatus; label: string; at?: string; state: "done" | "current" | "upcoming" }>;
  carrier?: string;
  trackingMasked?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  estimatedDelivery?: string;
  deliveredAt?: string;
}

/** Shows only the last four characters of a tracking number. */
export function maskTracking(tracking: string): string {
  const tail = tracking.slice(-4);
  return `${"•".repeat(Math.max(4, tracking.length - 4))}${tail}`;
}

export function toStatusView(order: OrderDoc): OrderStatusView {
  const reached = new Map(order.timeline.map((e) => [e.status, e.at]));
  const cancelled = order.status === "cancelled";
  const currentIndex = TIMELINE_STEPS.indexOf(order.status as (typeof TIMELINE_STEPS)[number]);
  const steps: OrderStatusView["steps"] = [];
  for (const [i, status] of TIMELINE_STEPS.entries()) {
    const at = reached.get(status);
    if (cancelled && !at) continue; // a cancelled order shows only the steps it reached
    const state = cancelled || i < currentIndex ? "done" : i === currentIndex ? "current" : "upcoming";
    steps.push({ status, label: ORDER_STATUS_LABELS[status], ...(at ? { at: at.toISOString() } : {}), state });
  }
  if (cancelled) {
    const at = reached.get("cancelled");
    steps.push({ status: "cancelled", label: ORDER_STATUS_LABELS.cancelled, ...(at ? { at: at.toISOString() } : {}), state: "current" });
  }
  return {
    orderNumber: order._id,
    status: order.status,
    statusLabel: ORDER_STATUS_LABELS[order.status],
    steps,
    ...(order.carrier ? { carrier: order.carrier } : {}),
    ...(order.trackingNumber ? { trackingMasked: maskTracking(order.trackingNumber), trackingNumber: order.trackingNumber } : {}),
    ...(order.trackingNumber && order.carrier && carrierTrackingUrl(order.carrier, order.trackingNumber)
      ? { trackingUrl: carrierTrackingUrl(order.carrier, order.trackingNumber) }
      : {}),
    ...(order.estimatedDelivery && order.status !== "delivered" && !cancelled
      ? { estimatedDelivery: order.estimatedDelivery.toISOString() }
      : {}),
    ...(order.deliveredAt ? { deliveredAt: order.deliveredAt.toISOString() } : {}),
  };
}
