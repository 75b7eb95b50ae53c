import { TYPING_REFRESH_MS, type PresenceEvent } from "../domain/conversation-mode";
import type { ConversationsRepository } from "../db/repositories/conversations";
import type { ConversationService } from "./conversation-service";

/** At most this many senders' throttle marks are kept (oldest dropped first). */
const MAX_TRACKED_SENDERS = 10_000;

/**
 * Typing indicators and read receipts between a shopper and the stylists. Typing is never stored: it
 * is published on the live channel, at most one "typing" per sender every {@link TYPING_REFRESH_MS}
 * (a "stopped" always passes). Read marks are stored on the conversation (they only move forward) and
 * published, so a reload shows "Seen" too.
 *
 * Presence travels on this process's realtime bus only: with several app instances on MongoDB, a
 * typing indicator or a live "Seen" reaches viewers connected to the same instance (read marks still
 * show after a reload anywhere). Transcript entries themselves reach every instance (change stream).
 */
export class PresenceService {
  private readonly lastTyping = new Map<string, number>();

  constructor(
    private readonly repo: ConversationsRepository,
    private readonly conversations: ConversationService,
  ) {}

  /** Returns whether the signal was published (false when throttled). */
  typing(conversationId: string, from: "shopper" | "stylist", typing: boolean, name?: string, now = Date.now()): boolean {
    const key = `${conversationId}:${from}:${name ?? ""}`;
    const last = this.lastTyping.get(key);
    if (typing && last !== undefined && now - last < TYPING_REFRESH_MS) return false;
    if (!typing && last === undefined) return false; // nothing to stop
    if (typing) {
      this.lastTyping.delete(key);
      this.lastTyping.set(key, now);
      if (this.lastTyping.size > MAX_TRACKED_SENDERS) this.lastTyping.delete(this.lastTyping.keys().next().value as string);
    } else this.lastTyping.delete(key);
    const event: PresenceEvent = { presence: "typing", from, typing, ...(name ? { name } : {}) };
    this.conversations.publishPresence(conversationId, event);
    return true;
  }

  /** One side has seen the conversation up to `seq` (capped at its last message). */
  async seen(conversationId: string, by: "shopper" | "stylist", seq: number): Promise<{ seq: number }> {
    const doc = await this.repo.findById(conversationId);
    if (!doc) return { seq: 0 };
    const capped = Math.min(seq, doc.lastSeq);
    const before = (by === "shopper" ? doc.shopperSeenSeq : doc.stylistSeenSeq) ?? 0;
    if (capped <= before) return { seq: before };
    await this.repo.markSeen(conversationId, by, capped);
    this.conversations.publishPresence(conversationId, { presence: "seen", by, seq: capped });
    return { seq: capped };
  }
}
