import type { TicketPriority, TicketStatus } from "../../../server/db/repositories/stylist-tickets";
import type { Intent } from "../../../server/domain/intents";
import { ACTIVE_STATUSES, INTENT_OPTIONS, PRIORITIES, STATUSES } from "./labels";

/** URL ⇄ procedure input for the dashboard's GET filter forms. Bad values fall back to defaults. */

export const WINDOW_OPTIONS = [7, 30, 90] as const;
export type WindowOption = (typeof WINDOW_OPTIONS)[number];

export function parseWindow(params: URLSearchParams, fallback: WindowOption = 30): WindowOption {
  const n = Number(params.get("days"));
  return (WINDOW_OPTIONS as readonly number[]).includes(n) ? (n as WindowOption) : fallback;
}

/** `page` in URLs is 1-based for people; procedures take 0-based pages. */
export function parsePage(params: URLSearchParams): number {
  const n = Number(params.get("page") ?? "1");
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n - 1 : 0;
}

const STAFF_ID = /^u_[A-Za-z0-9_-]{6,30}$/;

export interface TicketFilters {
  statuses: TicketStatus[];
  priority: TicketPriority | "";
  assignee: string; // "" | "me" | "unassigned" | u_…
  order: "oldest" | "newest";
  page: number;
}

export function parseTicketFilters(params: URLSearchParams): TicketFilters {
  const submitted = params.has("filtered") || params.has("status");
  const chosen = params.getAll("status").filter((s): s is TicketStatus => (STATUSES as string[]).includes(s));
  const priorityParam = params.get("priority") ?? "";
  const assigneeParam = params.get("assignee") ?? "";
  return {
    statuses: submitted ? [...new Set(chosen)] : [...ACTIVE_STATUSES],
    priority: (PRIORITIES as string[]).includes(priorityParam) ? (priorityParam as TicketPriority) : "",
    assignee: assigneeParam === "me" || assigneeParam === "unassigned" || STAFF_ID.test(assigneeParam) ? assigneeParam : "",
    order: params.get("sort") === "newest" ? "newest" : "oldest",
    page: parsePage(params),
  };
}

export function ticketListInput(f: TicketFilters, limit = 25) {
  return {
    // Nothing ticked means "every status".
    ...(f.statuses.length > 0 && f.statuses.length < STATUSES.length ? { statuses: f.statuses } : {}),
    ...(f.priority ? { priorities: [f.priority] } : {}),
    ...(f.assignee ? { assignee: f.assignee } : {}),
    order: f.order,
    limit,
    page: f.page,
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function isoDate(value: string | null): string {
  if (!value || !ISO_DATE.test(value)) return "";
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? value : "";
}

export interface ConversationFilters {
  intent: Intent | "";
  handoff: "" | "yes" | "no";
  csat: "" | "low" | "high" | "none";
  from: string;
  to: string;
  page: number;
}

export function parseConversationFilters(params: URLSearchParams): ConversationFilters {
  const intent = params.get("intent") ?? "";
  const handoff = params.get("handoff") ?? "";
  const csat = params.get("csat") ?? "";
  return {
    intent: (INTENT_OPTIONS as string[]).includes(intent) ? (intent as Intent) : "",
    handoff: handoff === "yes" || handoff === "no" ? handoff : "",
    csat: csat === "low" || csat === "high" || csat === "none" ? csat : "",
    from: isoDate(params.get("from")),
    to: isoDate(params.get("to")),
    page: parsePage(params),
  };
}

export function conversationListInput(f: ConversationFilters, pageSize = 25) {
  return {
    ...(f.intent ? { intent: f.intent } : {}),
    ...(f.handoff ? { handoff: f.handoff === "yes" } : {}),
    ...(f.csat ? { csat: f.csat } : {}),
    ...(f.from ? { since: f.from } : {}),
    ...(f.to ? { until: f.to } : {}),
    page: f.page,
    pageSize,
  };
}

/** Same-site relative paths only (no scheme, no `//host`, no backslashes); anything else → fallback. */
export function safeNext(value: unknown, fallback = "/dashboard"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f]/.test(value)) return fallback;
  try {
    const base = "http://same.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    // Validate the NORMALISED path: "/dashboard/..//evil.test" normalises to "//evil.test", which a
    // browser reads as another host. Only dashboard pages are valid destinations.
    const path = url.pathname + url.search + url.hash;
    if (!/^\/dashboard(?:\/|$)/.test(url.pathname) || url.pathname.includes("//")) return fallback;
    if (path.startsWith("/dashboard/login") || path.startsWith("/dashboard/logout")) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

/** A copy of `params` with `page` set (1-based) — for pagination links. */
export function withPage(params: URLSearchParams, page0: number): string {
  const next = new URLSearchParams(params);
  if (page0 <= 0) next.delete("page");
  else next.set("page", String(page0 + 1));
  const s = next.toString();
  return s ? `?${s}` : "?";
}
