import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

const ABORT_DELAY_MS = 5_000;

/**
 * Errors of loaders, actions and rendering are logged here, with the request id, and never shown:
 * the server runs Remix in production mode in every environment (server/main.ts), so pages and
 * their hydration data carry "Unexpected Server Error" instead of a message or a stack.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  logPageError(error, request, context);
};

function logPageError(error: unknown, request: Request, context: AppLoadContext | undefined) {
  const fields = { requestId: context?.requestId, endpoint: new URL(request.url).pathname, method: request.method };
  const logger = context?.runtime?.logger;
  if (!logger) {
    console.error(error);
    return;
  }
  // A refused request (e.g. 405, no such route) is not a server fault: no stack needed.
  if (isRouteErrorResponse(error) && error.status < 500) logger.warn({ ...fields, statusCode: error.status }, "page request refused");
  else logger.error({ ...fields, err: error }, "page request failed");
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} />, {
      [waitForAll ? "onAllReady" : "onShellReady"]() {
        shellRendered = true;
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) logPageError(error, request, loadContext);
      },
    });
    setTimeout(abort, ABORT_DELAY_MS);
  });
}
