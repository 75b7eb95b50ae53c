import type { TicketPriority, TicketStatus } from "../../../server/db/repositories/stylist-tickets";
import { PRIORITY_LABELS, STATUS_LABELS, intentLabel } from "../../lib/dashboard/labels";
import { formatDateTime, slaText, type SlaState } from "../../lib/dashboard/format";

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`db-badge db-status db-status--${status}`}>{STATUS_LABELS[status]}</span>;
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <span className={`db-badge db-priority db-priority--${priority}`}>
      <span className="db-priority__dot" aria-hidden="true" />
      {PRIORITY_LABELS[priority]}
    </span>
  );
}

const SLA_ICON: Record<SlaState, string> = { met: "✓", breached: "!", due: "◷" };

export function SlaTimer({ sla }: { sla: { state: SlaState; dueAt: string; minutesLeft: number } }) {
  const soon = sla.state === "due" && sla.minutesLeft <= 30;
  return (
    <span className={`db-sla db-sla--${sla.state}${soon ? " db-sla--soon" : ""}`} title={`First response due ${formatDateTime(sla.dueAt)}`}>
      <span aria-hidden="true" className="db-sla__icon">
        {SLA_ICON[sla.state]}
      </span>
      {slaText(sla)}
    </span>
  );
}

export function Stars({ rating }: { rating: number }) {
  return (
    <span
      className={`db-stars db-stars--${rating <= 2 ? "low" : rating === 3 ? "mid" : "high"}`}
      aria-label={`${rating} out of 5`}
      role="img"
    >
      <span aria-hidden="true">
        {"★".repeat(rating)}
        <span className="db-stars__off">{"★".repeat(Math.max(0, 5 - rating))}</span>
      </span>
    </span>
  );
}

/** A conversation's intents as tags, or a dash when there are none. */
export function IntentTags({ intents }: { intents: readonly string[] }) {
  if (intents.length === 0) return <span className="db-muted">—</span>;
  return (
    <span className="db-tags">
      {intents.map((i) => (
        <span key={i} className="db-tag">
          {intentLabel(i)}
        </span>
      ))}
    </span>
  );
}
