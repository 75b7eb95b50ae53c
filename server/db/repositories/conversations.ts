import type { Collection, Db, Filter } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";
import type { ConversationMode } from "../../domain/conversation-mode";

export type ConversationStatus = "open" | "handed_off" | "closed";
export type MessageRole = "shopper" | "concierge" | "stylist" | "system";

export interface ConversationDoc {
  _id: string;
  sessionId: string;
  visitorId: string;
  status: ConversationStatus;
  /** Highest sequence number handed out; messages carry 1..lastSeq. */
  lastSeq: number;
  intents: string[];
  lastIntent?: string;
  /** Conversation state the engine carries between turns (last search, pending flow…). */
  state: Record<string, unknown>;
  /** Bumped by every state write (compare-and-set across processes); absent on old documents = 0. */
  stateVersion?: number;
  /** Set when a different shopper identity took over the browser: this session's tokens stop working. */
  revokedAt?: Date;
  verifiedEmailHash?: string;
  handoff: boolean;
  csatRating?: number;
  /** Who answers (absent on documents from before modes = "bot"); changed only by {@link ConversationsRepository.setMode}. */
  mode?: ConversationMode;
  modeChangedAt?: Date;
  /** The shopper's next message to the stylist gets one acknowledgement with the expected reply time. */
  replyAckDue?: boolean;
  /** Read marks: the highest sequence number each side has seen. */
  shopperSeenSeq?: number;
  stylistSeenSeq?: number;
  /** The newest stylist reply, and how many the shopper has not seen (the launcher's badge on a later visit). */
  lastStylistSeq?: number;
  shopperUnread?: number;
  /** What a stylist sees beside the ticket: the store page the shopper is on, their device. */
  context?: ShopperContext;
  createdAt: Date;
  updatedAt: Date;
}

export interface ShopperContext {
  /** Path of the store page (no query string: it may carry personal data). */
  page?: string;
  /** "Mobile · Safari · iOS" (from the User-Agent, coarse). */
  device?: string;
  updatedAt: Date;
}

export interface MessageDoc {
  _id: string; // `${conversationId}:${seq}`
  conversationId: string;
  seq: number;
  role: MessageRole;
  /** A typed concierge message (validated by the message union before it is stored). */
  message: Record<string, unknown>;
  createdAt: Date;
}

export const conversationIndexes: IndexSpec[] = [
  { key: { sessionId: 1 }, unique: true },
  // Retention: conversations whose last activity is older than the retention period.
  { key: { updatedAt: 1 } },
  // The dashboard's conversation pages sort by createdAt then _id (stable pages); one index per filter.
  { key: { createdAt: -1, _id: -1 } },
  { key: { intents: 1, createdAt: -1, _id: -1 } },
  { key: { handoff: 1, createdAt: -1, _id: -1 } },
  // The loader's config check: does this visitor have unread stylist replies or a live handoff?
  { key: { visitorId: 1, updatedAt: -1 } },
];

/**
 * A sequence number is reserved (one update) before its message is inserted (a second write), so
 * across instances seq 6 can be visible before 5. Readers therefore never skip over a missing
 * number that may still be in flight: they stop before it, and only skip it once the message after
 * it is older than this (then the insert of the missing one failed, and it never comes). Generous,
 * because writes wait out an election (~12 s) and instances' clocks differ a little.
 */
export const SEQ_GAP_GRACE_MS = 15_000;

/**
 * The messages after `afterSeq` that a reader may hand out now: in order, up to the first missing
 * sequence number that is still within the grace period.
 */
export function contiguousAfter(docs: readonly MessageDoc[], afterSeq: number, now: number, graceMs = SEQ_GAP_GRACE_MS): MessageDoc[] {
  const out: MessageDoc[] = [];
  let expected = afterSeq + 1;
  for (const doc of docs) {
    if (doc.seq < expected) continue;
    if (doc.seq > expected && now - doc.createdAt.getTime() < graceMs) break;
    out.push(doc);
    expected = doc.seq + 1;
  }
  return out;
}

export const messageIndexes: IndexSpec[] = [{ key: { conversationId: 1, seq: 1 }, unique: true }];

export interface ConversationListFilter {
  intent?: string;
  handoff?: boolean;
  csat?: "low" | "high" | "none";
  since?: Date;
  until?: Date;
}

export class ConversationsRepository {
  private readonly col: Collection<ConversationDoc>;
  private readonly messages: Collection<MessageDoc>;

  constructor(db: Db) {
    this.col = db.collection<ConversationDoc>(COLLECTIONS.conversations);
    this.messages = db.collection<MessageDoc>(COLLECTIONS.conversationMessages);
  }

  async create(doc: ConversationDoc): Promise<ConversationDoc> {
    await this.col.insertOne(doc);
    return doc;
  }

  /** A new conversation that starts with `entries` (seq 1…n, counted in its `lastSeq`): no separate reservation. */
  async createWithMessages(
    doc: ConversationDoc,
    entries: ReadonlyArray<{ role: MessageRole; message: Record<string, unknown> }>,
  ): Promise<{ conversation: ConversationDoc; messages: MessageDoc[] }> {
    const conversation = { ...doc, lastSeq: entries.length };
    await this.col.insertOne(conversation);
    return { conversation, messages: await this.insertReserved(conversation._id, entries.length, entries) };
  }

  async findById(id: string): Promise<ConversationDoc | null> {
    return (await this.col.findOne({ _id: id })) as ConversationDoc | null;
  }

  async findBySession(sessionId: string): Promise<ConversationDoc | null> {
    return (await this.col.findOne({ sessionId })) as ConversationDoc | null;
  }

  /** Sets fields on a conversation (never its state: see {@link compareAndSetState}); returns the updated document. */
  async update(
    id: string,
    set: Partial<Omit<ConversationDoc, "_id" | "lastSeq" | "intents" | "state" | "stateVersion">>,
  ): Promise<ConversationDoc | null> {
    return (await this.col.findOneAndUpdate(
      { _id: id },
      { $set: { ...set, updatedAt: new Date() } },
      { returnDocument: "after" },
    )) as ConversationDoc | null;
  }

  /**
   * Writes a new state only if nobody else wrote one since `expectedVersion` was read (one atomic
   * update). Returns the written state and version (only those: the document is not copied back), or
   * null when the version moved on (the caller re-reads and retries). An intent is recorded once per
   * conversation (a set, not an ever-growing list).
   */
  async compareAndSetState(
    id: string,
    expectedVersion: number,
    state: Record<string, unknown>,
    intent?: string,
  ): Promise<Pick<ConversationDoc, "_id" | "state" | "stateVersion"> | null> {
    const versionFilter = expectedVersion === 0 ? { stateVersion: { $in: [0, null] } } : { stateVersion: expectedVersion };
    const update: Record<string, unknown> = {
      $set: { state, stateVersion: expectedVersion + 1, updatedAt: new Date(), ...(intent ? { lastIntent: intent } : {}) },
    };
    if (intent) update.$addToSet = { intents: intent };
    return (await this.col.findOneAndUpdate({ _id: id, ...versionFilter } as Filter<ConversationDoc>, update, {
      returnDocument: "after",
      projection: { state: 1, stateVersion: 1 },
    })) as Pick<ConversationDoc, "_id" | "state" | "stateVersion"> | null;
  }

  /**
   * Moves a conversation to `to` if its mode is one of `from` (absent counts as "bot"): one atomic
   * update, so two instances racing (a reply and a resolve) never both win. Returns the updated
   * document, or null when the mode was not one of `from`.
   */
  async setMode(
    id: string,
    from: readonly ConversationMode[],
    to: ConversationMode,
    extra: { replyAckDue?: boolean } = {},
    now = new Date(),
  ): Promise<ConversationDoc | null> {
    const modes: Array<ConversationMode | null> = from.includes("bot") ? [...from, null] : [...from];
    return (await this.col.findOneAndUpdate(
      { _id: id, mode: { $in: modes } } as Filter<ConversationDoc>,
      { $set: { mode: to, modeChangedAt: now, updatedAt: now, ...extra } },
      { returnDocument: "after" },
    )) as ConversationDoc | null;
  }

  /** Takes the one acknowledgement the shopper is owed (true for exactly one caller). */
  async claimReplyAck(id: string): Promise<boolean> {
    const doc = await this.col.findOneAndUpdate(
      { _id: id, replyAckDue: true },
      { $set: { replyAckDue: false } },
      { returnDocument: "after" },
    );
    return doc !== null;
  }

  /** A stylist replied with message `seq`: one more reply the shopper has not seen. */
  async noteStylistReply(id: string, seq: number): Promise<void> {
    await this.col.updateOne({ _id: id }, { $inc: { shopperUnread: 1 }, $max: { lastStylistSeq: seq } });
  }

  /**
   * One side has seen the conversation up to `seq` (read marks only move forward). When the shopper
   * has seen the newest stylist reply, nothing is unread any more. Returns the document afterwards.
   */
  async markSeen(id: string, by: "shopper" | "stylist", seq: number): Promise<ConversationDoc | null> {
    const field = by === "shopper" ? "shopperSeenSeq" : "stylistSeenSeq";
    const doc = (await this.col.findOneAndUpdate(
      { _id: id },
      { $max: { [field]: seq } },
      { returnDocument: "after" },
    )) as ConversationDoc | null;
    if (doc && by === "shopper" && (doc.shopperUnread ?? 0) > 0 && (doc.lastStylistSeq ?? 0) <= seq) {
      await this.col.updateOne({ _id: id, lastStylistSeq: { $lte: seq } }, { $set: { shopperUnread: 0 } });
      return { ...doc, shopperUnread: 0 };
    }
    return doc;
  }

  async setContext(id: string, context: ShopperContext): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { context } });
  }

  /** The visitor's latest conversation with unread stylist replies or a live handoff, if any. */
  async handoffForVisitor(visitorId: string): Promise<{ unread: number; live: boolean } | null> {
    const doc = (await this.col.findOne(
      {
        visitorId,
        revokedAt: { $exists: false },
        $or: [{ shopperUnread: { $gt: 0 } }, { mode: { $in: ["waiting_for_human", "human"] } }],
      } as Filter<ConversationDoc>,
      { sort: { updatedAt: -1 }, projection: { shopperUnread: 1, mode: 1 } },
    )) as Pick<ConversationDoc, "shopperUnread" | "mode"> | null;
    if (!doc) return null;
    return { unread: doc.shopperUnread ?? 0, live: doc.mode === "waiting_for_human" || doc.mode === "human" };
  }

  /** Marks a session as taken over by another identity: its tokens stop working. */
  async revoke(id: string, at = new Date()): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { revokedAt: at, updatedAt: at } });
  }

  /**
   * Appends messages with the next sequence numbers. The counter is reserved atomically first,
   * so concurrent appends never share a number; a failed insert leaves a gap, never a duplicate.
   */
  async appendMessages(
    conversationId: string,
    entries: ReadonlyArray<{ role: MessageRole; message: Record<string, unknown> }>,
  ): Promise<MessageDoc[]> {
    if (entries.length === 0) return [];
    const reserved = (await this.col.findOneAndUpdate(
      { _id: conversationId },
      { $inc: { lastSeq: entries.length }, $set: { updatedAt: new Date() } },
      { returnDocument: "after", projection: { lastSeq: 1 } },
    )) as ConversationDoc | null;
    if (!reserved) throw new Error(`conversation ${conversationId} does not exist`);
    return this.insertReserved(conversationId, reserved.lastSeq, entries);
  }

  /**
   * A turn's end in one conversation update: reserves the answer's sequence numbers and writes the new
   * state, only if nobody wrote a state since `expectedVersion` (as {@link compareAndSetState}); then
   * stores the messages. Null, having written nothing, when the version moved on (the caller appends
   * and writes the state separately, re-reading the state).
   */
  async appendMessagesWithState(
    conversationId: string,
    entries: ReadonlyArray<{ role: MessageRole; message: Record<string, unknown> }>,
    expectedVersion: number,
    state: Record<string, unknown>,
    intent?: string,
  ): Promise<{ messages: MessageDoc[] } | null> {
    const versionFilter = expectedVersion === 0 ? { stateVersion: { $in: [0, null] } } : { stateVersion: expectedVersion };
    const now = new Date();
    const update: Record<string, unknown> = {
      $inc: { lastSeq: entries.length },
      $set: { state, stateVersion: expectedVersion + 1, updatedAt: now, ...(intent ? { lastIntent: intent } : {}) },
    };
    if (intent) update.$addToSet = { intents: intent };
    // Only the reserved sequence numbers come back (the state just written is the caller's: no copy of it).
    const written = (await this.col.findOneAndUpdate({ _id: conversationId, ...versionFilter } as Filter<ConversationDoc>, update, {
      returnDocument: "after",
      projection: { lastSeq: 1 },
    })) as Pick<ConversationDoc, "_id" | "lastSeq"> | null;
    if (!written) return null;
    return { messages: await this.insertReserved(conversationId, written.lastSeq, entries) };
  }

  /** Stores messages under sequence numbers already reserved: the last of them is `lastSeq`. */
  private async insertReserved(
    conversationId: string,
    lastSeq: number,
    entries: ReadonlyArray<{ role: MessageRole; message: Record<string, unknown> }>,
  ): Promise<MessageDoc[]> {
    if (entries.length === 0) return [];
    const first = lastSeq - entries.length + 1;
    const now = new Date();
    const docs: MessageDoc[] = entries.map((e, i) => ({
      _id: `${conversationId}:${first + i}`,
      conversationId,
      seq: first + i,
      role: e.role,
      message: e.message,
      createdAt: now,
    }));
    await this.messages.insertMany(docs);
    return docs;
  }

  /**
   * Stored messages after `afterSeq`, in order and without skipping a sequence number another
   * instance may still be inserting ({@link contiguousAfter}).
   */
  async messagesAfter(conversationId: string, afterSeq: number, limit = 500, now = Date.now()): Promise<MessageDoc[]> {
    const docs = (await this.messages
      .find({ conversationId, seq: { $gt: afterSeq } }, { sort: { seq: 1 }, limit })
      .toArray()) as MessageDoc[];
    return contiguousAfter(docs, afterSeq, now);
  }

  /**
   * The newest `limit` stored messages, oldest first (a sorted, limited read: the prompt's history and
   * a resumed transcript), ending before a sequence number another instance may still be inserting.
   */
  async latestMessages(conversationId: string, limit: number, options: { throughSeq?: number; now?: number } = {}): Promise<MessageDoc[]> {
    const now = options.now ?? Date.now();
    const byId = options.throughSeq === undefined ? null : await this.messagesThrough(conversationId, options.throughSeq, limit);
    const docs = byId ?? ((await this.messages.find({ conversationId }, { sort: { seq: -1 }, limit }).toArray()) as MessageDoc[]).reverse();
    return docs.length ? contiguousAfter(docs, docs[0]!.seq - 1, now) : docs;
  }

  /**
   * The `limit` messages up to and including `throughSeq` (a conversation's `lastSeq`, or the seq before a
   * turn's own), read by their ids (`<conversationId>:<seq>`: an _id lookup per message, whatever the
   * conversation's length), oldest first. Null when any is missing (not inserted yet, or stored under
   * another id): the caller falls back to the sorted query.
   */
  private async messagesThrough(conversationId: string, throughSeq: number, limit: number): Promise<MessageDoc[] | null> {
    const from = Math.max(1, throughSeq - limit + 1);
    if (throughSeq < from) return [];
    const ids: string[] = [];
    for (let seq = from; seq <= throughSeq; seq++) ids.push(`${conversationId}:${seq}`);
    const docs = (await this.messages.find({ _id: { $in: ids } }).toArray()) as MessageDoc[];
    if (docs.length !== ids.length || docs.some((d) => d.conversationId !== conversationId)) return null;
    return docs.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Engaged conversations (at least one shopper message) in a window, and how they ended:
   * handed off, rated 1–2, or resolved by the concierge alone (neither).
   */
  async resolutionStats(since: Date, until: Date): Promise<{ engaged: number; handoffs: number; negative: number; automated: number }> {
    const [row] = await this.col
      .aggregate<{ engaged: number; handoffs: number; negative: number; automated: number }>([
        { $match: { createdAt: { $gte: since, $lt: until }, lastSeq: { $gte: 2 } } },
        {
          $group: {
            _id: null,
            engaged: { $sum: 1 },
            handoffs: { $sum: { $cond: [{ $eq: ["$handoff", true] }, 1, 0] } },
            negative: { $sum: { $cond: [{ $lte: [{ $ifNull: ["$csatRating", 99] }, 2] }, 1, 0] } },
            automated: {
              $sum: { $cond: [{ $and: [{ $ne: ["$handoff", true] }, { $gt: [{ $ifNull: ["$csatRating", 99] }, 2] }] }, 1, 0] },
            },
          },
        },
        { $project: { _id: 0, engaged: 1, handoffs: 1, negative: 1, automated: 1 } },
      ])
      .toArray();
    return row ?? { engaged: 0, handoffs: 0, negative: 0, automated: 0 };
  }

  /**
   * One shopper's conversations: those where they proved an email (order lookups, identity
   * tokens), that concern their orders, or that belong to one of their sessions or ids.
   */
  async findForShopper(q: { emailHash: string; orderNumbers: string[]; sessionIds: string[]; ids: string[] }): Promise<ConversationDoc[]> {
    const or: Filter<ConversationDoc>[] = [
      { verifiedEmailHash: q.emailHash },
      { "state.identityEmailHash": q.emailHash },
      { "state.verifiedOrders.emailHash": q.emailHash },
    ];
    if (q.orderNumbers.length) or.push({ "state.verifiedOrders.orderNumber": { $in: q.orderNumbers } });
    if (q.sessionIds.length) or.push({ sessionId: { $in: q.sessionIds } });
    if (q.ids.length) or.push({ _id: { $in: q.ids } });
    return (await this.col.find({ $or: or }, { sort: { createdAt: 1 } }).toArray()) as ConversationDoc[];
  }

  /** Every message of the given conversations, in order. */
  async messagesOf(conversationIds: readonly string[]): Promise<MessageDoc[]> {
    if (conversationIds.length === 0) return [];
    return (await this.messages
      .find({ conversationId: { $in: [...conversationIds] } }, { sort: { conversationId: 1, seq: 1 } })
      .toArray()) as MessageDoc[];
  }

  /** Deletes conversations and their messages (messages first, so a crash never orphans them). */
  async deleteWithMessages(ids: readonly string[]): Promise<{ conversations: number; messages: number }> {
    if (ids.length === 0) return { conversations: 0, messages: 0 };
    const messages = (await this.messages.deleteMany({ conversationId: { $in: [...ids] } })).deletedCount;
    const conversations = (await this.col.deleteMany({ _id: { $in: [...ids] } })).deletedCount;
    return { conversations, messages };
  }

  /** Ids of conversations with no activity since `cutoff` (oldest first), for retention. */
  async idsInactiveSince(cutoff: Date, limit: number): Promise<string[]> {
    const docs = await this.col.find({ updatedAt: { $lt: cutoff } }, { projection: { _id: 1 }, sort: { updatedAt: 1 }, limit }).toArray();
    return docs.map((d) => d._id);
  }

  async list(filter: ConversationListFilter, limit: number, skip = 0): Promise<ConversationDoc[]> {
    const query: Filter<ConversationDoc> = {};
    if (filter.intent) query.intents = filter.intent;
    if (filter.handoff !== undefined) query.handoff = filter.handoff;
    if (filter.csat === "low") query.csatRating = { $lte: 2 };
    if (filter.csat === "high") query.csatRating = { $gte: 3 };
    if (filter.csat === "none") query.csatRating = { $exists: false };
    if (filter.since || filter.until) {
      query.createdAt = {
        ...(filter.since ? { $gte: filter.since } : {}),
        ...(filter.until ? { $lt: filter.until } : {}),
      };
    }
    return (await this.col.find(query, { sort: { createdAt: -1, _id: -1 }, skip, limit }).toArray()) as ConversationDoc[];
  }
}
