/**
 * The host-page loader (built to public/widget.js; its gzipped budget is checked by the build). Embedded with one tag:
 *   <script src="https://APP/widget.js" async data-position="right" data-label="…"></script>
 * Optional, validated here (anything malformed is ignored): data-color (#rrggbb), data-greeting (≤ 300
 * characters), data-offset-bottom / data-offset-side (0–999 px from the corner), data-identity (the
 * store's signed identity token for a signed-in shopper, as identify() takes it), data-unread-title
 * (present: the page title starts with "(n) " while stylist replies are unread — the store opts in).
 *
 * Unread stylist replies show as a count on the launcher (text in the button, and in its accessible
 * name), from the config answer on every page view and from the frame's `unread` event while it runs;
 * while a stylist has the conversation (`live` in the config answer) the frame is created hidden, so a
 * reply reaches the badge at once.
 *
 * Before any interaction it makes exactly one request (GET /api/widget/config) and, when the
 * concierge is enabled for this visitor, draws a launcher button inside an open shadow root.
 * Hover/focus adds a preconnect; the first open creates the iframe. Messages travel with an exact
 * target origin and are accepted only from that origin AND the iframe's window, and only if they
 * parse against widget/protocol.ts.
 */
import { FRAME_PARAMS, WIDGET_EVENTS, hostMessage, parseWidgetMessage, type HostToWidget, type WidgetEventName } from "./protocol";

export interface WidgetEventDetail {
  name: WidgetEventName;
  count?: number;
}
export type WidgetListener = (detail: WidgetEventDetail) => void;

export interface AuroraConciergeApi {
  /** Opens the panel (creating the iframe on first use); no-op while the concierge is off. */
  open(): void;
  close(): void;
  /** Hands the iframe a store-signed identity token (kept in memory only, sent after `ready`). */
  identify(token: string): void;
  /** Subscribes to a widget event (see WIDGET_EVENTS); returns an unsubscribe function. */
  on(event: WidgetEventName, fn: WidgetListener): () => void;
  version: string;
  /** Messages dropped by the origin/source/schema checks (for tests and debugging). */
  __dropped: number;
}

declare global {
  interface Window {
    AuroraConcierge?: AuroraConciergeApi;
  }
}

declare const __AURORA_VERSION__: string;

/** GET /api/widget/config, as the loader trusts it: nothing, until checked. */
interface Config {
  enabled?: unknown;
  storeName?: unknown;
  position?: unknown;
  brandColor?: unknown;
  /** Stylist replies this visitor has not seen. */
  unread?: unknown;
  /** A stylist has the visitor's conversation: keep the frame connected. */
  live?: unknown;
}

const VID_KEY = "aurora-concierge-vid";
const OPEN_KEY = "aurora-concierge-open";

(() => {
  const w = window;
  const d = document;
  if (w.AuroraConcierge) return;
  // A classic script (async or not) always has currentScript while it runs.
  const script = d.currentScript as HTMLScriptElement;
  const origin = new URL(script.src).origin;
  const data = script.dataset;
  const hex = (v: unknown) => (/^#[\da-f]{6}$/i.test(v as string) ? (v as string) : "");
  const px = (v: unknown) => (/^\d{1,3}$/.test(v as string) ? +(v as string) : 20);
  const bottom = px(data.offsetBottom);
  const color = hex(data.color);
  const greeting = (data.greeting || "").slice(0, 300);
  const label = data.label || "Chat with our concierge";

  // Storage may throw (blocked cookies, sandboxed hosts): then the id lives in memory only.
  const safe = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };

  let vid = safe(() => localStorage.getItem(VID_KEY)) || "";
  if (!/^[\w-]{8,64}$/.test(vid)) {
    // 128 random bits. Not randomUUID(): it exists in secure contexts only, and a store page on plain
    // http (a staging host, a LAN address) would get no launcher at all.
    vid = "v" + crypto.getRandomValues(new Uint32Array(4)).join("-");
    safe(() => localStorage.setItem(VID_KEY, vid));
  }

  const listeners: { [name: string]: WidgetListener[] } = {};
  const emit = (name: WidgetEventName, count?: number) =>
    (listeners[name] || []).forEach((fn) => {
      // a throwing host listener must not break the widget (nor the other listeners)
      setTimeout(fn, 0, { name, count });
    });

  let host: HTMLElement | undefined;
  let button: HTMLButtonElement | undefined;
  let frame: HTMLIFrameElement | undefined;
  let ready = false;
  let isOpen = false;
  let queue: HostToWidget[] = [];

  const post = (m: HostToWidget) => {
    // `ready` implies the iframe exists and runs the app's origin
    ready ? frame!.contentWindow!.postMessage(m, origin) : queue.push(m);
  };

  // While the panel covers a phone's screen, the store's page must not scroll behind it.
  const rootStyle = d.documentElement.style;
  let overflow = "";

  const setOpen = (open: boolean) => {
    isOpen = open;
    // ARIA reflection (Firefox ≥ 119; ESR 115, which lacked it, is out of support) is shorter than setAttribute
    button!.ariaExpanded = "" + open;
    frame!.hidden = !open;
    if (open) {
      overflow = rootStyle.overflow;
      if (matchMedia("(max-width:480px)").matches) rootStyle.overflow = "hidden";
    } else rootStyle.overflow = overflow; // only ever after an open: the store's own value comes back
    safe(() => (open ? sessionStorage.setItem(OPEN_KEY, "1") : sessionStorage.removeItem(OPEN_KEY)));
    emit(open ? "open" : "close");
  };

  // `quiet`: only create the frame, hidden (a stylist has the conversation: replies reach the badge at once)
  const show = (focus?: boolean, quiet?: boolean) => {
    if (!button || isOpen) return;
    if (!frame) {
      frame = d.createElement("iframe");
      frame.src =
        `${origin}/widget?${FRAME_PARAMS.hostOrigin}=${location.origin}&${FRAME_PARAMS.visitorId}=${vid}` +
        `&${FRAME_PARAMS.page}=${encodeURIComponent(location.pathname)}` +
        (color ? `&${FRAME_PARAMS.color}=${encodeURIComponent(color)}` : "") +
        (greeting ? `&${FRAME_PARAMS.greeting}=${encodeURIComponent(greeting)}` : "");
      frame.title = label;
      frame.hidden = true;
      host!.shadowRoot!.appendChild(frame);
    }
    if (quiet) return;
    setOpen(true);
    post(hostMessage.open());
    if (focus) frame.focus();
  };

  const hide = (notify: boolean, focus?: boolean) => {
    if (!isOpen) return;
    if (focus || d.activeElement === host) button!.focus();
    setOpen(false);
    if (notify) post(hostMessage.close());
  };

  w.addEventListener("message", (e) => {
    const m = frame && e.source === frame.contentWindow && e.origin === origin ? parseWidgetMessage(e.data) : null;
    if (!m) return void api.__dropped++;
    if (m.type === "ready") {
      ready = true; // from here on post() sends directly
      queue.forEach(post);
      queue = [];
      emit("ready");
    } else if (m.type === "close") hide(false, true);
    // (open/close/ready are the loader's own events: the frame only ever sends message, handoff and unread)
    else if (m.name == "unread") badge(m.count);
    else emit(m.name, m.count);
  });

  // The unread count: text in the launcher, in its accessible name, (opt-in) in the page title, and the host event.
  const badge = (n?: number) => {
    button!.lastChild!.textContent = n ? `\u00a0${n}\u00a0` : ""; // no-break spaces pad the pill; empty, it takes no room
    button!.ariaLabel = n ? `${label} (${n} unread)` : label;
    if ("unreadTitle" in data) d.title = d.title.replace(/^(\(\d+\) )?/, n ? `(${n}) ` : "");
    emit("unread", n);
  };

  const draw = (c: Config) => {
    host = d.createElement("aurora-concierge");
    const root = host.attachShadow({ mode: "open" });
    // the script tag wins over the store's configuration; both are validated
    const side = data.position == "left" || (data.position != "right" && c.position == "left") ? "left" : "right";
    const brand = color || hex(c.brandColor);
    const safeBottom = ` + env(safe-area-inset-bottom))`;
    root.innerHTML =
      `<style>:host{all:initial!important}` +
      `button,iframe{position:fixed;${side}:${px(data.offsetSide)}px;bottom:calc(${bottom}px${safeBottom};z-index:2147483647;border:0;box-shadow:0 6px 24px #0005}` +
      `button{width:56px;height:56px;border-radius:50%;background:${brand || "#1f2937"};color:#fff;cursor:pointer}` +
      `button:focus-visible{outline:3px solid #fff;box-shadow:0 0 0 6px #1d4ed8}` +
      // the panel paints a skeleton (header band, composer) the instant it opens, before the frame has loaded
      `iframe{bottom:calc(${bottom + 68}px${safeBottom};width:400px;height:min(640px,100vh - ${bottom + 88}px);border-radius:16px;` +
      `background:linear-gradient(${brand || "#2a211c"} 0 64px,#0000 0),linear-gradient(#8882 0 0) 14px calc(100% - 60px)/calc(100% - 28px) 46px no-repeat #fffdf9}` +
      `@media (max-width:480px){iframe{inset:0;width:100%;height:100%;border-radius:0}}` +
      `@media (prefers-color-scheme:dark){iframe{background-color:#1c1917}}` +
      // a hover lift without a transition: nothing moves for shoppers who asked for reduced motion
      `button:hover{scale:1.06}` +
      // the unread count: bold white text on red (6.5:1), a pill at the top corner; empty, it takes no room
      `b{position:absolute;top:-4px;right:-4px;border-radius:9px;background:#b91c1c}</style>` +
      `<button aria-expanded=false><svg width=26 viewBox="0 0 24 24" aria-hidden=true><path fill=currentColor d="M3 4h18v13H9l-6 4z"/></svg><b></b></button>`;
    const b = (button = root.querySelector("button")!);
    b.ariaLabel = label;
    // warm the connection once, on the first hover or focus (never before)
    b.onmouseenter = b.onfocus = () => {
      b.onmouseenter = b.onfocus = null;
      d.head.insertAdjacentHTML("beforeend", `<link rel=preconnect href=${origin}>`); // an origin: no quotes or spaces
    };
    b.onclick = () => (isOpen ? hide(true) : show(true));
    b.onkeydown = (e) => {
      if (e.key == "Escape") hide(true);
    };
    d.body.appendChild(host);
    if (c.unread) badge(c.unread as number);
    if (safe(() => sessionStorage.getItem(OPEN_KEY))) show();
    else if (c.live) show(false, true);
  };

  // A signed-in shopper (data-identity: the store's identity token) is checked against the email
  // allow-list too; the token travels in a text/plain body (no preflight, never in a URL) and is
  // handed to the frame like identify() would.
  const identity = data.identity;
  const config = fetch(
    `${origin}/api/widget/config?vid=${vid}`,
    identity ? { method: "POST", body: identity, credentials: "omit" } : { credentials: "omit" },
  )
    .then((r) => r.json())
    .then((c: Config) => {
      // an error body (or anything but enabled:true) adds nothing to the page
      if (c.enabled !== true) return;
      d.body ? draw(c) : d.addEventListener("DOMContentLoaded", () => draw(c));
    })
    .catch(() => {});

  if (identity) post(hostMessage.identify(identity));

  const api: AuroraConciergeApi = (w.AuroraConcierge = {
    open: () => config.then(() => show(true)),
    close: () => config.then(() => hide(true)),
    identify: (token) => post(hostMessage.identify(token)),
    on: (event, fn) => {
      if (!WIDGET_EVENTS.includes(event)) throw Error(event);
      (listeners[event] ||= []).push(fn);
      return () => {
        listeners[event] = listeners[event]!.filter((f) => f !== fn);
      };
    },
    version: __AURORA_VERSION__,
    __dropped: 0,
  });
})();
