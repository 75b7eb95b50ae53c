import type { TicketPriority, TicketStatus } from "../../../server/db/repositories/stylist-tickets";
import type { DashboardRole } from "../../../server/db/repositories/dashboard-users";
import type { Intent } from "../../../server/domain/intents";

/** Display vocabulary for the dashboard (type-checked against the server's enums). */

export const STATUS_LABELS = {
  open: "Open",
  in_progress: "In progress",
  waiting_on_customer: "Waiting on customer",
  resolved: "Resolved",
  closed: "Closed",
} as const satisfies Record<TicketStatus, string>;
export const STATUSES = Object.keys(STATUS_LABELS) as TicketStatus[];
export const ACTIVE_STATUSES: TicketStatus[] = ["open", "in_progress", "waiting_on_customer"];

export const PRIORITY_LABELS = { urgent: "Urgent", high: "High", normal: "Normal", low: "Low" } as const satisfies Record<
  TicketPriority,
  string
>;
export const PRIORITIES = Object.keys(PRIORITY_LABELS) as TicketPriority[];

export const ROLE_LABELS = {
  admin: "Admin",
  merchandiser: "Merchandiser",
  stylist: "Stylist",
  viewer: "Viewer (read-only)",
} as const satisfies Record<DashboardRole, string>;

/** Mirrors server/routers/dashboard/roles.ts (the procedures enforce it; the UI only hides controls). */
export function canWorkTickets(role: DashboardRole): boolean {
  return role === "admin" || role === "merchandiser" || role === "stylist";
}

export const INTENT_LABELS = {
  find_product: "Find a product",
  product_question: "Question about a piece",
  store_info: "Store & jewelry info",
  track_order: "Track an order",
  return_exchange: "Return or exchange",
  care_warranty: "Care & warranty",
  shipping_info: "Shipping info",
  financing: "Financing",
  stylist_contact: "Stylist contact",
  shortlist: "Shortlist",
  order_updates: "Order updates",
  greeting: "Greeting",
  feedback: "Feedback",
  out_of_scope: "Out of scope",
  clarify: "Clarification",
} as const satisfies Record<Intent, string>;
export const INTENT_OPTIONS = Object.keys(INTENT_LABELS) as Intent[];

export function intentLabel(intent: string): string {
  return (INTENT_LABELS as Record<string, string>)[intent] ?? intent.replace(/_/g, " ");
}

export const AUDIT_LABELS: Record<string, string> = {
  created: "Ticket created",
  status: "Status",
  priority: "Priority",
  assign: "Assignment",
  note: "Internal note added",
  reply: "Replied to the shopper",
};

/** The shopper's language, by its code, in the dashboard's language. */
export const LANGUAGE_NAMES: Record<string, string> = { en: "English", es: "Spanish", fr: "French", de: "German" };
