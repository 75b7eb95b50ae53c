import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Stars } from "../components/dashboard/Badges";
import { ColumnChart } from "../components/dashboard/Charts";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { Pagination } from "../components/dashboard/Pagination";
import { WindowSelector } from "../components/dashboard/WindowSelector";
import { callerFor } from "../lib/caller.server";
import { rethrowForLoader } from "../lib/dashboard/errors.server";
import { formatAverage, formatDateTime, formatNumber } from "../lib/dashboard/format";
import { parsePage, parseWindow } from "../lib/dashboard/query";
import { requireStaff } from "../lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "CSAT — Aurora Concierge dashboard" }];

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  const params = new URL(request.url).searchParams;
  const days = parseWindow(params);
  const page = parsePage(params);
  const csat = callerFor(request, context, staff).dashboard.csat;
  try {
    const [summary, list] = await Promise.all([csat.summary(), csat.list({ days, page, pageSize: PAGE_SIZE })]);
    return json({ days, page, summary, list }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    rethrowForLoader(error);
  }
}

export default function Csat() {
  const { days, page, summary, list } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const total = summary.distribution.reduce((s, d) => s + d.count, 0);
  return (
    <div className="db-page">
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">Customer satisfaction</h1>
          <p className="db-page__lede">Ratings shoppers gave the concierge at the end of a conversation (1 = poor, 5 = great).</p>
        </div>
        <WindowSelector days={days} params={params} />
      </div>

      <section aria-labelledby="avg-heading">
        <h2 id="avg-heading" className="visually-hidden">
          Averages
        </h2>
        <dl className="db-tiles db-tiles--3">
          {summary.averages.map((a) => (
            <div key={a.days} className={`db-tile${a.days === days ? " db-tile--current" : ""}`}>
              <dt className="db-tile__label">Average, last {a.days} days</dt>
              <dd className="db-tile__value">{a.average === null ? "—" : `${formatAverage(a.average)} / 5`}</dd>
              <dd className="db-tile__hint">
                {formatNumber(a.count)} rating{a.count === 1 ? "" : "s"}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <div className="db-grid-csat">
        <section className="db-card" aria-labelledby="dist-heading">
          <h2 id="dist-heading" className="db-card__title">
            Distribution
          </h2>
          <p className="db-card__sub">Last 90 days · {formatNumber(total)} ratings</p>
          <ColumnChart
            title="CSAT ratings 1 to 5, last 90 days"
            rows={summary.distribution.map((d) => ({ label: `${d.rating} ★`, value: d.count }))}
            valueHeader="Ratings"
          />
        </section>

        <section className="db-card db-card--flush" aria-labelledby="list-heading">
          <div className="db-card__bar">
            <h2 id="list-heading" className="db-card__title">
              Ratings, lowest first
            </h2>
            <p className="db-muted">Last {days} days</p>
          </div>
          {list.rows.length === 0 ? (
            <p className="db-empty db-empty--pad">No ratings in this window.</p>
          ) : (
            <ul className="db-csat-list">
              {list.rows.map((r) => (
                <li key={r.id} className={`db-csat-item${r.rating <= 2 ? " db-csat-item--low" : ""}`}>
                  <div className="db-csat-item__head">
                    <Stars rating={r.rating} />
                    <time className="db-muted db-small" dateTime={r.createdAt}>
                      {formatDateTime(r.createdAt)}
                    </time>
                  </div>
                  {r.comment ? <p className="db-quote">{r.comment}</p> : <p className="db-muted db-small">No comment.</p>}
                  <Link to={`/dashboard/conversations/${r.conversationId}`} className="db-small">
                    View conversation
                    <span className="visually-hidden">
                      {" "}
                      rated {r.rating} of 5 on {formatDateTime(r.createdAt)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <div className="db-card__foot">
            <Pagination page={page} hasMore={list.hasMore} params={params} label="Rating pages" />
          </div>
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;
