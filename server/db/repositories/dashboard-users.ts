import type { Collection, Db, UpdateFilter } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";

import { DASHBOARD_ROLES, type DashboardRole } from "../../domain/staff";

export { DASHBOARD_ROLES, type DashboardRole };

export interface DashboardUserDoc {
  _id: string;
  email: string; // staff login, stored lower-case
  displayName: string;
  role: DashboardRole;
  /** The avatar shoppers see beside this stylist's replies (defaults: from the name, a colour from the id). */
  initials?: string;
  avatarColor?: string;
  /** Set when an admin deactivated the account: no sign-in, no session. */
  deactivatedAt?: Date;
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

  /** Changes an account's name, avatar or role; returns it afterwards (null if there is none). */
  async update(
    id: string,
    set: Partial<Pick<DashboardUserDoc, "displayName" | "initials" | "avatarColor" | "role">>,
  ): Promise<DashboardUserDoc | null> {
    return (await this.col.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: "after" })) as DashboardUserDoc | null;
  }

  /** Deactivates (ending its session) or reactivates an account. */
  async setDeactivated(id: string, at: Date | null): Promise<DashboardUserDoc | null> {
    const update: UpdateFilter<DashboardUserDoc> = at
      ? { $set: { deactivatedAt: at }, $unset: { sessionNonce: "" } }
      : { $unset: { deactivatedAt: "" } };
    return (await this.col.findOneAndUpdate({ _id: id }, update, { returnDocument: "after" })) as DashboardUserDoc | null;
  }

  /** A new password: the lock and failure count are cleared and the current session ends. */
  async setPassword(id: string, passwordHash: string): Promise<DashboardUserDoc | null> {
    return (await this.col.findOneAndUpdate(
      { _id: id },
      { $set: { passwordHash, failedLogins: 0 }, $unset: { lockedUntil: "", sessionNonce: "" } },
      { returnDocument: "after" },
    )) as DashboardUserDoc | null;
  }

  /** Active admins (an admin may not remove the last one). */
  countActiveAdmins(): Promise<number> {
    return this.col.countDocuments({ role: "admin", deactivatedAt: { $exists: false } });
  }
}
