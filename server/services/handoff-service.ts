import { replyExpectation, type BusinessHours, type ReplyExpectation } from "../domain/business-hours";
import { CONVERSATION_MODES, type ConversationMode } from "../domain/conversation-mode";
import type { ConversationDoc, ConversationsRepository } from "../db/repositories/conversations";
import type { ConversationService } from "./conversation-service";
import type { CsatPrompts } from "./csat-prompts";

/** What the widget needs to know about the handoff when it (re)starts. */
export interface HandoffSnapshot {
  mode: ConversationMode;
  expectation: ReplyExpectation;
  /** Read marks: the highest seq the shopper / a stylist has seen. */
  shopperSeenSeq: number;
  stylistSeenSeq: number;
}

export const modeOf = (doc: Pick<ConversationDoc, "mode">): ConversationMode => doc.mode ?? "bot";

/**
 * Who answers a conversation, moved only here and atomically (ConversationsRepository.setMode):
 *   bot ──escalation──▶ waiting_for_human ──stylist reply──▶ human
 *   waiting_for_human | human ──ticket resolved/closed, or the shopper goes back──▶ bot
 *   bot ──ticket reopened──▶ waiting_for_human | human;  any ──stylist reply──▶ human
 * While it is not `bot`, the chat service keeps the concierge silent (both engines).
 */
export class HandoffService {
  constructor(
    private readonly repo: ConversationsRepository,
    private readonly conversations: ConversationService,
    private readonly csat: CsatPrompts,
    private readonly hours: BusinessHours,
    private readonly firstResponseMinutes: number,
  ) {}

  /** What a shopper waiting for a stylist can expect right now (business hours, first-response target). */
  expectation(now = new Date()): ReplyExpectation {
    // Opening hours change on minute boundaries: the answer holds for the rest of the minute (every
    // session.start asks, and working it out takes several time-zone conversions).
    const minute = Math.floor(now.getTime() / 60_000);
    if (this.expected?.minute !== minute) {
      this.expected = { minute, value: replyExpectation(this.hours, this.firstResponseMinutes, now) };
    }
    return { ...this.expected.value };
  }

  private expected: { minute: number; value: ReplyExpectation } | undefined;

  snapshot(doc: ConversationDoc, now = new Date()): HandoffSnapshot {
    return {
      mode: modeOf(doc),
      expectation: this.expectation(now),
      shopperSeenSeq: doc.shopperSeenSeq ?? 0,
      stylistSeenSeq: doc.stylistSeenSeq ?? 0,
    };
  }

  /** A ticket was opened: the concierge steps back until a stylist answers. */
  async escalated(conversationId: string, now = new Date()): Promise<void> {
    await this.repo.setMode(conversationId, ["bot"], "waiting_for_human", { replyAckDue: true }, now);
  }

  /** A stylist replied (message `seq`): they have the conversation, whatever it was in before. */
  async stylistReplied(conversationId: string, seq: number, now = new Date()): Promise<void> {
    await this.repo.setMode(conversationId, CONVERSATION_MODES, "human", { replyAckDue: true }, now);
    await this.repo.noteStylistReply(conversationId, seq);
  }

  /**
   * The ticket ended: the conversation is the concierge's again, a system line says why, and after a
   * resolution the shopper is asked (once per conversation) how it went.
   */
  async released(conversationId: string, reason: "resolved" | "closed", stylistName?: string, now = new Date()): Promise<void> {
    await this.repo.setMode(conversationId, ["waiting_for_human", "human"], "bot", { replyAckDue: false }, now);
    await this.conversations.append(conversationId, [
      { role: "system", message: { type: "handoff_status", mode: "bot", reason, ...(stylistName ? { stylistName } : {}) } },
    ]);
    if (reason === "resolved") await this.csat.ask(conversationId);
  }

  /** A resolved or closed ticket was reopened: back with the stylists. */
  async reopened(conversationId: string, answered: boolean, now = new Date()): Promise<void> {
    const mode = answered ? "human" : "waiting_for_human";
    const moved = await this.repo.setMode(conversationId, ["bot"], mode, { replyAckDue: true }, now);
    if (moved) {
      await this.conversations.append(conversationId, [{ role: "system", message: { type: "handoff_status", mode, reason: "reopened" } }]);
    }
  }

  /** The shopper chose "Back to the concierge" (the ticket stays open; a stylist reply takes it back). */
  async shopperReturned(conversationId: string, now = new Date()): Promise<boolean> {
    return (await this.repo.setMode(conversationId, ["waiting_for_human", "human"], "bot", { replyAckDue: false }, now)) !== null;
  }

  /**
   * For the loader on a store page (by visitor id): stylist replies not seen yet, and whether a
   * stylist has the conversation (then the loader keeps the frame connected so a reply shows at once).
   */
  forVisitor(visitorId: string): Promise<{ unread: number; live: boolean } | null> {
    return this.repo.handoffForVisitor(visitorId);
  }

  /** True for exactly one caller while the shopper is owed the expected-reply acknowledgement. */
  claimAcknowledgement(conversationId: string): Promise<boolean> {
    return this.repo.claimReplyAck(conversationId);
  }
}
