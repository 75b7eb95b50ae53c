import { useId } from "react";
import { formatDate, formatNumber } from "../../lib/dashboard/format";

/**
 * Server-rendered inline SVG charts (no chart library). Each chart is an image with a title and a
 * description for assistive technology, and the exact numbers in a table under a disclosure.
 */

interface BarRow {
  label: string;
  value: number;
  /** Shown at the end of the bar and in the table (defaults to the formatted value). */
  display?: string;
}

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * pow >= max) return step * pow;
  return 10 * pow;
}

function DataTable({ caption, headers, rows }: { caption: string; headers: string[]; rows: Array<Array<string | number>> }) {
  return (
    <details className="db-chart__data">
      <summary>Show the numbers</summary>
      <div className="db-table-wrap" role="region" aria-label={`${caption} (numbers)`} tabIndex={0}>
        <table className="db-table db-table--compact">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {headers.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {c}
                    </th>
                  ) : (
                    <td key={j} className="db-num">
                      {c}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Horizontal bars, one row per category (intent mix, top products). Percent layout: text never scales. */
export function BarChart({
  title,
  rows,
  valueHeader = "Count",
  emptyText = "No data in this window yet.",
}: {
  title: string;
  rows: BarRow[];
  valueHeader?: string;
  emptyText?: string;
}) {
  const id = useId();
  if (rows.length === 0) return <p className="db-empty">{emptyText}</p>;
  const rowH = 30;
  const height = rows.length * rowH + 4;
  const labelPct = 36;
  const barPct = 52;
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  const summary = rows.map((r) => `${r.label}: ${r.display ?? formatNumber(r.value)}`).join("; ");
  return (
    <div className="db-chart">
      <svg width="100%" height={height} className="db-chart__svg" role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        {rows.map((r, i) => {
          const y = 2 + i * rowH;
          const w = r.value > 0 ? Math.max(0.8, (r.value / max) * barPct) : 0;
          return (
            <g key={r.label}>
              <text x={`${labelPct - 2}%`} y={y + rowH / 2} textAnchor="end" dominantBaseline="middle" className="db-chart__label">
                {r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label}
              </text>
              <rect x={`${labelPct}%`} y={y + 6} width={`${barPct}%`} height={rowH - 12} rx={4} className="db-chart__track" />
              {w > 0 ? <rect x={`${labelPct}%`} y={y + 6} width={`${w}%`} height={rowH - 12} rx={4} className="db-chart__bar" /> : null}
              <text x={`${labelPct + w + 1.5}%`} y={y + rowH / 2} dominantBaseline="middle" className="db-chart__value">
                {r.display ?? formatNumber(r.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable caption={title} headers={["", valueHeader]} rows={rows.map((r) => [r.label, r.display ?? formatNumber(r.value)])} />
    </div>
  );
}

/** Vertical columns for a small fixed scale (the CSAT 1–5 distribution). */
export function ColumnChart({ title, rows, valueHeader = "Responses" }: { title: string; rows: BarRow[]; valueHeader?: string }) {
  const id = useId();
  const height = 220;
  const top = 26;
  const bottom = 30;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(...rows.map((r) => r.value), 0));
  const colPct = 100 / Math.max(rows.length, 1);
  const total = rows.reduce((s, r) => s + r.value, 0);
  return (
    <div className="db-chart">
      <svg width="100%" height={height} className="db-chart__svg" role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{rows.map((r) => `${r.label}: ${formatNumber(r.value)}`).join("; ")}</desc>
        <line x1="0" x2="100%" y1={top + plotH} y2={top + plotH} className="db-chart__axis" />
        {rows.map((r, i) => {
          const h = (r.value / max) * plotH;
          const center = i * colPct + colPct / 2;
          const pct = total ? Math.round((r.value / total) * 100) : 0;
          return (
            <g key={r.label}>
              {r.value > 0 ? (
                <rect
                  x={`${center - colPct * 0.3}%`}
                  y={top + plotH - Math.max(h, 2)}
                  width={`${colPct * 0.6}%`}
                  height={Math.max(h, 2)}
                  rx={4}
                  className={`db-chart__col db-chart__col--${i}`}
                />
              ) : null}
              <text x={`${center}%`} y={top + plotH - Math.max(h, 0) - 8} textAnchor="middle" className="db-chart__value">
                {formatNumber(r.value)}
                {total ? ` · ${pct}%` : ""}
              </text>
              <text x={`${center}%`} y={height - 9} textAnchor="middle" className="db-chart__label">
                {r.label}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable caption={title} headers={["", valueHeader]} rows={rows.map((r) => [r.label, formatNumber(r.value)])} />
    </div>
  );
}

/** Products shown → shortlisted → viewed, with the step-to-step conversion. */
export function FunnelChart({ title, steps }: { title: string; steps: BarRow[] }) {
  const id = useId();
  const rowH = 56;
  const height = steps.length * rowH;
  const max = Math.max(...steps.map((s) => s.value), 0) || 1;
  const conversion = (i: number) => {
    const prev = steps[i - 1];
    const cur = steps[i];
    if (!prev || !cur) return "";
    return prev.value ? `${Math.round((cur.value / prev.value) * 100)}% of previous step` : "—";
  };
  return (
    <div className="db-chart">
      <svg width="100%" height={height} className="db-chart__svg" role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>
          {steps.map((s, i) => `${s.label}: ${formatNumber(s.value)}${i ? ` (${conversion(i)})` : ""}`).join("; ")}
        </desc>
        {steps.map((s, i) => {
          const w = s.value > 0 ? Math.max(1, (s.value / max) * 100) : 0;
          const y = i * rowH;
          return (
            <g key={s.label}>
              <rect x="0" y={y + 22} width="100%" height={rowH - 30} rx={5} className="db-chart__track" />
              {w > 0 ? (
                <rect x="0" y={y + 22} width={`${w}%`} height={rowH - 30} rx={5} className={`db-chart__funnel db-chart__funnel--${i}`} />
              ) : null}
              <text x="0" y={y + 14} className="db-chart__label db-chart__label--strong">
                {s.label} · {formatNumber(s.value)}
              </text>
              {i > 0 ? (
                <text x="100%" y={y + 14} textAnchor="end" className="db-chart__muted">
                  {conversion(i)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <DataTable
        caption={title}
        headers={["Step", "Sessions", "Conversion"]}
        rows={steps.map((s, i) => [s.label, formatNumber(s.value), i ? conversion(i) : "—"])}
      />
    </div>
  );
}

export interface Series {
  name: string;
  key: string;
  values: number[];
}

/** Daily lines (widget opens, conversations, handoffs) with a legend; distinct dash patterns per series. */
export function TimeSeriesChart({ title, days, series }: { title: string; days: string[]; series: Series[] }) {
  const id = useId();
  const width = 1000;
  const height = 300;
  const left = 48;
  const right = 12;
  const top = 14;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(4, niceMax(Math.max(0, ...series.flatMap((s) => s.values))));
  const n = Math.max(days.length, 1);
  const x = (i: number) => left + (n === 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];
  const labelIdx = n <= 1 ? [0] : [0, Math.floor((n - 1) / 2), n - 1];
  const totals = series.map((s) => `${s.name}: ${formatNumber(s.values.reduce((a, b) => a + b, 0))} in total`).join("; ");
  return (
    <div className="db-chart">
      <ul className="db-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.key} className={`db-legend__item db-legend__item--${s.key}`}>
            <svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true" focusable="false">
              <line x1="1" x2="27" y1="5" y2="5" className={`db-line db-line--${s.key}`} />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="db-chart__svg db-chart__svg--series"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc
          id={`${id}-d`}
        >{`${days.length} days from ${days[0] ? formatDate(days[0]) : "—"} to ${days.at(-1) ? formatDate(days.at(-1)!) : "—"}. ${totals}.`}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} className={t === 0 ? "db-chart__axis" : "db-chart__grid"} />
            <text x={left - 8} y={y(t)} textAnchor="end" dominantBaseline="middle" className="db-chart__muted">
              {Number.isInteger(t) ? formatNumber(t) : t.toFixed(1)}
            </text>
          </g>
        ))}
        {labelIdx.map((i) =>
          days[i] ? (
            <text
              key={i}
              x={x(i)}
              y={height - 8}
              textAnchor={i === 0 ? "start" : i === n - 1 ? "end" : "middle"}
              className="db-chart__muted"
            >
              {formatDate(days[i]!).replace(/, \d{4}$/, "")}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.key}>
            <polyline
              points={s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}
              className={`db-line db-line--${s.key}`}
              fill="none"
            />
            {n <= 31 ? s.values.map((v, i) => <circle key={i} cx={x(i)} cy={y(v)} r={2.6} className={`db-dot db-dot--${s.key}`} />) : null}
          </g>
        ))}
      </svg>
      <DataTable
        caption={title}
        headers={["Day", ...series.map((s) => s.name)]}
        rows={days.map((d, i) => [formatDate(d), ...series.map((s) => formatNumber(s.values[i] ?? 0))])}
      />
    </div>
  );
}
