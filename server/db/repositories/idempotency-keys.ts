import type { Collection, Db } from "mongodb";
import { COLLECTIONS, DAY_SECONDS, type IndexSpec } from "../collections";

export interface IdempotencyKeyDoc {
  _id: string; // `${scope}|${procedure}|${key}`
  requestHash: string;
  state: "in_progress" | "completed";
  response?: unknown;
  createdAt: Date;
  completedAt?: Date;
}

export const IDEMPOTENCY_TTL_SECONDS = DAY_SECONDS;

export const idempotencyKeyIndexes: IndexSpec[] = [{ key: { createdAt: 1 }, expireAfterSeconds: IDEMPOTENCY_TTL_SECONDS }];

export type BeginResult = { kind: "started" } | { kind: "existing"; doc: IdempotencyKeyDoc };

export class IdempotencyKeysRepository {
  private readonly col: Collection<IdempotencyKeyDoc>;

  constructor(db: Db) {
    this.col = db.collection<IdempotencyKeyDoc>(COLLECTIONS.idempotencyKeys);
  }

  /** Claims a key atomically: the first caller starts, later callers see the stored record. */
  async begin(id: string, requestHash: string, now = new Date()): Promise<BeginResult> {
    try {
      await this.col.insertOne({ _id: id, requestHash, state: "in_progress", createdAt: now });
      return { kind: "started" };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const doc = (await this.col.findOne({ _id: id })) as IdempotencyKeyDoc | null;
      if (!doc) return this.begin(id, requestHash, now);
      return { kind: "existing", doc };
    }
  }

  async complete(id: string, response: unknown, now = new Date()): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { state: "completed", response, completedAt: now } });
  }

  /** Forgets a claim whose operation failed, so the client may retry with the same key. */
  async release(id: string): Promise<void> {
    await this.col.deleteOne({ _id: id, state: "in_progress" });
  }
}
