import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { CSAT_RATINGS, DB_CONNECTION_PHASES, LIVE_CONNECTION_KINDS, LLM_GUARD_REASONS, LLM_MISCONFIGURATIONS } from "./metrics-labels";
import { SummaryStore, type SummaryStoreOptions } from "./metrics-summary";

/** Latency buckets (seconds) for API calls: 5 ms … 10 s. */
const API_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];
/** Latency buckets (seconds) for single database operations: 1 ms … 5 s. */
const DB_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/**
 * Every metric the app exposes, declared in one place on one registry per process.
 * Labels come from bounded sets only (intent names, engines, reasons, tools, procedure paths, route
 * groups, collection names) — never ids, emails or text. Sanitisers: ./metrics-labels.ts;
 * recorders for services: ./metrics-record.ts; summary for `?format=summary`: ./metrics-summary.ts.
 */
export function createMetrics(options: { defaultMetrics?: boolean; summary?: SummaryStoreOptions } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    /** Recent per-endpoint latency and error rates (in process, bounded) for `?format=summary`. */
    summary: new SummaryStore(options.summary),

    // Conversation
    conversationsStarted: new Counter({
      name: "concierge_conversations_started_total",
      help: "Widget conversations started",
      registers: [registry],
    }),
    widgetOpens: new Counter({
      name: "concierge_widget_opens_total",
      help: "Widget opens (session starts and resumes from the widget)",
      registers: [registry],
    }),
    intentDetected: new Counter({
      name: "concierge_intent_detected_total",
      help: "Shopper turns by detected intent and engine",
      labelNames: ["intent", "engine"] as const,
      registers: [registry],
    }),
    intentResolved: new Counter({
      name: "concierge_intent_resolved_total",
      help: "Turns ending in a journey's terminal message (timeline shown, RMA, ticket, subscription, products shown), by intent and engine",
      labelNames: ["intent", "engine"] as const,
      registers: [registry],
    }),
    intentChooserShown: new Counter({
      name: "concierge_intent_chooser_shown_total",
      help: "Turns answered with an intent chooser (low confidence)",
      registers: [registry],
    }),
    handoffs: new Counter({
      name: "concierge_handoffs_total",
      help: "Conversations handed to a human stylist (tickets created)",
      registers: [registry],
    }),
    notifications: new Counter({
      name: "concierge_notifications_total",
      help: "Notification emails (stylist replies the shopper missed) by outcome: sent, duplicate (already delivered), skipped (seen in the chat, superseded, no consent), retry, failed",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    csatRatings: new Counter({
      name: "concierge_csat_ratings_total",
      help: "CSAT ratings submitted, by rating (1-5)",
      labelNames: ["rating"] as const,
      registers: [registry],
    }),
    csatScore: new Histogram({
      name: "concierge_csat_score",
      help: "CSAT ratings (1-5) as a distribution; average = _sum / _count",
      buckets: [1, 2, 3, 4, 5],
      registers: [registry],
    }),

    // LLM
    llmRequests: new Counter({
      name: "concierge_llm_requests_total",
      help: "LLM calls by outcome",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    llmLatency: new Histogram({
      name: "concierge_llm_request_duration_seconds",
      help: "LLM call latency",
      buckets: [0.25, 0.5, 1, 2, 4, 8, 16, 32],
      registers: [registry],
    }),
    llmTokens: new Counter({
      name: "concierge_llm_tokens_total",
      help: "LLM tokens used by kind (prompt; cached_prompt: the part served from the context cache; completion; reasoning: the part of completion spent thinking)",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    llmFirstToken: new Histogram({
      name: "concierge_llm_first_token_seconds",
      help: "Time from the start of an LLM turn to the model's first streamed token",
      buckets: [0.25, 0.5, 1, 2, 3, 4, 6, 8, 12],
      registers: [registry],
    }),
    llmCost: new Counter({
      name: "concierge_llm_cost_usd_total",
      help: "Estimated LLM spend in US dollars (usage tokens × the configured DEEPSEEK_PRICE_* per million tokens)",
      registers: [registry],
    }),
    llmGuard: new Counter({
      name: "concierge_llm_guard_total",
      help: "Model answers the grounding guard replaced, by what they stated without grounding (invented_product, price, discount, stock, shipping, action_claim)",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    llmMisconfigured: new Counter({
      name: "concierge_llm_misconfigured_total",
      help: "LLM calls refused because the deployment is misconfigured (auth_failed: 401/403, insufficient_balance: 402, bad_request: 400/404/422); each opens the circuit",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    llmFallbacks: new Counter({
      name: "concierge_llm_fallbacks_total",
      help: "Turns answered by the rule engine instead of the LLM, by reason",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    llmCircuitState: new Gauge({
      name: "concierge_llm_circuit_state",
      help: "LLM circuit breaker state (0 closed, 1 half-open, 2 open)",
      registers: [registry],
    }),
    toolCalls: new Counter({
      name: "concierge_tool_calls_total",
      help: "LLM tool calls by tool and outcome",
      labelNames: ["tool", "outcome"] as const,
      registers: [registry],
    }),

    // API (tRPC procedures) and HTTP
    procedureDuration: new Histogram({
      name: "concierge_trpc_request_duration_seconds",
      help: "tRPC procedure latency (subscriptions: setup only) by procedure, type and outcome (ok, client_error, server_error)",
      labelNames: ["procedure", "type", "outcome"] as const,
      buckets: API_BUCKETS,
      registers: [registry],
    }),
    procedureErrors: new Counter({
      name: "concierge_trpc_errors_total",
      help: "tRPC procedure calls that failed, by procedure, type and tRPC error code",
      labelNames: ["procedure", "type", "code"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "concierge_http_request_duration_seconds",
      help: "HTTP request duration by route group, method and status class (event streams excluded)",
      labelNames: ["route", "method", "status_class"] as const,
      buckets: API_BUCKETS,
      registers: [registry],
    }),
    httpResponses: new Counter({
      name: "concierge_http_responses_total",
      help: "HTTP responses by route group and status code (uncommon codes collapse to their class)",
      labelNames: ["route", "status"] as const,
      registers: [registry],
    }),
    liveConnections: new Gauge({
      name: "concierge_live_connections",
      help: "Open live connections by kind (stream: streamed chat answers; realtime: followed transcripts, stylist replies)",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    rateLimitDecisions: new Counter({
      name: "concierge_rate_limit_decisions_total",
      help: "Rate-limit decisions by policy and outcome (allowed, limited, failed_open, failed_closed = limiter backend failed)",
      labelNames: ["policy", "outcome"] as const,
      registers: [registry],
    }),
    idempotentReplays: new Counter({
      name: "concierge_idempotent_replays_total",
      help: "Mutations answered from the idempotency store instead of running again, by procedure",
      labelNames: ["procedure"] as const,
      registers: [registry],
    }),

    // External services (the runbook's optional catalog and order-status endpoints) and webhooks
    externalRequests: new Counter({
      name: "concierge_external_requests_total",
      help: "Calls to the store's external endpoints by service and outcome (ok, not_found, timeout, http_error, malformed, network_error, circuit_open, cached)",
      labelNames: ["service", "outcome"] as const,
      registers: [registry],
    }),
    externalDuration: new Histogram({
      name: "concierge_external_request_duration_seconds",
      help: "Latency of calls to the store's external endpoints",
      labelNames: ["service"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    externalFallbacks: new Counter({
      name: "concierge_external_fallbacks_total",
      help: "Answers served from the stored catalog/orders because an external endpoint failed, by service",
      labelNames: ["service"] as const,
      registers: [registry],
    }),
    orderWebhooks: new Counter({
      name: "concierge_order_webhooks_total",
      help: "Order webhook deliveries by outcome (applied, replayed, stale, rejected, failed)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),

    // Database
    dbOperationDuration: new Histogram({
      name: "concierge_db_operation_duration_seconds",
      help: "Database operation latency by collection and operation",
      labelNames: ["collection", "operation"] as const,
      buckets: DB_BUCKETS,
      registers: [registry],
    }),
    dbOperationErrors: new Counter({
      name: "concierge_db_operation_errors_total",
      help: "Database operations that threw, by collection and operation",
      labelNames: ["collection", "operation"] as const,
      registers: [registry],
    }),
    dbConnectionFailures: new Counter({
      name: "concierge_db_connection_failures_total",
      help: "Failed database connection attempts (connect) and failed health pings (ping)",
      labelNames: ["phase"] as const,
      registers: [registry],
    }),
  };
  // Series that alerts and dashboards divide by or compare against exist from the first scrape.
  for (const rating of CSAT_RATINGS) metrics.csatRatings.inc({ rating }, 0);
  for (const kind of LIVE_CONNECTION_KINDS) metrics.liveConnections.set({ kind }, 0);
  for (const phase of DB_CONNECTION_PHASES) metrics.dbConnectionFailures.inc({ phase }, 0);
  for (const reason of LLM_GUARD_REASONS) metrics.llmGuard.inc({ reason }, 0);
  for (const reason of LLM_MISCONFIGURATIONS) metrics.llmMisconfigured.inc({ reason }, 0);
  for (const outcome of ["sent", "duplicate", "skipped", "retry", "failed"]) metrics.notifications.inc({ outcome }, 0);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
