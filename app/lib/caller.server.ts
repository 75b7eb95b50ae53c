import type { AppLoadContext } from "@remix-run/node";
import type { StaffUser } from "../../server/services/dashboard-auth-service";

/**
 * A per-request server-side tRPC caller: loaders call procedures exactly as clients do. Dashboard
 * loaders pass the signed-in staff member so role checks run in the same middleware as over HTTP.
 * The caller is built by the server (load context), so its error classes are the server's own.
 */
export function callerFor(_request: Request, context: AppLoadContext, staff: StaffUser | null = null) {
  return context.caller(staff);
}
