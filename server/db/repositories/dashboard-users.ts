import type { Collection, Db } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";

export const DASHBOARD_ROLES = ["admin", "merchandiser", "stylist", "viewer"] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

export interface DashboardUserDoc {
  _id: string;
  email: string; // staff login, stored lower-case
  displayName: string;
  role: DashboardRole;
  passwordHash: string;
  failedLogins: number;
  lockedUntil?: Date;
  /** Current dashboard session; replaced on login, removed on logout. */
  sessionNonce?: string;
  createdAt: Date;
  lastLoginAt?: Date;
}

export const dashboardUserIndexes: IndexSpec[] = [{ key: { email: 1 }, unique: true }];

export class DashboardUsersRepository {
  private readonly col: Collection<DashboardUserDoc>;

  constructor(db: Db) {
    this.col = db.collection<DashboardUserDoc>(COLLECTIONS.dashboardUsers);
  }

  async create(doc: DashboardUserDoc): Promise<DashboardUserDoc> {
    await this.col.insertOne(doc);
    return doc;
  }

  async findByEmail(email: string): Promise<DashboardUserDoc | null> {
    return (await this.col.findOne({ email: email.toLowerCase() })) as DashboardUserDoc | null;
  }

  async findById(id: string): Promise<DashboardUserDoc | null> {
    return (await this.col.findOne({ _id: id })) as DashboardUserDoc | null;
  }

  async list(): Promise<DashboardUserDoc[]> {
    return (await this.col.find({}, { sort: { email: 1 } }).toArray()) as DashboardUserDoc[];
  }

  count(): Promise<number> {
    return this.col.countDocuments({});
  }

  /** Counts a failed login and locks the account when the limit is reached (one atomic update). */
  async recordFailure(id: string, maxFailures: number, lockMs: number, now = new Date()): Promise<DashboardUserDoc | null> {
    const doc = (await this.col.findOneAndUpdate(
      { _id: id },
      { $inc: { failedLogins: 1 } },
      { returnDocument: "after" },
    )) as DashboardUserDoc | null;
    if (doc && doc.failedLogins >= maxFailures) {
      return (await this.col.findOneAndUpdate(
        { _id: id },
        { $set: { lockedUntil: new Date(now.getTime() + lockMs), failedLogins: 0 } },
        { returnDocument: "after" },
      )) as DashboardUserDoc | null;
    }
    return doc;
  }

  async recordSuccess(id: string, sessionNonce: string, now = new Date()): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { failedLogins: 0, lastLoginAt: now, sessionNonce }, $unset: { lockedUntil: "" } });
  }

  async clearSession(id: string): Promise<void> {
    await this.col.updateOne({ _id: id }, { $unset: { sessionNonce: "" } });
  }
}
