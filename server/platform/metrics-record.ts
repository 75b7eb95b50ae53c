import {
  codeNameLabel,
  engineLabel,
  intentLabel,
  procedureLabel,
  LLM_GUARD_REASONS,
  LLM_MISCONFIGURATIONS,
  RATE_LIMIT_OUTCOMES,
  type DbConnectionPhase,
  type LlmGuardReason,
  type LlmMisconfiguration,
  type LiveConnectionKind,
  type RateLimitOutcome,
} from "./metrics-labels";
import type { Metrics } from "./metrics";

/**
 * Recorders for services: each takes only bounded values (or sanitises them), so call sites cannot
 * leak ids, emails or text into labels. Metrics are declared in ./metrics.ts.
 */

/** The widget asked for a session (a first open or a resume). */
export function recordWidgetOpen(metrics: Metrics): void {
  metrics.widgetOpens.inc();
}

/** A new conversation was created (not a resume). */
export function recordConversationStarted(metrics: Metrics): void {
  metrics.conversationsStarted.inc();
}

/** Journeys and the terminal message that completes each. */
export const JOURNEYS = {
  timeline: "track_order",
  rma: "return_exchange",
  ticket: "stylist_contact",
  subscription: "order_updates",
  products: "find_product",
} as const;
export type Journey = keyof typeof JOURNEYS;

interface MessageLike {
  type: string;
  products?: readonly unknown[];
  level?: string;
}

/**
 * Which journey, if any, this turn's answer completes: an order timeline shown, a return (RMA)
 * confirmed, a stylist ticket confirmed, a subscription confirmed (a `subscribe_updates` action
 * answered without a form or an error), or product cards with at least one product.
 */
export function resolvedJourney(messages: readonly MessageLike[], actionKind?: string): Journey | undefined {
  const types = new Set(messages.map((m) => m.type));
  if (types.has("ticket_confirmation")) return "ticket";
  if (types.has("return_confirmation")) return "rma";
  if (types.has("order_timeline")) return "timeline";
  if (
    actionKind === "subscribe_updates" &&
    !types.has("order_lookup_form") &&
    !types.has("subscription_form") &&
    !messages.some((m) => m.type === "notice" && m.level === "error")
  ) {
    return "subscription";
  }
  if (messages.some((m) => m.type === "product_cards" && (m.products?.length ?? 0) > 0)) return "products";
  return undefined;
}

/**
 * Counts `concierge_intent_resolved_total{intent,engine}` when the turn's answer completes a journey.
 * `intent` is the turn's intent when known (else the journey's own); returns the journey, if any.
 */
export function recordTurnResolution(
  metrics: Metrics,
  turn: { messages: readonly MessageLike[]; engine: string; intent?: string; actionKind?: string },
): Journey | undefined {
  const journey = resolvedJourney(turn.messages, turn.actionKind);
  if (!journey) return undefined;
  const intent = turn.intent && turn.intent !== "clarify" ? turn.intent : JOURNEYS[journey];
  metrics.intentResolved.inc({ intent: intentLabel(intent), engine: engineLabel(turn.engine) });
  return journey;
}

/** A CSAT rating (1–5); anything else is ignored. */
export function recordCsat(metrics: Metrics, rating: number): void {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return;
  metrics.csatRatings.inc({ rating: String(rating) });
  metrics.csatScore.observe(rating);
}

/** A conversation was handed to a human stylist (ticket created). */
export function recordHandoff(metrics: Metrics): void {
  metrics.handoffs.inc();
}

/**
 * One live connection opened; call the returned function when it closes (safe to call twice).
 *   const release = trackLiveConnection(metrics, "realtime"); … release();
 */
export function trackLiveConnection(metrics: Metrics, kind: LiveConnectionKind): () => void {
  metrics.liveConnections.inc({ kind });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    metrics.liveConnections.dec({ kind });
  };
}

/**
 * A rate-limit decision; `policy` is the policy's name (support_ip, chat_session, …), never a key.
 * Fits the limiter's hook: `createRateLimiter({ onDecision: (p, o) => recordRateLimitDecision(metrics, p, o) })`.
 */
export function recordRateLimitDecision(metrics: Metrics, policy: string, outcome: RateLimitOutcome | (string & {})): void {
  const bounded = (RATE_LIMIT_OUTCOMES as readonly string[]).includes(outcome) ? outcome : "other";
  metrics.rateLimitDecisions.inc({ policy: codeNameLabel(policy), outcome: bounded });
}

/** A mutation answered from the idempotency store; `procedure` is the tRPC path (`support.returns.create`). */
export function recordIdempotentReplay(metrics: Metrics, procedure: string): void {
  metrics.idempotentReplays.inc({ procedure: procedureLabel(procedure) });
}

/** A failed connection attempt to the database (`connect`) or a failed health ping (`ping`). */
export function recordDbConnectionFailure(metrics: Metrics, phase: DbConnectionPhase): void {
  metrics.dbConnectionFailures.inc({ phase });
}

/** The grounding guard replaced a model answer; `reason` is what it stated without grounding. */
export function recordLlmGuard(metrics: Metrics, reason: LlmGuardReason): void {
  metrics.llmGuard.inc({ reason: (LLM_GUARD_REASONS as readonly string[]).includes(reason) ? reason : "other" });
}

/** The LLM answered "misconfigured" (bad key, no balance, a request it always refuses): alert-worthy. */
export function recordLlmMisconfigured(metrics: Metrics, reason: LlmMisconfiguration): void {
  metrics.llmMisconfigured.inc({ reason: (LLM_MISCONFIGURATIONS as readonly string[]).includes(reason) ? reason : "other" });
}

/** Tokens and spend of one LLM call (usage × USD per million tokens). */
export function recordLlmUsage(
  metrics: Metrics,
  usage: { promptTokens: number; completionTokens: number; reasoningTokens: number; cachedPromptTokens: number },
  costUsd: number,
): void {
  metrics.llmTokens.inc({ kind: "prompt" }, usage.promptTokens);
  metrics.llmTokens.inc({ kind: "cached_prompt" }, usage.cachedPromptTokens);
  metrics.llmTokens.inc({ kind: "completion" }, usage.completionTokens);
  metrics.llmTokens.inc({ kind: "reasoning" }, usage.reasoningTokens);
  if (costUsd > 0) metrics.llmCost.inc(costUsd);
}

/** A fallback reason (a code name) as a bounded label. */
export function recordLlmFallback(metrics: Metrics, reason: string): void {
  metrics.llmFallbacks.inc({ reason: codeNameLabel(reason) });
}
