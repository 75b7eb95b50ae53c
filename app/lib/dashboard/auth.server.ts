import type { AppLoadContext } from "@remix-run/node";

export type LoginOutcome =
  { ok: true; cookie: string } | { ok: false; status: 401 | 403 | 423 | 429 | 503; message: string; retryAfterSeconds?: number };

/**
 * One sign-in attempt through the server's sign-in service (limits per address and per account,
 * lockout, limiter outages); on success a fresh cookie for the rotated session nonce.
 */
export async function attemptLogin(context: AppLoadContext, email: string, password: string): Promise<LoginOutcome> {
  const outcome = await context.runtime.services.dashboardSignIn.attempt({ email, password, ip: context.ip });
  if (!outcome.ok) {
    return {
      ok: false,
      status: outcome.status,
      message: outcome.message,
      ...(outcome.retryAfterSeconds ? { retryAfterSeconds: outcome.retryAfterSeconds } : {}),
    };
  }
  return { ok: true, cookie: context.staffSession.commit(outcome.user.userId, outcome.sessionNonce) };
}
