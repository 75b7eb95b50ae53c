/** Formatting shared by dashboard pages. Dates are shown in UTC so server and browser render the same text. */

const dateTime = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const dateOnly = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric", year: "numeric" });
const timeOnly = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${dateTime.format(d)} UTC`;
}

export function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00.000Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : timeOnly.format(d);
}

/** 0 → "0 min", 75 → "1 h 15 min", 3000 → "2 d 2 h". */
export function formatDuration(minutes: number): string {
  const m = Math.max(0, Math.round(Math.abs(minutes)));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) {
    const h = Math.floor(m / 60);
    const rest = m % 60;
    return rest ? `${h} h ${rest} min` : `${h} h`;
  }
  const d = Math.floor(m / (24 * 60));
  const h = Math.floor((m % (24 * 60)) / 60);
  return h ? `${d} d ${h} h` : `${d} d`;
}

export function formatPrice(cents: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(
    cents / 100,
  );
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat("en-US").format(n);
}

export function formatPercent(ratio: number | null, digits = 0): string {
  return ratio === null || !Number.isFinite(ratio) ? "—" : `${(ratio * 100).toFixed(digits)}%`;
}

export function formatAverage(avg: number | null): string {
  return avg === null ? "—" : avg.toFixed(2);
}

export type SlaState = "met" | "breached" | "due";

/** The SLA timer text for a ticket row's `sla`. */
export function slaText(sla: { state: SlaState; minutesLeft: number }): string {
  if (sla.state === "met") return "Met";
  if (sla.state === "breached") return sla.minutesLeft < 0 ? `Breached ${formatDuration(-sla.minutesLeft)} ago` : "Breached";
  return sla.minutesLeft <= 0 ? "Due now" : `Due in ${formatDuration(sla.minutesLeft)}`;
}
