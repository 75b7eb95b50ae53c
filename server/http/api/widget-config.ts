import type { FlagsService } from "../../services/flags-service";
import { JSON_TYPE, type ApiAnswer } from "./send";

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
export interface WidgetLook {
  storeName: string;
  position: string;
  brandColor?: string | undefined;
}

/** The visitor's handoff, if any: unread stylist replies, and whether a stylist has the conversation. */
export type VisitorHandoff = (visitorId: string) => Promise<{ unread: number; live: boolean } | null>;

/**
 * `email`: a signed-in shopper's email from a store identity token (POSTed by the loader as its
 * `data-identity`), so an email allow-list shows the launcher to beta shoppers outside the rollout.
 * `handoff`: for a visitor with stylist replies not seen yet, `unread` (the launcher's badge on any
 * page, hours later), and `live` while a stylist has the conversation (the loader then connects the
 * frame in the background so a reply shows at once). A random visitor id reveals no more than a count.
 */
export async function answerWidgetConfig(
  vid: unknown,
  flags: FlagsService,
  look: WidgetLook,
  email?: string,
  handoff?: VisitorHandoff,
): Promise<ApiAnswer> {
  const headers = { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*", Vary: "Origin" };
  const visitorId = typeof vid === "string" ? vid : "";
  if (!VISITOR_ID.test(visitorId)) {
    return {
      status: 400,
      headers,
      body: JSON.stringify({ error: { code: "BAD_REQUEST", message: "vid must be 8–64 characters of A–Z, a–z, 0–9, _ or -" } }),
    };
  }
  const decision = flags.evaluate({ visitorId, email });
  // The store's look (the script tag's data attributes override it): a validated #rrggbb brand
  // colour and the launcher's side.
  const { storeName, position, brandColor } = look;
  const state = decision.enabled && handoff ? await handoff(visitorId) : null;
  return {
    status: 200,
    headers,
    body: JSON.stringify({
      enabled: decision.enabled,
      storeName,
      position,
      ...(brandColor ? { brandColor } : {}),
      ...(state?.unread ? { unread: state.unread } : {}),
      ...(state?.live ? { live: 1 } : {}),
    }),
  };
}
