import { randomBytes } from "node:crypto";
import type { OrderDoc } from "../db/repositories/orders";
import { openItemKey, type ReturnKind, type ReturnRequestDoc, type ReturnRequestsRepository } from "../db/repositories/return-requests";
import { isDuplicateKeyError } from "../db/client";
import { conflict, invalidInput } from "./errors";

export const RETURN_WINDOW_DAYS = 30;
export const RESIZE_WINDOW_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReturnOptionView {
  kind: ReturnKind;
  label: string;
  eligible: boolean;
  explanation: string;
  deadline?: string;
}

export interface ReturnItemView {
  productId: string;
  name: string;
  isRing: boolean;
  currentSize?: string;
  excludedFromReturn: boolean;
}

export interface Eligibility {
  orderNumber: string;
  options: ReturnOptionView[];
  items: ReturnItemView[];
}

export interface CreateReturnInput {
  orderNumber: string;
  kind: ReturnKind;
  productIds: string[];
  newRingSize?: string;
  reason?: string;
  sessionId?: string;
}

const KIND_NOUNS: Record<ReturnKind, string> = { return: "return", resize: "resize", repair: "care or repair" };

const LABELS: Record<ReturnKind, string> = { return: "Return for a refund", resize: "Resize a ring", repair: "Care or repair appointment" };

function isRingItem(item: OrderDoc["items"][number]): boolean {
  return item.productId.startsWith("gg-ring-") || /\bring\b|\bband\b/i.test(item.name);
}

const fmt = (d: Date) => d.toISOString().slice(0, 10);

/** Returns, resizes and repairs: the store's policy windows and a request record with an RMA id. */
export class ReturnsService {
  constructor(private readonly returns: ReturnRequestsRepository) {}

  eligibility(order: OrderDoc, now = new Date()): Eligibility {
    const items: ReturnItemView[] = order.items.map((item) => ({
      productId: item.productId,
      name: item.name,
      isRing: isRingItem(item),
      ...(item.size && isRingItem(item) ? { currentSize: item.size } : {}),
      excludedFromReturn: item.engraved || item.custom,
    }));
    const delivered = order.status === "delivered" && order.deliveredAt;
    const options: ReturnOptionView[] = [];
    if (!delivered) {
      const why = order.status === "cancelled" ? "This order was cancelled." : "Returns and resizes open once your order is delivered.";
      options.push({ kind: "return", label: LABELS.return, eligible: false, explanation: why });
      options.push({ kind: "resize", label: LABELS.resize, eligible: false, explanation: why });
      options.push({ kind: "repair", label: LABELS.repair, eligible: false, explanation: why });
      return { orderNumber: order._id, options, items };
    }
    const deliveredAt = order.deliveredAt!;
    const returnDeadline = new Date(deliveredAt.getTime() + RETURN_WINDOW_DAYS * DAY_MS);
    const resizeDeadline = new Date(deliveredAt.getTime() + RESIZE_WINDOW_DAYS * DAY_MS);
    const returnable = items.filter((i) => !i.excludedFromReturn);
    const resizable = items.filter((i) => i.isRing && !order.items.find((o) => o.productId === i.productId)?.custom);

    if (now > returnDeadline) {
      options.push({
        kind: "return",
        label: LABELS.return,
        eligible: false,
        explanation: `The ${RETURN_WINDOW_DAYS}-day return window closed on ${fmt(returnDeadline)}.`,
      });
    } else if (returnable.length === 0) {
      options.push({ kind: "return", label: LABELS.return, eligible: false, explanation: "Engraved and custom pieces can't be returned." });
    } else {
      const note = returnable.length < items.length ? " Engraved and custom pieces are excluded." : "";
      options.push({
        kind: "return",
        label: LABELS.return,
        eligible: true,
        explanation: `Free returns within ${RETURN_WINDOW_DAYS} days of delivery.${note}`,
        deadline: fmt(returnDeadline),
      });
    }

    if (!items.some((i) => i.isRing)) {
      options.push({ kind: "resize", label: LABELS.resize, eligible: false, explanation: "Only rings can be resized." });
    } else if (now > resizeDeadline) {
      options.push({
        kind: "resize",
        label: LABELS.resize,
        eligible: false,
        explanation: `The ${RESIZE_WINDOW_DAYS}-day free resize window closed on ${fmt(resizeDeadline)}. A stylist can quote a paid resize.`,
      });
    } else if (resizable.length === 0) {
      options.push({
        kind: "resize",
        label: LABELS.resize,
        eligible: false,
        explanation: "Custom pieces are resized by a stylist; we'll connect you.",
      });
    } else {
      options.push({
        kind: "resize",
        label: LABELS.resize,
        eligible: true,
        explanation: `One free resize within ${RESIZE_WINDOW_DAYS} days of delivery.`,
        deadline: fmt(resizeDeadline),
      });
    }
    options.push({
      kind: "repair",
      label: LABELS.repair,
      eligible: true,
      explanation: "Cleaning, inspection and repairs under our one-year warranty.",
    });
    return { orderNumber: order._id, options, items };
  }

  /**
   * Creates the request once, for an order the caller already opened through OrderAccessService:
   * the same order, kind, items and size give back the existing RMA (a unique key), so a double
   * submit never makes two records; and each item has at most one OPEN request of any kind (a
   * unique index on the open items), so a return and a resize of the same ring cannot both be
   * confirmed — the second is told which request already holds the piece.
   */
  async create(input: CreateReturnInput, order: OrderDoc, now = new Date()): Promise<ReturnRequestDoc> {
    const { options, items } = this.eligibility(order, now);
    const option = options.find((o) => o.kind === input.kind);
    if (!option?.eligible) throw invalidInput(option?.explanation ?? "That option is not available for this order.");
    const unknown = input.productIds.filter((id) => !items.some((i) => i.productId === id));
    if (unknown.length > 0) throw invalidInput("Those items are not on this order.");
    const chosen = items.filter((i) => input.productIds.includes(i.productId));
    if (input.kind === "return" && chosen.some((i) => i.excludedFromReturn)) {
      throw invalidInput("Engraved and custom pieces can't be returned.");
    }
    if (input.kind === "resize") {
      if (chosen.some((i) => !i.isRing)) throw invalidInput("Only rings can be resized.");
      if (!input.newRingSize) throw invalidInput("newRingSize: tell us the ring size you need.");
    }
    const productIds = [...new Set(input.productIds)].sort();
    const dedupeKey = [order._id, input.kind, productIds.join(","), input.kind === "resize" ? input.newRingSize : ""].join("|");
    const existing = await this.returns.findByDedupeKey(dedupeKey);
    if (existing) return existing;
    const openItems = productIds.map((id) => openItemKey(order._id, id));
    const doc: ReturnRequestDoc = {
      _id: `RMA-${randomBytes(5).toString("hex").toUpperCase()}`,
      dedupeKey,
      orderNumber: order._id,
      kind: input.kind,
      productIds,
      ...(input.kind === "resize" && input.newRingSize ? { newRingSize: input.newRingSize } : {}),
      ...(input.reason ? { reason: input.reason } : {}),
      status: "requested",
      openItems,
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      createdAt: now,
    };
    try {
      return await this.returns.create(doc);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.returns.findByDedupeKey(dedupeKey);
      if (winner) return winner;
      const holder = await this.returns.findOpenHolding(openItems);
      if (!holder) throw error;
      const held = items.find((i) => holder.productIds.includes(i.productId) && productIds.includes(i.productId));
      throw conflict(
        `Your ${held?.name ?? "piece"} already has an open ${KIND_NOUNS[holder.kind]} request (${holder._id}). ` +
          "One request per piece at a time — a stylist can change it for you.",
      );
    }
  }

  static nextSteps(doc: ReturnRequestDoc): string[] {
    switch (doc.kind) {
      case "return":
        return [
          "We've emailed a prepaid, insured shipping label.",
          "Pack the piece in its box and drop it off within 14 days.",
          "Your refund is issued within 5 business days of arrival.",
        ];
      case "resize":
        return [
          `We'll resize to US ${doc.newRingSize}.`,
          "A prepaid, insured label is on its way by email.",
          "Resized rings ship back within 7–10 business days.",
        ];
      case "repair":
        return ["A stylist will email to book your care appointment.", "Bring or ship the piece with the prepaid label we send."];
    }
  }
}
