import type { RateLimiter, RateLimitResult } from "../platform/rate-limit/limiter";
import { rateLimitKeys } from "../platform/rate-limit/policies";
import { INVALID_LOGIN_MESSAGE, LOGIN_LOCK_MS, type DashboardAuthService, type StaffUser } from "./dashboard-auth-service";

export type SignInOutcome =
  | { ok: true; user: StaffUser; sessionNonce: string }
  | {
      ok: false;
      status: 401 | 403 | 423 | 429 | 503;
      reason: "invalid" | "locked" | "throttled" | "unavailable" | "deactivated";
      message: string;
      retryAfterSeconds?: number;
    };

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function lockedMessage(untilMs: number, nowMs: number): string {
  return `This account is locked after too many failed sign-ins. Try again in ${plural(minutes(untilMs - nowMs), "minute")}, or ask an admin to reset your password.`;
}

/**
 * One dashboard sign-in attempt, with every limit in one place:
 *  - per client address (`dashboard_login_ip`, failed attempts): password spraying across many accounts;
 *  - per account (`dashboard_login`): attempts against one email;
 *  - lockout after five failures: the account's own lock, and for emails without an account an
 *    identical lock kept in the limiter (`dashboard_login_failures`), so "locked" never tells
 *    whether an account exists;
 *  - a rate-limiter outage answers 503 ("try again shortly"), never "wrong password".
 * Wrong password and unknown email share one message.
 */
export class DashboardSignInService {
  /** When each email without an account was locked until (so its countdown matches a real lock's). */
  private readonly phantomLocks = new Map<string, number>();

  constructor(
    private readonly auth: DashboardAuthService,
    private readonly limiter: RateLimiter,
  ) {}

  async attempt(input: { email: string; password: string; ip: string }, now = new Date()): Promise<SignInOutcome> {
    const email = input.email.trim().toLowerCase();
    const accountKey = rateLimitKeys.account(email, this.limiter.hashKey);
    // The address's unit is a reservation: kept for a failed attempt, given back after a success.
    const [byIp, byAccount] = await Promise.all([
      this.limiter.limit("dashboard_login_ip", rateLimitKeys.ip(input.ip)),
      this.limiter.limit("dashboard_login", accountKey),
    ]);
    const ipKey = rateLimitKeys.ip(input.ip);
    const refused = [byIp, byAccount].filter((r) => !r.success);
    if (refused.length > 0) {
      if (byIp.outcome === "allowed") await this.limiter.refund("dashboard_login_ip", ipKey);
      if (refused.some((r) => r.outcome === "failed_closed")) return unavailable();
      return throttled(refused, now);
    }

    // Emails without an account lock exactly like real ones (same threshold, same message).
    const pseudoLock = await this.limiter.peek("dashboard_login_failures", accountKey);
    if (pseudoLock.outcome === "failed_closed") return unavailable();
    const outcome = pseudoLock.remaining <= 0 ? null : await this.auth.authenticate(email, input.password, now);
    if (outcome === null) return locked(this.phantomLocks.get(accountKey) ?? pseudoLock.reset, now);
    if (outcome.ok) {
      await Promise.all([this.limiter.clear("dashboard_login", accountKey), this.limiter.refund("dashboard_login_ip", ipKey)]);
      return outcome;
    }
    if (outcome.reason === "locked") return locked(outcome.lockedUntil.getTime(), now);
    if (outcome.reason === "deactivated") {
      return {
        ok: false,
        status: 403,
        reason: "deactivated",
        message: "This account has been deactivated. Ask an admin to reactivate it.",
      };
    }
    if (outcome.reason === "unknown_account") {
      const counted = await this.limiter.limit("dashboard_login_failures", accountKey);
      if (counted.outcome === "failed_closed") return unavailable();
      if (counted.remaining <= 0) {
        const until = now.getTime() + LOGIN_LOCK_MS;
        this.rememberPhantomLock(accountKey, until, now.getTime());
        return locked(until, now);
      }
    }
    return { ok: false, status: 401, reason: "invalid", message: INVALID_LOGIN_MESSAGE };
  }

  private rememberPhantomLock(key: string, until: number, now: number) {
    for (const [k, t] of this.phantomLocks) if (t <= now) this.phantomLocks.delete(k);
    if (this.phantomLocks.size >= 10_000) this.phantomLocks.delete(this.phantomLocks.keys().next().value as string);
    this.phantomLocks.set(key, until);
  }
}

function locked(untilMs: number, now: Date): SignInOutcome {
  const retryAfterSeconds = Math.max(1, Math.ceil((untilMs - now.getTime()) / 1000));
  return { ok: false, status: 423, reason: "locked", message: lockedMessage(untilMs, now.getTime()), retryAfterSeconds };
}

function throttled(refused: RateLimitResult[], now: Date): SignInOutcome {
  const reset = Math.max(...refused.map((r) => r.reset));
  const retryAfterSeconds = Math.max(1, Math.ceil((reset - now.getTime()) / 1000));
  const fromNetwork = refused.some((r) => r.policy === "dashboard_login_ip");
  const message = fromNetwork
    ? `Too many sign-in attempts from your network. Try again in ${plural(minutes(reset - now.getTime()), "minute")}.`
    : `Too many sign-in attempts for this account. Try again in ${plural(minutes(reset - now.getTime()), "minute")}.`;
  return { ok: false, status: 429, reason: "throttled", message, retryAfterSeconds };
}

function unavailable(): SignInOutcome {
  return {
    ok: false,
    status: 503,
    reason: "unavailable",
    message: "Sign-in is temporarily unavailable. Please try again in a moment.",
    retryAfterSeconds: 5,
  };
}
