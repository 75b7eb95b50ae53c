import type { AppLoadContext } from "@remix-run/node";
import { isSameOriginRequest } from "../../server/http/same-origin";

/** CSRF defence for cookie-authenticated writes: the request must come from this app's origin. */
export function isSameOrigin(request: Request, context: AppLoadContext): boolean {
  const expected = context.runtime.config.appOrigin ?? new URL(request.url).origin;
  return isSameOriginRequest({ origin: request.headers.get("origin"), referer: request.headers.get("referer") }, expected);
}

export function assertSameOrigin(request: Request, context: AppLoadContext): void {
  if (!isSameOrigin(request, context)) {
    throw new Response("Cross-site request refused.", { status: 403, headers: { "Content-Type": "text/plain" } });
  }
}
