import type { Runtime } from "../runtime";
import type { StaffUser } from "../services/dashboard-auth-service";
import type { StaffSessionCookies } from "./staff-session";

/** The signed-in staff member behind a request's cookie, or null (expired, signed out elsewhere, unknown). */
export async function staffFromCookie(
  runtime: Runtime,
  cookies: StaffSessionCookies,
  cookieHeader: string | null | undefined,
): Promise<StaffUser | null> {
  const claims = cookies.read(cookieHeader);
  return claims ? runtime.services.dashboardAuth.staffForSession(claims.uid, claims.nonce) : null;
}
