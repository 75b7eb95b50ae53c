import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { assertSameOrigin } from "../lib/csrf.server";
import { destroyStaffSession, staffFromRequest } from "../lib/staff-session.server";

/** GET /dashboard/logout does nothing (sign-out is a POST with a CSRF check). */
export const loader = () => redirect("/dashboard");

/** Sign out: revokes the session server-side (old cookies stop working) and clears the cookie. */
export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request, context);
  const staff = await staffFromRequest(request, context);
  if (staff) await context.runtime.services.dashboardAuth.logout(staff.userId);
  return redirect("/dashboard/login", {
    headers: { "Set-Cookie": destroyStaffSession(request, context), "Cache-Control": "no-store" },
  });
}
