import { randomBytes } from "node:crypto";
import { isDuplicateKeyError } from "../db/errors";
import type { ConversationsRepository } from "../db/repositories/conversations";
import type { StylistTicketDoc, StylistTicketsRepository } from "../db/repositories/stylist-tickets";
import type { FieldCrypto } from "../platform/crypto";
import type { Metrics } from "../platform/metrics";
import { recordHandoff } from "../platform/metrics-record";
import type { AnalyticsService } from "./analytics-service";
import { notFound } from "./errors";
import type { ShortlistService } from "./shortlist-service";
import type { HandoffService } from "./handoff-service";
import type { TicketEvents } from "./ticket-events";

export interface EscalationInput {
  sessionId: string;
  conversationId: string;
  name: string;
  email: string;
  phone?: string;
  preferredTime?: string;
  notes?: string;
  reason: string;
  shareShortlist: boolean;
  orderNumber?: string;
  /** "Email me when a stylist replies" was ticked. */
  emailConsent?: boolean;
}

/**
 * Hands a conversation to a human stylist: a ticket carrying the transcript and shortlist; the
 * conversation waits for a human from then on (HandoffService).
 */
export class StylistService {
  constructor(
    private readonly tickets: StylistTicketsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly shortlist: ShortlistService,
    private readonly crypto: FieldCrypto,
    private readonly analytics: AnalyticsService,
    private readonly metrics: Metrics,
    private readonly handoff: HandoffService,
    private readonly events: TicketEvents,
  ) {}

  /** One open ticket per conversation: a second request updates nothing and returns the first. */
  async create(input: EscalationInput, now = new Date()): Promise<StylistTicketDoc> {
    const conversation = await this.conversations.findById(input.conversationId);
    if (!conversation || conversation.sessionId !== input.sessionId) throw notFound("This conversation no longer exists.");
    const open = await this.tickets.findOpenByConversation(input.conversationId);
    if (open) return open;
    const shortlistIds = input.shareShortlist ? await this.shortlist.ids(input.sessionId) : [];
    const doc: StylistTicketDoc = {
      _id: `T-${randomBytes(4).toString("hex").toUpperCase()}`,
      conversationId: input.conversationId,
      sessionId: input.sessionId,
      status: "open",
      priority: input.orderNumber ? "high" : "normal",
      reason: input.reason,
      contact: {
        name: this.crypto.encrypt(input.name),
        email: this.crypto.encrypt(input.email),
        emailHash: this.crypto.lookupHash("email", input.email),
        ...(input.phone ? { phone: this.crypto.encrypt(input.phone) } : {}),
      },
      ...(input.preferredTime ? { preferredTime: input.preferredTime } : {}),
      ...(input.notes ? { shopperNotes: input.notes } : {}),
      shortlistProductIds: shortlistIds,
      ...(input.orderNumber ? { orderNumber: input.orderNumber } : {}),
      ...(input.emailConsent ? { notifyByEmail: true, emailConsentAt: now } : {}),
      internalNotes: [],
      audit: [{ at: now, actorId: "shopper", action: "created" }],
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.tickets.create(doc);
    } catch (error) {
      // Another request (or instance) opened this conversation's ticket first: that one is the ticket.
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.tickets.findOpenByConversation(input.conversationId);
      if (winner) return winner;
      throw error;
    }
    recordHandoff(this.metrics);
    await this.conversations.update(input.conversationId, { handoff: true, status: "handed_off" });
    // From here the shopper's typed messages go to the stylist; the concierge stays silent.
    await this.handoff.escalated(input.conversationId, now);
    this.events.publish(doc._id, "created", doc.status, now);
    await this.analytics.record("handoff", { sessionId: input.sessionId, conversationId: input.conversationId }, now);
    return doc;
  }
}
