import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { PriorityBadge, SlaTimer, StatusBadge } from "../components/dashboard/Badges";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { Pagination } from "../components/dashboard/Pagination";
import { callerFor } from "../lib/caller.server";
import { rethrowForLoader } from "../lib/dashboard/errors.server";
import { formatDateTime, formatDuration } from "../lib/dashboard/format";
import { PRIORITIES, PRIORITY_LABELS, STATUSES, STATUS_LABELS } from "../lib/dashboard/labels";
import { parseTicketFilters, ticketListInput } from "../lib/dashboard/query";
import { requireStaff } from "../lib/staff-session.server";
import { chime, followQueue, type LiveState } from "../lib/dashboard/live.client";
import { canWorkTickets } from "../lib/dashboard/labels";

const SOUND_KEY = "aurora-dashboard-queue-sound";
const BASE_TITLE = "Tickets — Aurora Concierge dashboard";

export const meta: MetaFunction = () => [{ title: "Tickets — Aurora Concierge dashboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  const filters = parseTicketFilters(new URL(request.url).searchParams);
  const dashboard = callerFor(request, context, staff).dashboard;
  try {
    const [list, staffList] = await Promise.all([dashboard.tickets.list(ticketListInput(filters)), dashboard.staff.list()]);
    return json(
      {
        filters,
        list,
        staff: staffList.map((s) => ({ userId: s.userId, displayName: s.displayName })),
        me: staff.userId,
        canWork: canWorkTickets(staff.role),
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    rethrowForLoader(error);
  }
}

/**
 * The queue follows `dashboard.tickets.live`: any ticket created or changed re-reads the filtered list
 * (debounced); a new ticket while the tab is in the background counts in the tab's title and, when the
 * stylist turned it on, plays a chime.
 */
function useLiveQueue() {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [state, setState] = useState<LiveState | "off">("off");
  const [unseen, setUnseen] = useState(0);
  const [sound, setSound] = useState(false);
  const soundRef = useRef(false);
  soundRef.current = sound;
  useEffect(() => setSound(localStorage.getItem(SOUND_KEY) === "on"), []);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = followQueue((event) => {
      clearTimeout(timer);
      timer = setTimeout(() => revalidate.current(), 250);
      if (event.change === "created") {
        if (document.visibilityState !== "visible") setUnseen((n) => n + 1);
        if (soundRef.current) chime();
      }
    }, setState);
    const seen = () => {
      if (document.visibilityState === "visible") setUnseen(0);
    };
    document.addEventListener("visibilitychange", seen);
    return () => {
      clearTimeout(timer);
      stop();
      document.removeEventListener("visibilitychange", seen);
    };
  }, []);
  useEffect(() => {
    document.title = unseen > 0 ? `(${unseen}) ${BASE_TITLE}` : BASE_TITLE;
  }, [unseen]);
  const toggleSound = (on: boolean) => {
    setSound(on);
    localStorage.setItem(SOUND_KEY, on ? "on" : "off");
  };
  return { state, sound, toggleSound };
}

const QUEUE_LIVE_TEXT: Record<LiveState | "off", string> = {
  off: "Live updates need JavaScript — reload for new tickets.",
  connecting: "Connecting…",
  live: "Live — new tickets appear here",
  reconnecting: "Reconnecting…",
  closed: "Live updates stopped — reload for new tickets.",
};

/** Assigns an unassigned ticket to the signed-in stylist without leaving the queue. */
function AssignToMe({ id }: { id: string }) {
  const fetcher = useFetcher<{ ok: boolean; error: string | null }>();
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok;
  return (
    <fetcher.Form method="post" action={`/dashboard/tickets/${encodeURIComponent(id)}`} className="db-inline-form">
      <input type="hidden" name="intent" value="assign_me" />
      <input type="hidden" name="js" value="1" />
      <button type="submit" className="db-button db-button--small" disabled={fetcher.state !== "idle"} aria-label={`Assign ${id} to me`}>
        {fetcher.state !== "idle" ? "Assigning…" : "Assign to me"}
      </button>
      {failed ? (
        <span className="db-small db-error-text" role="alert">
          {fetcher.data?.error}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

export default function TicketQueue() {
  const { filters, list, staff, me, canWork } = useLoaderData<typeof loader>();
  const live = useLiveQueue();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/dashboard/tickets";
  const names = new Map(staff.map((s) => [s.userId, s.displayName]));
  return (
    <div className="db-page">
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">Ticket queue</h1>
          <p className="db-page__lede">Shoppers waiting for a stylist. SLA timers count to the first response.</p>
        </div>
        <div className="db-queue-live">
          <p className={`db-live db-live--${live.state}`} role="status">
            <span className="db-live__dot" aria-hidden="true" />
            {QUEUE_LIVE_TEXT[live.state]}
          </p>
          <label className="db-check">
            <input type="checkbox" checked={live.sound} onChange={(e) => live.toggleSound(e.target.checked)} />
            Sound for new tickets
          </label>
        </div>
      </div>

      <section className="db-card db-filters" aria-labelledby="filters-heading">
        <h2 id="filters-heading" className="visually-hidden">
          Filters
        </h2>
        <Form method="get" className="db-filters__form">
          <input type="hidden" name="filtered" value="1" />
          <fieldset className="db-fieldset db-filters__statuses">
            <legend>Status</legend>
            <div className="db-checks">
              {STATUSES.map((s) => (
                <label key={s} className="db-check">
                  <input type="checkbox" name="status" value={s} defaultChecked={filters.statuses.includes(s)} />
                  {STATUS_LABELS[s]}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="db-field">
            <label htmlFor="f-priority">Priority</label>
            <select id="f-priority" name="priority" defaultValue={filters.priority}>
              <option value="">Any priority</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
          <div className="db-field">
            <label htmlFor="f-assignee">Assignee</label>
            <select id="f-assignee" name="assignee" defaultValue={filters.assignee}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="unassigned">Unassigned</option>
              {staff
                .filter((s) => s.userId !== me)
                .map((s) => (
                  <option key={s.userId} value={s.userId}>
                    {s.displayName}
                  </option>
                ))}
            </select>
          </div>
          <div className="db-field">
            <label htmlFor="f-sort">Sort by age</label>
            <select id="f-sort" name="sort" defaultValue={filters.order}>
              <option value="oldest">Oldest first</option>
              <option value="newest">Newest first</option>
            </select>
          </div>
          <div className="db-filters__actions">
            <button type="submit" className="db-button">
              Apply filters
            </button>
            <Link to="/dashboard/tickets" className="db-link-button">
              Reset
            </Link>
          </div>
        </Form>
      </section>

      <section className="db-card db-card--flush" aria-labelledby="tickets-heading" aria-busy={loading}>
        <div className="db-card__bar">
          <h2 id="tickets-heading" className="db-card__title">
            {filters.statuses.length === 0 || filters.statuses.length === STATUSES.length
              ? "All tickets"
              : filters.statuses.map((s) => STATUS_LABELS[s]).join(", ")}
          </h2>
          <p className="db-muted" aria-live="polite">
            {list.rows.length === 0
              ? "No tickets"
              : `Showing ${filters.page * 25 + 1}–${filters.page * 25 + list.rows.length}${list.hasMore ? "+" : ""}`}
          </p>
        </div>
        {list.rows.length === 0 ? (
          <p className="db-empty db-empty--pad">No tickets match these filters. Nice work — or try widening them.</p>
        ) : (
          <div className="db-table-wrap" role="region" aria-label="Ticket table (scrolls sideways)" tabIndex={0}>
            <table className="db-table db-table--tickets">
              <thead>
                <tr>
                  <th scope="col">Ticket</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Status</th>
                  <th scope="col">Priority</th>
                  <th scope="col">SLA</th>
                  <th scope="col">Age</th>
                  <th scope="col">Assignee</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((t) => (
                  <tr
                    key={t.id}
                    className={
                      t.sla.state === "breached" && t.status !== "resolved" && t.status !== "closed" ? "db-row--breached" : undefined
                    }
                  >
                    <td>
                      <Link to={`/dashboard/tickets/${t.id}`} className="db-ticket-link">
                        {t.id}
                      </Link>
                    </td>
                    <td className="db-strong">{t.customerName}</td>
                    <td className="db-reason">{t.reason}</td>
                    <td>
                      <StatusBadge status={t.status} />
                    </td>
                    <td>
                      <PriorityBadge priority={t.priority} />
                    </td>
                    <td>
                      <SlaTimer sla={t.sla} />
                    </td>
                    <td>
                      <span title={`Created ${formatDateTime(t.createdAt)}`}>{formatDuration(t.ageMinutes)}</span>
                    </td>
                    <td>
                      {t.assigneeId ? (
                        t.assigneeId === me ? (
                          "Me"
                        ) : (
                          (names.get(t.assigneeId) ?? "Former staff")
                        )
                      ) : canWork ? (
                        <AssignToMe id={t.id} />
                      ) : (
                        <span className="db-muted">Unassigned</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="db-card__foot">
          <Pagination page={filters.page} hasMore={list.hasMore} params={params} label="Ticket pages" />
        </div>
      </section>
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;
