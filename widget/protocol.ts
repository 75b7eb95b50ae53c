/**
 * The host-page ⇄ widget-iframe protocol: one typed, versioned definition used by both sides
 * (widget/loader.ts on the store's page, the /widget route inside the iframe).
 *
 * Rules both sides follow:
 *  - every message is posted to one exact target origin (never "*");
 *  - a receiver accepts a message only from the expected origin AND the expected window
 *    (event.source), and only if it parses here; anything else is dropped (and counted).
 *
 * Kept dependency-free and tiny: the loader ships it inside a 2.28 KB (gzipped) budget.
 */
export const PROTOCOL_VERSION = 1;
export const HOST_TAG = "aurora-host";
export const WIDGET_TAG = "aurora-widget";

/**
 * Host page events. The first three are the loader's own (it owns the panel); the frame may send only the
 * rest ({@link parseWidgetMessage} drops a frame's open/close/ready echo, so on() never fires twice).
 */
export const WIDGET_EVENTS = ["open", "close", "ready", "message", "handoff", "unread"] as const;
export type WidgetEventName = (typeof WIDGET_EVENTS)[number];

/** Host page → iframe. */
export type HostToWidget =
  | { v: 1; src: typeof HOST_TAG; type: "open" }
  | { v: 1; src: typeof HOST_TAG; type: "close" }
  | { v: 1; src: typeof HOST_TAG; type: "identify"; token: string };

/** Iframe → host page. */
export type WidgetToHost =
  | { v: 1; src: typeof WIDGET_TAG; type: "ready" }
  | { v: 1; src: typeof WIDGET_TAG; type: "close" }
  | { v: 1; src: typeof WIDGET_TAG; type: "event"; name: WidgetEventName; count?: number };

const isObj = (d: unknown): d is Record<string, unknown> => typeof d === "object" && d !== null && !Array.isArray(d);
const TOKEN = /^[A-Za-z0-9._-]{10,4096}$/;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** Validates a message the iframe received; null when it is not a well-formed host message. */
export function parseHostMessage(data: unknown): HostToWidget | null {
  if (!isObj(data) || data.v !== PROTOCOL_VERSION || data.src !== HOST_TAG) return null;
  const keys = Object.keys(data).length;
  if ((data.type === "open" || data.type === "close") && keys === 3) return data as HostToWidget;
  if (data.type === "identify" && keys === 4 && typeof data.token === "string" && TOKEN.test(data.token)) return data as HostToWidget;
  return null;
}

/**
 * Validates a message the host page received; null when it is not a well-formed widget message.
 * Written small on purpose (it ships in the loader): `!m` turns null/undefined away, primitives and
 * arrays have no `v`/`src`, `includes` matches only the exact event strings, and `c === c >>> 0` holds
 * only for whole numbers from 0 to 2³²−1.
 */
export function parseWidgetMessage(data: unknown): WidgetToHost | null {
  const m: Loose = data;
  if (!m || m.v !== PROTOCOL_VERSION || m.src !== WIDGET_TAG) return null;
  const keys = Object.keys(m).length;
  const count = m.count;
  return ((m.type == "ready" || m.type == "close") && keys == 3) ||
    (m.type == "event" && WIDGET_EVENTS.indexOf(m.name) > 2 && (count === undefined ? keys == 4 : keys == 5 && count === count >>> 0))
    ? m
    : null;
}

/** Builders, so neither side spells a message by hand. */
export const hostMessage = {
  open: (): HostToWidget => ({ v: 1, src: HOST_TAG, type: "open" }),
  close: (): HostToWidget => ({ v: 1, src: HOST_TAG, type: "close" }),
  identify: (token: string): HostToWidget => ({ v: 1, src: HOST_TAG, type: "identify", token }),
};

export const widgetMessage = {
  ready: (): WidgetToHost => ({ v: 1, src: WIDGET_TAG, type: "ready" }),
  close: (): WidgetToHost => ({ v: 1, src: WIDGET_TAG, type: "close" }),
  event: (name: WidgetEventName, count?: number): WidgetToHost =>
    count === undefined ? { v: 1, src: WIDGET_TAG, type: "event", name } : { v: 1, src: WIDGET_TAG, type: "event", name, count },
};

/**
 * Query parameters the loader puts on the iframe URL (no tokens, no personal data): the store's
 * origin, the visitor id, the path of the store page (no query string; stylists see where the shopper
 * is) and the script tag's theming overrides when it has them.
 */
export const FRAME_PARAMS = { hostOrigin: "host", visitorId: "vid", color: "color", greeting: "greeting", page: "page" } as const;
