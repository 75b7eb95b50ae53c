import { useState } from "react";
import type { ConciergeMessage, ProductCard, TranscriptEntry } from "../../../server/concierge/messages";
import type { Concierge } from "../../lib/widget/use-concierge";
import { CsatForm, EscalationForm, OrderLookupForm, ReturnOptionsForm, SubscriptionForm } from "./forms";

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

/** What the polite live region says when a message arrives. */
export function announcementFor(entry: TranscriptEntry): string {
  const m = entry.message;
  switch (m.type) {
    case "text":
      return m.text;
    case "stylist_reply":
      return `${m.stylistName}, stylist: ${m.text}`;
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

export function ProductThumb({ product }: { product: ProductCard }) {
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

function ProductCards({ m, c, interactive }: { m: Msg<"product_cards">; c: Concierge; interactive: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="cw-block">
      <p className="cw-caption">{m.summary}</p>
      {m.relaxed && m.relaxed.length > 0 && <p className="cw-caption cw-caption--note">To find these I relaxed: {m.relaxed.join(", ")}.</p>}
      {m.products.length === 0 ? (
        <p className="cw-caption">No pieces matched.</p>
      ) : (
        <ul className="cw-cards" aria-label="Pieces">
          {m.products.map((p) => {
            const saved = c.savedIds.has(p.id);
            const pending = c.pendingSaves.has(p.id);
            return (
              <li key={p.id} className="cw-card">
                <img className="cw-card__img" src={p.imageUrl} alt="" width={320} height={320} loading="lazy" decoding="async" />
                <div className="cw-card__body">
                  {p.readyToShip && <span className="cw-badge">Ready to ship</span>}
                  <h2 className="cw-card__name">{p.name}</h2>
                  <p className="cw-card__spec">{p.spec}</p>
                  <p className="cw-card__price">{price(p.priceCents)}</p>
                  <p className="cw-card__ship">{p.shippingPromise}</p>
                  {open === p.id && (
                    <p className="cw-card__more">
                      <a href={`/?q=${encodeURIComponent(p.name)}`} target="_blank" rel="noopener noreferrer">
                        Open in the store<span className="cw-sr"> (new tab)</span>
                      </a>
                    </p>
                  )}
                  <div className="cw-card__actions">
                    <button
                      type="button"
                      className={`cw-btn cw-btn--small${saved ? " cw-btn--saved" : ""}`}
                      aria-disabled={pending || undefined}
                      onClick={() => void c.toggleSave(p.id)}
                    >
                      {saved && !pending && (
                        <span className="cw-heart" aria-hidden="true">
                          ♥
                        </span>
                      )}
                      {pending ? (saved ? "Removing…" : "Saving…") : saved ? "Saved" : "Save"}
                      <span className="cw-sr"> {p.name}</span>
                    </button>
                    <button
                      type="button"
                      className="cw-btn cw-btn--small cw-btn--ghost"
                      aria-expanded={open === p.id}
                      onClick={() => {
                        const next = open === p.id ? null : p.id;
                        setOpen(next);
                        if (next) c.viewed(p.id);
                      }}
                    >
                      View<span className="cw-sr"> {p.name}</span>
                    </button>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {m.hasMore && interactive && (
        <button type="button" className="cw-chip" onClick={() => void c.send({ action: { kind: "more_results" } })}>
          Show more
        </button>
      )}
    </div>
  );
}

function Chips({ options, c, prompt }: { options: Msg<"refine_chips">["chips"]; c: Concierge; prompt?: string }) {
  return (
    <div className="cw-block">
      {prompt && <p className="cw-bubble">{prompt}</p>}
      <div
        className={`cw-chips${!prompt && options.length > 4 ? " cw-chips--rail" : ""}`}
        role="group"
        aria-label={prompt ?? "Suggestions"}
      >
        {options.map((chip, i) => (
          <button key={`${chip.label}-${i}`} type="button" className="cw-chip" onClick={() => void c.send({ action: chip.action })}>
            {chip.label}
          </button>
        ))}
      </div>
    </div>
  );
}

const STEP_STATE = { done: "Done", current: "Current step", upcoming: "Upcoming" } as const;

function Timeline({ m }: { m: Msg<"order_timeline"> }) {
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
        {m.trackingMasked && (
          <>
            <dt>Tracking</dt>
            <dd className="cw-mono">{m.trackingMasked}</dd>
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
            <p className="cw-mini__name">{p.name}</p>
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

function Body({ entry, c, latest }: { entry: TranscriptEntry; c: Concierge; latest: boolean }) {
  const m = entry.message;
  const seq = entry.seq;
  const done = c.done[seq];
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
    case "stylist_reply":
      return (
        <div className="cw-bubble cw-bubble--stylist">
          <p className="cw-from">
            {m.stylistName} <span>· Stylist</span>
          </p>
          <p>{m.text}</p>
        </div>
      );
    case "notice":
      return <Notice level={m.level} text={m.text} retryable={m.retryable && latest} onRetry={c.retry} />;
    case "product_cards":
      return <ProductCards m={m} c={c} interactive={latest} />;
    case "refine_chips":
      return <Chips options={m.chips} c={c} />;
    case "intent_chooser":
      return <Chips options={m.options} c={c} prompt={m.prompt} />;
    case "order_timeline":
      return <Timeline m={m} />;
    case "order_lookup_form":
      return <OrderLookupForm m={m} seq={seq} c={c} />;
    case "return_options":
      return <ReturnOptionsForm m={m} seq={seq} c={c} />;
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
      return <EscalationForm m={m} seq={seq} c={c} />;
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
      return <CsatForm m={m} seq={seq} c={c} />;
    case "subscription_form":
      return <SubscriptionForm m={m} seq={seq} c={c} />;
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

/** One transcript entry: shopper bubbles right, concierge and stylist content left. */
const KNOWN = new Set<string>([
  "text",
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
  "notice",
] satisfies ConciergeMessage["type"][]);

export function Entry({ entry, c, latest }: { entry: TranscriptEntry; c: Concierge; latest: boolean }) {
  if (!KNOWN.has(entry.message?.type)) return null;
  const body = <Body entry={entry} c={c} latest={latest} />;
  const role = entry.role === "shopper" ? "shopper" : entry.role === "stylist" ? "stylist" : "concierge";
  return (
    <li className={`cw-row cw-row--${role}`} data-seq={entry.seq} data-type={entry.message.type}>
      <span className="cw-sr">{role === "shopper" ? "You:" : role === "stylist" ? "Stylist:" : "Concierge:"}</span>
      {body}
    </li>
  );
}
