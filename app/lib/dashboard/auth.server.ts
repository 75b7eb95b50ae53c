import type { AppLoadContext } from "@remix-run/node";
import { rateLimitKeys } from "../../../server/platform/rate-limit/policies";
import { INVALID_LOGIN_MESSAGE } from "../../../server/services/dashboard-auth-service";
import { commitStaffSession } from "../staff-session.server";

export type LoginOutcome = { ok: true; cookie: string } | { ok: false; status: 401 | 429; message: string };

/**
 * One sign-in attempt, throttled per account (`dashboard_login`). Every failure — unknown email,
 * wrong password, locked account, throttled — carries the same message.
 */
export async function attemptLogin(context: AppLoadContext, email: string, password: string): Promise<LoginOutcome> {
  const limiter = context.runtime.rateLimiter;
  const key = rateLimitKeys.account(email, limiter.hashKey);
  const allowed = await limiter.limit("dashboard_login", key);
  if (!allowed.success) return { ok: false, status: 429, message: INVALID_LOGIN_MESSAGE };
  const result = await context.runtime.services.dashboardAuth.authenticate(email, password);
  if (!result) return { ok: false, status: 401, message: INVALID_LOGIN_MESSAGE };
  await limiter.clear("dashboard_login", key);
  // A fresh cookie for the rotated session nonce: cookies from earlier logins stop working.
  return { ok: true, cookie: await commitStaffSession(context, result.user.userId, result.sessionNonce) };
}
