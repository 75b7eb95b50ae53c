import { randomBytes } from "node:crypto";
import { conciergeMessageSchema, type ConciergeMessage, type MessageRole, type TranscriptEntry } from "../concierge/messages";
import type { ConversationState } from "../concierge/state";
import type { ConversationDoc, ConversationsRepository, MessageDoc } from "../db/repositories/conversations";
import type { RealtimeBus } from "../platform/realtime-bus";
import { AsyncQueue } from "../platform/async-queue";
import { notFound } from "./errors";

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url")}`;
}

export function toTranscriptEntry(doc: MessageDoc): TranscriptEntry {
  return { seq: doc.seq, role: doc.role, at: doc.createdAt.toISOString(), message: doc.message as ConciergeMessage };
}

/** Conversations and their transcripts: every stored message is validated and sequenced. */
export const conversationChannel = (conversationId: string) => `conversation:${conversationId}`;

export class ConversationService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly bus: RealtimeBus,
  ) {}

  async create(sessionId: string, visitorId: string, state: ConversationState, now = new Date()): Promise<ConversationDoc> {
    return this.conversations.create({
      _id: newId("conv"),
      sessionId,
      visitorId,
      status: "open",
      lastSeq: 0,
      intents: [],
      state: state as Record<string, unknown>,
      handoff: false,
      createdAt: now,
      updatedAt: now,
    });
  }

  async bySession(sessionId: string): Promise<ConversationDoc> {
    const conversation = await this.conversations.findBySession(sessionId);
    if (!conversation) throw notFound("This conversation no longer exists. Start a new one.");
    return conversation;
  }

  byId(id: string): Promise<ConversationDoc | null> {
    return this.conversations.findById(id);
  }

  /** Appends messages after validating each against the message union (a bad one is a bug: throws). */
  async append(
    conversationId: string,
    entries: ReadonlyArray<{ role: MessageRole; message: ConciergeMessage }>,
  ): Promise<TranscriptEntry[]> {
    const validated = entries.map((e) => ({ role: e.role, message: conciergeMessageSchema.parse(e.message) as Record<string, unknown> }));
    const docs = await this.conversations.appendMessages(conversationId, validated);
    const stored = docs.map(toTranscriptEntry);
    for (const entry of stored) this.bus.publish(conversationChannel(conversationId), entry);
    return stored;
  }

  /** Delivers a stored transcript message written by another process (MongoDB change stream). */
  deliverExternal(doc: MessageDoc): void {
    this.bus.publish(conversationChannel(doc.conversationId), toTranscriptEntry(doc));
  }

  /**
   * Follows a conversation live: everything stored after `afterSeq`, then each new entry as it is
   * written (any role), in order and without duplicates, until the signal aborts.
   */
  async *follow(conversationId: string, afterSeq: number, signal?: AbortSignal): AsyncGenerator<TranscriptEntry> {
    const queue = new AsyncQueue<TranscriptEntry>();
    const unsubscribe = this.bus.subscribe(conversationChannel(conversationId), (entry) => queue.push(entry as TranscriptEntry));
    let last = afterSeq;
    try {
      for (const entry of await this.transcript(conversationId, afterSeq)) {
        last = entry.seq;
        yield entry;
      }
      for await (const entry of queue.iterate(signal)) {
        if (entry.seq <= last) continue;
        if (entry.seq > last + 1) {
          // Something arrived out of order (or from another process first): fill the gap from the store.
          for (const missed of await this.transcript(conversationId, last)) {
            if (missed.seq > last) {
              last = missed.seq;
              yield missed;
            }
          }
          continue;
        }
        last = entry.seq;
        yield entry;
      }
    } finally {
      unsubscribe();
    }
  }

  async transcript(conversationId: string, afterSeq = 0, limit = 500): Promise<TranscriptEntry[]> {
    return (await this.conversations.messagesAfter(conversationId, afterSeq, limit)).map(toTranscriptEntry);
  }

  async saveTurn(conversationId: string, state: ConversationState, intent: string | undefined): Promise<void> {
    // Cleared fields (undefined) are dropped, not stored as null.
    const stored = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    await this.conversations.update(conversationId, { state: stored, ...(intent ? { lastIntent: intent } : {}) }, intent);
  }
}
