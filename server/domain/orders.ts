/** Order vocabulary shared by the orders service, the seed data and the conversation engine. */
export const ORDER_STATUSES = [
  "received",
  "in_production",
  "quality_check",
  "shipped",
  "out_for_delivery",
  "delivered",
  "cancelled",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The shopper-facing timeline, in order; `cancelled` ends a timeline early. */
export const TIMELINE_STEPS = [
  "received",
  "in_production",
  "quality_check",
  "shipped",
  "out_for_delivery",
  "delivered",
] as const satisfies readonly OrderStatus[];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  received: "Order received",
  in_production: "In production",
  quality_check: "Quality check",
  shipped: "Shipped",
  out_for_delivery: "Out for delivery",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

export const CARRIERS = ["UPS", "FedEx", "USPS"] as const;
export type Carrier = (typeof CARRIERS)[number];

/** Each carrier's public tracking page for one tracking number. */
export function carrierTrackingUrl(carrier: Carrier, trackingNumber: string): string {
  const n = encodeURIComponent(trackingNumber);
  switch (carrier) {
    case "UPS":
      return `https://www.ups.com/track?tracknum=${n}`;
    case "FedEx":
      return `https://www.fedex.com/fedextrack/?trknbr=${n}`;
    case "USPS":
      return `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`;
  }
}

export interface OrderItem {
  productId: string;
  name: string;
  priceCents: number;
  quantity: number;
  /** Ring size or length when the product has sizes. */
  size?: string;
  engraved: boolean;
  custom: boolean;
}

export interface OrderTimelineEvent {
  status: OrderStatus;
  at: Date;
}

/** Demo/seed shape of an order before customer PII is encrypted for storage. */
export interface OrderSeed {
  orderNumber: string;
  customerName: string;
  customerEmail: string;
  customerPhone?: string;
  status: OrderStatus;
  items: OrderItem[];
  carrier?: Carrier;
  trackingNumber?: string;
  placedAt: Date;
  estimatedDelivery?: Date;
  deliveredAt?: Date;
  timeline: OrderTimelineEvent[];
}
