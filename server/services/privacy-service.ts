import type { AnalyticsEventDoc } from "../db/repositories/analytics-events";
import type { ConversationDoc, MessageDoc } from "../db/repositories/conversations";
import type { IdempotencyKeyDoc } from "../db/repositories/idempotency-keys";
import type { OrderSubscriptionDoc } from "../db/repositories/order-subscriptions";
import type { OrderDoc } from "../db/repositories/orders";
import type { ReturnRequestDoc } from "../db/repositories/return-requests";
import type { StylistTicketDoc } from "../db/repositories/stylist-tickets";
import type { CsatDoc } from "../db/repositories/widget-csat";
import type { ShortlistDoc } from "../db/repositories/widget-shortlists";
import type { NotificationDoc } from "../db/repositories/notification-outbox";
import type { Repositories } from "../db/repositories";
import type { EncryptedValue, FieldCrypto } from "../platform/crypto";
import type { Logger } from "../platform/logger";
import { invalidInput } from "./errors";

/** Everything stored about one shopper, found through the keyed hash of their email. */
export interface ShopperRecords {
  /** The keyed hash of the email: how audit lines name the shopper. */
  subject: string;
  orders: OrderDoc[];
  returns: ReturnRequestDoc[];
  subscriptions: OrderSubscriptionDoc[];
  tickets: StylistTicketDoc[];
  conversations: ConversationDoc[];
  messages: MessageDoc[];
  csat: CsatDoc[];
  shortlists: ShortlistDoc[];
  analyticsEvents: AnalyticsEventDoc[];
  idempotencyKeys: IdempotencyKeyDoc[];
  /** Reply emails queued or sent (the outbox keeps the address encrypted). */
  notifications: NotificationDoc[];
}

export type RecordCounts = Record<Exclude<keyof ShopperRecords, "subject">, number>;

export interface ErasureReport {
  subject: string;
  /** Deleted outright. */
  deleted: Pick<
    RecordCounts,
    "tickets" | "subscriptions" | "conversations" | "messages" | "csat" | "shortlists" | "idempotencyKeys" | "notifications"
  >;
  /** Kept, with what tied them to the shopper removed (orders and returns are business records). */
  pseudonymised: Pick<RecordCounts, "orders" | "returns" | "analyticsEvents">;
}

export const SHOPPER_EXPORT_FORMAT = "aurora-concierge.shopper-export.v1";

export type ShopperExport = { format: typeof SHOPPER_EXPORT_FORMAT; subject: string; exportedAt: string } & Record<
  | "orders"
  | "returns"
  | "subscriptions"
  | "tickets"
  | "conversations"
  | "csat"
  | "shortlists"
  | "analyticsEvents"
  | "idempotencyKeys"
  | "notifications",
  unknown[]
>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What an erased order's customer becomes: matches no lookup, decrypts to a placeholder. */
export const ERASED_EMAIL_HASH = "erased";
export const ERASED_NAME = "Erased customer";
export const ERASED_EMAIL = "erased@erased.invalid";

type PrivacyRepositories = Pick<
  Repositories,
  | "orders"
  | "returnRequests"
  | "orderSubscriptions"
  | "stylistTickets"
  | "conversations"
  | "csat"
  | "shortlists"
  | "analyticsEvents"
  | "idempotencyKeys"
  | "notificationOutbox"
>;

const unique = (values: Iterable<string | undefined>) => [...new Set([...values].filter((v): v is string => typeof v === "string"))];

function isEncrypted(value: unknown): value is EncryptedValue {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return v.v === 1 && typeof v.iv === "string" && typeof v.tag === "string" && typeof v.data === "string";
}

/**
 * Per-shopper privacy operations: export (the shopper's own data, decrypted) and erasure (delete,
 * or pseudonymise records the store must keep). The shopper is found by the keyed hash of their
 * email across every collection: orders and tickets by contact hash; returns and subscriptions by
 * order; conversations by verified email, order or session; ratings, shortlists, analytics and
 * idempotency records through those conversations and sessions. Both operations write one audit
 * line naming the shopper only by the keyed hash.
 */
export class PrivacyService {
  constructor(
    private readonly repos: PrivacyRepositories,
    private readonly crypto: FieldCrypto,
    private readonly logger: Logger,
  ) {}

  subjectOf(email: string): string {
    const normalised = email.trim().toLowerCase();
    if (normalised.length > 254 || !EMAIL.test(normalised)) throw invalidInput("email: must be an email address");
    return this.crypto.lookupHash("email", normalised);
  }

  /** Finds every record of the shopper with this email. */
  async locate(email: string): Promise<ShopperRecords> {
    const subject = this.subjectOf(email);
    const r = this.repos;
    const orders = await r.orders.findAllByEmailHash(subject);
    const orderNumbers = orders.map((o) => o._id);
    const phoneHashes = unique(orders.map((o) => o.customer.phoneHash));
    const [returns, subscriptions, contactTickets] = await Promise.all([
      r.returnRequests.findForOrders(orderNumbers),
      r.orderSubscriptions.findForShopper({ orderNumbers, destinationHashes: [subject, ...phoneHashes], sessionIds: [] }),
      r.stylistTickets.findForShopper({ emailHash: subject, conversationIds: [] }),
    ]);
    const conversations = await r.conversations.findForShopper({
      emailHash: subject,
      orderNumbers,
      sessionIds: unique([...returns, ...subscriptions, ...contactTickets].map((d) => d.sessionId)),
      ids: unique(contactTickets.map((t) => t.conversationId)),
    });
    const conversationIds = conversations.map((c) => c._id);
    // Tickets on the shopper's conversations count too, whatever contact email they gave.
    const tickets = await r.stylistTickets.findForShopper({ emailHash: subject, conversationIds });
    const sessionIds = unique([...conversations, ...tickets, ...returns, ...subscriptions].map((d) => d.sessionId));
    const [messages, csat, shortlists, analyticsEvents, idempotencyKeys, notifications] = await Promise.all([
      r.conversations.messagesOf(conversationIds),
      r.csat.findByConversations(conversationIds),
      r.shortlists.findBySessions(sessionIds),
      r.analyticsEvents.findLinked({ sessionIds, conversationIds }),
      r.idempotencyKeys.findByScopes(sessionIds.map((s) => `session:${s}`)),
      r.notificationOutbox.findByConversations(conversationIds),
    ]);
    return {
      subject,
      orders,
      returns,
      subscriptions,
      tickets,
      conversations,
      messages,
      csat,
      shortlists,
      analyticsEvents,
      idempotencyKeys,
      notifications,
    };
  }

  /**
   * The shopper's data as JSON: encrypted fields decrypted, lookup hashes left out; with the count of
   * records per collection. Writes an audit line.
   */
  async export(email: string, now = new Date()): Promise<{ data: ShopperExport; counts: RecordCounts }> {
    const found = await this.locate(email);
    const messagesBy = new Map<string, MessageDoc[]>();
    for (const m of found.messages) messagesBy.set(m.conversationId, [...(messagesBy.get(m.conversationId) ?? []), m]);
    const reveal = (value: unknown) => this.reveal(value);
    const data: ShopperExport = {
      format: SHOPPER_EXPORT_FORMAT,
      subject: found.subject,
      exportedAt: now.toISOString(),
      orders: found.orders.map(reveal),
      returns: found.returns.map(reveal),
      subscriptions: found.subscriptions.map(reveal),
      tickets: found.tickets.map(reveal),
      conversations: found.conversations.map((c) => ({
        ...(reveal(c) as Record<string, unknown>),
        messages: (messagesBy.get(c._id) ?? []).map(({ seq, role, message, createdAt }) => reveal({ seq, role, message, createdAt })),
      })),
      csat: found.csat.map(reveal),
      shortlists: found.shortlists.map(reveal),
      analyticsEvents: found.analyticsEvents.map(reveal),
      idempotencyKeys: found.idempotencyKeys.map(({ state, response, createdAt, completedAt }) =>
        reveal({ state, response, createdAt, completedAt }),
      ),
      notifications: found.notifications.map(reveal),
    };
    const recordCounts = counts(found);
    this.audit("shopper.export", found.subject, recordCounts);
    return { data, counts: recordCounts };
  }

  /**
   * Erases the shopper: deletes conversations (with messages), tickets, subscriptions, ratings,
   * shortlists and idempotency records; pseudonymises orders and returns (kept for accounting) and
   * unlinks analytics events. Idempotent: a second run finds nothing left and reports zeros.
   * Dependents go before the records they were found through, so an interrupted run is completed
   * by running it again.
   */
  async erase(email: string, now = new Date()): Promise<ErasureReport> {
    const found = await this.locate(email);
    const r = this.repos;
    const conversationIds = found.conversations.map((c) => c._id);
    const sessionIds = unique([...found.conversations, ...found.tickets, ...found.returns, ...found.subscriptions].map((d) => d.sessionId));

    const analyticsEvents = await r.analyticsEvents.unlink({ sessionIds, conversationIds });
    const idempotencyKeys = await r.idempotencyKeys.deleteByScopes(sessionIds.map((s) => `session:${s}`));
    const notifications = await r.notificationOutbox.deleteByConversations(conversationIds);
    const shortlists = await r.shortlists.deleteBySessions(sessionIds);
    const csat = await r.csat.deleteByConversations(conversationIds);
    const { conversations, messages } = await r.conversations.deleteWithMessages(conversationIds);
    const tickets = await r.stylistTickets.deleteByIds(found.tickets.map((t) => t._id));
    const subscriptions = await r.orderSubscriptions.deleteByIds(found.subscriptions.map((s) => s._id));
    const returns = await r.returnRequests.pseudonymise(
      found.returns.map((x) => x._id),
      now,
    );
    const orders = await r.orders.pseudonymise(
      found.orders.map((o) => o._id),
      { name: this.crypto.encrypt(ERASED_NAME), email: this.crypto.encrypt(ERASED_EMAIL), emailHash: ERASED_EMAIL_HASH },
      now,
    );
    const report: ErasureReport = {
      subject: found.subject,
      deleted: { tickets, subscriptions, conversations, messages, csat, shortlists, idempotencyKeys, notifications },
      pseudonymised: { orders, returns, analyticsEvents },
    };
    this.audit("shopper.erase", found.subject, { ...report.deleted, ...report.pseudonymised });
    return report;
  }

  private audit(action: "shopper.export" | "shopper.erase", subject: string, counts: Record<string, number>): void {
    this.logger.info({ audit: action, subject, ...counts }, action === "shopper.erase" ? "shopper data erased" : "shopper data exported");
  }

  /** A stored document as the shopper may see it: decrypted fields, no lookup hashes or internal keys. */
  private reveal(value: unknown): unknown {
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((v) => this.reveal(v));
    if (isEncrypted(value)) {
      try {
        return this.crypto.decrypt(value);
      } catch {
        return "[cannot be decrypted with the current ENCRYPTION_KEY]";
      }
    }
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        if (v === undefined || /Hash$/.test(key) || key === "dedupeKey") continue;
        out[key] = this.reveal(v);
      }
      return out;
    }
    return value;
  }
}

function counts(found: ShopperRecords): RecordCounts {
  const { subject: _subject, ...lists } = found;
  return Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.length])) as RecordCounts;
}

/** One line for a terminal: the action, the keyed subject and the counts (never the email). */
export function auditLine(action: "shopper.export" | "shopper.erase", subject: string, counts: Record<string, number>): string {
  return [action, `subject=${subject}`, ...Object.entries(counts).map(([k, v]) => `${k}=${v}`)].join(" ");
}
