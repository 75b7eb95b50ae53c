import { randomId } from "../platform/random-id";
import { conciergeMessageSchema, type ConciergeMessage, type MessageRole, type TranscriptEntry } from "../concierge/messages";
import type { ConversationState } from "../domain/conversation-state";
import type { PresenceEvent } from "../domain/conversation-mode";
import { KeyedLock } from "../platform/keyed-lock";
import type { ConversationDoc, ConversationsRepository, MessageDoc, ShopperContext } from "../db/repositories/conversations";
import type { RealtimeBus } from "../platform/realtime-bus";
import { AsyncQueue } from "../platform/async-queue";
import { notFound, unauthenticated } from "./errors";

export function newId(prefix: string): string {
  return `${prefix}_${randomId(12)}`;
}

export function toTranscriptEntry(doc: MessageDoc): TranscriptEntry {
  return { seq: doc.seq, role: doc.role, at: doc.createdAt.toISOString(), message: doc.message as ConciergeMessage };
}

/** Conversations and their transcripts: every stored message is validated and sequenced. */
export const conversationChannel = (conversationId: string) => `conversation:${conversationId}`;

/** Typing and read receipts of a conversation (never stored on this channel). */
export const presenceChannel = (conversationId: string) => `presence:${conversationId}`;

/** What a live follower receives: transcript entries, and presence from the other side. */
export type LiveEvent = TranscriptEntry | PresenceEvent;

/** Top-level state fields a turn changed, applied on top of whatever the state is now. */
export function stateChanges(before: ConversationState, after: ConversationState): (current: ConversationState) => ConversationState {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof ConversationState>;
  // A value the turn kept (the same object, as a spread leaves it) is unchanged without comparing its JSON.
  const changed = [...keys].filter((key) => before[key] !== after[key] && JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return (current) => {
    const next: Record<string, unknown> = { ...current };
    for (const key of changed) {
      if (after[key] === undefined) delete next[key];
      else next[key] = after[key];
    }
    return next as ConversationState;
  };
}

const STATE_WRITE_ATTEMPTS = 8;

/** Messages checked against the message union before anything is written (a bad one is a bug: throws). */
function validated(entries: ReadonlyArray<{ role: MessageRole; message: ConciergeMessage }>) {
  return entries.map((e) => ({ role: e.role, message: conciergeMessageSchema.parse(e.message) as Record<string, unknown> }));
}

/** Bus channel on which every follower re-reads the store. */
const RESYNC_CHANNEL = "conversations:resync";

export class ConversationService {
  /** Serialises state writes per conversation in this process (compare-and-set covers the others). */
  private readonly stateLock = new KeyedLock();

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly bus: RealtimeBus,
  ) {}

  /** A new conversation and its opening messages (a greeting), written without a separate sequence reservation. */
  async createWithOpening(
    sessionId: string,
    visitorId: string,
    opening: ReadonlyArray<{ role: MessageRole; message: ConciergeMessage }>,
    now = new Date(),
    context?: ShopperContext,
  ): Promise<{ conversation: ConversationDoc; entries: TranscriptEntry[] }> {
    const messages = validated(opening);
    const created = await this.conversations.createWithMessages(this.newConversation(sessionId, visitorId, now, context), messages);
    return { conversation: created.conversation, entries: this.published(created.conversation._id, created.messages) };
  }

  private newConversation(sessionId: string, visitorId: string, now: Date, context: ShopperContext | undefined): ConversationDoc {
    return {
      _id: newId("conv"),
      sessionId,
      visitorId,
      status: "open",
      lastSeq: 0,
      intents: [],
      state: {},
      handoff: false,
      ...(context ? { context } : {}),
      createdAt: now,
      updatedAt: now,
    };
  }

  async bySession(sessionId: string): Promise<ConversationDoc> {
    const conversation = await this.conversations.findBySession(sessionId);
    if (!conversation) throw notFound("This conversation no longer exists. Start a new one.");
    // A session another shopper's sign-in took over: its old tokens stop working (the widget starts afresh).
    if (conversation.revokedAt) throw unauthenticated("This conversation ended because another shopper signed in on this browser.");
    return conversation;
  }

  /** Ends a session's access: its session and resume tokens stop working. */
  revoke(conversationId: string): Promise<void> {
    return this.conversations.revoke(conversationId);
  }

  byId(id: string): Promise<ConversationDoc | null> {
    return this.conversations.findById(id);
  }

  /** Records where the shopper is (the store page, their device) for the stylist's view. */
  setContext(id: string, context: ShopperContext): Promise<void> {
    return this.conversations.setContext(id, context);
  }

  /** Appends messages after validating each against the message union (a bad one is a bug: throws). */
  async append(
    conversationId: string,
    entries: ReadonlyArray<{ role: MessageRole; message: ConciergeMessage }>,
  ): Promise<TranscriptEntry[]> {
    const docs = await this.conversations.appendMessages(conversationId, validated(entries));
    return this.published(conversationId, docs);
  }

  /**
   * A turn's answer and what the turn changed in the state, stored together: when nobody wrote the
   * state since `known` was read, one conversation update reserves the answer's sequence numbers and
   * writes the state (then the messages are stored); otherwise the answer is appended and the changes
   * are applied on top of the current state, as {@link applyTurn} does.
   */
  async appendTurn(
    conversationId: string,
    entries: ReadonlyArray<{ role: MessageRole; message: ConciergeMessage }>,
    change: { before: ConversationState; after: ConversationState; intent: string | undefined; known: ConversationDoc },
  ): Promise<TranscriptEntry[]> {
    const messages = validated(entries);
    const { before, after, intent, known } = change;
    const together = await this.stateLock.run(conversationId, async () => {
      if (known._id !== conversationId) return null;
      const next = JSON.parse(JSON.stringify(stateChanges(before, after)(known.state as ConversationState))) as Record<string, unknown>;
      return this.conversations.appendMessagesWithState(conversationId, messages, known.stateVersion ?? 0, next, intent);
    });
    if (together) return this.published(conversationId, together.messages);
    const appended = await this.published(conversationId, await this.conversations.appendMessages(conversationId, messages));
    await this.applyTurn(conversationId, before, after, intent);
    return appended;
  }

  private published(conversationId: string, docs: readonly MessageDoc[]): TranscriptEntry[] {
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
   * written (any role), in order, without duplicates and without skipping one, until the signal
   * aborts. Another instance may make seq 6 visible before 5 (the number is reserved, then
   * inserted): an entry past the next expected one is held back, the store is re-read (it hands out
   * only the contiguous part) and re-read every `gapPollMs` until the missing entry arrives or its
   * grace period shows its insert failed (see ConversationsRepository.messagesAfter). A feed that
   * lost events (a change stream reopened without its resume token) publishes a resync.
   */
  async *follow(conversationId: string, afterSeq: number, signal?: AbortSignal, gapPollMs = 1_000): AsyncGenerator<TranscriptEntry> {
    const queue = new AsyncQueue<TranscriptEntry | "resync">();
    const unsubscribe = this.bus.subscribe(conversationChannel(conversationId), (entry) => queue.push(entry as TranscriptEntry));
    const unsubscribeResync = this.bus.subscribe(RESYNC_CHANNEL, () => queue.push("resync"));
    let last = afterSeq;
    let highestSeen = afterSeq;
    let poll: NodeJS.Timeout | undefined;
    const readStore = async () => (await this.transcript(conversationId, last)).filter((e) => e.seq > last);
    try {
      for (const entry of await readStore()) {
        last = entry.seq;
        yield entry;
      }
      for await (const item of queue.iterate(signal)) {
        if (item !== "resync") {
          if (item.seq <= last) continue;
          highestSeen = Math.max(highestSeen, item.seq);
          if (item.seq === last + 1) {
            last = item.seq;
            yield item;
          }
        }
        if (item === "resync" || highestSeen > last) {
          for (const missed of await readStore()) {
            last = missed.seq;
            yield missed;
          }
          highestSeen = Math.max(highestSeen, last);
          clearTimeout(poll);
          // Still a hole: look again shortly (the missing entry may never be published to this process).
          if (highestSeen > last) poll = setTimeout(() => queue.push("resync"), gapPollMs).unref();
        }
      }
    } finally {
      clearTimeout(poll);
      unsubscribe();
      unsubscribeResync();
    }
  }

  /** Publishes typing or a read receipt to whoever follows the conversation live in this process. */
  publishPresence(conversationId: string, event: PresenceEvent): void {
    this.bus.publish(presenceChannel(conversationId), event);
  }

  /**
   * {@link follow}, plus the other side's presence: the widget (`side` "shopper") sees the stylist
   * typing and reading, the ticket view (`side` "stylist") sees the shopper's.
   */
  async *followLive(
    conversationId: string,
    afterSeq: number,
    side: "shopper" | "stylist",
    signal?: AbortSignal,
  ): AsyncGenerator<LiveEvent> {
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const queue = new AsyncQueue<LiveEvent>();
    const off = this.bus.subscribe(presenceChannel(conversationId), (payload) => {
      const event = payload as PresenceEvent;
      const from = event.presence === "typing" ? event.from : event.by;
      if (from !== side) queue.push(event);
    });
    const pump = (async () => {
      try {
        for await (const entry of this.follow(conversationId, afterSeq, stop.signal)) queue.push(entry);
        queue.end();
      } catch (error) {
        queue.fail(error);
      }
    })();
    try {
      yield* queue.iterate(stop.signal);
    } finally {
      off();
      stop.abort();
      signal?.removeEventListener("abort", onAbort);
      await pump;
    }
  }

  /** Tells every follower in this process to re-read the store (the live feed may have missed entries). */
  resyncFollowers(): void {
    this.bus.publish(RESYNC_CHANNEL, null);
  }

  async transcript(conversationId: string, afterSeq = 0, limit = 500): Promise<TranscriptEntry[]> {
    return (await this.conversations.messagesAfter(conversationId, afterSeq, limit)).map(toTranscriptEntry);
  }

  /**
   * The newest `limit` entries of a conversation, oldest first (history for a prompt, a resumed
   * transcript); up to `throughSeq` when the caller knows it (read by id: the cost does not grow with the conversation).
   */
  async latestTranscript(conversationId: string, limit = 500, throughSeq?: number): Promise<TranscriptEntry[]> {
    return (await this.conversations.latestMessages(conversationId, limit, throughSeq === undefined ? {} : { throughSeq })).map(
      toTranscriptEntry,
    );
  }

  /**
   * The one way conversation state changes: `change` gets the CURRENT state and returns the next;
   * the write is atomic (a per-conversation lock here, compare-and-set on a version across
   * processes, retried on a lost race), so a chat turn never overwrites a concurrent identify or
   * order verification. Cleared fields (undefined) are dropped, not stored as null.
   */
  async updateState(
    conversationId: string,
    change: (current: ConversationState) => ConversationState,
    intent?: string,
    /** The conversation as the caller just read it: the first attempt starts from it instead of a read (a lost race re-reads). */
    known?: ConversationDoc,
  ): Promise<ConversationState> {
    return this.stateLock.run(conversationId, async () => {
      for (let attempt = 0; attempt < STATE_WRITE_ATTEMPTS; attempt++) {
        const doc = attempt === 0 && known?._id === conversationId ? known : await this.conversations.findById(conversationId);
        if (!doc) throw notFound("This conversation no longer exists. Start a new one.");
        const next = JSON.parse(JSON.stringify(change(doc.state as ConversationState))) as Record<string, unknown>;
        const written = await this.conversations.compareAndSetState(conversationId, doc.stateVersion ?? 0, next, intent);
        if (written) return written.state as ConversationState;
      }
      throw new Error(`conversation ${conversationId}: state kept changing underneath ${STATE_WRITE_ATTEMPTS} attempts`);
    });
  }

  /** Stores what a turn changed (relative to the state it started from) on top of the current state. */
  applyTurn(
    conversationId: string,
    before: ConversationState,
    after: ConversationState,
    intent: string | undefined,
    known?: ConversationDoc,
  ): Promise<ConversationState> {
    return this.updateState(conversationId, stateChanges(before, after), intent, known);
  }
}
