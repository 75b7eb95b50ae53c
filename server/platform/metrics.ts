import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Every metric the app exposes, declared in one place on one registry per process.
 * Labels come from bounded sets only (intent names, engines, reasons, tools) — never ids or text.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    conversationsStarted: new Counter({ name: "concierge_conversations_started_total", help: "Widget conversations started", registers: [registry] }),
    intentDetected: new Counter({ name: "concierge_intent_detected_total", help: "Shopper turns by detected intent and engine", labelNames: ["intent", "engine"] as const, registers: [registry] }),
    intentChooserShown: new Counter({ name: "concierge_intent_chooser_shown_total", help: "Turns answered with an intent chooser (low confidence)", registers: [registry] }),
    llmRequests: new Counter({ name: "concierge_llm_requests_total", help: "LLM calls by outcome", labelNames: ["outcome"] as const, registers: [registry] }),
    llmLatency: new Histogram({ name: "concierge_llm_request_duration_seconds", help: "LLM call latency", buckets: [0.25, 0.5, 1, 2, 4, 8, 16, 32], registers: [registry] }),
    llmTokens: new Counter({ name: "concierge_llm_tokens_total", help: "LLM tokens used", labelNames: ["kind"] as const, registers: [registry] }),
    llmFallbacks: new Counter({ name: "concierge_llm_fallbacks_total", help: "Turns answered by the rule engine instead of the LLM, by reason", labelNames: ["reason"] as const, registers: [registry] }),
    llmCircuitState: new Gauge({ name: "concierge_llm_circuit_state", help: "LLM circuit breaker state (0 closed, 1 half-open, 2 open)", registers: [registry] }),
    toolCalls: new Counter({ name: "concierge_tool_calls_total", help: "LLM tool calls by tool and outcome", labelNames: ["tool", "outcome"] as const, registers: [registry] }),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
