import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { IntentTags, Stars } from "../components/dashboard/Badges";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { Pagination } from "../components/dashboard/Pagination";
import { callerFor } from "../lib/caller.server";
import { rethrowForLoader } from "../lib/dashboard/errors.server";
import { formatDateTime, formatNumber } from "../lib/dashboard/format";
import { INTENT_LABELS, INTENT_OPTIONS } from "../lib/dashboard/labels";
import { conversationListInput, parseConversationFilters } from "../lib/dashboard/query";
import { requireStaff } from "../lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "Conversations — Aurora Concierge dashboard" }];

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  const filters = parseConversationFilters(new URL(request.url).searchParams);
  try {
    const list = await callerFor(request, context, staff).dashboard.conversations.list(conversationListInput(filters, PAGE_SIZE));
    return json({ filters, list }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    rethrowForLoader(error);
  }
}

const STATUS_TEXT: Record<string, string> = { active: "Active", closed: "Closed", expired: "Expired" };

export default function Conversations() {
  const { filters, list } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="db-page">
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">Conversations</h1>
          <p className="db-page__lede">Every concierge conversation, newest first. Open one to read the full transcript.</p>
        </div>
      </div>

      <section className="db-card db-filters" aria-labelledby="conv-filters-heading">
        <h2 id="conv-filters-heading" className="visually-hidden">
          Filters
        </h2>
        <Form method="get" className="db-filters__form">
          <div className="db-field">
            <label htmlFor="c-intent">Intent</label>
            <select id="c-intent" name="intent" defaultValue={filters.intent}>
              <option value="">Any intent</option>
              {INTENT_OPTIONS.map((i) => (
                <option key={i} value={i}>
                  {INTENT_LABELS[i]}
                </option>
              ))}
            </select>
          </div>
          <div className="db-field">
            <label htmlFor="c-handoff">Handed to a stylist</label>
            <select id="c-handoff" name="handoff" defaultValue={filters.handoff}>
              <option value="">Either</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          </div>
          <div className="db-field">
            <label htmlFor="c-csat">CSAT</label>
            <select id="c-csat" name="csat" defaultValue={filters.csat}>
              <option value="">Any</option>
              <option value="low">Low (1–2)</option>
              <option value="high">3 and above</option>
              <option value="none">Not rated</option>
            </select>
          </div>
          <div className="db-field">
            <label htmlFor="c-from">From</label>
            <input id="c-from" name="from" type="date" defaultValue={filters.from} />
          </div>
          <div className="db-field">
            <label htmlFor="c-to">To</label>
            <input id="c-to" name="to" type="date" defaultValue={filters.to} />
          </div>
          <div className="db-filters__actions">
            <button type="submit" className="db-button">
              Apply filters
            </button>
            <Link to="/dashboard/conversations" className="db-link-button">
              Reset
            </Link>
          </div>
        </Form>
      </section>

      <section className="db-card db-card--flush" aria-labelledby="conv-heading">
        <div className="db-card__bar">
          <h2 id="conv-heading" className="db-card__title">
            Results
          </h2>
          <p className="db-muted" aria-live="polite">
            {list.rows.length === 0
              ? "No conversations"
              : `Showing ${filters.page * PAGE_SIZE + 1}–${filters.page * PAGE_SIZE + list.rows.length}${list.hasMore ? "+" : ""}`}
          </p>
        </div>
        {list.rows.length === 0 ? (
          <p className="db-empty db-empty--pad">No conversations match these filters.</p>
        ) : (
          <div className="db-table-wrap" role="region" aria-label="Conversation table (scrolls sideways)" tabIndex={0}>
            <table className="db-table">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Intents</th>
                  <th scope="col" className="db-num">
                    Messages
                  </th>
                  <th scope="col">Handoff</th>
                  <th scope="col">CSAT</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/dashboard/conversations/${c.id}`} className="db-ticket-link">
                        {formatDateTime(c.createdAt)}
                      </Link>
                    </td>
                    <td>
                      <IntentTags intents={c.intents} />
                    </td>
                    <td className="db-num">{formatNumber(c.messages)}</td>
                    <td>
                      {c.handoff ? <span className="db-badge db-status--in_progress">Yes</span> : <span className="db-muted">No</span>}
                    </td>
                    <td>{c.csatRating === null ? <span className="db-muted">Not rated</span> : <Stars rating={c.csatRating} />}</td>
                    <td>{STATUS_TEXT[c.status] ?? c.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="db-card__foot">
          <Pagination page={filters.page} hasMore={list.hasMore} params={params} label="Conversation pages" />
        </div>
      </section>
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;
