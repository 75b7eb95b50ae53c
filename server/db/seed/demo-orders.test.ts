import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, TIMELINE_STEPS, type OrderSeed, type OrderStatus } from "../../domain/orders";
import { buildDemoCatalog } from "./demo-catalog";
import { buildDemoOrders, DEMO_ORDER_HINTS, demoTrackingNumber } from "./demo-orders";

const DAY_MS = 24 * 60 * 60 * 1000;
const catalog = new Map(buildDemoCatalog().map((p) => [p.id, p]));
const SHIPPED_OR_LATER: OrderStatus[] = ["shipped", "out_for_delivery", "delivered"];

const NOWS = [new Date("2026-03-15T17:30:00Z"), new Date("2025-12-01T03:05:00Z"), new Date()];

function deliveredDaysAgo(orders: OrderSeed[], now: Date, days: number): OrderSeed[] {
  return orders.filter(
    (o) =>
      o.status === "delivered" &&
      o.deliveredAt !== undefined &&
      Math.abs(now.getTime() - o.deliveredAt.getTime() - days * DAY_MS) <= DAY_MS / 2,
  );
}

const hasRing = (o: OrderSeed) => o.items.some((i) => catalog.get(i.productId)?.category === "ring");

describe.each(NOWS.map((now) => ({ now, label: now.toISOString() })))("buildDemoOrders($label)", ({ now }) => {
  const orders = buildDemoOrders(now);

  it("has at least 14 consecutive order numbers from GG-12001", () => {
    expect(orders.length).toBeGreaterThanOrEqual(14);
    orders.forEach((o, i) => expect(o.orderNumber).toBe(`GG-${12001 + i}`));
  });

  it("covers every status, with GG-12002 in transit", () => {
    for (const status of ORDER_STATUSES)
      expect(
        orders.some((o) => o.status === status),
        status,
      ).toBe(true);
    expect(orders.find((o) => o.orderNumber === "GG-12002")?.status).toBe("shipped");
  });

  it("has ordered timelines consistent with the status, all in the past", () => {
    for (const o of orders) {
      const statuses = o.timeline.map((e) => e.status);
      if (o.status === "cancelled") {
        expect(statuses.at(-1)).toBe("cancelled");
        const before = statuses.slice(0, -1);
        expect([["received"], ["received", "in_production"]]).toContainEqual(before);
      } else {
        expect(statuses).toEqual(TIMELINE_STEPS.slice(0, TIMELINE_STEPS.indexOf(o.status) + 1));
      }
      expect(o.timeline[0]?.at.getTime()).toBe(o.placedAt.getTime());
      for (let i = 1; i < o.timeline.length; i++) {
        expect(o.timeline[i]!.at.getTime(), o.orderNumber).toBeGreaterThan(o.timeline[i - 1]!.at.getTime());
      }
      expect(o.timeline.at(-1)!.at.getTime()).toBeLessThanOrEqual(now.getTime());
    }
  });

  it("has carriers and tracking numbers only once shipped", () => {
    for (const o of orders) {
      if (SHIPPED_OR_LATER.includes(o.status)) {
        expect(o.carrier, o.orderNumber).toBeDefined();
        const t = o.trackingNumber ?? "";
        if (o.carrier === "UPS") expect(t).toMatch(/^1Z[A-Z0-9]{16}$/);
        if (o.carrier === "FedEx") expect(t).toMatch(/^\d{12}$/);
        if (o.carrier === "USPS") expect(t).toMatch(/^\d{22}$/);
      } else {
        expect(o.carrier, o.orderNumber).toBeUndefined();
        expect(o.trackingNumber, o.orderNumber).toBeUndefined();
      }
    }
    const carriers = new Set(orders.map((o) => o.carrier).filter(Boolean));
    expect(carriers).toEqual(new Set(["UPS", "FedEx", "USPS"]));
  });

  it("sets deliveredAt for delivered orders and an upcoming estimate for open ones", () => {
    for (const o of orders) {
      if (o.status === "delivered") {
        expect(o.deliveredAt?.getTime()).toBe(o.timeline.at(-1)!.at.getTime());
        expect(o.estimatedDelivery).toBeUndefined();
      } else {
        expect(o.deliveredAt).toBeUndefined();
        if (o.status === "cancelled") expect(o.estimatedDelivery).toBeUndefined();
        else expect(o.estimatedDelivery!.getTime(), o.orderNumber).toBeGreaterThan(now.getTime());
      }
    }
  });

  it("has the 10, 45 and 90 days delivered cases", () => {
    expect(deliveredDaysAgo(orders, now, 10).some(hasRing)).toBe(true);
    expect(deliveredDaysAgo(orders, now, 45).some(hasRing)).toBe(true);
    expect(deliveredDaysAgo(orders, now, 90).length).toBeGreaterThanOrEqual(1);
  });
});

describe("demo order contents", () => {
  const now = new Date("2026-03-15T17:30:00Z");
  const orders = buildDemoOrders(now);

  it("references real products with their name and price", () => {
    for (const o of orders) {
      expect(o.items.length).toBeGreaterThanOrEqual(1);
      for (const item of o.items) {
        const product = catalog.get(item.productId);
        expect(product, item.productId).toBeDefined();
        expect(item.name).toBe(product!.name);
        expect(item.priceCents).toBe(product!.priceCents);
        expect(item.quantity).toBeGreaterThanOrEqual(1);
        if (product!.sizes.length > 0) expect(product!.sizes).toContain(item.size);
        else expect(item.size).toBeUndefined();
        if (item.engraved) expect(product!.engravable).toBe(true);
      }
    }
  });

  it("includes engraved, custom and multi-item orders", () => {
    const delivered = orders.filter((o) => o.status === "delivered");
    expect(delivered.some((o) => o.items.some((i) => i.engraved))).toBe(true);
    expect(delivered.some((o) => o.items.some((i) => i.custom))).toBe(true);
    expect(orders.some((o) => o.items.length === 2)).toBe(true);
    expect(orders.some((o) => o.items.length === 3)).toBe(true);
  });

  it("has realistic customers at example.com, one with two orders", () => {
    for (const o of orders) {
      expect(o.customerName).toMatch(/^\S+ \S+/);
      expect(o.customerEmail).toMatch(/^[a-z]+(\.[a-z]+)*@example\.com$/);
      if (o.customerPhone !== undefined) expect(o.customerPhone).toMatch(/^\+1 555 01\d\d$/);
    }
    expect(orders.some((o) => o.customerPhone !== undefined)).toBe(true);
    expect(orders.some((o) => o.customerPhone === undefined)).toBe(true);
    const emails = orders.map((o) => o.customerEmail);
    expect(new Set(emails).size).toBeLessThan(emails.length);
    for (const email of new Set(emails)) {
      expect(new Set(orders.filter((o) => o.customerEmail === email).map((o) => o.customerName)).size).toBe(1);
    }
  });

  it("is deterministic for a given now and shifts with it", () => {
    expect(buildDemoOrders(now)).toEqual(orders);
    const later = buildDemoOrders(new Date(now.getTime() + 7 * DAY_MS));
    expect(later[0]!.placedAt.getTime() - orders[0]!.placedAt.getTime()).toBe(7 * DAY_MS);
    expect(later.map((o) => o.trackingNumber)).toEqual(orders.map((o) => o.trackingNumber));
  });

  it("makes tracking numbers in each carrier's format", () => {
    expect(demoTrackingNumber("UPS", "x")).toMatch(/^1Z[A-Z0-9]{6}\d{10}$/);
    expect(demoTrackingNumber("FedEx", "x")).toMatch(/^[1-9]\d{11}$/);
    expect(demoTrackingNumber("USPS", "x")).toMatch(/^9400\d{18}$/);
  });

  it("has README hints that point at matching orders", () => {
    expect(DEMO_ORDER_HINTS.length).toBeGreaterThanOrEqual(4);
    expect(DEMO_ORDER_HINTS.length).toBeLessThanOrEqual(5);
    expect(DEMO_ORDER_HINTS[0]?.orderNumber).toBe("GG-12002");
    for (const hint of DEMO_ORDER_HINTS) {
      const order = orders.find((o) => o.orderNumber === hint.orderNumber);
      expect(order, hint.orderNumber).toBeDefined();
      expect(order!.customerEmail).toBe(hint.email);
      expect(hint.note.length).toBeGreaterThan(5);
    }
    const byNumber = (n: string) => orders.find((o) => o.orderNumber === n)!;
    const hinted = new Map(DEMO_ORDER_HINTS.map((h) => [h.orderNumber, byNumber(h.orderNumber)]));
    const ago = (o: OrderSeed) => Math.round((now.getTime() - o.deliveredAt!.getTime()) / DAY_MS);
    expect(ago(hinted.get("GG-12001")!)).toBe(10);
    expect(ago(hinted.get("GG-12004")!)).toBe(45);
    expect(ago(hinted.get("GG-12005")!)).toBe(90);
    expect(hinted.get("GG-12003")!.status).toBe("in_production");
  });
});
