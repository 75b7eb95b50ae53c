import { randomBytes } from "node:crypto";
import { conciergeMessageSchema, type ConciergeMessage, type MessageRole, type TranscriptEntry } from "../concierge/messages";
import type { ConversationState } from "../concierge/state";
import type { ConversationDoc, ConversationsRepository, MessageDoc } from "../db/repositories/conversations";
import { notFound } from "./errors";

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url")}`;
}

export function toTranscriptEntry(doc: MessageDoc): TranscriptEntry {
  return { seq: doc.seq, role: doc.role, at: doc.createdAt.toISOString(), message: doc.message as ConciergeMessage };
}

/** Conversations and their transcripts: every stored message is validated and sequenced. */
export class ConversationService {
  constructor(private readonly conversations: ConversationsRepository) {}

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
  async append(conversationId: string, entries: ReadonlyArray<{ role: MessageRole; message: ConciergeMessage }>): Promise<TranscriptEntry[]> {
    const validated = entries.map((e) => ({ role: e.role, message: conciergeMessageSchema.parse(e.message) as Record<string, unknown> }));
    const docs = await this.conversations.appendMessages(conversationId, validated);
    return docs.map(toTranscriptEntry);
  }

  async transcript(conversationId: string, afterSeq = 0, limit = 500): Promise<TranscriptEntry[]> {
    return (await this.conversations.messagesAfter(conversationId, afterSeq, limit)).map(toTranscriptEntry);
  }

  async saveTurn(conversationId: string, state: ConversationState, intent: string | undefined): Promise<void> {
    // Cleared fields (undefined) are dropped, not stored as null.
    const stored = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    await this.conversations.update(
      conversationId,
      { state: stored, ...(intent ? { lastIntent: intent } : {}) },
      intent,
    );
  }
}
