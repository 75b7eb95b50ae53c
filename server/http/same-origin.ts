/**
 * The CSRF check for cookie-authenticated writes (with SameSite=Lax cookies): the request's Origin
 * — or, without one, its Referer — must be the app's own origin.
 */
export function isSameOriginRequest(
  headers: { origin: string | null | undefined; referer: string | null | undefined },
  expectedOrigin: string,
): boolean {
  if (headers.origin) return headers.origin === expectedOrigin;
  if (headers.referer) {
    try {
      return new URL(headers.referer).origin === expectedOrigin;
    } catch {
      return false;
    }
  }
  return false;
}
