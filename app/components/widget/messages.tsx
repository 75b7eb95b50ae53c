import type { ConciergeMessage, ProductCard, TranscriptEntry } from "../../../server/concierge/messages";
import { FORM_SUBMISSION_KINDS } from "../../../server/domain/chat-actions";
import { widgetStrings, type WidgetStrings } from "../../../server/domain/i18n/widget-strings";
import type { Concierge } from "../../lib/widget/use-concierge";
import { ChipBar } from "./ChipBar";
import { CsatForm, EscalationForm, OrderLookupForm, ReturnOptionsForm, SubscriptionForm } from "./forms";
import type { WidgetUi } from "./ui";

type Msg<T extends ConciergeMessage["type"]> = Extract<ConciergeMessage, { type: T }>;

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
export const price = (cents: number) => usd.format(cents / 100);

/** "Mar 4" for an ISO date; anything else is shown as it is. */
export function shortDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleDateString("en-US", { month: "short", day: "numeric" });
}

const KIND_LABEL = { return: "Return", resize: "Resize", repair: "Care & repair" } as const;

/** "now", "5 minutes ago", "yesterday": how long ago, in the conversation's language. */
export function relativeTime(at: number, now: number, language: string): string {
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 60) return rtf.format(0, "second");
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return rtf.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(hours, "hour");
  return rtf.format(Math.round(hours / 24), "day");
}

/**
 * When a message was sent: how long ago, and the full date and time (in the viewer's time zone) while
 * the message is hovered or focused; screen readers always get the full time. Rendered only in the
 * browser (`now` is null on the server), so server and browser never disagree about time zones.
 */
export function Time({ at, now, language }: { at: string; now: number | null; language: string }) {
  if (now === null) return null;
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return null;
  const full = when.toLocaleString(language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <time className="cw-time" dateTime={at}>
      <span className="cw-time__rel" aria-hidden="true">
        {relativeTime(when.getTime(), now, language)}
      </span>
      <span className="cw-time__full" aria-hidden="true">
        {full}
      </span>
      <span className="cw-sr">{full}</span>
    </time>
  );
}

/** A stylist's avatar: their initials on the colour they chose in their dashboard profile. */
export function Avatar({ initials, color }: { initials: string; color: string }) {
  return (
    <span className="cw-avatar" style={{ background: color }} aria-hidden="true">
      {initials}
    </span>
  );
}

/** A status line in the shopper's language: the stylist resolved, closed or reopened the request. */
function handoffLine(m: Msg<"handoff_status">, strings: WidgetStrings): string {
  if (m.reason === "resolved") return strings["handoff.resolved"].replace("{name}", m.stylistName ?? strings["handoff.stylist"]);
  return m.reason === "closed" ? strings["handoff.closed"] : strings["handoff.reopened"];
}

/** What the polite live region says when a message arrives. */
export function announcementFor(entry: TranscriptEntry): string {
  const m = entry.message;
  switch (m.type) {
    case "text":
      return m.text;
    case "stylist_reply":
      return `${m.stylistName}, stylist: ${m.text}`;
    case "handoff_status":
      return handoffLine(m, widgetStrings(undefined));
    case "notice":
      return m.text;
    case "product_cards":
      return `${m.products.length} ${m.products.length === 1 ? "piece" : "pieces"}: ${m.summary}`;
    case "order_timeline":
      return `Order ${m.orderNumber}: ${m.statusLabel}`;
    case "order_lookup_form":
      return m.error ?? "Please enter your order number and email.";
    case "return_options":
      return `Options for order ${m.orderNumber}.`;
    case "return_confirmation":
      return `Request confirmed. Reference ${m.rmaId}.`;
    case "escalation_form":
      return "Please share how a stylist can reach you.";
    case "ticket_confirmation":
      return `A stylist has your request. ${m.expectedResponse}`;
    case "csat_prompt":
    case "intent_chooser":
      return m.type === "csat_prompt" ? m.question : m.prompt;
    case "subscription_form":
      return `Get updates for order ${m.orderNumber}.`;
    case "shortlist":
      return `Your shortlist has ${m.products.length} ${m.products.length === 1 ? "piece" : "pieces"}.`;
    default:
      return "";
  }
}

/** "Dainty Stacking Band · 14k rose gold": the same design in two metals never reads as one piece. */
export const variantName = (p: { name: string; variant?: string | undefined }) => (p.variant ? `${p.name} · ${p.variant}` : p.name);

/** A saved piece's name, linking to the merchant's product page in the top window (never inside the panel). */
export function StoreLink({ product }: { product: Pick<ProductCard, "name" | "variant" | "url"> }) {
  if (!product.url) return <>{variantName(product)}</>;
  return (
    <a className="cw-link" href={product.url} target="_top">
      {variantName(product)}
      <span className="cw-sr"> (opens the store's page)</span>
    </a>
  );
}

export function ProductThumb({ product }: { product: Pick<ProductCard, "imageUrl"> }) {
  return <img className="cw-thumb" src={product.imageUrl} alt="" width={56} height={56} loading="lazy" decoding="async" />;
}

export function Notice({
  level,
  text,
  retryable,
  onRetry,
}: {
  level: Msg<"notice">["level"];
  text: string;
  retryable?: boolean | undefined;
  onRetry?: () => void;
}) {
  return (
    <div className={`cw-notice cw-notice--${level}`}>
      <span className="cw-notice__icon" aria-hidden="true">
        {level === "info" ? "i" : "!"}
      </span>
      <p>{text}</p>
      {retryable && onRetry && (
        <button type="button" className="cw-btn cw-btn--small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** The heart: "Save"/"Saved" in place (the panel shows a toast); never a chat turn. */
export function SaveButton({ product, c, ui }: { product: Pick<ProductCard, "id" | "name" | "variant">; c: Concierge; ui: WidgetUi }) {
  const saved = c.savedIds.has(product.id);
  return (
    <button
      type="button"
      className={`cw-btn cw-btn--small cw-save${saved ? " cw-save--on" : ""}`}
      aria-disabled={c.pendingSaves.has(product.id) || undefined}
      onClick={() => {
        if (!c.pendingSaves.has(product.id)) ui.toggleSave(product);
      }}
    >
      <span className="cw-save__heart" aria-hidden="true">
        {saved ? "♥" : "♡"}
      </span>
      {saved ? "Saved" : "Save"}
      <span className="cw-sr"> {variantName(product)}</span>
    </button>
  );
}

function ProductCards({
  m,
  c,
  ui,
  seq,
  interactive,
}: {
  m: Msg<"product_cards">;
  c: Concierge;
  ui: WidgetUi;
  seq: number;
  interactive: boolean;
}) {
  return (
    <div className="cw-block">
      <p className="cw-caption">{m.summary}</p>
      {m.relaxed && m.relaxed.length > 0 && <p className="cw-caption cw-caption--note">To find these I relaxed: {m.relaxed.join(", ")}.</p>}
      {m.products.length === 0 ? (
        <p className="cw-caption">No pieces matched.</p>
      ) : (
        <ul className="cw-cards" aria-label="Pieces">
          {m.products.map((p) => (
            <li key={p.id} className="cw-card">
              <img className="cw-card__img" src={p.imageUrl} alt="" width={320} height={320} loading="lazy" decoding="async" />
              <div className="cw-card__body">
                {p.readyToShip && <span className="cw-badge">Ready to ship</span>}
                <h2 className="cw-card__name">{p.name}</h2>
                <p className="cw-card__spec">{p.spec}</p>
                <p className="cw-card__price">{price(p.priceCents)}</p>
                <p className="cw-card__ship">{p.shippingPromise}</p>
                <div className="cw-card__actions">
                  <SaveButton product={p} c={c} ui={ui} />
                  <button
                    type="button"
                    className="cw-btn cw-btn--small cw-btn--ghost"
                    aria-haspopup="dialog"
                    onClick={(e) => ui.openProduct(p.id, e.currentTarget)}
                  >
                    View<span className="cw-sr"> {variantName(p)}</span>
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {m.hasMore && interactive && (
        <button type="button" className="cw-chip" onClick={() => ui.act({ action: { kind: "more_results" } }, seq)}>
          Show more
        </button>
      )}
    </div>
  );
}

function Chips({ options, ui, seq, prompt }: { options: Msg<"refine_chips">["chips"]; ui: WidgetUi; seq: number; prompt?: string }) {
  return (
    <div className="cw-block">
      {prompt && <p className="cw-bubble">{prompt}</p>}
      <ChipBar
        label={prompt ?? "Suggestions"}
        className={`cw-chips${!prompt && options.length > 4 ? " cw-chips--rail" : ""}`}
        chips={options.map((chip, i) => ({ key: `${chip.label}-${i}`, label: chip.label }))}
        onChoose={(i) => ui.act({ action: options[i]!.action }, seq)}
      />
    </div>
  );
}

const STEP_STATE = { done: "Done", current: "Current step", upcoming: "Upcoming" } as const;

function Timeline({ m }: { m: Msg<"order_timeline"> }) {
  const tracking = m.trackingNumber ?? m.trackingMasked;
  return (
    <div className="cw-panel">
      <p className="cw-panel__eyebrow">Order {m.orderNumber}</p>
      <h2 className="cw-panel__title">{m.statusLabel}</h2>
      <ol className="cw-steps">
        {m.steps.map((s) => (
          <li key={s.status} className={`cw-step cw-step--${s.state}`} aria-current={s.state === "current" ? "step" : undefined}>
            <span className="cw-step__dot" aria-hidden="true" />
            <span className="cw-sr">{STEP_STATE[s.state]}: </span>
            <span className="cw-step__label">{s.label}</span>
            {s.at && <span className="cw-step__at">{shortDate(s.at)}</span>}
          </li>
        ))}
      </ol>
      <dl className="cw-facts">
        {m.carrier && (
          <>
            <dt>Carrier</dt>
            <dd>{m.carrier}</dd>
          </>
        )}
        {tracking && (
          <>
            <dt>Tracking</dt>
            <dd className="cw-mono cw-tracking">{tracking}</dd>
          </>
        )}
        {m.estimatedDelivery && (
          <>
            <dt>Estimated delivery</dt>
            <dd>{shortDate(m.estimatedDelivery)}</dd>
          </>
        )}
        {m.deliveredAt && (
          <>
            <dt>Delivered</dt>
            <dd>{shortDate(m.deliveredAt)}</dd>
          </>
        )}
      </dl>
      {m.trackingUrl && (
        <a className="cw-btn cw-btn--small cw-btn--ghost cw-track" href={m.trackingUrl} target="_blank" rel="noopener noreferrer">
          Track on {m.carrier ?? "the carrier's site"}
          <span className="cw-sr"> (opens in a new tab)</span>
        </a>
      )}
    </div>
  );
}

function MiniList({ products }: { products: ProductCard[] }) {
  return (
    <ul className="cw-minilist">
      {products.map((p) => (
        <li key={p.id} className="cw-mini">
          <ProductThumb product={p} />
          <div className="cw-mini__body">
            <p className="cw-mini__name">
              <StoreLink product={p} />
            </p>
            <p className="cw-mini__meta">
              {price(p.priceCents)}
              {p.readyToShip ? " · Ready to ship" : ""}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}

interface BodyProps {
  entry: TranscriptEntry;
  c: Concierge;
  ui: WidgetUi;
  latest: boolean;
  /** The summary of a form the shopper already submitted. */
  done: string | undefined;
  /** The current time (ms) for timestamps; null until the page runs in the browser. */
  now?: number | null;
  /** A stylist has read this message (the shopper's newest one they read): "Seen". */
  seen?: boolean;
}

function Body({ entry, c, ui, latest, done }: BodyProps) {
  const m = entry.message;
  const seq = entry.seq;
  const strings = widgetStrings(c.language);
  if (
    done !== undefined &&
    (m.type === "order_lookup_form" ||
      m.type === "return_options" ||
      m.type === "escalation_form" ||
      m.type === "csat_prompt" ||
      m.type === "subscription_form")
  ) {
    return (
      <p className="cw-summary">
        <span aria-hidden="true">✓ </span>
        {done}
      </p>
    );
  }
  switch (m.type) {
    case "text":
      return <p className={`cw-bubble${entry.role === "shopper" ? " cw-bubble--shopper" : ""}`}>{m.text}</p>;
    case "command":
      return <p className="cw-command">{m.label}</p>;
    case "stylist_reply":
      return (
        <div className="cw-stylist">
          <Avatar initials={m.stylistInitials ?? (m.stylistName.trim()[0] ?? "?").toUpperCase()} color={m.stylistColor ?? "#374151"} />
          <div className="cw-bubble cw-bubble--stylist">
            <p className="cw-from">
              {m.stylistName} <span>· {strings["handoff.stylist"]}</span>
            </p>
            <p>{m.text}</p>
          </div>
        </div>
      );
    case "handoff_status":
      return <p className="cw-system">{handoffLine(m, strings)}</p>;
    case "notice":
      return <Notice level={m.level} text={m.text} retryable={m.retryable && latest} onRetry={c.retry} />;
    case "product_cards":
      return <ProductCards m={m} c={c} ui={ui} seq={seq} interactive={latest} />;
    case "refine_chips":
      return <Chips options={m.chips} ui={ui} seq={seq} />;
    case "intent_chooser":
      return <Chips options={m.options} ui={ui} seq={seq} prompt={m.prompt} />;
    case "order_timeline":
      return <Timeline m={m} />;
    case "order_lookup_form":
      return <OrderLookupForm m={m} seq={seq} ui={ui} />;
    case "return_options":
      return <ReturnOptionsForm m={m} seq={seq} ui={ui} />;
    case "return_confirmation":
      return (
        <div className="cw-panel cw-panel--success">
          <p className="cw-panel__eyebrow">
            {KIND_LABEL[m.returnKind]} request · Order {m.orderNumber}
          </p>
          <h2 className="cw-panel__title">
            Confirmed — <span className="cw-mono">{m.rmaId}</span>
          </h2>
          {m.newRingSize && <p className="cw-caption">New ring size: US {m.newRingSize}</p>}
          {m.nextSteps.length > 0 && (
            <ol className="cw-next">
              {m.nextSteps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
          )}
        </div>
      );
    case "escalation_form":
      return <EscalationForm m={m} seq={seq} ui={ui} strings={strings} />;
    case "ticket_confirmation":
      return (
        <div className="cw-panel cw-panel--success">
          <p className="cw-panel__eyebrow">Stylist request sent</p>
          <h2 className="cw-panel__title">
            Ticket <span className="cw-mono">{m.ticketId}</span>
          </h2>
          <p className="cw-caption">{m.expectedResponse}</p>
        </div>
      );
    case "csat_prompt":
      return <CsatForm m={m} seq={seq} ui={ui} />;
    case "subscription_form":
      return <SubscriptionForm m={m} seq={seq} ui={ui} />;
    case "shortlist":
      return (
        <div className="cw-panel">
          <p className="cw-panel__eyebrow">Your shortlist ({m.products.length})</p>
          {m.products.length === 0 ? <p className="cw-caption">Nothing saved yet.</p> : <MiniList products={m.products} />}
        </div>
      );
    default:
      return null; // a message type this widget does not know yet
  }
}

const KNOWN = new Set<string>([
  "text",
  "command",
  "product_cards",
  "refine_chips",
  "order_lookup_form",
  "order_timeline",
  "return_options",
  "return_confirmation",
  "escalation_form",
  "ticket_confirmation",
  "csat_prompt",
  "subscription_form",
  "intent_chooser",
  "shortlist",
  "stylist_reply",
  "handoff_status",
  "notice",
] satisfies ConciergeMessage["type"][]);

/** Messages that carry a timestamp (words people wrote or said; cards and forms speak for themselves). */
const TIMED = new Set<string>(["text", "stylist_reply"]);

/**
 * One transcript entry: the shopper's words right, concierge and stylist content left, a tap as a
 * compact command line. A submitted form needs no line of its own: the form shows what was sent.
 * Every row can take focus (the panel moves focus to the newest answer after a turn).
 */
export function Entry({ entry, c, ui, latest, done, now = null, seen = false }: BodyProps) {
  const m = entry.message;
  if (!KNOWN.has(m?.type)) return null;
  if (m.type === "command" && FORM_SUBMISSION_KINDS.has(m.kind)) return null;
  const role =
    m.type === "command"
      ? "command"
      : m.type === "handoff_status"
        ? "system"
        : entry.role === "shopper"
          ? "shopper"
          : entry.role === "stylist"
            ? "stylist"
            : "concierge";
  const who = { command: "You chose:", shopper: "You:", stylist: "Stylist:", concierge: "Concierge:", system: "" }[role];
  return (
    <li className={`cw-row cw-row--${role}`} data-seq={entry.seq} data-type={m.type} tabIndex={-1}>
      {who && <span className="cw-sr">{who}</span>}
      <Body entry={entry} c={c} ui={ui} latest={latest} done={done} />
      {(TIMED.has(m.type) || seen) && now !== null && (
        <p className="cw-meta">
          {TIMED.has(m.type) && <Time at={entry.at} now={now} language={c.language} />}
          {seen && <span className="cw-seen">{widgetStrings(c.language)["handoff.seen"]}</span>}
        </p>
      )}
    </li>
  );
}
