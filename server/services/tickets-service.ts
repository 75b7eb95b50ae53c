import { randomBytes } from "node:crypto";
import type { Product } from "../domain/catalog";
import type { ConversationsRepository } from "../db/repositories/conversations";
import type { OrdersRepository } from "../db/repositories/orders";
import {
  type StylistTicketDoc,
  type StylistTicketsRepository,
  type TicketAuditEntry,
  type TicketPriority,
  type TicketStatus,
} from "../db/repositories/stylist-tickets";
import type { TranscriptEntry } from "../concierge/messages";
import type { FieldCrypto } from "../platform/crypto";
import type { CatalogService } from "./catalog/catalog-service";
import type { ConversationService } from "./conversation-service";
import type { StaffUser } from "./dashboard-auth-service";
import { conflict, invalidInput, notFound } from "./errors";
import { isDuplicateKeyError } from "../db/errors";
import { toStatusView, type OrderStatusView } from "./order-view";
import type { ConversationMode } from "../domain/conversation-mode";
import type { Language } from "../domain/i18n/languages";
import { modeOf, type HandoffService } from "./handoff-service";
import type { TicketEvents } from "./ticket-events";
import { OPEN_TICKET_STATUSES } from "../db/repositories/stylist-tickets";

/** Queues the email for a reply the shopper may miss (NotificationsService). */
export interface ReplyNotifier {
  enqueueReply(ticket: StylistTicketDoc, seq: number, now?: Date): Promise<void>;
}

export type SlaState = "met" | "breached" | "due";

export interface TicketRow {
  id: string;
  status: TicketStatus;
  priority: TicketPriority;
  reason: string;
  customerName: string;
  assigneeId?: string;
  createdAt: string;
  ageMinutes: number;
  sla: { state: SlaState; dueAt: string; minutesLeft: number };
}

export interface TicketDetail extends TicketRow {
  conversationId: string;
  contact: { name: string; email: string; phone?: string };
  preferredTime?: string;
  shopperNotes?: string;
  transcript: TranscriptEntry[];
  shortlist: Product[];
  order?: { view: OrderStatusView; items: Array<{ name: string; size?: string; engraved: boolean; custom: boolean }> };
  internalNotes: Array<{ id: string; authorId: string; body: string; at: string }>;
  audit: Array<{ at: string; actorId: string; action: string; from?: string; to?: string }>;
  firstResponseAt?: string;
  /** Who answers the conversation now (the shopper may have gone back to the concierge). */
  mode: ConversationMode;
  /** The shopper's context: their language, the store page they were on, their device. */
  shopperContext: { language?: Language; page?: string; device?: string; updatedAt?: string };
  /** Read marks: the highest seq the shopper / a stylist has seen ("Seen" under a reply). */
  seen: { shopper: number; stylist: number };
  /** Replies are emailed when the shopper misses them (they consented). */
  notifyByEmail: boolean;
}

export interface TicketListQuery {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  assignee?: "me" | "unassigned" | string;
  order: "oldest" | "newest";
  limit: number;
  page: number;
}

/** The stylist queue: listing with SLA timers, detail with context, changes with an audit trail, live replies. */
export class TicketsService {
  constructor(
    private readonly tickets: StylistTicketsRepository,
    private readonly conversationsRepo: ConversationsRepository,
    private readonly conversations: ConversationService,
    private readonly orders: OrdersRepository,
    private readonly catalog: CatalogService,
    private readonly crypto: FieldCrypto,
    private readonly firstResponseMinutes: number,
    private readonly handoff: HandoffService,
    private readonly events: TicketEvents,
    private readonly notifier: ReplyNotifier,
  ) {}

  private row(t: StylistTicketDoc, now: Date): TicketRow {
    const dueAt = new Date(t.createdAt.getTime() + this.firstResponseMinutes * 60_000);
    const state: SlaState = t.firstResponseAt ? (t.firstResponseAt <= dueAt ? "met" : "breached") : now > dueAt ? "breached" : "due";
    return {
      id: t._id,
      status: t.status,
      priority: t.priority,
      reason: t.reason,
      customerName: this.crypto.decrypt(t.contact.name),
      ...(t.assigneeId ? { assigneeId: t.assigneeId } : {}),
      createdAt: t.createdAt.toISOString(),
      ageMinutes: Math.floor((now.getTime() - t.createdAt.getTime()) / 60_000),
      sla: { state, dueAt: dueAt.toISOString(), minutesLeft: Math.round((dueAt.getTime() - now.getTime()) / 60_000) },
    };
  }

  async list(query: TicketListQuery, staff: StaffUser, now = new Date()): Promise<{ rows: TicketRow[]; hasMore: boolean }> {
    const assigneeId =
      query.assignee === undefined
        ? undefined
        : query.assignee === "me"
          ? staff.userId
          : query.assignee === "unassigned"
            ? null
            : query.assignee;
    const docs = await this.tickets.list(
      {
        ...(query.statuses ? { statuses: query.statuses } : {}),
        ...(query.priorities ? { priorities: query.priorities } : {}),
        ...(assigneeId !== undefined ? { assigneeId } : {}),
      },
      query.order,
      query.limit + 1,
      query.page * query.limit,
    );
    return { rows: docs.slice(0, query.limit).map((d) => this.row(d, now)), hasMore: docs.length > query.limit };
  }

  private async load(id: string): Promise<StylistTicketDoc> {
    const ticket = await this.tickets.findById(id);
    if (!ticket) throw notFound("No ticket with that id.");
    return ticket;
  }

  async get(id: string, now = new Date()): Promise<TicketDetail> {
    const t = await this.load(id);
    const [transcript, shortlist, order, conversation] = await Promise.all([
      this.conversations.transcript(t.conversationId),
      this.catalog.getByIds(t.shortlistProductIds),
      t.orderNumber ? this.orders.findByNumber(t.orderNumber) : Promise.resolve(null),
      this.conversationsRepo.findById(t.conversationId),
    ]);
    const state = (conversation?.state ?? {}) as { language?: Language };
    return {
      ...this.row(t, now),
      conversationId: t.conversationId,
      contact: {
        name: this.crypto.decrypt(t.contact.name),
        email: this.crypto.decrypt(t.contact.email),
        ...(t.contact.phone ? { phone: this.crypto.decrypt(t.contact.phone) } : {}),
      },
      ...(t.preferredTime ? { preferredTime: t.preferredTime } : {}),
      ...(t.shopperNotes ? { shopperNotes: t.shopperNotes } : {}),
      transcript,
      shortlist,
      ...(order
        ? {
            order: {
              view: toStatusView(order),
              items: order.items.map((i) => ({
                name: i.name,
                ...(i.size ? { size: i.size } : {}),
                engraved: i.engraved,
                custom: i.custom,
              })),
            },
          }
        : {}),
      internalNotes: t.internalNotes.map((n) => ({ id: n.id, authorId: n.authorId, body: n.body, at: n.at.toISOString() })),
      audit: t.audit.map((a) => ({
        at: a.at.toISOString(),
        actorId: a.actorId,
        action: a.action,
        ...(a.from ? { from: a.from } : {}),
        ...(a.to ? { to: a.to } : {}),
      })),
      ...(t.firstResponseAt ? { firstResponseAt: t.firstResponseAt.toISOString() } : {}),
      mode: conversation ? modeOf(conversation) : "bot",
      shopperContext: {
        ...(state.language ? { language: state.language } : {}),
        ...(conversation?.context?.page ? { page: conversation.context.page } : {}),
        ...(conversation?.context?.device ? { device: conversation.context.device } : {}),
        ...(conversation?.context ? { updatedAt: conversation.context.updatedAt.toISOString() } : {}),
      },
      seen: { shopper: conversation?.shopperSeenSeq ?? 0, stylist: conversation?.stylistSeenSeq ?? 0 },
      notifyByEmail: t.notifyByEmail === true,
    };
  }

  /** Status, priority, assignment and internal notes, each recorded in the audit trail. */
  async update(
    id: string,
    staff: StaffUser,
    change: { status?: TicketStatus; priority?: TicketPriority; assigneeId?: string | null; note?: string },
    now = new Date(),
  ): Promise<TicketDetail> {
    const t = await this.load(id);
    const set: Parameters<StylistTicketsRepository["applyChange"]>[1] = {};
    const audit: TicketAuditEntry[] = [];
    if (change.status && change.status !== t.status) {
      set.status = change.status;
      audit.push({ at: now, actorId: staff.userId, action: "status", from: t.status, to: change.status });
    }
    if (change.priority && change.priority !== t.priority) {
      set.priority = change.priority;
      audit.push({ at: now, actorId: staff.userId, action: "priority", from: t.priority, to: change.priority });
    }
    let unassign = false;
    if (change.assigneeId !== undefined && change.assigneeId !== (t.assigneeId ?? null)) {
      if (change.assigneeId === null) unassign = true;
      else set.assigneeId = change.assigneeId;
      audit.push({
        at: now,
        actorId: staff.userId,
        action: "assign",
        ...(t.assigneeId ? { from: t.assigneeId } : {}),
        ...(change.assigneeId ? { to: change.assigneeId } : {}),
      });
    }
    const note = change.note?.trim()
      ? { id: randomBytes(6).toString("hex"), authorId: staff.userId, body: change.note.trim(), at: now }
      : undefined;
    if (note) audit.push({ at: now, actorId: staff.userId, action: "note" });
    if (audit.length === 0) throw invalidInput("Nothing to change.");
    await this.apply(t, set, audit, note, unassign);
    if (set.status) await this.statusChanged(t, set.status, staff, now);
    this.events.publish(id, "updated", set.status ?? t.status, now);
    return this.get(id, now);
  }

  /** Applies a change; reopening a ticket while the conversation has another open one is a conflict. */
  private async apply(
    t: StylistTicketDoc,
    set: Parameters<StylistTicketsRepository["applyChange"]>[1],
    audit: TicketAuditEntry[],
    note?: Parameters<StylistTicketsRepository["applyChange"]>[3],
    unassign = false,
  ): Promise<void> {
    try {
      await this.tickets.applyChange(t._id, set, audit, note, unassign);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const other = await this.tickets.findOpenByConversation(t.conversationId);
      throw conflict(
        `This conversation already has an open ticket${other ? ` (${other._id})` : ""}; work that one instead of reopening this.`,
      );
    }
  }

  /** Resolving or closing hands the conversation back to the concierge; reopening takes it back. */
  private async statusChanged(t: StylistTicketDoc, to: TicketStatus, staff: StaffUser, now: Date): Promise<void> {
    const wasOpen = OPEN_TICKET_STATUSES.includes(t.status);
    const isOpen = OPEN_TICKET_STATUSES.includes(to);
    if (wasOpen && !isOpen)
      await this.handoff.released(t.conversationId, to === "resolved" ? "resolved" : "closed", staff.displayName, now);
    else if (!wasOpen && isOpen) await this.handoff.reopened(t.conversationId, t.firstResponseAt !== undefined, now);
  }

  /**
   * A stylist's reply: stored in the shopper's conversation (next seq) with the stylist's name and
   * avatar, delivered live; the stylist has the conversation from now on (the concierge stays silent),
   * and the reply is queued for email in case the shopper has left (only with their consent). A reply
   * to a resolved ticket reopens it.
   */
  async reply(id: string, staff: StaffUser, text: string, now = new Date()): Promise<{ seq: number }> {
    const t = await this.load(id);
    if (t.status === "closed") throw invalidInput("This ticket is closed; reopen it to reply.");
    const set: Parameters<StylistTicketsRepository["applyChange"]>[1] = {};
    if (!t.firstResponseAt) set.firstResponseAt = now;
    const audit: TicketAuditEntry[] = [{ at: now, actorId: staff.userId, action: "reply" }];
    if (t.status === "open" || t.status === "in_progress" || t.status === "resolved") {
      set.status = "waiting_on_customer";
      audit.push({ at: now, actorId: staff.userId, action: "status", from: t.status, to: "waiting_on_customer" });
    }
    if (!t.assigneeId) {
      set.assigneeId = staff.userId;
      audit.push({ at: now, actorId: staff.userId, action: "assign", to: staff.userId });
    }
    // Reopening (a reply to a resolved ticket) may conflict with another open ticket: check before replying.
    await this.apply(t, set, audit);
    const [entry] = await this.conversations.append(t.conversationId, [
      {
        role: "stylist",
        message: {
          type: "stylist_reply",
          text,
          stylistName: staff.displayName,
          stylistInitials: staff.initials,
          stylistColor: staff.avatarColor,
        },
      },
    ]);
    await this.handoff.stylistReplied(t.conversationId, entry!.seq, now);
    await this.notifier.enqueueReply(t, entry!.seq, now);
    this.events.publish(id, "updated", set.status ?? t.status, now);
    return { seq: entry!.seq };
  }

  /** The shopper answered: a ticket waiting on them goes back to in progress. */
  async noteShopperActivity(conversationId: string, now = new Date()): Promise<void> {
    const t = await this.tickets.findOpenByConversation(conversationId);
    if (t?.status === "waiting_on_customer") {
      await this.tickets.applyChange(t._id, { status: "in_progress" }, [
        { at: now, actorId: "shopper", action: "status", from: t.status, to: "in_progress" },
      ]);
      this.events.publish(t._id, "updated", "in_progress", now);
    }
  }

  async conversationIdOf(id: string): Promise<string> {
    return (await this.load(id)).conversationId;
  }
}
