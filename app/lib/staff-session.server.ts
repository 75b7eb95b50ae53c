import { redirect, type AppLoadContext } from "@remix-run/node";
import type { StaffUser } from "../../server/services/dashboard-auth-service";

/** The signed-in staff member, or null (expired cookie, logged out elsewhere, unknown user). */
export function staffFromRequest(_request: Request, context: AppLoadContext): Promise<StaffUser | null> {
  return context.staffSession.current();
}

/** For dashboard loaders: the staff member or a redirect to the login page. */
export async function requireStaff(request: Request, context: AppLoadContext): Promise<StaffUser> {
  const staff = await context.staffSession.current();
  if (!staff) {
    const url = new URL(request.url);
    throw redirect(`/dashboard/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return staff;
}

/** A fresh cookie for a new login (the session nonce was rotated by the auth service). */
export function commitStaffSession(context: AppLoadContext, uid: string, nonce: string): string {
  return context.staffSession.commit(uid, nonce);
}

export function destroyStaffSession(_request: Request, context: AppLoadContext): string {
  return context.staffSession.destroy();
}
