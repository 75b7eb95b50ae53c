import type { Collection, Db, Filter } from "mongodb";
import type { EncryptedValue } from "../../platform/crypto";
import { isDuplicateKeyError } from "../errors";
import { COLLECTIONS, DAY_SECONDS, type IndexSpec } from "../collections";

export type NotificationStatus = "pending" | "sending" | "sent" | "skipped" | "failed";

/**
 * One email to send, and its send record. The id is deterministic (`reply:<conversation>:<seq>`), so
 * queueing the same reply twice queues it once, and the transport is told the same id on every attempt
 * (the file transport writes `<id>.eml` at most once; SMTP gets it as the Message-ID).
 */
export interface NotificationDoc {
  _id: string;
  kind: "stylist_reply";
  conversationId: string;
  ticketId: string;
  /** The reply's sequence number. */
  seq: number;
  /** The shopper's email and name, encrypted like every contact detail. */
  to: EncryptedValue;
  toName: EncryptedValue;
  status: NotificationStatus;
  /** Not before: the shopper may read the reply in the chat first. */
  dueAt: Date;
  attempts: number;
  /** While an attempt runs (a crashed attempt is taken over once this has passed). */
  leaseUntil?: Date;
  /** Why it was skipped ("seen", "superseded", "no_consent", "gone") or the last failure (a code, never an address). */
  outcome?: string;
  messageId?: string;
  sentAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** Send records are kept this long (then a TTL index removes them). */
export const NOTIFICATION_RETENTION_DAYS = 30;

export const notificationOutboxIndexes: IndexSpec[] = [
  { key: { status: 1, dueAt: 1 } },
  { key: { conversationId: 1, seq: 1 } },
  { key: { createdAt: 1 }, expireAfterSeconds: NOTIFICATION_RETENTION_DAYS * DAY_SECONDS },
];

export class NotificationOutboxRepository {
  private readonly col: Collection<NotificationDoc>;

  constructor(db: Db) {
    this.col = db.collection<NotificationDoc>(COLLECTIONS.notificationOutbox);
  }

  /** Queues a notification; false when one with that id exists already (nothing changes). */
  async enqueue(doc: NotificationDoc): Promise<boolean> {
    try {
      await this.col.insertOne(doc);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  findById(id: string): Promise<NotificationDoc | null> {
    return this.col.findOne({ _id: id }) as Promise<NotificationDoc | null>;
  }

  /**
   * Takes the next due notification for one attempt (atomic across instances): a pending one, or one
   * whose previous attempt's lease ran out (its process died mid-send). Returns it with its attempt number.
   */
  async claimDue(now: Date, leaseMs: number): Promise<NotificationDoc | null> {
    return (await this.col.findOneAndUpdate(
      {
        dueAt: { $lte: now },
        $or: [{ status: "pending" }, { status: "sending", leaseUntil: { $lte: now } }],
      } as Filter<NotificationDoc>,
      { $set: { status: "sending", leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now }, $inc: { attempts: 1 } },
      { sort: { dueAt: 1 }, returnDocument: "after" },
    )) as NotificationDoc | null;
  }

  /**
   * Records the end of attempt `attempt`: only if no later attempt took over (a stale attempt never
   * overwrites the record). Returns whether it was recorded.
   */
  async finish(
    id: string,
    attempt: number,
    result:
      | { status: "sent"; messageId: string; at: Date }
      | { status: "skipped" | "failed"; outcome: string; at: Date }
      | { status: "pending"; outcome: string; retryAt: Date; at: Date },
  ): Promise<boolean> {
    const set: Record<string, unknown> = { status: result.status, updatedAt: result.at };
    if (result.status === "sent") Object.assign(set, { messageId: result.messageId, sentAt: result.at });
    else set.outcome = result.outcome;
    if (result.status === "pending") set.dueAt = result.retryAt;
    const res = await this.col.updateOne({ _id: id, attempts: attempt, status: "sending" }, { $set: set, $unset: { leaseUntil: "" } });
    return res.modifiedCount === 1;
  }

  /** A later reply of the same conversation is queued too (its email will carry this one). */
  async hasLaterPending(conversationId: string, seq: number): Promise<boolean> {
    return (
      (await this.col.countDocuments({ conversationId, seq: { $gt: seq }, status: { $in: ["pending", "sending"] } }, { limit: 1 })) > 0
    );
  }

  /** Erasure: a shopper's queued and sent notifications. */
  async deleteByConversations(conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    return (await this.col.deleteMany({ conversationId: { $in: [...conversationIds] } })).deletedCount;
  }

  findByConversations(conversationIds: readonly string[]): Promise<NotificationDoc[]> {
    if (conversationIds.length === 0) return Promise.resolve([]);
    return this.col.find({ conversationId: { $in: [...conversationIds] } }, { sort: { createdAt: 1 } }).toArray() as Promise<
      NotificationDoc[]
    >;
  }
}
