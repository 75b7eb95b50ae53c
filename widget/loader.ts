/**
 * The host-page loader (built to public/widget.js, ≤ 2 KB gzipped). Embedded with one tag:
 *   <script src="https://APP/widget.js" async data-position="right" data-label="…"></script>
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

const VID_KEY = "aurora-concierge-vid";
const OPEN_KEY = "aurora-concierge-open";

(() => {
  const w = window;
  const d = document;
  if (w.AuroraConcierge) return;
  const script = (d.currentScript || d.querySelector('script[src$="/widget.js"]')) as HTMLScriptElement | null;
  if (!script) return;
  const origin = new URL(script.src).origin;
  const data = script.dataset;
  const right = data.position !== "left";

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
    vid = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join("");
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
  let storeName: unknown;

  const post = (m: HostToWidget) => {
    // `ready` implies the iframe exists and runs the app's origin
    ready ? frame!.contentWindow!.postMessage(m, origin) : queue.push(m);
  };

  const setOpen = (open: boolean) => {
    isOpen = open;
    // setAttribute, not ARIA reflection (ariaExpanded): Firefox ESR 115 lacks the latter
    button!.setAttribute("aria-expanded", "" + open);
    frame!.hidden = !open;
    safe(() => (open ? sessionStorage.setItem(OPEN_KEY, "1") : sessionStorage.removeItem(OPEN_KEY)));
    emit(open ? "open" : "close");
  };

  const show = (focus?: boolean) => {
    if (!button || isOpen) return;
    if (!frame) {
      frame = d.createElement("iframe");
      frame.src = `${origin}/widget?${FRAME_PARAMS.hostOrigin}=${encodeURIComponent(location.origin)}&${FRAME_PARAMS.visitorId}=${vid}`;
      frame.title = `${storeName} concierge chat`;
      host!.shadowRoot!.appendChild(frame);
    }
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
    // open/close/ready are emitted by the loader itself (it owns the panel): never twice
    else if (!/^(open|close|ready)$/.test(m.name)) emit(m.name, m.count);
  });

  const draw = () => {
    host = d.createElement("aurora-concierge");
    const root = host.attachShadow({ mode: "open" });
    const side = right ? "right" : "left";
    root.innerHTML =
      `<style>:host{all:initial!important}` +
      `button,iframe{position:fixed;${side}:20px;bottom:20px;z-index:2147483647;border:0;box-shadow:0 6px 24px #0005}` +
      `button{width:56px;height:56px;border-radius:50%;background:#1f2937;color:#fff;cursor:pointer}` +
      `button:focus-visible{outline:3px solid #fff;box-shadow:0 0 0 6px #1d4ed8}` +
      `iframe{bottom:88px;width:400px;height:min(640px,100vh - 108px);border-radius:16px;background:#fff}` +
      `@media (max-width:480px){iframe{inset:0;width:100%;height:100%;border-radius:0}}` +
      `@media (prefers-reduced-motion:no-preference){button{transition:transform .2s}button:hover{transform:scale(1.06)}}</style>` +
      `<button type="button" aria-expanded="false"><svg width="26" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M3 4h18v13H9l-6 4z"/></svg></button>`;
    const b = (button = root.querySelector("button")!);
    b.setAttribute("aria-label", data.label || "Chat with our concierge");
    // warm the connection once, on the first hover or focus (never before)
    b.onmouseenter = b.onfocus = () => {
      b.onmouseenter = b.onfocus = null;
      const link = d.createElement("link");
      link.rel = "preconnect";
      link.href = origin;
      d.head.appendChild(link);
    };
    b.onclick = () => (isOpen ? hide(true) : show(true));
    b.onkeydown = (e) => {
      if (e.key == "Escape") hide(true);
    };
    d.body.appendChild(host);
    if (safe(() => sessionStorage.getItem(OPEN_KEY))) show();
  };

  const config = fetch(`${origin}/api/widget/config?vid=${vid}`, { credentials: "omit" })
    .then((r) => r.json())
    .then((c: { enabled?: unknown; storeName?: unknown }) => {
      // an error body (or anything but enabled:true) adds nothing to the page
      if (c.enabled !== true) return;
      storeName = c.storeName;
      d.body ? draw() : d.addEventListener("DOMContentLoaded", draw);
    })
    .catch(() => {});

  const api: AuroraConciergeApi = (w.AuroraConcierge = {
    open: () => void config.then(() => show(true)),
    close: () => void config.then(() => hide(true)),
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
