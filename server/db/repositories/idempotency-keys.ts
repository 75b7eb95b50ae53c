import type { Collection, Db } from "mongodb";
import { COLLECTIONS, DAY_SECONDS, type IndexSpec } from "../collections";

export interface IdempotencyKeyDoc {
  _id: string; // a hash of scope, procedure and key
  /** Whose key it is (`staff:…`, `session:…`, `ip:…`), so one shopper's records can be found and erased. */
  scope?: string;
  requestHash: string;
  state: "in_progress" | "completed";
  /**
   * While in progress: which run holds the key (1, 2, …) and until when. A process that crashed
   * mid-request leaves its record behind; once the lease has passed, one retry takes the key over.
   */
  attempt?: number;
  leaseExpiresAt?: Date;
  response?: unknown;
  createdAt: Date;
  completedAt?: Date;
}

export const IDEMPOTENCY_TTL_SECONDS = DAY_SECONDS;

export const idempotencyKeyIndexes: IndexSpec[] = [{ key: { createdAt: 1 }, expireAfterSeconds: IDEMPOTENCY_TTL_SECONDS }];

/** `started`: this caller runs the operation as run `attempt` and must complete or release it. */
export type BeginResult = { kind: "started"; attempt: number } | { kind: "existing"; doc: IdempotencyKeyDoc };

export interface BeginOptions {
  /** How long an in-progress claim holds before a retry may take it over. */
  leaseMs: number;
  scope?: string;
}

function leaseExpired(doc: IdempotencyKeyDoc, leaseMs: number, now: Date): boolean {
  // Records written before leases existed count from their creation.
  const until = doc.leaseExpiresAt ?? new Date(doc.createdAt.getTime() + leaseMs);
  return until.getTime() <= now.getTime();
}

export class IdempotencyKeysRepository {
  private readonly col: Collection<IdempotencyKeyDoc>;

  constructor(db: Db) {
    this.col = db.collection<IdempotencyKeyDoc>(COLLECTIONS.idempotencyKeys);
  }

  /**
   * Claims a key atomically: the first caller starts; later callers see the stored record, except
   * that a retry with the same body after an abandoned run's lease has expired takes the key over.
   * The take-over is a compare-and-set on the run number, so exactly one of several racing retries wins.
   */
  async begin(id: string, requestHash: string, options: BeginOptions, now = new Date()): Promise<BeginResult> {
    const leaseExpiresAt = new Date(now.getTime() + options.leaseMs);
    try {
      await this.col.insertOne({
        _id: id,
        ...(options.scope ? { scope: options.scope } : {}),
        requestHash,
        state: "in_progress",
        attempt: 1,
        leaseExpiresAt,
        createdAt: now,
      });
      return { kind: "started", attempt: 1 };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    const doc = (await this.col.findOne({ _id: id })) as IdempotencyKeyDoc | null;
    if (!doc) return this.begin(id, requestHash, options, now);
    if (doc.state !== "in_progress" || doc.requestHash !== requestHash || !leaseExpired(doc, options.leaseMs, now)) {
      return { kind: "existing", doc };
    }
    const attempt = (doc.attempt ?? 1) + 1;
    const taken = await this.col.findOneAndUpdate(
      { _id: id, state: "in_progress", attempt: doc.attempt ?? { $exists: false } },
      { $set: { attempt, leaseExpiresAt } },
      { returnDocument: "after" },
    );
    if (taken) return { kind: "started", attempt };
    // Another retry took it over (or the run finished) in between: report what is stored now.
    const current = (await this.col.findOne({ _id: id })) as IdempotencyKeyDoc | null;
    return current ? { kind: "existing", doc: current } : this.begin(id, requestHash, options, now);
  }

  /** Stores the result of run `attempt`; a run that lost its key to a take-over changes nothing. */
  async complete(id: string, attempt: number, response: unknown, now = new Date()): Promise<boolean> {
    const result = await this.col.updateOne(
      { _id: id, state: "in_progress", attempt },
      { $set: { state: "completed", response, completedAt: now }, $unset: { leaseExpiresAt: "" } },
    );
    return result.modifiedCount > 0;
  }

  /** Forgets run `attempt`'s claim after it failed, so the client may retry with the same key. */
  async release(id: string, attempt: number): Promise<void> {
    await this.col.deleteOne({ _id: id, state: "in_progress", attempt });
  }

  /** Every record of the given scopes (a shopper's widget sessions), for privacy export and erasure. */
  async findByScopes(scopes: readonly string[]): Promise<IdempotencyKeyDoc[]> {
    if (scopes.length === 0) return [];
    return (await this.col.find({ scope: { $in: [...scopes] } }).toArray()) as IdempotencyKeyDoc[];
  }

  async deleteByScopes(scopes: readonly string[]): Promise<number> {
    if (scopes.length === 0) return 0;
    return (await this.col.deleteMany({ scope: { $in: [...scopes] } })).deletedCount;
  }
}
