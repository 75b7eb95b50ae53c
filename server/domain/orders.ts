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
/** The carrier's public tracking page, for the carriers we know (a store's own carrier: none). */
export function carrierTrackingUrl(carrier: string, trackingNumber: string): string | undefined {
  const n = encodeURIComponent(trackingNumber);
  switch (carrier.trim().toLowerCase()) {
    case "ups":
      return `https://www.ups.com/track?tracknum=${n}`;
    case "fedex":
      return `https://www.fedex.com/fedextrack/?trknbr=${n}`;
    case "usps":
      return `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`;
    default:
      return undefined;
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

/**
 * The store's order numbers: a fixed prefix and a run of digits ("GG-12002", "#1001", "100234").
 * Set once at start-up from ORDER_NUMBER_PREFIX / ORDER_NUMBER_DIGITS ({@link configureOrderNumbers});
 * every place that validates or recognises an order number asks these functions, so the API
 * inputs, the message contract, the chat's slot extraction and PII masking agree.
 */
export interface OrderNumberFormat {
  /** Upper-case prefix, possibly empty. */
  prefix: string;
  minDigits: number;
  maxDigits: number;
}

export const DEFAULT_ORDER_NUMBER_FORMAT: OrderNumberFormat = Object.freeze({ prefix: "GG-", minDigits: 4, maxDigits: 8 });

let current: OrderNumberFormat = DEFAULT_ORDER_NUMBER_FORMAT;
let compiled: { anchored: RegExp; inText: RegExp; digits: string } | undefined;

/** Sets the process's order-number format (the runtime calls this once with the configured one). */
export function configureOrderNumbers(format: OrderNumberFormat): void {
  current = Object.freeze({ ...format, prefix: format.prefix.toUpperCase() });
  compiled = undefined;
}

export function orderNumberFormat(): OrderNumberFormat {
  return current;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function patterns() {
  if (compiled) return compiled;
  const digits = `\\d{${current.minDigits},${current.maxDigits}}`;
  // In free text the prefix may lose or change its separator: "gg 12002", "gg12002", "ord - 42".
  const loosePrefix = escapeRe(current.prefix.toLowerCase()).replace(/-/g, "[\\s-]*");
  const start = /^[a-z0-9]/i.test(current.prefix) ? "\\b" : "(?<![\\w#])";
  compiled = {
    anchored: new RegExp(`^${escapeRe(current.prefix)}${digits}$`),
    inText: current.prefix ? new RegExp(`${start}${loosePrefix}(\\d{3,${current.maxDigits}})\\b`, "i") : /(?!)/,
    digits,
  };
  return compiled;
}

/** True for a canonical order number of the configured format (upper-case prefix + digits). */
export function isOrderNumber(value: string): boolean {
  return patterns().anchored.test(value);
}

/** The canonical form of something a shopper typed ("gg 12002" → "GG-12002", "1001" → "#1001"), if it is one. */
export function canonicalOrderNumber(raw: string): string | undefined {
  const compact = raw.trim().toUpperCase();
  if (isOrderNumber(compact)) return compact;
  // Bare digits only where the prefix is decoration ("#1001" is typed "1001"); "12002" is not "GG-12002".
  const digitsOnly = /^#?\s*(\d+)$/.exec(compact)?.[1];
  if (digitsOnly && (current.prefix === "#" || current.prefix === "") && isOrderNumber(`${current.prefix}${digitsOnly}`)) {
    return `${current.prefix}${digitsOnly}`;
  }
  const found = patterns().inText.exec(compact);
  if (found?.[1] && found.index === 0 && found[0].length === compact.length && isOrderNumber(`${current.prefix}${found[1]}`)) {
    return `${current.prefix}${found[1]}`;
  }
  return undefined;
}

/** The order number made of these digits, e.g. "12002" → "GG-12002". */
export function orderNumberFromDigits(digits: string): string {
  return `${current.prefix}${digits}`;
}

/** The digits of a prefixed order number in (lower-case) free text, e.g. "where is gg-12002" → "12002". */
export function orderNumberDigitsInText(text: string): string | undefined {
  return patterns().inText.exec(text)?.[1];
}

/** A regex source for the digit part ("\\d{4,8}"), for patterns such as "order number 12002". */
export function orderNumberDigitsSource(): string {
  return patterns().digits;
}

/** Every order number in free text (global, case-insensitive), e.g. to keep them out of PII masking. */
export function orderNumbersInTextPattern(): RegExp {
  return current.prefix
    ? new RegExp(`(?<![\\w])${escapeRe(current.prefix)}\\d{${current.minDigits},${current.maxDigits}}\\b`, "gi")
    : /(?!)/g;
}

/** An example in the configured format for hints and messages, e.g. "GG-12002". */
export function orderNumberExample(): string {
  return orderNumberExampleFor(current);
}

/** An example in a given format (pure: the widget page computes it from the app's configuration). */
export function orderNumberExampleFor(format: OrderNumberFormat): string {
  const n = Math.min(Math.max(5, format.minDigits), format.maxDigits);
  return `${format.prefix.toUpperCase()}${"12002".padEnd(n, "0").slice(0, n)}`;
}
