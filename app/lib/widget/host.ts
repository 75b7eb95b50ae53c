import { parseHostMessage, type HostToWidget, type WidgetToHost } from "../../../widget/protocol";

declare global {
  interface Window {
    /** Messages the widget refused (wrong origin, wrong window or malformed); read by tests. */
    __auroraDropped?: number;
  }
}

/** Posts to the embedding page, only ever to its validated origin (never "*"). */
export function postToHost(hostOrigin: string, message: WidgetToHost) {
  if (window.parent === window) return; // opened directly, not framed: nobody to tell
  window.parent.postMessage(message, hostOrigin);
}

/**
 * Listens for host messages: accepted only from the host origin AND the parent window AND when
 * they parse; everything else is dropped and counted on `window.__auroraDropped`.
 */
export function listenToHost(hostOrigin: string, onMessage: (message: HostToWidget) => void): () => void {
  window.__auroraDropped ??= 0;
  const handler = (event: MessageEvent) => {
    const message = event.origin === hostOrigin && event.source === window.parent ? parseHostMessage(event.data) : null;
    if (!message) {
      window.__auroraDropped = (window.__auroraDropped ?? 0) + 1;
      return;
    }
    onMessage(message);
  };
  window.addEventListener("message", handler);
  return () => window.removeEventListener("message", handler);
}
