import { Link } from "@remix-run/react";
import { withPage } from "../../lib/dashboard/query";

/** Previous / next links that keep the current filters (plain links: work without JS). */
export function Pagination({ page, hasMore, params, label }: { page: number; hasMore: boolean; params: URLSearchParams; label: string }) {
  if (page === 0 && !hasMore) return null;
  return (
    <nav className="db-pagination" aria-label={label}>
      {page > 0 ? (
        <Link className="db-button db-button--ghost" to={withPage(params, page - 1)} rel="prev">
          <span aria-hidden="true">← </span>Previous
        </Link>
      ) : (
        <span className="db-button db-button--ghost db-button--disabled" aria-hidden="true">
          ← Previous
        </span>
      )}
      <span className="db-pagination__page" aria-current="page">
        Page {page + 1}
      </span>
      {hasMore ? (
        <Link className="db-button db-button--ghost" to={withPage(params, page + 1)} rel="next">
          Next<span aria-hidden="true"> →</span>
        </Link>
      ) : (
        <span className="db-button db-button--ghost db-button--disabled" aria-hidden="true">
          Next →
        </span>
      )}
    </nav>
  );
}
