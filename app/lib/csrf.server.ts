import type { AppLoadContext } from "@remix-run/node";

/** CSRF defence for cookie-authenticated writes: the request must come from this app's origin. */
export function isSameOrigin(_request: Request, context: AppLoadContext): boolean {
  return context.sameOrigin;
}

export function assertSameOrigin(request: Request, context: AppLoadContext): void {
  if (!isSameOrigin(request, context)) {
    throw new Response("Cross-site request refused.", { status: 403, headers: { "Content-Type": "text/plain" } });
  }
}
