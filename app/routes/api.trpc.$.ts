import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "../../server/routers";
import { createTrpcContext } from "../../server/trpc/context";
import { isSameOrigin } from "../lib/csrf.server";
import { staffFromRequest } from "../lib/staff-session.server";

/** The tRPC HTTP endpoint (/api/trpc/*): every client, widget and curl comes through here. */
async function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  // Dashboard calls authenticate with the staff cookie; writes must also come from this origin (CSRF).
  const cookieStaff = await staffFromRequest(request, context);
  const staff = cookieStaff && (request.method === "GET" || isSameOrigin(request, context)) ? cookieStaff : null;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: ({ resHeaders }) =>
      createTrpcContext({
        runtime: context.runtime,
        request,
        requestId: context.requestId,
        ip: context.ip,
        staff,
        responseHeaders: resHeaders,
      }),
  });
}

export const loader = (args: LoaderFunctionArgs) => handle(args);
export const action = (args: ActionFunctionArgs) => handle(args);
