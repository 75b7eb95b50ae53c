import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isDuplicateKeyError } from "../db/client";
import type { DashboardRole, DashboardUserDoc, DashboardUsersRepository } from "../db/repositories/dashboard-users";
import { DUMMY_HASH_PROMISE, generatePassword, hashPassword, verifyPassword } from "../platform/passwords";
import { conflict, DomainError, forbidden, invalidInput, notFound } from "./errors";
import { AVATAR_COLORS, defaultAvatarColor, initialsOf, type AvatarColor } from "../domain/staff";

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_LOCK_MS = 15 * 60 * 1000;
export const INVALID_LOGIN_MESSAGE = "That email and password don't match an active account.";
export const MIN_PASSWORD_LENGTH = 12;

export interface StaffUser {
  userId: string;
  email: string;
  displayName: string;
  role: DashboardRole;
  /** The avatar shoppers see beside this person's replies. */
  initials: string;
  avatarColor: AvatarColor;
}

/** An account as an admin sees it on the Staff page. */
export interface StaffAccount extends StaffUser {
  active: boolean;
  lockedUntil?: string;
  lastLoginAt?: string;
  createdAt: string;
}

export type AuthenticationOutcome =
  | { ok: true; user: StaffUser; sessionNonce: string }
  /** `unknown_account` is reported to the shopper exactly like `invalid`. */
  | { ok: false; reason: "invalid" | "unknown_account" }
  | { ok: false; reason: "locked"; lockedUntil: Date }
  /** The right password for an account an admin deactivated. */
  | { ok: false; reason: "deactivated" };

const isAvatarColor = (c: string | undefined): c is AvatarColor => (AVATAR_COLORS as readonly string[]).includes(c ?? "");

const toStaff = (u: DashboardUserDoc): StaffUser => ({
  userId: u._id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  initials: u.initials || initialsOf(u.displayName),
  avatarColor: isAvatarColor(u.avatarColor) ? u.avatarColor : defaultAvatarColor(u._id),
});

const toAccount = (u: DashboardUserDoc, now: Date): StaffAccount => ({
  ...toStaff(u),
  active: !u.deactivatedAt,
  ...(u.lockedUntil && u.lockedUntil > now ? { lockedUntil: u.lockedUntil.toISOString() } : {}),
  ...(u.lastLoginAt ? { lastLoginAt: u.lastLoginAt.toISOString() } : {}),
  createdAt: u.createdAt.toISOString(),
});

/** Who did what to which account (ids only, never emails). */
export type StaffAudit = (action: string, actorId: string, targetId: string, detail?: Record<string, string>) => void;

/** Dashboard accounts: scrypt passwords, lockout after repeated failures, one revocable session each. */
export class DashboardAuthService {
  constructor(
    private readonly users: DashboardUsersRepository,
    private readonly audit: StaffAudit = () => undefined,
  ) {}

  async createUser(
    input: { email: string; role: DashboardRole; displayName?: string; password?: string },
    now = new Date(),
  ): Promise<{ user: StaffUser; password: string }> {
    const email = input.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalidInput("email: must be an email address");
    const password = input.password ?? generatePassword();
    if (password.length < MIN_PASSWORD_LENGTH) throw invalidInput(`password: must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const doc: DashboardUserDoc = {
      _id: `u_${randomBytes(9).toString("base64url")}`,
      email,
      displayName: input.displayName ?? email.split("@")[0]!,
      role: input.role,
      passwordHash: await hashPassword(password),
      failedLogins: 0,
      createdAt: now,
    };
    try {
      await this.users.create(doc);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw conflict("A dashboard user with that email already exists.");
      throw error;
    }
    return { user: toStaff(doc), password };
  }

  /**
   * Checks credentials. Unknown email and wrong password fail the same way (`invalid`, with the
   * same work done); a locked account says so, with when it opens again. A success rotates the
   * account's session nonce (old cookies stop working).
   */
  async authenticate(email: string, password: string, now = new Date()): Promise<AuthenticationOutcome> {
    const user = await this.users.findByEmail(email.trim().toLowerCase());
    if (!user) {
      await verifyPassword(await DUMMY_HASH_PROMISE, password);
      return { ok: false, reason: "unknown_account" };
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await verifyPassword(await DUMMY_HASH_PROMISE, password);
      return { ok: false, reason: "locked", lockedUntil: user.lockedUntil };
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const after = await this.users.recordFailure(user._id, LOGIN_MAX_FAILURES, LOGIN_LOCK_MS, now);
      if (after?.lockedUntil && after.lockedUntil > now) return { ok: false, reason: "locked", lockedUntil: after.lockedUntil };
      return { ok: false, reason: "invalid" };
    }
    // Only someone who knows the password learns that the account was deactivated.
    if (user.deactivatedAt) return { ok: false, reason: "deactivated" };
    const sessionNonce = randomBytes(16).toString("base64url");
    await this.users.recordSuccess(user._id, sessionNonce, now);
    return { ok: true, user: toStaff(user), sessionNonce };
  }

  /** The signed-in staff member for a session cookie's claims, if the session is still current. */
  async staffForSession(userId: string, sessionNonce: string): Promise<StaffUser | null> {
    const user = await this.users.findById(userId);
    if (!user || user.deactivatedAt || !user.sessionNonce || user.sessionNonce !== sessionNonce) return null;
    return toStaff(user);
  }

  async logout(userId: string): Promise<void> {
    await this.users.clearSession(userId);
  }

  /** The staff directory (names for assignment and the audit trail), with whether each account is active. */
  async listStaff(): Promise<Array<StaffUser & { active: boolean }>> {
    return (await this.users.list()).map((u) => ({ ...toStaff(u), active: !u.deactivatedAt }));
  }

  /** Every account as an admin manages it (lock state included). */
  async accounts(now = new Date()): Promise<StaffAccount[]> {
    return (await this.users.list()).map((u) => toAccount(u, now));
  }

  /** A staff member's own profile: the name and avatar shoppers see beside their replies. */
  async updateProfile(
    userId: string,
    input: { displayName: string; initials?: string | undefined; avatarColor?: AvatarColor | undefined },
  ): Promise<StaffUser> {
    const displayName = input.displayName.trim();
    if (!displayName) throw invalidInput("displayName: must not be empty");
    const initials = input.initials?.trim().toUpperCase();
    const doc = await this.users.update(userId, {
      displayName,
      initials: initials || initialsOf(displayName),
      ...(input.avatarColor ? { avatarColor: input.avatarColor } : {}),
    });
    if (!doc) throw notFound("No such account.");
    return toStaff(doc);
  }

  /** Admin: creates an account; the generated password is returned once (never stored in clear). */
  async createAccount(
    actor: StaffUser,
    input: { email: string; role: DashboardRole; displayName: string },
  ): Promise<{ account: StaffAccount; password: string }> {
    const { user, password } = await this.createUser(input);
    this.audit("staff.create", actor.userId, user.userId, { role: input.role });
    const doc = await this.users.findById(user.userId);
    return { account: toAccount(doc!, new Date()), password };
  }

  /** Admin: changes an account's role or name (the last active admin keeps the admin role). */
  async updateAccount(actor: StaffUser, userId: string, change: { role?: DashboardRole; displayName?: string }): Promise<StaffAccount> {
    const target = await this.account(userId);
    if (change.role && change.role !== "admin" && target.role === "admin" && !target.deactivatedAt) await this.keepAnAdmin();
    const doc = await this.users.update(userId, {
      ...(change.role ? { role: change.role } : {}),
      ...(change.displayName?.trim() ? { displayName: change.displayName.trim() } : {}),
    });
    this.audit("staff.update", actor.userId, userId, change.role ? { role: change.role } : {});
    return toAccount(doc!, new Date());
  }

  /** Admin: deactivates an account (its session ends at once) or reactivates it. */
  async setActive(actor: StaffUser, userId: string, active: boolean, now = new Date()): Promise<StaffAccount> {
    const target = await this.account(userId);
    if (!active) {
      if (userId === actor.userId) throw forbidden("You cannot deactivate your own account.");
      if (target.role === "admin" && !target.deactivatedAt) await this.keepAnAdmin();
    }
    const doc = await this.users.setDeactivated(userId, active ? null : now);
    this.audit(active ? "staff.reactivate" : "staff.deactivate", actor.userId, userId);
    return toAccount(doc!, now);
  }

  /** Admin: a new generated password (shown once); clears a lock and ends the account's session. */
  async resetPassword(actor: StaffUser, userId: string): Promise<{ account: StaffAccount; password: string }> {
    await this.account(userId);
    const password = generatePassword();
    const doc = await this.users.setPassword(userId, await hashPassword(password));
    this.audit("staff.reset_password", actor.userId, userId);
    return { account: toAccount(doc!, new Date()), password };
  }

  private async account(userId: string): Promise<DashboardUserDoc> {
    const doc = await this.users.findById(userId);
    if (!doc) throw notFound("No such account.");
    return doc;
  }

  private async keepAnAdmin(): Promise<void> {
    if ((await this.users.countActiveAdmins()) <= 1) throw conflict("This is the last active admin: make someone else an admin first.");
  }

  async hasUsers(): Promise<boolean> {
    return (await this.users.count()) > 0;
  }

  /**
   * The operator's first admin (ADMIN_EMAIL / ADMIN_PASSWORD): created when no account has that
   * email; an existing account is left exactly as it is (its password is never reset from the
   * environment). Returns whether an account was created.
   */
  async ensureAdmin(email: string, password: string, now = new Date()): Promise<boolean> {
    if (await this.users.findByEmail(email.trim().toLowerCase())) return false;
    try {
      await this.createUser({ email, password, role: "admin", displayName: "Administrator" }, now);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === "CONFLICT") return false; // another instance created it first
      throw error;
    }
  }

  /**
   * First start on the embedded defaults in development: a demo admin with a random password, written once to
   * DATA_DIR/admin-credentials.txt (0600). Returns the credentials to print, or null if users exist.
   */
  async ensureDemoAdmin(dataDir: string): Promise<{ email: string; password: string; file: string } | null> {
    if ((await this.users.count()) > 0) return null;
    const { user, password } = await this.createUser({ email: "admin@glowglitch.example", role: "admin", displayName: "Demo admin" });
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, "admin-credentials.txt");
    writeFileSync(file, `Aurora Concierge dashboard\nurl: /dashboard/login\nemail: ${user.email}\npassword: ${password}\n`, {
      mode: 0o600,
    });
    chmodSync(file, 0o600);
    return { email: user.email, password, file };
  }
}
