import type { AppLoadContext } from "@remix-run/node";

/**
 * CSRF defence for cookie-authenticated writes (with SameSite=Lax cookies): the request's Origin
 * (or, failing that, Referer) must be this app's own origin.
 */
export function isSameOrigin(request: Request, context: AppLoadContext): boolean {
  const expected = context.runtime.config.appOrigin ?? new URL(request.url).origin;
  const origin = request.headers.get("origin");
  if (origin) return origin === expected;
  const referer = request.headers.get("referer");
  if (referer) {
    try {
      return new URL(referer).origin === expected;
    } catch {
      return false;
    }
  }
  return false;
}

export function assertSameOrigin(request: Request, context: AppLoadContext): void {
  if (!isSameOrigin(request, context)) {
    throw new Response("Cross-site request refused.", { status: 403, headers: { "Content-Type": "text/plain" } });
  }
}
