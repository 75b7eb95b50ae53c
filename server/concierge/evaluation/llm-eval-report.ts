/**
 * The LLM side of eval:llm: what happened to each turn the LLM engine took (answered, replaced by the guard,
 * fell back and why), how fast the first token came (p50/p95) and what it cost (usage × configured prices).
 */
import type { LlmTurnOutcome } from "../llm/engine";
import type { Metrics } from "../../platform/metrics";

export interface LlmRunSummary {
  /** Turns of the sets (some never reach the model: emails, taps, bare answers to an open form). */
  turns: number;
  llmTurns: number;
  answeredByLlm: number;
  /** LLM answers whose text the guard replaced with the rule-composed one. */
  guardReplaced: number;
  fallbacks: Record<string, number>;
  guardHits: Record<string, number>;
  firstToken: { samples: number; p50Ms: number; p95Ms: number };
  /** The first sentence a shopper could read (after tool rounds, and after the reasoning in thinking mode). */
  firstText: { samples: number; p50Ms: number; p95Ms: number };
  tokens: { prompt: number; cachedPrompt: number; completion: number; reasoning: number };
  costUsd: number;
}

/** Nearest-rank percentile of a sorted list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export async function summariseLlmRun(outcomes: readonly LlmTurnOutcome[], metrics: Metrics, turns: number): Promise<LlmRunSummary> {
  const fallbacks: Record<string, number> = {};
  let answered = 0;
  let replaced = 0;
  const firstTokens: number[] = [];
  const firstTexts: number[] = [];
  const tokens = { prompt: 0, cachedPrompt: 0, completion: 0, reasoning: 0 };
  let costUsd = 0;
  for (const o of outcomes) {
    if (o.ok) {
      answered += 1;
      if (o.stats.guard) replaced += 1;
    } else fallbacks[o.reason] = (fallbacks[o.reason] ?? 0) + 1;
    if (o.stats.firstTokenMs !== undefined) firstTokens.push(o.stats.firstTokenMs);
    if (o.ok && o.stats.firstTextMs !== undefined) firstTexts.push(o.stats.firstTextMs);
    tokens.prompt += o.stats.usage.promptTokens;
    tokens.cachedPrompt += o.stats.usage.cachedPromptTokens;
    tokens.completion += o.stats.usage.completionTokens;
    tokens.reasoning += o.stats.usage.reasoningTokens;
    costUsd += o.stats.costUsd;
  }
  const guardHits: Record<string, number> = {};
  for (const v of (await metrics.llmGuard.get()).values) if (v.value > 0) guardHits[String(v.labels.reason)] = v.value;
  firstTokens.sort((a, b) => a - b);
  firstTexts.sort((a, b) => a - b);
  return {
    turns,
    llmTurns: outcomes.length,
    answeredByLlm: answered,
    guardReplaced: replaced,
    fallbacks,
    guardHits,
    firstToken: { samples: firstTokens.length, p50Ms: percentile(firstTokens, 50), p95Ms: percentile(firstTokens, 95) },
    firstText: { samples: firstTexts.length, p50Ms: percentile(firstTexts, 50), p95Ms: percentile(firstTexts, 95) },
    tokens,
    costUsd,
  };
}

export function formatLlmSummary(s: LlmRunSummary): string {
  const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : "—");
  const list = (r: Record<string, number>) =>
    Object.entries(r)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none";
  const fellBack = Object.values(s.fallbacks).reduce((a, b) => a + b, 0);
  return [
    "== LLM engine ==",
    `  turns ${s.turns} · to the model ${s.llmTurns} (the rest: emails, taps, bare form answers → rules by design)`,
    `  answered by the model ${s.answeredByLlm} (${pct(s.answeredByLlm, s.llmTurns)}), text replaced by the guard in ${s.guardReplaced}`,
    `  fell back to the rules ${fellBack} (${pct(fellBack, s.llmTurns)}): ${list(s.fallbacks)}`,
    `  guard hits: ${list(s.guardHits)}`,
    `  time to first token: p50 ${s.firstToken.p50Ms} ms · p95 ${s.firstToken.p95Ms} ms (${s.firstToken.samples} turns)`,
    `  time to the first sentence shown: p50 ${s.firstText.p50Ms} ms · p95 ${s.firstText.p95Ms} ms (${s.firstText.samples} answered turns)`,
    `  tokens: prompt ${s.tokens.prompt} (cached ${s.tokens.cachedPrompt}) · completion ${s.tokens.completion} (reasoning ${s.tokens.reasoning})`,
    `  cost $${s.costUsd.toFixed(4)} · $${(s.llmTurns ? (s.costUsd / s.llmTurns) * 1000 : 0).toFixed(3)} per 1,000 model turns`,
  ].join("\n");
}
