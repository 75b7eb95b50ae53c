import type { AppLoadContext } from "@remix-run/node";
import { createCaller } from "../../server/routers";
import { createTrpcContext } from "../../server/trpc/context";
import type { StaffUser } from "../../server/services/dashboard-auth-service";

/**
 * A per-request server-side tRPC caller: loaders call procedures exactly as clients do. Dashboard
 * loaders pass the signed-in staff member so role checks run in the same middleware as over HTTP.
 */
export function callerFor(request: Request, context: AppLoadContext, staff: StaffUser | null = null) {
  return createCaller(createTrpcContext({ runtime: context.runtime, request, requestId: context.requestId, ip: context.ip, staff }));
}
