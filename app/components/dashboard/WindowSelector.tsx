import { Link } from "@remix-run/react";
import { WINDOW_OPTIONS, type WindowOption } from "../../lib/dashboard/query";

/** The 7/30/90-day window as a segmented set of links (keeps other params, resets paging). */
export function WindowSelector({ days, params }: { days: WindowOption; params: URLSearchParams }) {
  return (
    <nav className="db-segmented" aria-label="Time window">
      {WINDOW_OPTIONS.map((d) => {
        const next = new URLSearchParams(params);
        next.set("days", String(d));
        next.delete("page");
        return (
          <Link
            key={d}
            to={`?${next.toString()}`}
            className="db-segmented__item"
            aria-current={d === days ? "page" : undefined}
            preventScrollReset
          >
            {d} days
          </Link>
        );
      })}
    </nav>
  );
}
