/**
 * In-process summary for `GET /api/metrics?format=summary` (the runbook's
 * `jq '.summary["/api/support/products"].latency'`): per endpoint key, request count, error rate and
 * latency p50/p95/p99 over a bounded recent window. Memory is bounded: a fixed set of keys, each a
 * ring buffer of at most `maxSamples` samples; samples older than `windowMs` are ignored.
 */

/** The runbook's endpoint keys, in display order. */
export const ENDPOINT_KEYS = [
  "/api/session",
  "/api/chat",
  "/api/support/products",
  "/api/support/orders",
  "/api/support/returns",
  "/api/support/stylist",
  "/api/support/csat",
  "/api/support/shortlist",
  "/api/support/order-updates",
  "/api/dashboard/tickets",
  "/api/dashboard/csat",
  "/api/dashboard/analytics",
  "/api/dashboard/conversations",
  "/api/dashboard/staff",
  "/api/dashboard/catalog",
  "/api/health",
  "/api/metrics",
] as const;
export type EndpointKey = (typeof ENDPOINT_KEYS)[number];

/** Procedure path prefix → endpoint key (first match wins; a prefix matches itself or `prefix.*`). */
const PROCEDURE_ENDPOINTS: ReadonlyArray<readonly [string, EndpointKey]> = [
  ["support.products", "/api/support/products"],
  ["support.orders", "/api/support/orders"],
  ["support.returns", "/api/support/returns"],
  ["support.stylist", "/api/support/stylist"],
  ["support.csat", "/api/support/csat"],
  ["support.shortlist", "/api/support/shortlist"],
  ["support.orderUpdates", "/api/support/order-updates"],
  ["session", "/api/session"],
  ["chat", "/api/chat"],
  ["dashboard.tickets", "/api/dashboard/tickets"],
  ["dashboard.csat", "/api/dashboard/csat"],
  ["dashboard.analytics", "/api/dashboard/analytics"],
  ["dashboard.conversations", "/api/dashboard/conversations"],
  ["dashboard.staff", "/api/dashboard/staff"],
  ["dashboard.me", "/api/dashboard/staff"],
  ["dashboard.profile", "/api/dashboard/staff"],
  ["dashboard.cannedReplies", "/api/dashboard/tickets"],
  ["dashboard.catalog", "/api/dashboard/catalog"],
];

/** `support.products.search` → `/api/support/products`; unknown procedures → undefined (not summarised). */
export function endpointKeyForProcedure(path: string): EndpointKey | undefined {
  for (const [prefix, key] of PROCEDURE_ENDPOINTS) {
    if (path === prefix || path.startsWith(`${prefix}.`)) return key;
  }
  return undefined;
}

export interface EndpointSummary {
  /** Requests in the window. */
  count: number;
  /** Requests in the window that failed on the server side (5xx-class / INTERNAL_SERVER_ERROR, …). */
  errors: number;
  /** errors / count, 0 when there were no requests. */
  errorRate: number;
  /** Requests in the window refused as the caller's fault (4xx-class: bad input, auth, 429, …). */
  clientErrors: number;
  clientErrorRate: number;
  /** Latency in milliseconds over the window; null when there were no requests. */
  latency: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  /** Since the process started. */
  total: number;
  totalErrors: number;
}

export interface SummaryReport {
  summary: Record<EndpointKey, EndpointSummary>;
  window: string;
  timestamp: string;
}

export type SampleOutcome = "ok" | "client_error" | "server_error";

const OUTCOME_CODE: Record<SampleOutcome, number> = { ok: 0, client_error: 1, server_error: 2 };

class Ring {
  readonly at: Float64Array;
  readonly ms: Float64Array;
  readonly outcome: Uint8Array;
  size = 0;
  next = 0;
  total = 0;
  totalErrors = 0;

  constructor(readonly capacity: number) {
    this.at = new Float64Array(capacity);
    this.ms = new Float64Array(capacity);
    this.outcome = new Uint8Array(capacity);
  }

  push(at: number, ms: number, outcome: SampleOutcome) {
    this.at[this.next] = at;
    this.ms[this.next] = ms;
    this.outcome[this.next] = OUTCOME_CODE[outcome];
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    this.total++;
    if (outcome === "server_error") this.totalErrors++;
  }
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return round(sorted[rank - 1]!);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface SummaryStoreOptions {
  /** Samples kept per endpoint (default 1000). */
  maxSamples?: number;
  /** Only samples younger than this count (default 5 minutes). */
  windowMs?: number;
  now?: () => number;
}

export class SummaryStore {
  private readonly rings = new Map<EndpointKey, Ring>();
  private readonly known: ReadonlySet<string> = new Set(ENDPOINT_KEYS);
  readonly maxSamples: number;
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: SummaryStoreOptions = {}) {
    this.maxSamples = Math.max(1, Math.floor(options.maxSamples ?? 1000));
    this.windowMs = Math.max(1, options.windowMs ?? 5 * 60 * 1000);
    this.now = options.now ?? Date.now;
  }

  /** Records one request; keys outside ENDPOINT_KEYS are ignored (memory stays bounded). */
  record(key: string, durationMs: number, outcome: SampleOutcome): void {
    if (!this.known.has(key) || !Number.isFinite(durationMs)) return;
    let ring = this.rings.get(key as EndpointKey);
    if (!ring) {
      ring = new Ring(this.maxSamples);
      this.rings.set(key as EndpointKey, ring);
    }
    ring.push(this.now(), Math.max(0, durationMs), outcome);
  }

  endpoint(key: EndpointKey): EndpointSummary {
    const ring = this.rings.get(key);
    const empty: EndpointSummary = {
      count: 0,
      errors: 0,
      errorRate: 0,
      clientErrors: 0,
      clientErrorRate: 0,
      latency: { p50: null, p95: null, p99: null, max: null },
      total: ring?.total ?? 0,
      totalErrors: ring?.totalErrors ?? 0,
    };
    if (!ring) return empty;
    const since = this.now() - this.windowMs;
    const durations: number[] = [];
    let errors = 0;
    let clientErrors = 0;
    for (let i = 0; i < ring.size; i++) {
      if (ring.at[i]! < since) continue;
      durations.push(ring.ms[i]!);
      const outcome = ring.outcome[i];
      if (outcome === OUTCOME_CODE.server_error) errors++;
      else if (outcome === OUTCOME_CODE.client_error) clientErrors++;
    }
    const count = durations.length;
    if (count === 0) return empty;
    const sorted = Float64Array.from(durations).sort();
    return {
      count,
      errors,
      errorRate: round4(errors / count),
      clientErrors,
      clientErrorRate: round4(clientErrors / count),
      latency: {
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: round(sorted[sorted.length - 1]!),
      },
      total: ring.total,
      totalErrors: ring.totalErrors,
    };
  }

  report(): SummaryReport {
    const summary = {} as Record<EndpointKey, EndpointSummary>;
    for (const key of ENDPOINT_KEYS) summary[key] = this.endpoint(key);
    return {
      summary,
      window: `last ${Math.round(this.windowMs / 1000)}s, at most ${this.maxSamples} requests per endpoint; latency in ms; errorRate counts server-side failures only`,
      timestamp: new Date(this.now()).toISOString(),
    };
  }

  reset(): void {
    this.rings.clear();
  }
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
