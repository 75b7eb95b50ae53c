import type { AppLoadContext } from "@remix-run/node";
import { createCaller } from "../../server/routers";
import { createTrpcContext } from "../../server/trpc/context";

/** A per-request server-side tRPC caller: loaders call procedures exactly as clients do. */
export function callerFor(request: Request, context: AppLoadContext) {
  return createCaller(
    createTrpcContext({ runtime: context.runtime, request, requestId: context.requestId, ip: context.ip }),
  );
}
