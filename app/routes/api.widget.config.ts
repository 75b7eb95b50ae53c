import type { LoaderFunctionArgs } from "@remix-run/node";

/** Same alphabet and bounds as the visitor ids the loader (widget/loader.ts) keeps in localStorage. */
const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * GET /api/widget/config?vid=… — asked by the host-page loader on every page view: should this
 * visitor see the launcher, and how does it look (`position`, optional `brandColor`)? The flags (kill switch, allow-list, sticky rollout) are evaluated per
 * request, so flipping them takes effect on the next page view without a rebuild. Only the
 * decision leaves the server, never its reason or the visitor's bucket.
 *
 * Called cross-origin from store pages without credentials and without personal data, so any
 * origin may read it; nothing may cache it.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "Access-Control-Allow-Origin": "*",
    Vary: "Origin",
  };
  const visitorId = new URL(request.url).searchParams.get("vid") ?? "";
  if (!VISITOR_ID.test(visitorId)) {
    return new Response(
      JSON.stringify({ error: { code: "BAD_REQUEST", message: "vid must be 8–64 characters of A–Z, a–z, 0–9, _ or -" } }),
      { status: 400, headers },
    );
  }
  const { runtime } = context;
  const decision = runtime.services.flags.evaluate({ visitorId });
  // The store's look (the script tag's data attributes override it): a validated #rrggbb brand colour,
  // the launcher's side. Nothing about the visitor.
  const { brandColor, position } = runtime.config.widget;
  return new Response(
    JSON.stringify({ enabled: decision.enabled, storeName: runtime.config.storeName, position, ...(brandColor ? { brandColor } : {}) }),
    { status: 200, headers },
  );
}
