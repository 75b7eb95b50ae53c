import { COLLECTIONS } from "../domain/collections";
import { INTENTS } from "../domain/intents";

/**
 * Bounded label values for every metric. Anything that does not fit a known set becomes "other",
 * so a bug upstream can never turn a label into an id, an email or shopper text (cardinality and PII).
 */

export const OTHER = "other";

/** HTTP route groups (`concierge_http_request_duration_seconds{route}`). */
export const ROUTE_GROUPS = [
  "/api/trpc",
  "/api/health",
  "/api/metrics",
  "/api/webhooks",
  "/widget",
  "/",
  "/dashboard",
  "static",
  "other",
] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

const STATIC_PREFIXES = ["/build/", "/images/", "/assets/"];
const STATIC_FILE = /\.(?:js|mjs|css|map|ico|png|jpe?g|gif|webp|avif|svg|woff2?|ttf|txt|json|xml|webmanifest)$/i;

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Maps a request path (no query string) to its route group. */
export function routeGroup(path: string): RouteGroup {
  if (under(path, "/api/trpc")) return "/api/trpc";
  if (under(path, "/api/health")) return "/api/health";
  if (under(path, "/api/metrics")) return "/api/metrics";
  if (under(path, "/api/webhooks")) return "/api/webhooks";
  // The iframe page and the widget's own config call (asked by the host-page loader).
  if (under(path, "/widget") || under(path, "/api/widget")) return "/widget";
  if (under(path, "/dashboard")) return "/dashboard";
  if (path === "/" || path === "") return "/";
  if (STATIC_PREFIXES.some((p) => path.startsWith(p)) || STATIC_FILE.test(path)) return "static";
  return "other";
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return (HTTP_METHODS as readonly string[]).includes(upper) ? upper : OTHER;
}

/** "2xx" … "5xx"; anything odd is "other". */
export function statusClass(status: number): string {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? `${Math.floor(status / 100)}xx` : OTHER;
}

/** Exact status codes worth alerting on by value; others collapse to their class. */
const KNOWN_STATUSES = new Set([
  200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 406, 409, 410, 413, 415, 422, 429, 500, 501, 502, 503,
  504,
]);
export function statusLabel(status: number): string {
  return KNOWN_STATUSES.has(status) ? String(status) : statusClass(status);
}

export const PROCEDURE_TYPES = ["query", "mutation", "subscription"] as const;
export type ProcedureType = (typeof PROCEDURE_TYPES)[number];
export function procedureTypeLabel(type: string): ProcedureType | "other" {
  return (PROCEDURE_TYPES as readonly string[]).includes(type) ? (type as ProcedureType) : "other";
}

/**
 * A tRPC procedure path as a label. tRPC runs middleware only for procedures that exist in the
 * router, so paths are already a bounded set; this guard keeps it so if a caller passes anything else.
 */
const PROCEDURE_PATH = /^[a-zA-Z]{1,40}(?:\.[a-zA-Z]{1,40}){0,5}$/;
export function procedureLabel(path: string): string {
  return PROCEDURE_PATH.test(path) ? path : OTHER;
}

/** Outcome of a procedure call or HTTP request, by class of result. */
export const OUTCOMES = ["ok", "client_error", "server_error"] as const;
export type Outcome = (typeof OUTCOMES)[number];

const COLLECTION_NAMES: ReadonlySet<string> = new Set(Object.values(COLLECTIONS));
export function collectionLabel(name: string): string {
  return COLLECTION_NAMES.has(name) ? name : OTHER;
}

/** Collection methods timed by `instrumentDb` (cursor reads are labelled by the call that made them). */
export const DB_OPERATIONS = [
  "find",
  "findOne",
  "insertOne",
  "insertMany",
  "updateOne",
  "updateMany",
  "replaceOne",
  "findOneAndUpdate",
  "findOneAndReplace",
  "findOneAndDelete",
  "deleteOne",
  "deleteMany",
  "countDocuments",
  "estimatedDocumentCount",
  "distinct",
  "aggregate",
  "createIndex",
  "createIndexes",
  "bulkWrite",
] as const;
export type DbOperation = (typeof DB_OPERATIONS)[number];

const INTENT_NAMES: ReadonlySet<string> = new Set(INTENTS);
export function intentLabel(intent: string | undefined): string {
  return intent && INTENT_NAMES.has(intent) ? intent : OTHER;
}

export const ENGINES = ["rules", "llm"] as const;
export function engineLabel(engine: string): string {
  return (ENGINES as readonly string[]).includes(engine) ? engine : OTHER;
}

export const CSAT_RATINGS = ["1", "2", "3", "4", "5"] as const;

export const LIVE_CONNECTION_KINDS = ["stream", "realtime"] as const;
export type LiveConnectionKind = (typeof LIVE_CONNECTION_KINDS)[number];

/** The limiter's decisions (server/platform/rate-limit/limiter.ts): failed_* = its backend failed. */
export const RATE_LIMIT_OUTCOMES = ["allowed", "limited", "failed_open", "failed_closed"] as const;
export type RateLimitOutcome = (typeof RATE_LIMIT_OUTCOMES)[number];

export const DB_CONNECTION_PHASES = ["connect", "ping"] as const;
export type DbConnectionPhase = (typeof DB_CONNECTION_PHASES)[number];

/**
 * A name chosen by code (rate-limit policy, LLM fallback reason, tool name): short, lower-case
 * words joined by `_ . : -`, no digits runs, no `@`. Ids and free text fail and become "other".
 */
const CODE_NAME = /^[a-zA-Z][a-zA-Z_.:-]{0,47}$/;
export function codeNameLabel(name: string): string {
  return CODE_NAME.test(name) ? name : OTHER;
}

/** External services the concierge calls (CONCIERGE_PRODUCTS_ENDPOINT, CONCIERGE_ORDER_STATUS_ENDPOINT). */
export const EXTERNAL_SERVICES = ["products", "order_status"] as const;
export type ExternalService = (typeof EXTERNAL_SERVICES)[number];
/** How a call to an external service ended. */
export const EXTERNAL_OUTCOMES = [
  "ok",
  "not_found",
  "timeout",
  "http_error",
  "malformed",
  "network_error",
  "circuit_open",
  "cached",
] as const;
export type ExternalOutcome = (typeof EXTERNAL_OUTCOMES)[number];

/** Why the grounding guard refused a model's sentence (`concierge_llm_guard_total{reason}`). */
export const LLM_GUARD_REASONS = ["invented_product", "price", "discount", "stock", "shipping", "action_claim"] as const;
export type LlmGuardReason = (typeof LLM_GUARD_REASONS)[number];

/** Upstream answers that mean the LLM is misconfigured (`concierge_llm_misconfigured_total{reason}`). */
export const LLM_MISCONFIGURATIONS = ["auth_failed", "insufficient_balance", "bad_request"] as const;
export type LlmMisconfiguration = (typeof LLM_MISCONFIGURATIONS)[number];

/** Token kinds of `concierge_llm_tokens_total{kind}`. */
export const LLM_TOKEN_KINDS = ["prompt", "cached_prompt", "completion", "reasoning"] as const;
