import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { QuickLink, TranscriptEntry } from "../../../server/concierge/messages";
import { widgetStrings } from "../../../server/domain/i18n/widget-strings";
import { widgetMessage } from "../../../widget/protocol";
import { listenToHost, postToHost } from "../../lib/widget/host";
import { useConcierge } from "../../lib/widget/use-concierge";
import { announcementFor, Entry, Notice, ProductThumb, price } from "./messages";

const MAX_CHARS = 1000;

const QUICK_LINKS = ["gifts_under_300", "ready_to_ship", "track_order", "returns", "stylist"] as const satisfies readonly QuickLink[];

export interface WidgetAppProps {
  storeName: string;
  hostOrigin: string;
  visitorId: string;
}

/** The concierge panel inside the iframe. */
export function WidgetApp({ storeName, hostOrigin, visitorId }: WidgetAppProps) {
  const [announcement, setAnnouncement] = useState("");
  const onMessage = useCallback(
    (entry: TranscriptEntry) => {
      setAnnouncement(announcementFor(entry));
      postToHost(hostOrigin, widgetMessage.event("message"));
      if (entry.message.type === "ticket_confirmation") postToHost(hostOrigin, widgetMessage.event("handoff"));
    },
    [hostOrigin],
  );
  const c = useConcierge(visitorId, { onMessage });
  // UI strings and the document language follow the conversation's language (same catalog as the answers).
  const ui = widgetStrings(c.language);
  useEffect(() => {
    document.documentElement.lang = c.language;
  }, [c.language]);
  const [text, setText] = useState("");
  const [drawerOpen, setDrawerOpen] = useState(false);
  const composer = useRef<HTMLTextAreaElement>(null);
  const drawerToggle = useRef<HTMLButtonElement>(null);
  const drawerHeading = useRef<HTMLHeadingElement>(null);
  const log = useRef<HTMLOListElement>(null);
  const identify = useRef(c.identify);
  identify.current = c.identify;
  const opened = useRef(c.opened);
  opened.current = c.opened;

  const close = useCallback(() => postToHost(hostOrigin, widgetMessage.close()), [hostOrigin]);

  // Host messaging: ready on mount; open focuses the composer; identify resumes as that customer.
  useEffect(() => {
    const stop = listenToHost(hostOrigin, (message) => {
      if (message.type === "open") {
        composer.current?.focus();
        opened.current();
      } else if (message.type === "identify") {
        void identify.current(message.token);
      }
    });
    postToHost(hostOrigin, widgetMessage.ready());
    return stop;
  }, [hostOrigin]);

  useEffect(() => {
    composer.current?.focus();
  }, [c.status]);

  // Keep the newest message in view (without smooth scrolling: it respects reduced motion).
  const last = c.entries[c.entries.length - 1]?.seq;
  useEffect(() => {
    const el = log.current?.parentElement;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last, c.draft, c.busy]);

  useEffect(() => {
    if (drawerOpen) {
      drawerHeading.current?.focus();
      c.loadShortlist().catch(() => undefined);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drawerOpen]);

  const closeDrawer = () => {
    setDrawerOpen(false);
    drawerToggle.current?.focus();
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const value = text.trim();
    if (!value) return;
    setText("");
    void c.send({ text: value.slice(0, MAX_CHARS) });
  };

  const onComposerKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    if (drawerOpen) closeDrawer();
    else close();
  };

  if (c.status === "disabled") return null;

  const savedCount = c.savedIds.size;
  const lastConciergeSeq = [...c.entries].reverse().find((e) => e.role !== "shopper")?.seq;

  return (
    <main className="cw-root" aria-labelledby="cw-title" lang={c.language}>
      <div className="cw" role="dialog" aria-modal="false" aria-labelledby="cw-title" onKeyDown={onKeyDown}>
        <header className="cw-head">
          <span className="cw-mark" aria-hidden="true">
            ✦
          </span>
          <h1 id="cw-title" className="cw-title">
            {storeName} <span className="cw-title__sub">{ui.title_suffix}</span>
          </h1>
          <button
            ref={drawerToggle}
            type="button"
            className="cw-iconbtn cw-saved-toggle"
            aria-expanded={drawerOpen}
            aria-controls="cw-drawer"
            onClick={() => (drawerOpen ? closeDrawer() : setDrawerOpen(true))}
          >
            <span aria-hidden="true">{savedCount > 0 ? "♥" : "♡"}</span>
            <span className="cw-sr">Saved pieces,</span>
            <span className="cw-count">{savedCount}</span>
          </button>
          <button type="button" className="cw-iconbtn" aria-label="Minimise" title="Minimise" onClick={close}>
            <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16">
              <path d="M3 8h10" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
          </button>
          <button type="button" className="cw-iconbtn" aria-label="Close" title="Close" onClick={close}>
            <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16">
              <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
          </button>
        </header>

        <div className="cw-scroll">
          {c.status === "starting" && <p className="cw-status">{ui.connecting}</p>}
          {c.status === "failed" && (
            <div className="cw-status">
              <p>We couldn't connect to the concierge.</p>
              <button type="button" className="cw-btn" onClick={c.restart}>
                Try again
              </button>
            </div>
          )}
          <ol ref={log} className="cw-log" aria-label="Conversation">
            {c.entries.map((entry) => (
              <Entry key={entry.seq} entry={entry} c={c} latest={entry.seq === lastConciergeSeq} />
            ))}
            {c.draft ? (
              <li className="cw-row cw-row--concierge">
                <div className="cw-bubble cw-bubble--draft">{c.draft}</div>
              </li>
            ) : null}
            {c.notice && (
              <li className="cw-row cw-row--concierge">
                <Notice level="error" text={c.notice.text} retryable={c.notice.retryable} onRetry={c.retry} />
              </li>
            )}
          </ol>
          {c.busy && !c.draft && (
            <p className="cw-typing">
              <span className="cw-dots" aria-hidden="true">
                <i />
                <i />
                <i />
              </span>
              <span className="cw-sr">The concierge is typing…</span>
            </p>
          )}
        </div>

        <div className="cw-quick" role="group" aria-label={ui.quick_links}>
          {QUICK_LINKS.map((link) => (
            <button key={link} type="button" className="cw-chip" onClick={() => void c.send({ action: { kind: "quick_link", link } })}>
              {ui[`quick.${link}`]}
            </button>
          ))}
        </div>

        <form className="cw-composer" onSubmit={submit}>
          <label htmlFor="cw-input" className="cw-sr">
            {ui.composer_label}
          </label>
          <textarea
            id="cw-input"
            ref={composer}
            className="cw-input"
            rows={1}
            maxLength={MAX_CHARS}
            placeholder={ui.placeholder}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onComposerKey}
            aria-describedby={text.length > MAX_CHARS - 200 ? "cw-counter" : undefined}
          />
          {text.length > MAX_CHARS - 200 && (
            <span id="cw-counter" className="cw-counter">
              {text.length}/{MAX_CHARS}
            </span>
          )}
          <button type="submit" className="cw-send" disabled={!text.trim() || c.status !== "ready"}>
            <span className="cw-sr">{ui.send}</span>
            <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20">
              <path d="M3 10l14-7-5 14-2-6-7-1z" fill="currentColor" />
            </svg>
          </button>
        </form>

        <div className="cw-sr" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>

        <section id="cw-drawer" className="cw-drawer" hidden={!drawerOpen} aria-labelledby="cw-drawer-title">
          <div className="cw-drawer__head">
            <h2 id="cw-drawer-title" ref={drawerHeading} tabIndex={-1}>
              Saved pieces ({savedCount})
            </h2>
            <button type="button" className="cw-btn cw-btn--ghost" onClick={closeDrawer}>
              Back to chat
            </button>
          </div>
          {c.shortlist === null ? (
            <p className="cw-status">Loading…</p>
          ) : c.shortlist.length === 0 ? (
            <p className="cw-status">Nothing saved yet. Tap Save on a piece you love.</p>
          ) : (
            <ul className="cw-minilist">
              {c.shortlist.map((p) => (
                <li key={p.id} className="cw-mini">
                  <ProductThumb product={p} />
                  <div className="cw-mini__body">
                    <p className="cw-mini__name">{p.name}</p>
                    <p className="cw-mini__meta">{price(p.priceCents)}</p>
                  </div>
                  <button type="button" className="cw-btn cw-btn--ghost" onClick={() => void c.removeSaved(p.id)}>
                    Remove<span className="cw-sr"> {p.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {c.shortlist && c.shortlist.length > 0 && (
            <button
              type="button"
              className="cw-btn cw-btn--block"
              onClick={() => {
                closeDrawer();
                void c.send({ action: { kind: "request_stylist", reason: "Shortlist review" } });
              }}
            >
              Share with a stylist
            </button>
          )}
        </section>
      </div>
    </main>
  );
}
