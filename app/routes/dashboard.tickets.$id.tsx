import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { TranscriptEntry } from "../../server/concierge/messages";
import type { TicketPriority, TicketStatus } from "../../server/db/repositories/stylist-tickets";
import { PriorityBadge, SlaTimer, StatusBadge } from "../components/dashboard/Badges";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { OrderTimeline, ProductList, Transcript } from "../components/dashboard/Transcript";
import { callerFor } from "../lib/caller.server";
import { assertSameOrigin } from "../lib/csrf.server";
import { actionError, rethrowForLoader } from "../lib/dashboard/errors.server";
import { formatDateTime, formatDuration } from "../lib/dashboard/format";
import { AUDIT_LABELS, PRIORITIES, PRIORITY_LABELS, ROLE_LABELS, STATUSES, STATUS_LABELS, canWorkTickets } from "../lib/dashboard/labels";
import { followTicket, sendSeen, sendTyping, type LiveState } from "../lib/dashboard/live.client";
import { TYPING_REFRESH_MS, TYPING_TTL_MS, type PresenceEvent } from "../../server/domain/conversation-mode";
import { LANGUAGE_NAMES } from "../lib/dashboard/labels";
import { DEFAULT_LANGUAGE } from "../../server/domain/i18n/languages";
import { requireStaff } from "../lib/staff-session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.ticket ? `${data.ticket.id} · ${data.ticket.customerName}` : "Ticket"} — Aurora Concierge dashboard` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  const dashboard = callerFor(request, context, staff).dashboard;
  try {
    const [ticket, staffList, savedReplies] = await Promise.all([
      dashboard.tickets.get({ id: params.id ?? "" }),
      dashboard.staff.list(),
      dashboard.cannedReplies.list(),
    ]);
    return json(
      {
        ticket,
        savedReplies: savedReplies.map((r) => ({ id: r.id, title: r.title, shortcut: r.shortcut, body: r.body })),
        staff: staffList.map((s) => ({ userId: s.userId, displayName: s.displayName, role: s.role })),
        me: { userId: staff.userId, role: staff.role, canWork: canWorkTickets(staff.role) },
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    rethrowForLoader(error, "No ticket with that id.");
  }
}

type Intent = "status" | "priority" | "assign" | "assign_me" | "note" | "reply";
const INTENTS: Intent[] = ["status", "priority", "assign", "assign_me", "note", "reply"];
const DONE_TEXT: Record<Intent, string> = {
  status: "Status updated.",
  priority: "Priority updated.",
  assign: "Assignment updated.",
  assign_me: "Assigned to you.",
  note: "Internal note added.",
  reply: "Reply sent to the shopper.",
};

/** Every change goes through the tRPC caller as the signed-in staff member (roles enforced there). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  assertSameOrigin(request, context);
  const staff = await requireStaff(request, context);
  const id = params.id ?? "";
  const form = await request.formData();
  const intentRaw = String(form.get("intent") ?? "");
  const intent = (INTENTS as string[]).includes(intentRaw) ? (intentRaw as Intent) : null;
  const fromFetcher = form.get("js") === "1";
  if (!intent) return json({ ok: false as const, intent: null, error: "Unknown action." }, { status: 400 });
  const tickets = callerFor(request, context, staff).dashboard.tickets;
  const field = (name: string) => String(form.get(name) ?? "");
  try {
    switch (intent) {
      case "status":
        await tickets.update({ id, status: field("status") as TicketStatus });
        break;
      case "priority":
        await tickets.update({ id, priority: field("priority") as TicketPriority });
        break;
      case "assign":
        await tickets.update({ id, assigneeId: field("assigneeId") || null });
        break;
      case "assign_me":
        await tickets.update({ id, assigneeId: staff.userId });
        break;
      case "note":
        await tickets.update({ id, note: field("note") });
        break;
      case "reply":
        await tickets.reply({ id, text: field("text") });
        break;
    }
  } catch (error) {
    const e = actionError(error);
    if (e) return json({ ok: false as const, intent, error: e.message }, { status: e.status });
    throw error;
  }
  if (fromFetcher) return json({ ok: true as const, intent, error: null });
  return redirect(`/dashboard/tickets/${encodeURIComponent(id)}?done=${intent}`, { headers: { "Cache-Control": "no-store" } });
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** The transcript from the loader, plus whatever arrived live since (deduplicated by seq). */
function useLiveTranscript(id: string, initial: TranscriptEntry[], initialShopperSeen: number) {
  const [live, setLive] = useState<TranscriptEntry[]>([]);
  const [shopperTyping, setShopperTyping] = useState(false);
  const [shopperSeenSeq, setShopperSeenSeq] = useState(initialShopperSeen);
  useEffect(() => setShopperSeenSeq((s) => Math.max(s, initialShopperSeen)), [initialShopperSeen]);
  const [state, setState] = useState<LiveState | "off">("off");
  const revalidator = useRevalidator();
  const revalidateRef = useRef(revalidator.revalidate);
  revalidateRef.current = revalidator.revalidate;
  const startSeq = useRef(initial.at(-1)?.seq ?? 0);
  useEffect(() => {
    setLive([]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = followTicket(
      id,
      startSeq.current,
      (entry) => {
        setLive((prev) => (prev.some((e) => e.seq === entry.seq) ? prev : [...prev, entry]));
        // Status, SLA and audit may have changed (the shopper answered): refresh the sidebar.
        clearTimeout(timer);
        timer = setTimeout(() => revalidateRef.current(), 400);
      },
      setState,
      (event: PresenceEvent) => {
        if (event.presence === "typing" && event.from === "shopper") {
          setShopperTyping(event.typing);
          clearTimeout(typingTimer);
          // A typing signal holds only so long without a refresh (a closed tab never says "stopped").
          if (event.typing) typingTimer = setTimeout(() => setShopperTyping(false), TYPING_TTL_MS);
        } else if (event.presence === "seen" && event.by === "shopper") setShopperSeenSeq((s) => Math.max(s, event.seq));
      },
    );
    return () => {
      clearTimeout(timer);
      clearTimeout(typingTimer);
      stop();
      setState("off");
    };
  }, [id]);
  const entries = useMemo(() => {
    const bySeq = new Map<number, TranscriptEntry>();
    for (const e of initial) bySeq.set(e.seq, e);
    for (const e of live) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }, [initial, live]);
  // A shopper message ends their typing.
  const lastShopperSeq = [...live].reverse().find((e) => e.role === "shopper")?.seq;
  useEffect(() => {
    if (lastShopperSeq !== undefined) setShopperTyping(false);
  }, [lastShopperSeq]);
  return { entries, state, shopperTyping, shopperSeenSeq };
}

type SavedReply = { id: string; title: string; shortcut: string; body: string };

/** Tells the shopper's widget the stylist is typing: at most every few seconds, and "stopped" when done. */
function useTypingSignal(id: string) {
  const last = useRef(0);
  return {
    typed: (hasText: boolean) => {
      const now = Date.now();
      if (!hasText) {
        if (last.current) sendTyping(id, false);
        last.current = 0;
      } else if (now - last.current >= TYPING_REFRESH_MS) {
        last.current = now;
        sendTyping(id, true);
      }
    },
    stopped: () => {
      if (last.current) sendTyping(id, false);
      last.current = 0;
    },
  };
}

const LIVE_TEXT: Record<LiveState | "off", string> = {
  off: "Live updates need JavaScript — reload to see new messages.",
  connecting: "Connecting…",
  live: "Live — new messages appear here",
  reconnecting: "Reconnecting…",
  closed: "Live updates stopped — reload to see new messages.",
};

function ReplyForm({ closed, ticketId, savedReplies }: { closed: boolean; ticketId: string; savedReplies: SavedReply[] }) {
  const fetcher = useFetcher<typeof action>();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const typing = useTypingSignal(ticketId);
  const [picked, setPicked] = useState("");
  /** Puts a saved reply where the cursor is (replacing a typed "/shortcut"), then focuses the text. */
  const insert = (reply: SavedReply, replacing = "") => {
    const box = textRef.current;
    if (!box) return;
    const end = box.selectionEnd;
    const start = end - replacing.length;
    box.value = box.value.slice(0, start) + reply.body + box.value.slice(end);
    const caret = start + reply.body.length;
    box.focus();
    box.setSelectionRange(caret, caret);
    typing.typed(true);
  };
  /** "/shortcut" then Tab expands the saved reply with that shortcut. */
  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== "Tab" || e.shiftKey) return;
    const box = e.currentTarget;
    const match = /(?:^|\s)\/([a-z0-9-]{1,30})$/.exec(box.value.slice(0, box.selectionEnd));
    const reply = match ? savedReplies.find((r) => r.shortcut === match[1]) : undefined;
    if (!reply) return;
    e.preventDefault();
    insert(reply, `/${match![1]}`);
  };
  const sending = fetcher.state !== "idle";
  const result = fetcher.data;
  useEffect(() => {
    if (fetcher.state === "idle" && result?.ok) formRef.current?.reset();
  }, [fetcher.state, result]);
  useEffect(() => () => typing.stopped(), []); // eslint-disable-line react-hooks/exhaustive-deps -- on leaving the page
  if (closed) {
    return <p className="db-alert db-alert--info">This ticket is closed. Reopen it (change its status) to reply.</p>;
  }
  return (
    <fetcher.Form method="post" ref={formRef} className="db-reply" aria-labelledby="reply-heading">
      <h3 id="reply-heading" className="db-reply__title">
        Reply to the shopper
      </h3>
      <input type="hidden" name="intent" value="reply" />
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
      <label htmlFor="reply-text" className="visually-hidden">
        Reply message
      </label>
      <textarea
        id="reply-text"
        name="text"
        ref={textRef}
        rows={4}
        required
        maxLength={4000}
        placeholder="Write a reply — it appears in the shopper's chat right away."
        aria-describedby="reply-hint"
        onKeyDown={onKeyDown}
        onInput={(e) => typing.typed(e.currentTarget.value.trim().length > 0)}
        onBlur={() => typing.stopped()}
      />
      {savedReplies.length > 0 ? (
        <div className="db-field db-reply__saved">
          <label htmlFor="saved-reply">Insert a saved reply</label>
          <select
            id="saved-reply"
            value={picked}
            onChange={(e) => {
              const reply = savedReplies.find((r) => r.id === e.target.value);
              setPicked("");
              if (reply) insert(reply);
            }}
            aria-describedby="saved-reply-hint"
          >
            <option value="">Choose…</option>
            {savedReplies.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title} (/{r.shortcut})
              </option>
            ))}
          </select>
          <p id="saved-reply-hint" className="db-muted db-small">
            Or type /shortcut and press Tab. <Link to="/dashboard/replies">Manage saved replies</Link>
          </p>
        </div>
      ) : (
        <p className="db-muted db-small">
          <Link to="/dashboard/replies">Add saved replies</Link> to insert common answers with a shortcut.
        </p>
      )}
      <div className="db-reply__bar">
        <p id="reply-hint" className="db-muted db-small">
          Visible to the shopper. Replying sets the ticket to “Waiting on customer”.
        </p>
        <button type="submit" className="db-button" disabled={sending}>
          {sending ? "Sending…" : "Send reply"}
        </button>
      </div>
      <p className="db-form-status" role="status">
        {result?.intent === "reply" && !sending ? (result.ok ? "Reply sent." : "") : ""}
      </p>
      {result && !result.ok && !sending ? (
        <p className="db-alert db-alert--error" role="alert">
          {result.error}
        </p>
      ) : null}
    </fetcher.Form>
  );
}

export default function TicketDetail() {
  const { ticket: t, staff, me, savedReplies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const names = new Map(staff.map((s) => [s.userId, s.displayName]));
  const who = (id?: string) => (!id ? "—" : id === "shopper" ? "Shopper" : id === me.userId ? "You" : (names.get(id) ?? "Former staff"));
  const { entries, state, shopperTyping, shopperSeenSeq } = useLiveTranscript(t.id, t.transcript, t.seen.shopper);
  // Reading the ticket marks the conversation read (the shopper sees "Seen"), while the tab is visible.
  const lastSeq = entries.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (!me.canWork || lastSeq <= t.seen.stylist) return;
    const mark = () => {
      if (document.visibilityState === "visible") sendSeen(t.id, lastSeq);
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [t.id, lastSeq, t.seen.stylist, me.canWork]);
  const lastReplySeq = [...entries].reverse().find((e) => e.message.type === "stylist_reply")?.seq;
  const scrollRef = useRef<HTMLDivElement>(null);
  // Keep the newest message in view (the conversation reads bottom-up like the shopper's chat).
  useEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries.length]);
  const done = params.get("done") as Intent | null;
  const doneText = done && DONE_TEXT[done] && !actionData ? DONE_TEXT[done] : null;

  const auditValue = (action: string, v?: string) => {
    if (!v) return "—";
    if (action === "status") return STATUS_LABELS[v as TicketStatus] ?? v;
    if (action === "priority") return PRIORITY_LABELS[v as TicketPriority] ?? v;
    if (action === "assign") return who(v);
    return v;
  };

  return (
    <div className="db-page db-page--wide">
      <nav aria-label="Breadcrumb" className="db-breadcrumb">
        <ol>
          <li>
            <Link to="/dashboard/tickets">Tickets</Link>
          </li>
          <li aria-current="page">{t.id}</li>
        </ol>
      </nav>
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">
            {t.customerName} <span className="db-page__id">{t.id}</span>
          </h1>
          <p className="db-ticket-meta">
            <StatusBadge status={t.status} />
            <PriorityBadge priority={t.priority} />
            <SlaTimer sla={t.sla} />
            <span className="db-muted">
              Opened {formatDateTime(t.createdAt)} · {formatDuration(t.ageMinutes)} ago
            </span>
          </p>
          <p className="db-page__lede">
            <span className="db-muted">Reason:</span> {t.reason}
          </p>
        </div>
      </div>

      {doneText ? (
        <p className="db-alert db-alert--success" role="status">
          {doneText}
        </p>
      ) : null}
      {actionData && !actionData.ok ? (
        <p className="db-alert db-alert--error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {!me.canWork ? (
        <p className="db-alert db-alert--info">
          You are signed in as a {ROLE_LABELS.viewer.toLowerCase()}: you can read this ticket but not change it or reply.
        </p>
      ) : null}

      <div className="db-ticket">
        <div className="db-ticket__main">
          <section className="db-card" aria-labelledby="transcript-heading">
            <div className="db-card__bar">
              <h2 id="transcript-heading" className="db-card__title">
                Conversation
              </h2>
              <p className={`db-live db-live--${state}`} role="status">
                <span className="db-live__dot" aria-hidden="true" />
                {LIVE_TEXT[state]}
              </p>
            </div>
            <div
              className="db-transcript-scroll"
              ref={scrollRef}
              role="region"
              aria-label="Conversation messages (scrollable)"
              tabIndex={0}
            >
              <Transcript entries={entries} label={`Conversation with ${t.customerName}`} />
            </div>
            <p className="db-presence" role="status">
              {shopperTyping
                ? `${t.customerName} is typing…`
                : lastReplySeq !== undefined && shopperSeenSeq >= lastReplySeq
                  ? "Seen by the shopper"
                  : ""}
            </p>
            {me.canWork ? <ReplyForm closed={t.status === "closed"} ticketId={t.id} savedReplies={savedReplies} /> : null}
          </section>

          <section className="db-card db-card--internal" aria-labelledby="notes-heading">
            <h2 id="notes-heading" className="db-card__title">
              Internal notes <span className="db-internal-tag">Internal — never shown to the shopper</span>
            </h2>
            {t.internalNotes.length === 0 ? (
              <p className="db-empty">No internal notes yet.</p>
            ) : (
              <ul className="db-notes">
                {t.internalNotes.map((n) => (
                  <li key={n.id} className="db-note">
                    <p className="db-note__meta">
                      <strong>{who(n.authorId)}</strong> · <time dateTime={n.at}>{formatDateTime(n.at)}</time>
                    </p>
                    <p className="db-note__body">{n.body}</p>
                  </li>
                ))}
              </ul>
            )}
            {me.canWork ? (
              <Form method="post" className="db-form db-note-form" preventScrollReset>
                <input type="hidden" name="intent" value="note" />
                <div className="db-field">
                  <label htmlFor="note">Add an internal note (internal — never shown to the shopper)</label>
                  <textarea id="note" name="note" rows={3} required maxLength={2000} />
                </div>
                <button type="submit" className="db-button db-button--secondary" disabled={busy}>
                  Add internal note
                </button>
              </Form>
            ) : null}
          </section>
        </div>

        <aside className="db-ticket__side" aria-label="Ticket details">
          {me.canWork ? (
            <section className="db-card" aria-labelledby="manage-heading">
              <h2 id="manage-heading" className="db-card__title">
                Manage
              </h2>
              <SelectUpdateForm field="status" label="Status" value={t.status} options={STATUSES} labels={STATUS_LABELS} busy={busy} />
              <SelectUpdateForm
                field="priority"
                label="Priority"
                value={t.priority}
                options={PRIORITIES}
                labels={PRIORITY_LABELS}
                busy={busy}
              />
              <Form method="post" className="db-inline-form" preventScrollReset>
                <input type="hidden" name="intent" value="assign" />
                <label htmlFor="assigneeId">Assignee</label>
                <div className="db-inline-form__row">
                  <select id="assigneeId" name="assigneeId" defaultValue={t.assigneeId ?? ""} key={`a-${t.assigneeId ?? ""}`}>
                    <option value="">Unassigned</option>
                    {staff
                      .filter((s) => s.role !== "viewer" || s.userId === t.assigneeId)
                      .map((s) => (
                        <option key={s.userId} value={s.userId}>
                          {s.displayName}
                          {s.userId === me.userId ? " (you)" : ""}
                        </option>
                      ))}
                  </select>
                  <button type="submit" className="db-button db-button--secondary db-button--small" disabled={busy}>
                    Assign
                  </button>
                </div>
              </Form>
              {t.assigneeId !== me.userId ? (
                <Form method="post" preventScrollReset>
                  <input type="hidden" name="intent" value="assign_me" />
                  <button type="submit" className="db-button db-button--block" disabled={busy}>
                    Assign to me
                  </button>
                </Form>
              ) : null}
            </section>
          ) : (
            <section className="db-card" aria-labelledby="manage-heading">
              <h2 id="manage-heading" className="db-card__title">
                Assignment
              </h2>
              <p>{t.assigneeId ? who(t.assigneeId) : "Unassigned"}</p>
            </section>
          )}

          <section className="db-card" aria-labelledby="contact-heading">
            <h2 id="contact-heading" className="db-card__title">
              Contact
            </h2>
            <dl className="db-facts">
              <dt>Name</dt>
              <dd>{t.contact.name}</dd>
              <dt>Email</dt>
              <dd>
                <a href={`mailto:${t.contact.email}`}>{t.contact.email}</a>
              </dd>
              {t.contact.phone ? (
                <>
                  <dt>Phone</dt>
                  <dd>
                    <a href={`tel:${t.contact.phone.replace(/[^+0-9]/g, "")}`}>{t.contact.phone}</a>
                  </dd>
                </>
              ) : null}
              <dt>Language</dt>
              <dd>
                {/* The widget speaks the default language until the concierge detects another one */}
                {LANGUAGE_NAMES[t.shopperContext.language ?? DEFAULT_LANGUAGE] ?? t.shopperContext.language}
              </dd>
              <dt>On the page</dt>
              <dd>{t.shopperContext.page ? <code>{t.shopperContext.page}</code> : <span className="db-muted">Not known</span>}</dd>
              <dt>Device</dt>
              <dd>{t.shopperContext.device ?? <span className="db-muted">Not known</span>}</dd>
              <dt>Preferred time</dt>
              <dd>{t.preferredTime ?? <span className="db-muted">Not given</span>}</dd>
              <dt>First response</dt>
              <dd>
                {t.firstResponseAt ? (
                  formatDateTime(t.firstResponseAt)
                ) : (
                  <span className="db-muted">Not yet — due {formatDateTime(t.sla.dueAt)}</span>
                )}
              </dd>
            </dl>
            <h3 className="db-subtitle">Shopper notes</h3>
            {t.shopperNotes ? <p className="db-quote">{t.shopperNotes}</p> : <p className="db-muted">None.</p>}
            <p className="db-small">
              <Link to={`/dashboard/conversations/${t.conversationId}`}>Open the full conversation record</Link>
            </p>
          </section>

          <section className="db-card" aria-labelledby="shortlist-heading">
            <h2 id="shortlist-heading" className="db-card__title">
              Shortlist <span className="db-count">{t.shortlist.length}</span>
            </h2>
            {t.shortlist.length === 0 ? (
              <p className="db-empty">The shopper did not share a shortlist.</p>
            ) : (
              <ProductList products={t.shortlist} label="Shopper's shortlist" />
            )}
          </section>

          {t.order ? (
            <section className="db-card" aria-labelledby="order-heading">
              <h2 id="order-heading" className="db-card__title">
                Order {t.order.view.orderNumber}
              </h2>
              <p>
                <strong>{t.order.view.statusLabel}</strong>
                {t.order.view.carrier ? <span className="db-muted"> · {t.order.view.carrier}</span> : null}
                {t.order.view.trackingMasked ? <span className="db-muted"> · tracking {t.order.view.trackingMasked}</span> : null}
              </p>
              {t.order.view.estimatedDelivery ? <p className="db-muted">Estimated delivery {t.order.view.estimatedDelivery}</p> : null}
              <OrderTimeline steps={t.order.view.steps} label={`Order ${t.order.view.orderNumber} timeline`} />
              <h3 className="db-subtitle">Items</h3>
              <ul className="db-plain-list">
                {t.order.items.map((i, idx) => (
                  <li key={idx}>
                    {i.name}
                    {i.size ? ` · size ${i.size}` : ""}
                    {i.engraved ? " · engraved" : ""}
                    {i.custom ? " · custom" : ""}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <section className="db-card" aria-labelledby="audit-heading">
            <h2 id="audit-heading" className="db-card__title">
              Audit trail
            </h2>
            {t.audit.length === 0 ? (
              <p className="db-empty">No changes yet.</p>
            ) : (
              <ol className="db-audit" reversed>
                {[...t.audit].reverse().map((a, i) => (
                  <li key={i} className="db-audit__item" data-action={a.action}>
                    <p className="db-audit__what">
                      <strong>{who(a.actorId)}</strong> — {AUDIT_LABELS[a.action] ?? a.action}
                      {a.action === "status" || a.action === "priority" || a.action === "assign" ? (
                        <>
                          : {auditValue(a.action, a.from)} <span aria-hidden="true">→</span>
                          <span className="visually-hidden"> to </span> {auditValue(a.action, a.to)}
                        </>
                      ) : null}
                    </p>
                    <time className="db-audit__at" dateTime={a.at}>
                      {formatDateTime(a.at)}
                    </time>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;

/** One ticket field changed through a select and its own submit button (works without JS). */
function SelectUpdateForm<V extends string>(props: {
  field: "status" | "priority";
  label: string;
  value: V;
  options: readonly V[];
  labels: Record<V, string>;
  busy: boolean;
}) {
  const { field, label, value, options, labels, busy } = props;
  return (
    <Form method="post" className="db-inline-form" preventScrollReset>
      <input type="hidden" name="intent" value={field} />
      <label htmlFor={field}>{label}</label>
      <div className="db-inline-form__row">
        <select id={field} name={field} defaultValue={value} key={`${field}-${value}`}>
          {options.map((o) => (
            <option key={o} value={o}>
              {labels[o]}
            </option>
          ))}
        </select>
        <button type="submit" className="db-button db-button--secondary db-button--small" disabled={busy}>
          Update {field}
        </button>
      </div>
    </Form>
  );
}
