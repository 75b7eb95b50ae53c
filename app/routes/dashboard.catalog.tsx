import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CATEGORY_LABELS, type Category } from "../../server/domain/catalog";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { callerFor } from "../lib/caller.server";
import { rethrowForLoader } from "../lib/dashboard/errors.server";
import { formatDateTime, formatNumber } from "../lib/dashboard/format";
import { requireStaff } from "../lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "Catalog — Aurora Concierge dashboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  try {
    const overview = await callerFor(request, context, staff).dashboard.catalog.overview();
    return json(overview, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    rethrowForLoader(error);
  }
}

export default function Catalog() {
  const { total, readyToShip, byCategory, imports } = useLoaderData<typeof loader>();
  const latest = imports[0];
  return (
    <div className="db-page">
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">Catalog</h1>
          <p className="db-page__lede">
            The products the concierge recommends. Load your store&apos;s catalog with <code>npm run catalog:import -- products.csv</code>{" "}
            (Shopify product export or the JSON format).
          </p>
        </div>
      </div>

      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading" className="visually-hidden">
          Counts
        </h2>
        <dl className="db-tiles db-tiles--3">
          <div className="db-tile">
            <dt className="db-tile__label">Products</dt>
            <dd className="db-tile__value">{formatNumber(total)}</dd>
            <dd className="db-tile__hint">{formatNumber(readyToShip)} ready to ship</dd>
          </div>
          {Object.entries(byCategory).map(([category, count]) => (
            <div key={category} className="db-tile">
              <dt className="db-tile__label">{CATEGORY_LABELS[category as Category] ?? category}</dt>
              <dd className="db-tile__value">{formatNumber(count)}</dd>
            </div>
          ))}
          <div className="db-tile">
            <dt className="db-tile__label">Last import</dt>
            <dd className="db-tile__value db-tile__value--small">{latest ? formatDateTime(latest.importedAt) : "Never (demo catalog)"}</dd>
            {latest && <dd className="db-tile__hint">{latest.source}</dd>}
          </div>
        </dl>
      </section>

      <section className="db-card db-card--flush" aria-labelledby="imports-heading">
        <div className="db-card__bar">
          <h2 id="imports-heading" className="db-card__title">
            Imports
          </h2>
        </div>
        {imports.length === 0 ? (
          <p className="db-empty db-empty--pad">No catalog has been imported yet; the concierge shows the demo catalog.</p>
        ) : (
          <div className="db-table-wrap" role="region" aria-label="Catalog imports table (scrolls sideways)" tabIndex={0}>
            <table className="db-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">File</th>
                  <th scope="col" className="db-num">
                    Created
                  </th>
                  <th scope="col" className="db-num">
                    Updated
                  </th>
                  <th scope="col" className="db-num">
                    Unchanged
                  </th>
                  <th scope="col" className="db-num">
                    Hidden
                  </th>
                  <th scope="col" className="db-num">
                    Removed
                  </th>
                  <th scope="col" className="db-num">
                    Not mapped
                  </th>
                  <th scope="col" className="db-num">
                    Products after
                  </th>
                </tr>
              </thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <time dateTime={i.importedAt}>{formatDateTime(i.importedAt)}</time>
                    </th>
                    <td>
                      {i.source}{" "}
                      <span className="db-muted db-small">
                        ({i.format === "json" ? "JSON" : "Shopify CSV"}
                        {i.pruned ? ", pruned" : ""})
                      </span>
                    </td>
                    <td className="db-num">{formatNumber(i.counts.created)}</td>
                    <td className="db-num">{formatNumber(i.counts.updated)}</td>
                    <td className="db-num">{formatNumber(i.counts.unchanged)}</td>
                    <td className="db-num">{formatNumber(i.counts.hidden)}</td>
                    <td className="db-num">{formatNumber(i.counts.removed)}</td>
                    <td className="db-num">{formatNumber(i.counts.skipped)}</td>
                    <td className="db-num">{formatNumber(i.counts.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {latest && (latest.mapping.length > 0 || latest.skipped.length > 0) && (
        <div className="db-grid-csat">
          <section className="db-card" aria-labelledby="mapping-heading">
            <h2 id="mapping-heading" className="db-card__title">
              How the last import was mapped
            </h2>
            <ul className="db-small">
              {latest.mapping.map((m) => (
                <li key={`${m.field}|${m.from}|${m.to}`}>
                  {m.field}: “{m.from}” → {m.to} <span className="db-muted">({formatNumber(m.count)})</span>
                </li>
              ))}
            </ul>
          </section>
          <section className="db-card" aria-labelledby="skipped-heading">
            <h2 id="skipped-heading" className="db-card__title">
              Not imported
            </h2>
            {latest.skipped.length === 0 ? (
              <p className="db-muted db-small">Every product could be mapped.</p>
            ) : (
              <ul className="db-small">
                {latest.skipped.map((s) => (
                  <li key={s.handle}>
                    <strong>{s.handle}</strong>: {s.reason}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;
