import type { ConciergeMessage, MessageRole, TranscriptEntry } from "../../../server/concierge/messages";
import { FORM_SUBMISSION_KINDS } from "../../../server/domain/chat-actions";
import { METAL_LABELS, type Metal } from "../../../server/domain/catalog";
import { formatDateTime, formatPrice, formatTime } from "../../lib/dashboard/format";

export interface MiniProduct {
  id: string;
  name: string;
  priceCents: number;
  imageUrl: string;
  spec?: string | undefined;
  /** Catalog products carry their metal; product cards carry it in `spec`. */
  metal?: Metal | undefined;
  /** The merchant's product page. */
  url?: string | undefined;
}

export function ProductMini({ product }: { product: MiniProduct }) {
  const spec = product.spec ?? (product.metal ? METAL_LABELS[product.metal] : undefined);
  return (
    <li className="db-product">
      <img src={product.imageUrl} alt="" width={56} height={56} loading="lazy" />
      <div>
        <p className="db-product__name">
          {product.url ? (
            <a href={product.url} target="_blank" rel="noopener noreferrer">
              {product.name}
              <span className="visually-hidden"> (product page, opens in a new tab)</span>
            </a>
          ) : (
            product.name
          )}
        </p>
        {spec ? <p className="db-product__spec">{spec}</p> : null}
        <p className="db-product__price">{formatPrice(product.priceCents)}</p>
      </div>
    </li>
  );
}

export function ProductList({ products, label }: { products: MiniProduct[]; label: string }) {
  return (
    <ul className="db-products" aria-label={label}>
      {products.map((p) => (
        <ProductMini key={p.id} product={p} />
      ))}
    </ul>
  );
}

export function OrderTimeline({
  steps,
  label,
}: {
  steps: Array<{ label: string; at?: string; state: "done" | "current" | "upcoming" }>;
  label: string;
}) {
  return (
    <ol className="db-timeline" aria-label={label}>
      {steps.map((s, i) => (
        <li key={i} className={`db-timeline__step db-timeline__step--${s.state}`} aria-current={s.state === "current" ? "step" : undefined}>
          <span className="db-timeline__marker" aria-hidden="true" />
          <span className="db-timeline__label">{s.label}</span>
          {s.at ? (
            <span className="db-timeline__at">{formatDateTime(s.at)}</span>
          ) : s.state === "upcoming" ? (
            <span className="db-timeline__at">Upcoming</span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

const ROLE_NAMES: Record<MessageRole, string> = { shopper: "Shopper", concierge: "Concierge", stylist: "Stylist", system: "System" };

function Summary({ icon, children }: { icon: string; children: React.ReactNode }) {
  return (
    <div className="db-msg-card">
      <span className="db-msg-card__icon" aria-hidden="true">
        {icon}
      </span>
      <div>{children}</div>
    </div>
  );
}

const MAX_CARDS = 6;

function MessageBody({ m, role }: { m: ConciergeMessage; role: MessageRole }) {
  switch (m.type) {
    case "text":
      return <p className={`db-bubble db-bubble--${role}`}>{m.text}</p>;
    case "command":
      // a tap or a submitted form: what the shopper did, never shown as words they wrote
      return (
        <p className="db-command">
          <span className="db-command__verb">{FORM_SUBMISSION_KINDS.has(m.kind) ? "Submitted" : "Tapped"}</span> {m.label}
        </p>
      );
    case "stylist_reply":
      return (
        <div className="db-bubble db-bubble--stylist">
          <p className="db-bubble__from">
            {m.stylistName} · <span>Stylist reply</span>
          </p>
          <p>{m.text}</p>
        </div>
      );
    case "product_cards":
    case "shortlist": {
      const shown = m.products.slice(0, MAX_CARDS);
      const label = m.type === "shortlist" ? "Shortlist shown" : `Products shown: ${m.summary}`;
      return (
        <Summary icon="◇">
          <p className="db-msg-card__title">
            {m.type === "shortlist"
              ? `Shortlist (${m.products.length})`
              : `Showed ${m.products.length} product${m.products.length === 1 ? "" : "s"}`}
            {m.type === "product_cards" ? <span className="db-muted"> — {m.summary}</span> : null}
          </p>
          {m.type === "product_cards" && m.relaxed?.length ? <p className="db-muted">Relaxed: {m.relaxed.join(", ")}</p> : null}
          {shown.length ? <ProductList products={shown} label={label} /> : <p className="db-muted">No products.</p>}
          {m.products.length > MAX_CARDS ? <p className="db-muted">+ {m.products.length - MAX_CARDS} more</p> : null}
        </Summary>
      );
    }
    case "refine_chips":
      return (
        <p className="db-chips">
          <span className="db-muted">Suggested: </span>
          {m.chips.map((c) => c.label).join(" · ")}
        </p>
      );
    case "intent_chooser":
      return (
        <Summary icon="?">
          <p className="db-msg-card__title">{m.prompt}</p>
          <p className="db-muted">Options: {m.options.map((o) => o.label).join(" · ")}</p>
        </Summary>
      );
    case "order_lookup_form":
      return (
        <Summary icon="⌕">
          <p className="db-msg-card__title">
            Order lookup form ({m.purpose === "track" ? "tracking" : m.purpose === "return" ? "return" : "updates"})
          </p>
          {m.orderNumber ? <p className="db-muted">Order {m.orderNumber}</p> : null}
          {m.error ? <p className="db-error-text">{m.error}</p> : null}
        </Summary>
      );
    case "order_timeline":
      return (
        <Summary icon="▸">
          <p className="db-msg-card__title">
            Order {m.orderNumber} — {m.statusLabel}
          </p>
          <OrderTimeline steps={m.steps} label={`Order ${m.orderNumber} timeline`} />
          <p className="db-muted">
            {[
              m.carrier,
              m.trackingMasked ? `tracking ${m.trackingMasked}` : null,
              m.estimatedDelivery ? `ETA ${m.estimatedDelivery}` : null,
              m.deliveredAt ? `delivered ${formatDateTime(m.deliveredAt)}` : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </Summary>
      );
    case "return_options":
      return (
        <Summary icon="↺">
          <p className="db-msg-card__title">Return options for {m.orderNumber}</p>
          <ul className="db-plain-list">
            {m.options.map((o) => (
              <li key={o.kind}>
                <strong>{o.label}</strong> — {o.eligible ? "eligible" : "not eligible"}: {o.explanation}
              </li>
            ))}
          </ul>
        </Summary>
      );
    case "return_confirmation":
      return (
        <Summary icon="✓">
          <p className="db-msg-card__title">
            {m.returnKind === "return" ? "Return" : m.returnKind === "resize" ? "Resize" : "Repair"} {m.rmaId} created for {m.orderNumber}
            {m.newRingSize ? ` (new size ${m.newRingSize})` : ""}
          </p>
          <ul className="db-plain-list">
            {m.nextSteps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </Summary>
      );
    case "escalation_form":
      return (
        <Summary icon="✎">
          <p className="db-msg-card__title">Stylist request form shown</p>
          <p className="db-muted">
            Reason: {m.reason} · {m.shortlistCount} shortlisted
          </p>
        </Summary>
      );
    case "ticket_confirmation":
      return (
        <Summary icon="✓">
          <p className="db-msg-card__title">Ticket {m.ticketId} created</p>
          <p className="db-muted">{m.expectedResponse}</p>
        </Summary>
      );
    case "csat_prompt":
      return (
        <Summary icon="☆">
          <p className="db-msg-card__title">Satisfaction survey: {m.question}</p>
        </Summary>
      );
    case "subscription_form":
      return (
        <Summary icon="✉">
          <p className="db-msg-card__title">Order update subscription form for {m.orderNumber}</p>
          <p className="db-muted">Channels: {m.channels.join(", ")}</p>
        </Summary>
      );
    case "notice":
      return <p className={`db-notice-line db-notice-line--${m.level}`}>{m.text}</p>;
    default:
      return <p className="db-muted">(message of an unknown type)</p>;
  }
}

/** A conversation transcript, readable for staff: bubbles by role, structured messages as summaries. */
export function Transcript({ entries, label = "Transcript" }: { entries: TranscriptEntry[]; label?: string }) {
  if (entries.length === 0) return <p className="db-empty">No messages yet.</p>;
  return (
    <ol className="db-transcript" aria-label={label}>
      {entries.map((e) => (
        <li
          key={e.seq}
          className={`db-entry db-entry--${e.role}${e.message.type === "stylist_reply" ? " db-entry--reply" : ""}${e.message.type === "command" ? " db-entry--command" : ""}`}
          data-seq={e.seq}
          data-type={e.message.type}
        >
          <p className="db-entry__meta">
            <span className="db-entry__role">{e.message.type === "command" ? "Shopper action" : ROLE_NAMES[e.role]}</span>
            <time dateTime={e.at} title={formatDateTime(e.at)}>
              {formatTime(e.at)}
            </time>
          </p>
          <MessageBody m={e.message} role={e.role} />
        </li>
      ))}
    </ol>
  );
}
