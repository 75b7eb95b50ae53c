import { useId, useState, type FormEvent } from "react";
import type { ConciergeMessage } from "../../../server/concierge/messages";
import type { WidgetStrings } from "../../../server/domain/i18n/widget-strings";
import type { WidgetUi } from "./ui";

type Msg<T extends ConciergeMessage["type"]> = Extract<ConciergeMessage, { type: T }>;
interface FormProps<T extends ConciergeMessage["type"]> {
  m: Msg<T>;
  seq: number;
  ui: WidgetUi;
}

/** The store's own format is checked by the server (ORDER_NUMBER_PREFIX / _DIGITS); here only its shape. */
const ORDER = /^#?[A-Z0-9][A-Z0-9 #-]{2,39}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{7,20}$/;

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="cw-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="cw-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {children}
      {error && (
        <span className="cw-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** aria props for an input with an optional error. */
const errProps = (id: string, error: string | undefined) =>
  error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};

/** aria props for an input with a hint and an optional error. */
const describedBy = (id: string, hint: boolean, error: string | undefined) => {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { ...(error ? { "aria-invalid": true as const } : {}), ...(ids ? { "aria-describedby": ids } : {}) };
};

/** Focuses the first invalid field of a form after a failed submit. */
function focusFirstInvalid(form: HTMLFormElement) {
  requestAnimationFrame(() => form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
}

export function OrderLookupForm({ m, seq, ui }: FormProps<"order_lookup_form">) {
  const id = useId();
  const [orderNumber, setOrderNumber] = useState(m.orderNumber ?? "");
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<{ order?: string; email?: string }>({});
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const on = orderNumber.trim().toUpperCase();
    const em = email.trim();
    const next = {
      ...(ORDER.test(on) ? {} : { order: "Enter the order number from your confirmation email." }),
      ...(EMAIL.test(em) ? {} : { email: "Enter the email address used for the order." }),
    };
    setErrors(next);
    if (next.order || next.email) return focusFirstInvalid(e.currentTarget);
    ui.submit(seq, `Looked up order ${on}`, { action: { kind: "order_lookup", orderNumber: on, email: em, purpose: m.purpose } });
  };
  const title =
    m.purpose === "return"
      ? "Find your order to start a return or resize"
      : m.purpose === "subscribe"
        ? "Find your order for updates"
        : "Find your order";
  return (
    <form className="cw-panel cw-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-t`}>
      <h2 className="cw-panel__title" id={`${id}-t`}>
        {title}
      </h2>
      {m.error && (
        <p className="cw-error cw-error--block" role="status">
          {m.error}
        </p>
      )}
      <Field id={`${id}-o`} label="Order number" hint={`From your confirmation email, like ${ui.orderExample}`} error={errors.order}>
        <input
          id={`${id}-o`}
          value={orderNumber}
          onChange={(e) => setOrderNumber(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          maxLength={40}
          required
          {...describedBy(`${id}-o`, true, errors.order)}
        />
      </Field>
      <Field id={`${id}-e`} label="Email on the order" error={errors.email}>
        <input
          id={`${id}-e`}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="email"
          maxLength={254}
          required
          {...errProps(`${id}-e`, errors.email)}
        />
      </Field>
      <button type="submit" className="cw-btn">
        {m.purpose === "track" ? "Track order" : "Find order"}
      </button>
    </form>
  );
}

function longDate(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" });
}

const RING_SIZES = Array.from({ length: 25 }, (_, i) => String(3 + i / 2));
const KIND_VERB = { return: "return", resize: "resize", repair: "care & repair" } as const;

export function ReturnOptionsForm({ m, seq, ui }: FormProps<"return_options">) {
  const id = useId();
  const eligible = m.options.filter((o) => o.eligible);
  const initialKind = eligible.find((o) => o.kind === m.suggestedKind)?.kind ?? eligible[0]?.kind;
  const [kind, setKind] = useState(initialKind);
  const isDisabled = (item: Msg<"return_options">["items"][number], k = kind) =>
    (k === "return" && item.excludedFromReturn) || (k === "resize" && !item.isRing);
  const [picked, setPicked] = useState<string[]>(() => {
    const usable = m.items.filter((i) => !isDisabled(i, initialKind));
    return usable.length === 1 && usable[0] ? [usable[0].productId] : [];
  });
  const [size, setSize] = useState(m.suggestedRingSize && RING_SIZES.includes(m.suggestedRingSize) ? m.suggestedRingSize : "");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const chosen = m.items.filter((i) => picked.includes(i.productId) && !isDisabled(i));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!kind) return;
    if (chosen.length === 0) return setError("Choose at least one piece.");
    if (kind === "resize" && !size) return setError("Choose the new ring size.");
    setError(null);
    const newRingSize = kind === "resize" ? size : undefined;
    ui.submit(seq, `Confirmed ${KIND_VERB[kind]}${newRingSize ? ` to size ${newRingSize}` : ""} for ${m.orderNumber}`, {
      action: {
        kind: "confirm_return",
        orderNumber: m.orderNumber,
        returnKind: kind,
        productIds: chosen.map((i) => i.productId),
        ...(newRingSize ? { newRingSize } : {}),
        ...(reason.trim() ? { reason: reason.trim().slice(0, 500) } : {}),
      },
    });
  };

  return (
    <form className="cw-panel cw-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-t`}>
      <h2 className="cw-panel__title" id={`${id}-t`}>
        Options for order {m.orderNumber}
      </h2>
      <fieldset className="cw-fieldset">
        <legend>What would you like to do?</legend>
        {m.options.map((o) => (
          <div key={o.kind} className={`cw-option${o.eligible ? "" : " cw-option--off"}`}>
            <input
              type="radio"
              id={`${id}-k-${o.kind}`}
              name={`${id}-kind`}
              value={o.kind}
              checked={kind === o.kind}
              disabled={!o.eligible}
              onChange={() => setKind(o.kind)}
              aria-describedby={`${id}-k-${o.kind}-x`}
            />
            <label htmlFor={`${id}-k-${o.kind}`}>
              <span className="cw-option__label">{o.label}</span>
              <span className="cw-option__why" id={`${id}-k-${o.kind}-x`}>
                {o.explanation}
                {o.deadline ? ` Until ${longDate(o.deadline)}.` : ""}
              </span>
            </label>
          </div>
        ))}
      </fieldset>
      {kind && (
        <>
          <fieldset className="cw-fieldset">
            <legend>Which pieces?</legend>
            {m.items.map((item) => {
              const off = isDisabled(item);
              return (
                <div key={item.productId} className={`cw-check${off ? " cw-check--off" : ""}`}>
                  <input
                    type="checkbox"
                    id={`${id}-i-${item.productId}`}
                    checked={!off && picked.includes(item.productId)}
                    disabled={off}
                    onChange={(e) => setPicked((p) => (e.target.checked ? [...p, item.productId] : p.filter((x) => x !== item.productId)))}
                  />
                  <label htmlFor={`${id}-i-${item.productId}`}>
                    {item.name}
                    {item.currentSize ? ` · size ${item.currentSize}` : ""}
                    {off && (
                      <span className="cw-option__why">
                        {kind === "return" ? " Engraved or custom pieces can't be returned." : " Only rings can be resized."}
                      </span>
                    )}
                  </label>
                </div>
              );
            })}
          </fieldset>
          {kind === "resize" && (
            <Field id={`${id}-s`} label="New ring size (US)">
              <select id={`${id}-s`} value={size} onChange={(e) => setSize(e.target.value)} required>
                <option value="">Choose a size</option>
                {RING_SIZES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field id={`${id}-r`} label="Anything we should know? (optional)">
            <textarea id={`${id}-r`} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          {error && (
            <p className="cw-error cw-error--block" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="cw-btn">
            Confirm {KIND_VERB[kind]}
          </button>
        </>
      )}
      {!kind && <p className="cw-caption">None of these options are available for this order. A stylist can help.</p>}
    </form>
  );
}

const TIMES = ["Any time", "Weekday mornings", "Weekday afternoons", "Weekday evenings", "Weekends"];

export function EscalationForm({ m, seq, ui, strings }: FormProps<"escalation_form"> & { strings: WidgetStrings }) {
  const id = useId();
  const [v, setV] = useState({ name: "", email: "", phone: "", time: TIMES[0] ?? "", notes: "" });
  const [share, setShare] = useState(m.shortlistCount > 0);
  // Explicit consent, never pre-ticked: without it no email is ever sent about this request.
  const [emailMe, setEmailMe] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; email?: string; phone?: string }>({});
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const next = {
      ...(v.name.trim() ? {} : { name: "Tell us your name." }),
      ...(EMAIL.test(v.email.trim()) ? {} : { email: "Enter an email address we can reply to." }),
      ...(!v.phone.trim() || PHONE.test(v.phone.trim()) ? {} : { phone: "Enter a phone number, or leave it empty." }),
    };
    setErrors(next);
    if (next.name || next.email || next.phone) return focusFirstInvalid(e.currentTarget);
    ui.submit(seq, "Sent contact details to a stylist", {
      action: {
        kind: "submit_escalation",
        name: v.name.trim().slice(0, 100),
        email: v.email.trim(),
        ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
        ...(v.time ? { preferredTime: v.time } : {}),
        ...(v.notes.trim() ? { notes: v.notes.trim().slice(0, 1000) } : {}),
        shareShortlist: share,
        emailConsent: emailMe,
      },
    });
  };
  return (
    <form className="cw-panel cw-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-t`}>
      <h2 className="cw-panel__title" id={`${id}-t`}>
        Talk to a stylist
      </h2>
      <p className="cw-caption">Leave your details and a stylist will get back to you — they'll see our conversation.</p>
      <Field id={`${id}-n`} label="Name" error={errors.name}>
        <input
          id={`${id}-n`}
          value={v.name}
          onChange={set("name")}
          autoComplete="name"
          maxLength={100}
          required
          {...errProps(`${id}-n`, errors.name)}
        />
      </Field>
      <Field id={`${id}-e`} label="Email" error={errors.email}>
        <input
          id={`${id}-e`}
          type="email"
          value={v.email}
          onChange={set("email")}
          autoComplete="email"
          maxLength={254}
          required
          {...errProps(`${id}-e`, errors.email)}
        />
      </Field>
      <Field id={`${id}-p`} label="Phone (optional)" error={errors.phone}>
        <input
          id={`${id}-p`}
          type="tel"
          value={v.phone}
          onChange={set("phone")}
          autoComplete="tel"
          maxLength={20}
          {...errProps(`${id}-p`, errors.phone)}
        />
      </Field>
      <Field id={`${id}-w`} label="Best time to reach you">
        <select id={`${id}-w`} value={v.time} onChange={set("time")}>
          {TIMES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-x`} label="Notes (optional)">
        <textarea id={`${id}-x`} rows={2} maxLength={1000} value={v.notes} onChange={set("notes")} />
      </Field>
      <div className="cw-check">
        <input type="checkbox" id={`${id}-sh`} checked={share} onChange={(e) => setShare(e.target.checked)} />
        <label htmlFor={`${id}-sh`}>
          Share my shortlist{m.shortlistCount > 0 ? ` (${m.shortlistCount} ${m.shortlistCount === 1 ? "piece" : "pieces"})` : ""}
        </label>
      </div>
      <div className="cw-check">
        <input type="checkbox" id={`${id}-em`} checked={emailMe} onChange={(e) => setEmailMe(e.target.checked)} />
        <label htmlFor={`${id}-em`}>{strings["escalation.email_consent"]}</label>
      </div>
      <button type="submit" className="cw-btn">
        Request a stylist
      </button>
    </form>
  );
}

const RATINGS = ["Very poor", "Poor", "Okay", "Good", "Excellent"];

export function CsatForm({ m, seq, ui }: FormProps<"csat_prompt">) {
  const id = useId();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!rating) return;
    ui.submit(seq, `Rated ${rating} out of 5`, {
      action: { kind: "submit_csat", rating, ...(comment.trim() ? { comment: comment.trim().slice(0, 1000) } : {}) },
    });
  };
  return (
    <form className="cw-panel cw-form" onSubmit={onSubmit}>
      <fieldset className="cw-fieldset">
        <legend className="cw-panel__title">{m.question}</legend>
        <div className="cw-rating">
          {RATINGS.map((label, i) => (
            <div key={label} className="cw-rate">
              <input
                type="radio"
                id={`${id}-r${i + 1}`}
                name={`${id}-rating`}
                value={i + 1}
                checked={rating === i + 1}
                onChange={() => setRating(i + 1)}
              />
              <label htmlFor={`${id}-r${i + 1}`}>
                <span className="cw-rate__n">{i + 1}</span>
                <span className="cw-rate__l">{label}</span>
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <Field id={`${id}-c`} label="Comment (optional)">
        <textarea id={`${id}-c`} rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <button type="submit" className="cw-btn" disabled={!rating}>
        Submit
      </button>
    </form>
  );
}

export function SubscriptionForm({ m, seq, ui }: FormProps<"subscription_form">) {
  const id = useId();
  const channels: ("email" | "sms")[] = m.channels.length > 0 ? m.channels : ["email"];
  const [channel, setChannel] = useState<"email" | "sms">(
    m.suggestedChannel && channels.includes(m.suggestedChannel) ? m.suggestedChannel : (channels[0] ?? "email"),
  );
  const [destination, setDestination] = useState("");
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!consent) return;
    const d = destination.trim();
    const ok = channel === "email" ? EMAIL.test(d) : PHONE.test(d);
    if (!ok) {
      setError(channel === "email" ? "Enter an email address." : "Enter a mobile number.");
      return focusFirstInvalid(e.currentTarget);
    }
    setError(undefined);
    ui.submit(seq, `Updates for ${m.orderNumber} by ${channel === "sms" ? "text message" : "email"}`, {
      action: { kind: "subscribe_updates", orderNumber: m.orderNumber, channel, destination: d, consent: true },
    });
  };
  return (
    <form className="cw-panel cw-form" onSubmit={onSubmit} noValidate>
      <fieldset className="cw-fieldset">
        <legend className="cw-panel__title">Updates for order {m.orderNumber}</legend>
        <div className="cw-segment">
          {channels.map((ch) => (
            <div key={ch} className="cw-seg">
              <input
                type="radio"
                id={`${id}-${ch}`}
                name={`${id}-ch`}
                value={ch}
                checked={channel === ch}
                onChange={() => setChannel(ch)}
              />
              <label htmlFor={`${id}-${ch}`}>{ch === "sms" ? "Text message" : "Email"}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <Field id={`${id}-d`} label={channel === "sms" ? "Mobile number" : "Email address"} error={error}>
        <input
          id={`${id}-d`}
          type={channel === "sms" ? "tel" : "email"}
          autoComplete={channel === "sms" ? "tel" : "email"}
          value={destination}
          onChange={(e) => setDestination(e.target.value)}
          maxLength={254}
          required
          {...errProps(`${id}-d`, error)}
        />
      </Field>
      <div className="cw-check cw-check--consent">
        <input type="checkbox" id={`${id}-ok`} checked={consent} onChange={(e) => setConsent(e.target.checked)} required />
        <label htmlFor={`${id}-ok`}>{m.consentText}</label>
      </div>
      <button type="submit" className="cw-btn" disabled={!consent || !destination.trim()}>
        Send me updates
      </button>
    </form>
  );
}
