import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { BarChart, FunnelChart, TimeSeriesChart } from "../components/dashboard/Charts";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { WindowSelector } from "../components/dashboard/WindowSelector";
import { callerFor } from "../lib/caller.server";
import { rethrowForLoader } from "../lib/dashboard/errors.server";
import { formatAverage, formatNumber, formatPercent } from "../lib/dashboard/format";
import { intentLabel } from "../lib/dashboard/labels";
import { parseWindow } from "../lib/dashboard/query";
import { requireStaff } from "../lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "Analytics — Aurora Concierge dashboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  const days = parseWindow(new URL(request.url).searchParams);
  try {
    const summary = await callerFor(request, context, staff).dashboard.analytics.summary({ days });
    return json({ summary }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    rethrowForLoader(error);
  }
}

function Tile({
  label,
  value,
  hint,
  wide,
  children,
}: {
  label: string;
  value: string;
  hint?: string;
  wide?: boolean;
  children?: React.ReactNode;
}) {
  return (
    <div className={`db-tile${wide ? " db-tile--wide" : ""}`}>
      <dt className="db-tile__label">{label}</dt>
      <dd className="db-tile__value">{value}</dd>
      {hint ? <dd className="db-tile__hint">{hint}</dd> : null}
      {children}
    </div>
  );
}

export default function Analytics() {
  const { summary: s } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const handoffRate = s.conversations ? s.handoffs / s.conversations : null;
  return (
    <div className="db-page">
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">Analytics</h1>
          <p className="db-page__lede">How the concierge performed over the last {s.days} days.</p>
        </div>
        <WindowSelector days={s.days} params={params} />
      </div>

      <section aria-labelledby="kpi-heading">
        <h2 id="kpi-heading" className="visually-hidden">
          Key numbers
        </h2>
        <dl className="db-tiles">
          <Tile label="Widget opens" value={formatNumber(s.widgetOpens)} />
          <Tile
            label="Conversations"
            value={formatNumber(s.conversations)}
            hint={s.widgetOpens ? `${formatPercent(s.conversations / s.widgetOpens)} of opens` : undefined}
          />
          <Tile
            label="Handoffs to a stylist"
            value={formatNumber(s.handoffs)}
            hint={handoffRate !== null ? `${formatPercent(handoffRate, 1)} of conversations` : undefined}
          />
          <Tile
            label="Automated resolution"
            wide
            value={formatPercent(s.automatedResolution.rate, 1)}
            hint={`${formatNumber(s.automatedResolution.automated)} of ${formatNumber(s.automatedResolution.engaged)} engaged conversations`}
          >
            <dd className="db-tile__definition">
              <span className="db-tile__definition-label">Definition: </span>
              {s.automatedResolution.definition}
            </dd>
          </Tile>
          <Tile
            label="CSAT average"
            value={s.csat.average === null ? "—" : `${formatAverage(s.csat.average)} / 5`}
            hint={`${formatNumber(s.csat.count)} ratings`}
          />
        </dl>
      </section>

      <section className="db-card" aria-labelledby="series-heading">
        <h2 id="series-heading" className="db-card__title">
          Daily activity
        </h2>
        <TimeSeriesChart
          title={`Widget opens, conversations and handoffs per day, last ${s.days} days`}
          days={s.series.map((d) => d.day)}
          series={[
            { name: "Widget opens", key: "opens", values: s.series.map((d) => d.widgetOpens) },
            { name: "Conversations", key: "conversations", values: s.series.map((d) => d.conversations) },
            { name: "Handoffs", key: "handoffs", values: s.series.map((d) => d.handoffs) },
          ]}
        />
      </section>

      <div className="db-grid-2">
        <section className="db-card" aria-labelledby="intents-heading">
          <h2 id="intents-heading" className="db-card__title">
            Intent mix
          </h2>
          <BarChart
            title={`Detected intents, last ${s.days} days`}
            rows={[...s.intents].sort((a, b) => b.count - a.count).map((i) => ({ label: intentLabel(i.intent), value: i.count }))}
            valueHeader="Messages"
          />
        </section>
        <section className="db-card" aria-labelledby="funnel-heading">
          <h2 id="funnel-heading" className="db-card__title">
            Product funnel
          </h2>
          <p className="db-card__sub">Sessions that saw products, saved one to a shortlist, and opened a product page.</p>
          <FunnelChart
            title={`Product funnel, last ${s.days} days`}
            steps={[
              { label: "Products shown", value: s.funnel.shown },
              { label: "Shortlisted", value: s.funnel.shortlisted },
              { label: "Viewed", value: s.funnel.viewed },
            ]}
          />
        </section>
      </div>

      <section className="db-card" aria-labelledby="top-heading">
        <h2 id="top-heading" className="db-card__title">
          Top shortlisted products
        </h2>
        {s.topShortlisted.length === 0 ? (
          <p className="db-empty">Nothing was shortlisted in this window.</p>
        ) : (
          <div className="db-table-wrap" role="region" aria-label="Top shortlisted products table" tabIndex={0}>
            <table className="db-table">
              <thead>
                <tr>
                  <th scope="col" className="db-num">
                    Rank
                  </th>
                  <th scope="col">Product</th>
                  <th scope="col" className="db-num">
                    Times shortlisted
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.topShortlisted.map((p, i) => (
                  <tr key={p.productId}>
                    <td className="db-num">{i + 1}</td>
                    <th scope="row">{p.name}</th>
                    <td className="db-num">{formatNumber(p.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;
