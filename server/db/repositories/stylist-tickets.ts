import type { Collection, Db, Filter } from "mongodb";
import type { EncryptedValue } from "../../platform/crypto";
import { COLLECTIONS, type IndexSpec } from "../collections";

import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from "../../domain/tickets";

export { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus };

export interface TicketAuditEntry {
  at: Date;
  actorId: string;
  action: "created" | "status" | "assign" | "priority" | "note" | "reply";
  from?: string;
  to?: string;
}

export interface TicketNote {
  id: string;
  authorId: string;
  body: string;
  at: Date;
}

export interface StylistTicketDoc {
  _id: string;
  conversationId: string;
  sessionId: string;
  status: TicketStatus;
  priority: TicketPriority;
  reason: string;
  contact: { name: EncryptedValue; email: EncryptedValue; emailHash: string; phone?: EncryptedValue };
  preferredTime?: string;
  shopperNotes?: string;
  shortlistProductIds: string[];
  orderNumber?: string;
  /** The shopper ticked "Email me when a stylist replies" (when): only then is a reply ever emailed. */
  notifyByEmail?: boolean;
  emailConsentAt?: Date;
  assigneeId?: string;
  internalNotes: TicketNote[];
  audit: TicketAuditEntry[];
  firstResponseAt?: Date;
  /**
   * The conversation id while the ticket is open (open, in progress, waiting on the customer);
   * absent once resolved or closed. A unique sparse index on it allows one open ticket per
   * conversation across every app instance.
   */
  openConversationId?: string;
  createdAt: Date;
  updatedAt: Date;
}

export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ["open", "in_progress", "waiting_on_customer"];

export const stylistTicketIndexes: IndexSpec[] = [
  // The runbook's index.
  { key: { createdAt: -1, status: 1 } },
  // Queue pages: newest/oldest first with an _id tie-breaker, with or without a status filter.
  { key: { createdAt: -1, _id: -1 } },
  { key: { status: 1, createdAt: -1, _id: -1 } },
  { key: { status: 1, priority: 1, createdAt: 1 } },
  { key: { assigneeId: 1, status: 1, createdAt: -1, _id: -1 } },
  { key: { conversationId: 1 } },
  // Privacy (one shopper's tickets) and retention (tickets untouched since a cutoff).
  { key: { "contact.emailHash": 1 } },
  { key: { updatedAt: 1 } },
  { key: { openConversationId: 1 }, unique: true, sparse: true },
];

export interface TicketListFilter {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  assigneeId?: string | null;
}

export class StylistTicketsRepository {
  private readonly col: Collection<StylistTicketDoc>;

  constructor(db: Db) {
    this.col = db.collection<StylistTicketDoc>(COLLECTIONS.stylistTickets);
  }

  /** Inserts a ticket; a second OPEN ticket for the same conversation fails with a duplicate-key error. */
  async create(doc: StylistTicketDoc): Promise<StylistTicketDoc> {
    const stored = { ...doc, ...(OPEN_TICKET_STATUSES.includes(doc.status) ? { openConversationId: doc.conversationId } : {}) };
    await this.col.insertOne(stored);
    return stored;
  }

  /**
   * Sets `openConversationId` on open tickets written before it existed (npm run migrate:up, before
   * the unique index is built). Of several open tickets for one conversation only the newest gets
   * it; the others are returned so an operator can resolve them.
   */
  async backfillOpenKeys(): Promise<{ updated: number; duplicates: string[] }> {
    const open = (await this.col
      .find({ status: { $in: [...OPEN_TICKET_STATUSES] }, openConversationId: { $exists: false } }, { sort: { createdAt: -1, _id: -1 } })
      .toArray()) as StylistTicketDoc[];
    const taken = new Set(
      ((await this.col.find({ openConversationId: { $exists: true } }).toArray()) as StylistTicketDoc[]).map((t) => t.conversationId),
    );
    let updated = 0;
    const duplicates: string[] = [];
    for (const t of open) {
      if (taken.has(t.conversationId)) {
        duplicates.push(t._id);
        continue;
      }
      taken.add(t.conversationId);
      await this.col.updateOne({ _id: t._id }, { $set: { openConversationId: t.conversationId } });
      updated++;
    }
    return { updated, duplicates };
  }

  async findById(id: string): Promise<StylistTicketDoc | null> {
    return (await this.col.findOne({ _id: id })) as StylistTicketDoc | null;
  }

  async findOpenByConversation(conversationId: string): Promise<StylistTicketDoc | null> {
    return (await this.col.findOne(
      { conversationId, status: { $in: ["open", "in_progress", "waiting_on_customer"] } },
      { sort: { createdAt: -1, _id: -1 } },
    )) as StylistTicketDoc | null;
  }

  async list(filter: TicketListFilter, order: "oldest" | "newest", limit: number, skip = 0): Promise<StylistTicketDoc[]> {
    const query: Filter<StylistTicketDoc> = {};
    if (filter.statuses?.length) query.status = { $in: filter.statuses };
    if (filter.priorities?.length) query.priority = { $in: filter.priorities };
    if (filter.assigneeId !== undefined) query.assigneeId = filter.assigneeId ?? { $exists: false };
    const dir = order === "oldest" ? 1 : -1;
    return (await this.col.find(query, { sort: { createdAt: dir, _id: dir }, skip, limit }).toArray()) as StylistTicketDoc[];
  }

  /** Tickets whose contact email has this keyed hash, or that belong to one of the conversations. */
  async findForShopper(q: { emailHash: string; conversationIds: string[] }): Promise<StylistTicketDoc[]> {
    const or: Filter<StylistTicketDoc>[] = [{ "contact.emailHash": q.emailHash }];
    if (q.conversationIds.length) or.push({ conversationId: { $in: q.conversationIds } });
    return (await this.col.find({ $or: or }, { sort: { createdAt: 1 } }).toArray()) as StylistTicketDoc[];
  }

  async deleteByIds(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.col.deleteMany({ _id: { $in: [...ids] } })).deletedCount;
  }

  /** Retention: removes tickets not updated since `cutoff`. */
  async deleteUpdatedBefore(cutoff: Date): Promise<number> {
    return (await this.col.deleteMany({ updatedAt: { $lt: cutoff } })).deletedCount;
  }

  /** Applies a change and its audit entries in one atomic update. */
  async applyChange(
    id: string,
    set: Partial<Pick<StylistTicketDoc, "status" | "priority" | "assigneeId" | "firstResponseAt">>,
    audit: TicketAuditEntry[],
    note?: TicketNote,
    unassign = false,
  ): Promise<StylistTicketDoc | null> {
    const push: Record<string, unknown> = { audit: { $each: audit } };
    if (note) push.internalNotes = note;
    const $set: Record<string, unknown> = { ...set, updatedAt: new Date() };
    const $unset: Record<string, ""> = {};
    if (unassign) $unset.assigneeId = "";
    if (set.status) {
      // Reopening takes the conversation's open slot (duplicate key if another ticket holds it).
      if (OPEN_TICKET_STATUSES.includes(set.status)) {
        const current = await this.findById(id);
        if (current) $set.openConversationId = current.conversationId;
      } else $unset.openConversationId = "";
    }
    const update: Record<string, unknown> = { $set, $push: push };
    if (Object.keys($unset).length > 0) update.$unset = $unset;
    return (await this.col.findOneAndUpdate({ _id: id }, update, { returnDocument: "after" })) as StylistTicketDoc | null;
  }
}
