import { createCookieSessionStorage, redirect, type AppLoadContext, type SessionStorage } from "@remix-run/node";
import { createHmac } from "node:crypto";
import type { StaffUser } from "../../server/services/dashboard-auth-service";

export const STAFF_COOKIE = "__aurora_staff";
const MAX_AGE_SECONDS = 8 * 60 * 60;

const storages = new WeakMap<object, SessionStorage<{ uid: string; nonce: string }>>();

/** The dashboard's signed session cookie: HttpOnly, SameSite=Lax, Secure in production, 8 hours. */
function storageFor(context: AppLoadContext): SessionStorage<{ uid: string; nonce: string }> {
  let storage = storages.get(context.runtime);
  if (!storage) {
    const secret = createHmac("sha256", context.runtime.config.secrets.jwtSecret).update("dashboard-cookie").digest("base64url");
    storage = createCookieSessionStorage<{ uid: string; nonce: string }>({
      cookie: {
        name: STAFF_COOKIE,
        httpOnly: true,
        sameSite: "lax",
        secure: context.runtime.config.isProduction,
        path: "/",
        maxAge: MAX_AGE_SECONDS,
        secrets: [secret],
      },
    });
    storages.set(context.runtime, storage);
  }
  return storage;
}

/** The signed-in staff member, or null (expired cookie, logged out elsewhere, unknown user). */
export async function staffFromRequest(request: Request, context: AppLoadContext): Promise<StaffUser | null> {
  const cookie = request.headers.get("cookie");
  if (!cookie?.includes(STAFF_COOKIE)) return null;
  const session = await storageFor(context).getSession(cookie);
  const uid = session.get("uid");
  const nonce = session.get("nonce");
  if (!uid || !nonce) return null;
  return context.runtime.services.dashboardAuth.staffForSession(uid, nonce);
}

/** For dashboard loaders: the staff member or a redirect to the login page. */
export async function requireStaff(request: Request, context: AppLoadContext): Promise<StaffUser> {
  const staff = await staffFromRequest(request, context);
  if (!staff) {
    const url = new URL(request.url);
    throw redirect(`/dashboard/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return staff;
}

/** A fresh cookie for a new login (the session nonce was rotated by the auth service). */
export async function commitStaffSession(context: AppLoadContext, uid: string, nonce: string): Promise<string> {
  const storage = storageFor(context);
  const session = await storage.getSession();
  session.set("uid", uid);
  session.set("nonce", nonce);
  return storage.commitSession(session);
}

export async function destroyStaffSession(request: Request, context: AppLoadContext): Promise<string> {
  const storage = storageFor(context);
  return storage.destroySession(await storage.getSession(request.headers.get("cookie")));
}
