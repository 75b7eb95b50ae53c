/**
 * Demo orders for GlowGlitch, dated relative to `now` so return and resize windows stay
 * meaningful whenever the demo runs. Every item references a real product from
 * buildDemoCatalog() with its name and price.
 */
import type { Product } from "../../domain/catalog";
import {
  TIMELINE_STEPS,
  type Carrier,
  type OrderItem,
  type OrderSeed,
  type OrderStatus,
  type OrderTimelineEvent,
} from "../../domain/orders";
import { buildDemoCatalog } from "./demo-catalog";
import { createPrng, randInt } from "./prng";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

type TimelineStep = (typeof TIMELINE_STEPS)[number];

interface Customer {
  name: string;
  email: string;
  phone?: string;
}

const CUSTOMERS = {
  ava: { name: "Ava Chen", email: "ava.chen@example.com", phone: "+1 555 0142" },
  marcus: { name: "Marcus Bennett", email: "marcus.bennett@example.com", phone: "+1 555 0187" },
  sofia: { name: "Sofia Ramirez", email: "sofia.ramirez@example.com", phone: "+1 555 0119" },
  priya: { name: "Priya Natarajan", email: "priya.natarajan@example.com" },
  daniel: { name: "Daniel Okafor", email: "daniel.okafor@example.com", phone: "+1 555 0163" },
  emma: { name: "Emma Lindqvist", email: "emma.lindqvist@example.com" },
  jordan: { name: "Jordan Taylor", email: "jordan.taylor@example.com", phone: "+1 555 0131" },
  liam: { name: "Liam O'Connor", email: "liam.oconnor@example.com" },
  chloe: { name: "Chloé Dubois", email: "chloe.dubois@example.com", phone: "+1 555 0175" },
  noah: { name: "Noah Williams", email: "noah.williams@example.com" },
  hannah: { name: "Hannah Kim", email: "hannah.kim@example.com", phone: "+1 555 0108" },
  mia: { name: "Mia Rossi", email: "mia.rossi@example.com" },
  ethan: { name: "Ethan Brooks", email: "ethan.brooks@example.com", phone: "+1 555 0156" },
  grace: { name: "Grace Patel", email: "grace.patel@example.com" },
  olivia: { name: "Olivia Martin", email: "olivia.martin@example.com", phone: "+1 555 0194" },
} satisfies Record<string, Customer>;

interface ItemSpec {
  productId: string;
  size?: string;
  quantity?: number;
  engraved?: boolean;
  custom?: boolean;
}

interface OrderSpec {
  customer: Customer;
  status: OrderStatus;
  /** For cancelled orders: the last step reached before cancelling. */
  cancelledAfter?: "received" | "in_production";
  /** How long ago the latest timeline event (the current status) happened. */
  latestEventAgoMs: number;
  carrier?: Carrier;
  items: ItemSpec[];
}

/**
 * Order specs; index i becomes order number GG-(12001 + i).
 * GG-12002 is deliberately the in-transit order: the first one people try.
 */
function orderSpecs(): OrderSpec[] {
  const c = CUSTOMERS;
  return [
    // GG-12001: delivered 10 days ago — inside both the return and the resize windows.
    {
      customer: c.ava,
      status: "delivered",
      latestEventAgoMs: 10 * DAY_MS,
      carrier: "UPS",
      items: [{ productId: "gg-ring-stacking-band-yg", size: "6.5" }, { productId: "gg-earrings-huggie-hoops-yg" }],
    },
    // GG-12002: shipped yesterday, in transit.
    {
      customer: c.marcus,
      status: "shipped",
      latestEventAgoMs: 20 * HOUR_MS,
      carrier: "UPS",
      items: [{ productId: "gg-necklace-paperclip-chain-yg", size: "18 in" }, { productId: "gg-earrings-diamond-studs-wg" }],
    },
    // GG-12003: made-to-order engagement ring being crafted.
    {
      customer: c.sofia,
      status: "in_production",
      latestEventAgoMs: 5 * DAY_MS,
      items: [{ productId: "gg-ring-solitaire-oval-plat", size: "5.5", engraved: false, custom: true }],
    },
    // GG-12004: delivered 45 days ago — past returns, still inside the resize window.
    {
      customer: c.priya,
      status: "delivered",
      latestEventAgoMs: 45 * DAY_MS,
      carrier: "FedEx",
      items: [{ productId: "gg-ring-solitaire-round-rg", size: "7" }],
    },
    // GG-12005: delivered 90 days ago — outside both windows.
    {
      customer: c.daniel,
      status: "delivered",
      latestEventAgoMs: 90 * DAY_MS,
      carrier: "FedEx",
      items: [
        { productId: "gg-bracelet-tennis-wg", size: "7 in" },
        { productId: "gg-ring-wedding-band-classic-plat", size: "9", engraved: true },
      ],
    },
    // GG-12006: just received, made to order.
    {
      customer: c.emma,
      status: "received",
      latestEventAgoMs: 2 * HOUR_MS,
      items: [{ productId: "gg-ring-halo-sapphire-wg", size: "6", custom: true }],
    },
    // GG-12007: in quality check.
    {
      customer: c.jordan,
      status: "quality_check",
      latestEventAgoMs: 9 * HOUR_MS,
      items: [{ productId: "gg-ring-half-eternity-band-plat", size: "8", engraved: true }],
    },
    // GG-12008: out for delivery today (Ava's second order).
    {
      customer: c.ava,
      status: "out_for_delivery",
      latestEventAgoMs: 3 * HOUR_MS,
      carrier: "FedEx",
      items: [{ productId: "gg-necklace-bar-necklace-rg", size: "16 in", engraved: true }, { productId: "gg-earrings-pearl-drops-ss" }],
    },
    // GG-12009: delivered with an engraved ID bracelet.
    {
      customer: c.liam,
      status: "delivered",
      latestEventAgoMs: 21 * DAY_MS,
      carrier: "USPS",
      items: [{ productId: "gg-bracelet-id-bracelet-yg", size: "7.5 in", engraved: true }],
    },
    // GG-12010: delivered with a custom made-to-order cocktail ring.
    {
      customer: c.chloe,
      status: "delivered",
      latestEventAgoMs: 25 * DAY_MS,
      carrier: "UPS",
      items: [{ productId: "gg-ring-cocktail-emerald-yg", size: "6.5", custom: true }],
    },
    // GG-12011: cancelled the day after it was received.
    {
      customer: c.noah,
      status: "cancelled",
      cancelledAfter: "received",
      latestEventAgoMs: 12 * DAY_MS,
      items: [{ productId: "gg-necklace-moissanite-station-wg", size: "18 in" }],
    },
    // GG-12012: cancelled during production.
    {
      customer: c.hannah,
      status: "cancelled",
      cancelledAfter: "in_production",
      latestEventAgoMs: 30 * DAY_MS,
      items: [{ productId: "gg-ring-cocktail-ruby-rg", size: "5", custom: true }],
    },
    // GG-12013: three silver gifts in transit with USPS.
    {
      customer: c.mia,
      status: "shipped",
      latestEventAgoMs: 2 * DAY_MS,
      carrier: "USPS",
      items: [
        { productId: "gg-bracelet-dainty-chain-ss", size: "6.5 in", quantity: 2 },
        { productId: "gg-earrings-threaders-ss" },
        { productId: "gg-necklace-initial-disc-ss", size: "16 in", engraved: true },
      ],
    },
    // GG-12014: tennis necklace in production.
    {
      customer: c.ethan,
      status: "in_production",
      latestEventAgoMs: 11 * DAY_MS,
      items: [{ productId: "gg-necklace-tennis-necklace-plat", size: "16 in" }],
    },
    // GG-12015: delivered three days ago.
    {
      customer: c.grace,
      status: "delivered",
      latestEventAgoMs: 3 * DAY_MS,
      carrier: "UPS",
      items: [{ productId: "gg-earrings-diamond-studs-yg" }],
    },
    // GG-12016: received this morning: two gold stacking rings.
    {
      customer: c.olivia,
      status: "received",
      latestEventAgoMs: 5 * HOUR_MS,
      items: [
        { productId: "gg-ring-pave-stacking-rg", size: "7" },
        { productId: "gg-ring-marquise-stacking-yg", size: "7" },
      ],
    },
  ];
}

/** Hours between consecutive timeline steps (received→in_production, …, out_for_delivery→delivered). */
function stepGapsHours(madeToOrder: boolean, rand: () => number): number[] {
  const transitHours = randInt(rand, 2, 4) * 24 + randInt(rand, 0, 6);
  return madeToOrder
    ? [randInt(rand, 14, 26), randInt(rand, 15, 19) * 24, randInt(rand, 20, 40), transitHours, randInt(rand, 5, 9)]
    : [randInt(rand, 2, 6), randInt(rand, 12, 20), randInt(rand, 6, 12), transitHours, randInt(rand, 5, 9)];
}

const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
function digits(rand: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(randInt(rand, 0, 9));
  return s;
}

/** Realistic-looking (not real) tracking numbers per carrier. */
export function demoTrackingNumber(carrier: Carrier, seed: string): string {
  const rand = createPrng(`tracking:${seed}`);
  switch (carrier) {
    case "UPS": {
      // 1Z + 6-char shipper account + 2-digit service code + 8-digit package id = 18 chars.
      let account = "";
      for (let i = 0; i < 6; i++) account += ALNUM[randInt(rand, 0, ALNUM.length - 1)];
      return `1Z${account}03${digits(rand, 8)}`;
    }
    case "FedEx":
      return `${randInt(rand, 1, 9)}${digits(rand, 11)}`;
    case "USPS":
      return `9400${digits(rand, 18)}`;
  }
}

function findProduct(catalog: Map<string, Product>, productId: string): Product {
  const product = catalog.get(productId);
  if (!product) throw new Error(`demo order references unknown product ${productId}`);
  return product;
}

function buildItem(catalog: Map<string, Product>, spec: ItemSpec): OrderItem {
  const product = findProduct(catalog, spec.productId);
  if (spec.size !== undefined && !product.sizes.includes(spec.size)) {
    throw new Error(`size ${spec.size} is not offered for ${product.id}`);
  }
  if (spec.engraved && !product.engravable) throw new Error(`${product.id} is not engravable`);
  const item: OrderItem = {
    productId: product.id,
    name: product.name,
    priceCents: product.priceCents,
    quantity: spec.quantity ?? 1,
    engraved: spec.engraved ?? false,
    custom: spec.custom ?? false,
  };
  if (product.sizes.length > 0) item.size = spec.size ?? product.sizes[Math.floor(product.sizes.length / 2)];
  return item;
}

/**
 * The demo orders, GG-12001 onwards, with every date relative to `now`.
 * Deterministic for a given `now`.
 */
export function buildDemoOrders(now: Date): OrderSeed[] {
  const catalog = new Map(buildDemoCatalog().map((p) => [p.id, p]));
  const nowMs = now.getTime();

  return orderSpecs().map((spec, index): OrderSeed => {
    const orderNumber = `GG-${12001 + index}`;
    const rand = createPrng(`order:${orderNumber}`);
    const items = spec.items.map((s) => buildItem(catalog, s));
    const madeToOrder = spec.items.some((s) => s.custom || !findProduct(catalog, s.productId).readyToShip);
    const gaps = stepGapsHours(madeToOrder, rand).map((h) => h * HOUR_MS);

    // Steps reached, in timeline order; a cancelled order stops early and then cancels.
    const lastStep: TimelineStep = spec.status === "cancelled" ? (spec.cancelledAfter ?? "received") : spec.status;
    const reached = TIMELINE_STEPS.slice(0, TIMELINE_STEPS.indexOf(lastStep) + 1);

    // Walk backwards from the latest event so nothing lands in the future.
    const latestMs = nowMs - spec.latestEventAgoMs;
    const times: number[] = new Array<number>(reached.length);
    let cursor = latestMs;
    if (spec.status === "cancelled") cursor -= randInt(rand, 18, 40) * HOUR_MS; // time from last step to cancellation
    for (let i = reached.length - 1; i >= 0; i--) {
      times[i] = cursor;
      cursor -= gaps[i - 1] ?? 0;
    }
    const timeline: OrderTimelineEvent[] = reached.map((status, i) => ({ status, at: new Date(times[i] ?? latestMs) }));
    if (spec.status === "cancelled") timeline.push({ status: "cancelled", at: new Date(latestMs) });

    const placedAt = new Date(times[0] ?? latestMs);
    const order: OrderSeed = {
      orderNumber,
      customerName: spec.customer.name,
      customerEmail: spec.customer.email,
      status: spec.status,
      items,
      placedAt,
      timeline,
    };
    if (spec.customer.phone) order.customerPhone = spec.customer.phone;

    const shippedIndex = TIMELINE_STEPS.indexOf("shipped");
    if (spec.status !== "cancelled" && reached.length > shippedIndex) {
      const carrier = spec.carrier ?? "UPS";
      order.carrier = carrier;
      order.trackingNumber = demoTrackingNumber(carrier, orderNumber);
    }

    if (spec.status === "delivered") {
      order.deliveredAt = new Date(latestMs);
    } else if (spec.status !== "cancelled") {
      // Project the remaining steps forward from the current one; never earlier than a few hours from now.
      let eta = latestMs;
      for (let i = reached.length - 1; i < gaps.length; i++) eta += gaps[i] ?? 0;
      order.estimatedDelivery = new Date(Math.max(eta, nowMs + 6 * HOUR_MS));
    }
    return order;
  });
}

/** Orders worth trying in the demo; the README lists these. */
export const DEMO_ORDER_HINTS: Array<{ orderNumber: string; email: string; note: string }> = [
  {
    orderNumber: "GG-12002",
    email: CUSTOMERS.marcus.email,
    note: "shipped yesterday — in transit with UPS (necklace + diamond studs)",
  },
  {
    orderNumber: "GG-12001",
    email: CUSTOMERS.ava.email,
    note: "delivered 10 days ago — returnable and resizable (includes a ring)",
  },
  {
    orderNumber: "GG-12003",
    email: CUSTOMERS.sofia.email,
    note: "in production — made-to-order platinum engagement ring",
  },
  {
    orderNumber: "GG-12004",
    email: CUSTOMERS.priya.email,
    note: "delivered 45 days ago — past the return window, ring still resizable",
  },
  {
    orderNumber: "GG-12005",
    email: CUSTOMERS.daniel.email,
    note: "delivered 90 days ago — outside the return and resize windows",
  },
];
