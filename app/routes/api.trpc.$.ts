import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "../../server/routers";
import { createTrpcContext } from "../../server/trpc/context";

/** The tRPC HTTP endpoint (/api/trpc/*): every client, widget and curl comes through here. */
function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
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
        responseHeaders: resHeaders,
      }),
  });
}

export const loader = (args: LoaderFunctionArgs) => handle(args);
export const action = (args: ActionFunctionArgs) => handle(args);
