import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FormEvent,
  type KeyboardEvent,
} from "react";
import type { QuickLink, TranscriptEntry } from "../../../server/concierge/messages";
import { widgetStrings } from "../../../server/domain/i18n/widget-strings";
import { widgetMessage } from "../../../widget/protocol";
import { containTab } from "../../lib/widget/focus";
import { listenToHost, postToHost } from "../../lib/widget/host";
import { firstAnswerAfter, submittedForms } from "../../lib/widget/transcript";
import { seenShopperSeq, unreadReplies } from "../../lib/widget/handoff";
import { useConcierge, type ChatInput } from "../../lib/widget/use-concierge";
import { ChipBar } from "./ChipBar";
import { HandoffBar } from "./HandoffBar";
import { announcementFor, Entry, Notice, ProductThumb, price, StoreLink, variantName } from "./messages";
import { ProductSheet } from "./ProductSheet";
import type { WidgetUi } from "./ui";

const MAX_CHARS = 1000;
const TOAST_MS = 4000;
/** Within this many pixels of the end, the transcript counts as "at the latest message". */
const NEAR_BOTTOM_PX = 40;

const QUICK_LINKS = ["gifts_under_300", "ready_to_ship", "track_order", "returns", "stylist"] as const satisfies readonly QuickLink[];
/** While a stylist has the conversation: what the concierge can still do on request (no second stylist). */
const HANDOFF_QUICK_LINKS = ["gifts_under_300", "ready_to_ship", "track_order", "returns"] as const satisfies readonly QuickLink[];
/** How often relative timestamps ("5 minutes ago") are brought up to date. */
const CLOCK_MS = 30_000;

export interface WidgetAppProps {
  storeName: string;
  hostOrigin: string;
  visitorId: string;
  /** CSS custom properties derived from the store's brand colour (app/lib/widget/theme.ts). */
  themeVars?: Record<string, string>;
  /** The store's opening line for a new conversation (data-greeting). */
  greeting?: string | undefined;
  /** An order number in the store's format, for the lookup form's hint. */
  orderExample?: string | undefined;
  /** The store page the panel is on (a path), for the stylist's view. */
  page?: string | undefined;
}

/** The concierge panel inside the iframe: a dialog that keeps focus, and the shopper, in place. */
export function WidgetApp({ storeName, hostOrigin, visitorId, themeVars, greeting, orderExample, page }: WidgetAppProps) {
  const [announcement, setAnnouncement] = useState("");
  const onMessage = useCallback(
    (entry: TranscriptEntry) => {
      setAnnouncement(announcementFor(entry));
      postToHost(hostOrigin, widgetMessage.event("message"));
      if (entry.message.type === "ticket_confirmation") postToHost(hostOrigin, widgetMessage.event("handoff"));
    },
    [hostOrigin],
  );
  const c = useConcierge(visitorId, { onMessage }, { greeting, page });
  // UI strings and the document language follow the conversation's language (same catalog as the answers).
  const strings = widgetStrings(c.language);
  /** A stylist has the conversation (or is about to): typed words go to them and the concierge stays silent. */
  const withStylist = c.mode !== "bot";
  useEffect(() => {
    document.documentElement.lang = c.language;
  }, [c.language]);
  const [text, setText] = useState("");
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [sheet, setSheet] = useState<{ productId: string; opener: HTMLElement | null } | null>(null);
  const [toast, setToast] = useState<{ text: string; n: number } | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [jump, setJump] = useState(false);
  const [unseen, setUnseen] = useState(false);
  const [focusAfter, setFocusAfter] = useState<{ seq: number; force: boolean } | null>(null);

  const dialog = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLElement>(null);
  const main = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const composer = useRef<HTMLTextAreaElement>(null);
  const drawerToggle = useRef<HTMLButtonElement>(null);
  const drawerHeading = useRef<HTMLHeadingElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const log = useRef<HTMLOListElement>(null);
  /** The shopper just did something: follow the conversation to its answer. */
  const acted = useRef(false);
  const identify = useRef(c.identify);
  identify.current = c.identify;
  const opened = useRef(c.opened);
  opened.current = c.opened;

  /** The panel is open on the store's page (the frame may also run hidden, to catch a stylist's reply). */
  const [panelOpen, setPanelOpen] = useState(false);
  const [pageVisible, setPageVisible] = useState(true);
  /** The current time for timestamps (null until the page runs in the browser). */
  const [now, setNow] = useState<number | null>(null);

  const close = useCallback(() => {
    setPanelOpen(false);
    postToHost(hostOrigin, widgetMessage.close());
  }, [hostOrigin]);

  // Host messaging: ready on mount; open focuses the composer; identify resumes as that customer.
  useEffect(() => {
    const stop = listenToHost(hostOrigin, (message) => {
      if (message.type === "open") {
        setPanelOpen(true);
        composer.current?.focus();
        opened.current();
      } else if (message.type === "close") {
        setPanelOpen(false);
      } else if (message.type === "identify") {
        void identify.current(message.token);
      }
    });
    // Opened on its own (not in a store's page), the panel is simply open.
    if (window.parent === window) setPanelOpen(true);
    postToHost(hostOrigin, widgetMessage.ready());
    return stop;
  }, [hostOrigin]);

  useEffect(() => {
    const update = () => setPageVisible(document.visibilityState === "visible");
    update();
    document.addEventListener("visibilitychange", update);
    setNow(Date.now());
    const clock = setInterval(() => setNow(Date.now()), CLOCK_MS);
    return () => {
      document.removeEventListener("visibilitychange", update);
      clearInterval(clock);
    };
  }, []);

  // Nobody misses a reply: while the shopper looks at the panel, stylist replies count as seen; otherwise
  // the launcher on the store's page shows how many are waiting (the loader's badge and `unread` event).
  const viewing = panelOpen && pageVisible;
  const unread = unreadReplies(c.entries, c.shopperSeenSeq);
  const lastEntrySeq = c.entries[c.entries.length - 1]?.seq ?? 0;
  useEffect(() => {
    if (viewing && unread > 0) c.markSeen(lastEntrySeq);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewing, unread, lastEntrySeq]);
  const postedUnread = useRef(-1);
  useEffect(() => {
    if (c.status !== "ready" || postedUnread.current === unread) return;
    postedUnread.current = unread;
    postToHost(hostOrigin, widgetMessage.event("unread", unread));
  }, [c.status, unread, hostOrigin]);

  useEffect(() => {
    composer.current?.focus();
  }, [c.status]);

  const row = (seq: number | undefined) =>
    seq === undefined ? null : (log.current?.querySelector<HTMLElement>(`:scope > li[data-seq="${seq}"]`) ?? null);

  // The answer to the newest turn: where reading (and focus) should start.
  const lastShopperSeq = [...c.entries].reverse().find((e) => e.role === "shopper")?.seq ?? 0;
  const latestAnswer = firstAnswerAfter(c.entries, lastShopperSeq) ?? c.entries[c.entries.length - 1];

  /** Shows the start of the newest answer when it is taller than the view, otherwise the very end. */
  const revealLatest = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const anchor = c.busy ? null : row(latestAnswer?.seq);
    if (anchor && el.scrollHeight - anchor.offsetTop > el.clientHeight) el.scrollTop = anchor.offsetTop - 12;
    else el.scrollTop = el.scrollHeight;
  }, [c.busy, latestAnswer?.seq]);

  // Follow new messages when the shopper is at the end or just acted; otherwise offer "Jump to latest".
  const last = c.entries[c.entries.length - 1]?.seq;
  useLayoutEffect(() => {
    if (acted.current || atBottom) {
      revealLatest();
      if (!c.busy) acted.current = false;
    } else if (last !== undefined) setUnseen(true);
    measure();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [last, c.draft, c.busy]);

  /** At the end, or looking at the start of the newest answer: then there is nothing to jump to. */
  const latestSeq = useRef<number | undefined>(undefined);
  latestSeq.current = latestAnswer?.seq;
  const measure = () => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    const anchor = row(latestSeq.current);
    const anchorInView = !!anchor && anchor.offsetTop >= el.scrollTop - 4 && anchor.offsetTop < el.scrollTop + el.clientHeight - 40;
    setAtBottom(bottom);
    setJump(!bottom && !anchorInView);
    if (bottom || anchorInView) setUnseen(false);
  };

  const focusRow = (seq: number | undefined) => {
    const el = row(seq);
    if (!el) return false;
    el.focus({ preventScroll: true });
    const box = scroller.current;
    if (box && (el.offsetTop < box.scrollTop || el.offsetTop > box.scrollTop + box.clientHeight - 40)) box.scrollTop = el.offsetTop - 12;
    return true;
  };

  // After a tap or a form, focus moves to the answer (or the composer) — unless the shopper has
  // already moved on to the composer or elsewhere in the panel.
  useEffect(() => {
    if (focusAfter === null || c.busy) return;
    setFocusAfter(null);
    const active = document.activeElement;
    const lost = !active || active === document.body || !dialog.current?.contains(active);
    const inHistory = !!active && (!!log.current?.contains(active) || !!active.closest(".cw-quick"));
    if (!focusAfter.force && !lost && !inHistory) return;
    if (!focusRow(firstAnswerAfter(c.entries, focusAfter.seq)?.seq)) composer.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusAfter, c.busy, c.entries]);

  const send = useCallback(
    (input: ChatInput, force = false) => {
      const before = c.entries[c.entries.length - 1]?.seq ?? 0;
      acted.current = true;
      void c.send(input).then(() => setFocusAfter({ seq: before, force }));
    },
    [c],
  );

  const showToast = (message: string) => setToast((t) => ({ text: message, n: (t?.n ?? 0) + 1 }));
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const ui: WidgetUi = {
    orderExample: orderExample ?? "GG-12002",
    act: (input) => send(input),
    submit: (seq, summary, input) => {
      c.markDone(seq, summary);
      // the form becomes its summary: keep focus on its row instead of letting it fall to <body>
      requestAnimationFrame(() => row(seq)?.focus({ preventScroll: true }));
      send(input);
    },
    openProduct: (productId, opener) => {
      c.viewed(productId);
      setSheet({ productId, opener });
    },
    toggleSave: (product) => {
      void c.toggleSave(product.id).then((outcome) => {
        if (!outcome.ok) showToast(outcome.text);
        else
          showToast(
            outcome.saved ? `Saved ${variantName(product)} to your shortlist.` : `Removed ${variantName(product)} from your shortlist.`,
          );
      });
    },
  };

  const closeSheet = () => {
    const opener = sheet?.opener;
    setSheet(null);
    requestAnimationFrame(() => (opener?.isConnected ? opener.focus() : composer.current?.focus()));
  };

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

  const closeMenu = (refocus: boolean) => {
    setMenuOpen(false);
    if (refocus) menuButton.current?.focus();
  };
  useEffect(() => {
    if (menuOpen) menu.current?.querySelector("button")?.focus();
  }, [menuOpen]);

  // Only what is in front can be reached: the detail sheet over everything, the drawer over the chat.
  useEffect(() => {
    if (main.current) main.current.inert = drawerOpen || sheet !== null;
    if (head.current) head.current.inert = sheet !== null;
  }, [drawerOpen, sheet]);

  // The open panel is a dialog: Escape closes what is on top (menu, sheet, drawer, then the panel, with
  // focus back on the store's launcher) from anywhere in it, and Tab never leaves it for the host page.
  const keys = useRef({ menuOpen, sheet, drawerOpen });
  keys.current = { menuOpen, sheet, drawerOpen };
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const k = keys.current;
      if (event.isComposing) return; // an input method is still composing: its own Escape/Tab
      if (event.key === "Escape" && !event.defaultPrevented) {
        event.preventDefault();
        if (k.menuOpen) closeMenu(true);
        else if (k.sheet) closeSheetRef.current();
        else if (k.drawerOpen) closeDrawerRef.current();
        else close();
      } else if (event.key === "Tab") {
        const root = (k.sheet && dialog.current?.querySelector<HTMLElement>(".cw-sheet")) || dialog.current;
        if (root) containTab(event, root);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [close]);
  const closeSheetRef = useRef(closeSheet);
  closeSheetRef.current = closeSheet;
  const closeDrawerRef = useRef(closeDrawer);
  closeDrawerRef.current = closeDrawer;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const value = text.trim();
    if (!value) return;
    setText("");
    if (withStylist) c.typing(false);
    acted.current = true;
    void c.send({ text: value.slice(0, MAX_CHARS) });
  };

  const onComposerKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const jumpToLatest = () => {
    setUnseen(false);
    if (!focusRow(latestAnswer?.seq)) composer.current?.focus();
    revealLatest();
  };

  const startOver = async () => {
    closeMenu(false);
    setText("");
    setDrawerOpen(false);
    const ok = await c.newConversation().catch(() => false);
    setAnnouncement(ok ? "Started a new conversation." : "Couldn't start a new conversation. Please try again.");
    if (!ok) showToast("Couldn't start a new conversation. Please try again.");
    setAtBottom(true);
    composer.current?.focus();
  };

  const fromTranscript = useMemo(() => submittedForms(c.entries), [c.entries]);

  if (c.status === "disabled") return null;

  const savedCount = c.savedIds.size;
  const lastConciergeSeq = [...c.entries].reverse().find((e) => e.role !== "shopper")?.seq;
  const typing = text.trim().length > 0;
  const quickLinks = withStylist ? HANDOFF_QUICK_LINKS : QUICK_LINKS;
  const seenSeq = withStylist || c.stylist ? seenShopperSeq(c.entries, c.stylistSeenSeq) : undefined;
  const typingName = c.stylistTyping === null ? null : c.stylistTyping || c.stylist?.name || strings["handoff.stylist"];

  return (
    <main
      className="cw-root"
      aria-labelledby="cw-title"
      lang={c.language}
      style={themeVars as CSSProperties}
      data-ready={c.status === "ready" || undefined}
    >
      <div className="cw" role="dialog" aria-modal="true" aria-labelledby="cw-title" ref={dialog}>
        <header className="cw-head" ref={head}>
          <span className="cw-mark" aria-hidden="true">
            ✦
          </span>
          <h1 id="cw-title" className="cw-title">
            {storeName} <span className="cw-title__sub">{strings.title_suffix}</span>
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
          <div
            className="cw-menuwrap"
            onBlur={(e) => {
              if (menuOpen && !e.currentTarget.contains(e.relatedTarget as Node | null)) setMenuOpen(false);
            }}
          >
            <button
              ref={menuButton}
              type="button"
              className="cw-iconbtn"
              aria-label="More options"
              aria-expanded={menuOpen}
              aria-controls="cw-menu"
              onClick={() => (menuOpen ? closeMenu(true) : setMenuOpen(true))}
            >
              <svg aria-hidden="true" width="18" height="18" viewBox="0 0 18 18">
                <circle cx="3.5" cy="9" r="1.7" fill="currentColor" />
                <circle cx="9" cy="9" r="1.7" fill="currentColor" />
                <circle cx="14.5" cy="9" r="1.7" fill="currentColor" />
              </svg>
            </button>
            <div id="cw-menu" className="cw-menu" hidden={!menuOpen}>
              <button type="button" className="cw-menu__item" onClick={() => void startOver()}>
                Start a new conversation
              </button>
            </div>
          </div>
          <button type="button" className="cw-iconbtn" aria-label="Close chat" title="Close (your conversation is kept)" onClick={close}>
            <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16">
              <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
          </button>
        </header>

        <div className="cw-main" ref={main}>
          {withStylist && (
            <HandoffBar
              mode={c.mode}
              stylist={c.stylist}
              expectation={c.expectation}
              language={c.language}
              strings={strings}
              now={now}
              onBack={() => send({ action: { kind: "return_to_concierge" } }, true)}
            />
          )}
          <div className="cw-scrollwrap">
            {/* Focusable so the transcript scrolls from the keyboard even when it holds nothing focusable */}
            <div className="cw-scroll" ref={scroller} onScroll={measure} tabIndex={0} role="region" aria-label="Conversation history">
              {c.status === "starting" && <p className="cw-status">{strings.connecting}</p>}
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
                  <Entry
                    key={entry.seq}
                    entry={entry}
                    c={c}
                    ui={ui}
                    latest={entry.seq === lastConciergeSeq}
                    done={c.done[entry.seq] ?? fromTranscript[entry.seq]}
                    now={now}
                    seen={entry.seq === seenSeq}
                  />
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
              {c.busy && !c.draft && !withStylist && (
                <p className="cw-typing">
                  <span className="cw-dots" aria-hidden="true">
                    <i />
                    <i />
                    <i />
                  </span>
                  <span className="cw-sr">The concierge is typing…</span>
                </p>
              )}
              {typingName !== null && (
                <p className="cw-typing cw-typing--stylist">
                  <span className="cw-dots" aria-hidden="true">
                    <i />
                    <i />
                    <i />
                  </span>
                  <span className="cw-typing__who">{strings["handoff.typing"].replace("{name}", typingName)}</span>
                </p>
              )}
            </div>

            <button type="button" className={`cw-jump${unseen ? " cw-jump--new" : ""}`} hidden={!jump} onClick={jumpToLatest}>
              <span aria-hidden="true">↓ </span>
              {unseen ? "New messages" : "Jump to latest"}
            </button>
          </div>

          <ChipBar
            label={strings.quick_links}
            className="cw-quick"
            chips={quickLinks.map((link) => ({ key: link, label: strings[`quick.${link}`] }))}
            onChoose={(i) => send({ action: { kind: "quick_link", link: quickLinks[i]! } })}
            hidden={typing}
          />

          <form className="cw-composer" onSubmit={submit}>
            <label htmlFor="cw-input" className="cw-sr">
              {strings.composer_label}
            </label>
            <textarea
              id="cw-input"
              ref={composer}
              className="cw-input"
              rows={1}
              maxLength={MAX_CHARS}
              placeholder={withStylist ? strings["handoff.placeholder"] : strings.placeholder}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                if (withStylist) c.typing(e.target.value.trim().length > 0);
              }}
              onBlur={() => {
                if (withStylist) c.typing(false);
              }}
              onKeyDown={onComposerKey}
              aria-describedby={text.length > MAX_CHARS - 200 ? "cw-counter" : undefined}
            />
            {text.length > MAX_CHARS - 200 && (
              <span id="cw-counter" className="cw-counter">
                {text.length}/{MAX_CHARS}
              </span>
            )}
            <button type="submit" className="cw-send" disabled={!text.trim() || c.status !== "ready"}>
              <span className="cw-sr">{strings.send}</span>
              <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20">
                <path d="M3 10l14-7-5 14-2-6-7-1z" fill="currentColor" />
              </svg>
            </button>
          </form>
        </div>

        <div className="cw-sr" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>
        <div className={`cw-toast${toast ? " cw-toast--on" : ""}`} role="status" aria-atomic="true">
          {toast?.text}
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
                    <p className="cw-mini__name">
                      <StoreLink product={p} />
                    </p>
                    <p className="cw-mini__meta">{price(p.priceCents)}</p>
                  </div>
                  <button type="button" className="cw-btn cw-btn--ghost" onClick={() => void c.removeSaved(p.id)}>
                    Remove<span className="cw-sr"> {variantName(p)}</span>
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
                send({ action: { kind: "request_stylist", reason: "Shortlist review" } }, true);
              }}
            >
              Share with a stylist
            </button>
          )}
        </section>

        {sheet && <ProductSheet key={sheet.productId} productId={sheet.productId} c={c} ui={ui} onClose={closeSheet} />}
      </div>
    </main>
  );
}
