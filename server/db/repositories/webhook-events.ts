import type { Collection, Db } from "mongodb";
import { isDuplicateKeyError } from "../errors";
import { COLLECTIONS, DAY_SECONDS, type IndexSpec } from "../collections";

/** A webhook delivery already applied (replay protection); kept longer than the timestamp tolerance. */
export interface WebhookEventDoc {
  _id: string; // the sender's event id
  type: string;
  receivedAt: Date;
}

export const WEBHOOK_EVENT_RETENTION_DAYS = 7;

export const webhookEventIndexes: IndexSpec[] = [
  { key: { receivedAt: 1 }, expireAfterSeconds: WEBHOOK_EVENT_RETENTION_DAYS * DAY_SECONDS },
];

export class WebhookEventsRepository {
  private readonly col: Collection<WebhookEventDoc>;

  constructor(db: Db) {
    this.col = db.collection<WebhookEventDoc>(COLLECTIONS.webhookEvents);
  }

  /** Claims an event id: true the first time (on every instance at once, only one wins), false for a replay. */
  async claim(id: string, type: string, now = new Date()): Promise<boolean> {
    try {
      await this.col.insertOne({ _id: id, type, receivedAt: now });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Gives a claim back when applying the event failed, so the sender's retry is applied. */
  async release(id: string): Promise<void> {
    await this.col.deleteOne({ _id: id });
  }
}
