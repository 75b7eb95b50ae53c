import { DEFAULT_LANGUAGE, type Language } from "../../domain/i18n/languages";
import type { ConversationsRepository } from "../../db/repositories/conversations";
import type { NotificationDoc, NotificationOutboxRepository } from "../../db/repositories/notification-outbox";
import type { StylistTicketDoc, StylistTicketsRepository } from "../../db/repositories/stylist-tickets";
import type { FieldCrypto } from "../../platform/crypto";
import type { Logger } from "../../platform/logger";
import type { Mailer } from "../../platform/mailer";
import type { Metrics } from "../../platform/metrics";
import type { ConversationService } from "../conversation-service";
import type { ReplyNotifier } from "../tickets-service";
import { renderReplyEmail, type Translate } from "./reply-email";

/** Attempts per email, and the wait before each retry. */
export const MAX_SEND_ATTEMPTS = 5;
const RETRY_AFTER_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];
/** How long one attempt holds its notification (a crashed attempt is retried after this). */
const SEND_LEASE_MS = 60_000;
/** Replies quoted in one email at most. */
const MAX_QUOTED = 5;

export interface NotificationOptions {
  storeName: string;
  /** Where the shopper continues the conversation (the store's site), if known. */
  link: string | undefined;
  /** How long after a reply its email waits (the shopper may read it in the chat meanwhile). */
  replyDelayMs: number;
}

/** An error's code for logs and the send record (SMTP code or errno), never its message (it may name an address). */
function errorCode(error: unknown): string {
  const e = error as { responseCode?: unknown; code?: unknown };
  if (typeof e?.responseCode === "number") return `smtp_${e.responseCode}`;
  if (typeof e?.code === "string" && /^[A-Z0-9_]{2,40}$/.test(e.code)) return e.code;
  return "error";
}

/**
 * Nobody misses a reply: a stylist's reply to a shopper who asked to be emailed is queued in the
 * outbox (`notificationOutbox`), due after a short delay. Each app process works the outbox
 * periodically; an attempt claims a notification atomically (with a lease) and sends it only if the
 * shopper has still not seen the reply in the chat, and only if a later reply is not queued too (that
 * email carries all unseen replies). Failures are retried with backoff, up to {@link MAX_SEND_ATTEMPTS}.
 *
 * Exactly once: the notification id is stable, the send record is written after the transport took
 * the email, and a stale attempt never overwrites a newer one. An attempt that dies between the two
 * is retried after its lease: the file transport then finds its `.eml` already there and writes
 * nothing; over SMTP the retry carries the same Message-ID (receivers may show a duplicate — the one
 * case that is at-least-once).
 */
export class NotificationsService implements ReplyNotifier {
  constructor(
    private readonly outbox: NotificationOutboxRepository,
    private readonly conversationsRepo: ConversationsRepository,
    private readonly tickets: StylistTicketsRepository,
    private readonly conversations: ConversationService,
    private readonly crypto: FieldCrypto,
    private readonly mailer: Mailer,
    private readonly translate: Translate,
    private readonly options: NotificationOptions,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.mailer.kind !== "off";
  }

  /** Queues the email for reply `seq` if the shopper consented (idempotent: one per reply). */
  async enqueueReply(ticket: StylistTicketDoc, seq: number, now = new Date()): Promise<void> {
    if (!ticket.notifyByEmail || !this.enabled) return;
    await this.outbox.enqueue({
      _id: `reply:${ticket.conversationId}:${seq}`,
      kind: "stylist_reply",
      conversationId: ticket.conversationId,
      ticketId: ticket._id,
      seq,
      to: ticket.contact.email,
      toName: ticket.contact.name,
      status: "pending",
      dueAt: new Date(now.getTime() + this.options.replyDelayMs),
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Works through due notifications (at most `max` per run); returns how many were attempted. */
  async runDue(now = new Date(), max = 20): Promise<number> {
    let attempted = 0;
    for (; attempted < max; attempted++) {
      const doc = await this.outbox.claimDue(now, SEND_LEASE_MS);
      if (!doc) break;
      await this.attempt(doc, now);
    }
    return attempted;
  }

  private async attempt(doc: NotificationDoc, now: Date): Promise<void> {
    const skip = async (outcome: string) => {
      await this.outbox.finish(doc._id, doc.attempts, { status: "skipped", outcome, at: now });
      this.metrics.notifications.inc({ outcome: "skipped" });
    };
    const conversation = await this.conversationsRepo.findById(doc.conversationId);
    if (!conversation) return skip("gone");
    const seen = conversation.shopperSeenSeq ?? 0;
    if (seen >= doc.seq) return skip("seen");
    if (await this.outbox.hasLaterPending(doc.conversationId, doc.seq)) return skip("superseded");
    const ticket = await this.tickets.findById(doc.ticketId);
    if (!ticket?.notifyByEmail) return skip("no_consent");
    const unseen = (await this.conversations.transcript(doc.conversationId, seen)).filter(
      (e) => e.seq <= doc.seq && e.message.type === "stylist_reply",
    );
    const last = unseen[unseen.length - 1]?.message;
    if (!last || last.type !== "stylist_reply") return skip("gone");
    const language = ((conversation.state as { language?: Language }).language ?? DEFAULT_LANGUAGE) as Language;
    const name = this.crypto.decrypt(doc.toName).trim().split(/\s+/)[0] ?? "";
    const mail = renderReplyEmail(this.translate, language, {
      name,
      stylistName: last.stylistName,
      storeName: this.options.storeName,
      replies: unseen.slice(-MAX_QUOTED).map((e) => (e.message.type === "stylist_reply" ? e.message.text : "")),
      link: this.options.link,
    });
    try {
      const sent = await this.mailer.send({ id: doc._id, to: this.crypto.decrypt(doc.to), ...mail });
      await this.outbox.finish(doc._id, doc.attempts, { status: "sent", messageId: sent.messageId, at: now });
      this.metrics.notifications.inc({ outcome: sent.duplicate ? "duplicate" : "sent" });
    } catch (error) {
      const code = errorCode(error);
      const last = doc.attempts >= MAX_SEND_ATTEMPTS;
      await this.outbox.finish(
        doc._id,
        doc.attempts,
        last
          ? { status: "failed", outcome: code, at: now }
          : { status: "pending", outcome: code, retryAt: new Date(now.getTime() + RETRY_AFTER_MS[doc.attempts - 1]!), at: now },
      );
      this.metrics.notifications.inc({ outcome: last ? "failed" : "retry" });
      this.logger.warn({ notification: doc._id, attempt: doc.attempts, code, transport: this.mailer.kind }, "notification email failed");
    }
  }
}
