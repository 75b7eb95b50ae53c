/**
 * The DeepSeek engine: tool calling over the same services as the rule engine, inside one turn budget.
 *
 *  - Every round streams (first token and stalls are detected the same way for chat.send and chat.stream);
 *    the shopper sees the model's words a checked sentence at a time (grounding guard) as they arrive.
 *  - Tools run on the server (tool-runner.ts): cards and forms are composed by the server, side effects
 *    only ever become a form the shopper confirms, orders open only through OrderAccessService.
 *  - Thinking mode: the assistant's `reasoning_content` of each tool round is passed back in the later
 *    rounds of the same turn, as DeepSeek requires (400 otherwise); it is never stored in the transcript.
 *  - A refused sentence is replaced by the rule-composed text of this turn's tools, or, with no tools,
 *    by the rule engine (the caller falls back), and counted in `concierge_llm_guard_total{reason}`.
 */
import type { Intent } from "../../domain/intents";
import type { Logger } from "../../platform/logger";
import type { Metrics } from "../../platform/metrics";
import { recordLlmFallback, recordLlmGuard, recordLlmMisconfigured, recordLlmUsage } from "../../platform/metrics-record";
import { codeNameLabel, type LlmMisconfiguration } from "../../platform/metrics-labels";
import { t } from "../i18n/translate";
import type { ConciergeMessage, TranscriptEntry } from "../messages";
import type { ConversationState } from "../state";
import type { FlowResult, TurnContext } from "../turn/types";
import { costUsd, type LlmPrices } from "./cost";
import { checkSentence, type GuardViolation } from "./grounding/guard";
import { SentenceGate } from "./grounding/sentence-gate";
import { knowledgeFacts, TurnFacts } from "./grounding/turn-facts";
import { MISCONFIGURATION_REASONS, type LlmClient, type LlmMessage, type LlmUsage } from "./llm-client";
import { promptMessages } from "./prompt-context";
import { systemPrompt } from "./prompts";
import { runTool } from "./tool-runner";
import { isToolName, TOOL_DEFINITIONS } from "./tools";
import { TurnBudget } from "./turn-budget";

export const MAX_TOOL_ROUNDS = 4;
export const MAX_TOOL_CALLS_PER_TURN = 6;
export const TURN_TOKEN_BUDGET = 12_000;

export interface LlmEngineOptions {
  /** The first token of the turn arrives within this (and no stream stalls longer). */
  firstTokenMs: number;
  /** The whole turn fits in this. */
  turnTimeoutMs: number;
  /** `max_tokens` of the visible answer… */
  maxOutputTokens: number;
  /** …plus this much reasoning when thinking is on (DeepSeek counts reasoning in max_tokens). */
  reasoningTokens: number;
  prices: LlmPrices;
  logger?: Logger;
  /** Sees every turn's outcome and stats (eval:llm). */
  onTurn?: (outcome: LlmTurnOutcome) => void;
}

export const DEFAULT_LLM_ENGINE_OPTIONS: LlmEngineOptions = {
  firstTokenMs: 6_000,
  turnTimeoutMs: 20_000,
  maxOutputTokens: 400,
  reasoningTokens: 2_000,
  prices: { input: 0.14, cachedInput: 0.0028, output: 0.28 },
};

export interface LlmTurnHooks {
  /** Checked answer text as it becomes shown (whole sentences). */
  onDelta?: (text: string) => void;
  /** Text already shown is being replaced (the answer was refused after it started). */
  onReset?: () => void;
}

/** What a turn cost and how fast it started (logs, eval:llm). */
export interface LlmTurnStats {
  rounds: number;
  /** The model's first token of the turn (any: content, reasoning or a tool call). */
  firstTokenMs?: number;
  /** The first checked sentence the shopper could read (streamed) — later than the first token with tools or thinking. */
  firstTextMs?: number;
  usage: LlmUsage;
  costUsd: number;
  /** The guard replaced the model's words with the rule-composed answer. */
  guard?: GuardViolation;
}

export type LlmTurnOutcome =
  | { ok: true; result: FlowResult; stats: LlmTurnStats }
  | { ok: false; reason: string; detail: string; streamedText: boolean; stats: LlmTurnStats };

/** Plain text only: no markup, no HTML. */
export function toPlainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, "")
    .replace(/[*_`#>]{1,3}/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/[ \t]+/g, " ")
    .replace(/\n{3,}/g, "\n\n");
}

/** True when the model's answer quotes our instructions. */
export function leaksPrompt(text: string, storeName: string): boolean {
  const rules = systemPrompt(storeName)
    .split("\n")
    .filter((l) => l.length > 40);
  const lower = text.toLowerCase();
  return rules.some((rule) => {
    const words = rule
      .toLowerCase()
      .replace(/^\d+\.\s*/, "")
      .split(/\s+/);
    for (let i = 0; i + 8 <= words.length; i++) if (lower.includes(words.slice(i, i + 8).join(" "))) return true;
    return false;
  });
}

type Refusal = GuardViolation | { reason: "prompt_leak"; detail: string };

const MAX_ANSWER_CHARS = 1_200;

export class LlmEngine {
  private readonly options: LlmEngineOptions;

  constructor(
    private readonly client: LlmClient,
    private readonly metrics: Metrics,
    options: Partial<LlmEngineOptions> = {},
  ) {
    this.options = { ...DEFAULT_LLM_ENGINE_OPTIONS, ...options };
  }

  get enabled(): boolean {
    return this.client.enabled;
  }

  async handleText(ctx: TurnContext, text: string, history: readonly TranscriptEntry[], hooks: LlmTurnHooks = {}): Promise<LlmTurnOutcome> {
    const outcome = await this.run(ctx, text, history, hooks);
    this.options.onTurn?.(outcome);
    return outcome;
  }

  private async run(ctx: TurnContext, text: string, history: readonly TranscriptEntry[], hooks: LlmTurnHooks): Promise<LlmTurnOutcome> {
    const budget = new TurnBudget(this.options);
    const facts = new TurnFacts(knowledgeFacts(ctx.deps.knowledge));
    facts.addShopperText(text);
    for (const entry of history) if (entry.role === "shopper" && entry.message.type === "text") facts.addShopperText(entry.message.text);
    facts.addShown((ctx.state.shown ?? []).map((c) => c.name));

    const messages: LlmMessage[] = promptMessages(ctx, text, history);
    const stats: LlmTurnStats = {
      rounds: 0,
      usage: { promptTokens: 0, completionTokens: 0, reasoningTokens: 0, cachedPromptTokens: 0 },
      costUsd: 0,
    };
    let streamed = false;
    const gate = new SentenceGate<Refusal>(
      (sentence) =>
        leaksPrompt(sentence, ctx.deps.storeName)
          ? { reason: "prompt_leak", detail: "quoted the system prompt" }
          : checkSentence(sentence, facts),
      (d) => {
        stats.firstTextMs ??= Math.round(budget.elapsedMs());
        if (!hooks.onDelta) return;
        streamed = true;
        hooks.onDelta(d);
      },
      toPlainText,
    );
    let state: ConversationState = ctx.state;
    let intent: Intent | undefined;
    const ui: ConciergeMessage[] = [];
    const ruleText: string[] = [];
    let toolCalls = 0;
    const fail = (reason: string, detail: string): LlmTurnOutcome => ({ ok: false, reason, detail, streamedText: streamed, stats });
    const refused = (violation: Refusal): LlmTurnOutcome => {
      if (violation.reason !== "prompt_leak") recordLlmGuard(this.metrics, violation.reason);
      this.options.logger?.warn(
        { reason: violation.reason, detail: violation.detail, conversationId: ctx.conversationId },
        "llm answer refused",
      );
      if (violation.reason === "prompt_leak" || (ui.length === 0 && ruleText.length === 0)) {
        return fail(violation.reason === "prompt_leak" ? "prompt_leak" : "guard", `${violation.reason}: ${violation.detail}`);
      }
      // The tools' own rule-composed text replaces the model's words; the cards and forms stay.
      if (streamed) hooks.onReset?.();
      const replaced: ConciergeMessage[] = ruleText.length ? [{ type: "text", text: ruleText.join(" ") }] : [];
      return {
        ok: true,
        result: { messages: [...replaced, ...ui], state, ...(intent ? { intent } : {}) },
        stats: { ...stats, guard: violation },
      };
    };

    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      const timing = budget.timingFor(round);
      if (!timing) return fail("turn_deadline", `no time left for round ${round + 1}`);
      gate.newRound();
      const stop = new AbortController();
      const maxTokens = this.options.maxOutputTokens + (this.client.thinking ? this.options.reasoningTokens : 0);
      const res = await this.client.stream({ messages, tools: TOOL_DEFINITIONS, maxTokens, timing, signal: stop.signal }, (delta) => {
        if (!gate.push(delta)) stop.abort();
      });
      stats.rounds += 1;
      this.metrics.llmLatency.observe(res.latencyMs / 1000);
      this.metrics.llmRequests.inc({ outcome: res.ok ? "ok" : codeNameLabel(res.reason) });
      this.metrics.llmCircuitState.set({ closed: 0, half_open: 1, open: 2 }[this.client.circuitState()] ?? 0);
      if (round === 0 && res.firstTokenMs !== undefined) {
        stats.firstTokenMs = res.firstTokenMs;
        this.metrics.llmFirstToken.observe(res.firstTokenMs / 1000);
      }
      if (gate.violation) return refused(gate.violation);
      if (!res.ok) {
        if (MISCONFIGURATION_REASONS.has(res.reason)) recordLlmMisconfigured(this.metrics, res.reason as LlmMisconfiguration);
        return fail(res.reason, res.detail);
      }
      const cost = costUsd(res.usage, this.options.prices);
      recordLlmUsage(this.metrics, res.usage, cost);
      stats.costUsd += cost;
      for (const key of Object.keys(stats.usage) as Array<keyof LlmUsage>) stats.usage[key] += res.usage[key];

      if (res.toolCalls.length === 0) {
        if (res.finishReason === "content_filter") return fail("content_filter", "the answer was filtered upstream");
        // Out of tokens: the unfinished sentence is never shown (whole sentences only).
        if (res.finishReason !== "length" && !gate.flush()) return refused(gate.violation!);
        const answer = gate.text.trim().slice(0, MAX_ANSWER_CHARS);
        if (!answer && ui.length === 0) {
          return fail(res.finishReason === "length" ? "truncated" : "malformed_response", "no answer text");
        }
        return {
          ok: true,
          result: { messages: [...(answer ? [{ type: "text" as const, text: answer }] : []), ...ui], state, ...(intent ? { intent } : {}) },
          stats,
        };
      }

      if (!gate.flush()) return refused(gate.violation!);
      toolCalls += res.toolCalls.length;
      if (toolCalls > MAX_TOOL_CALLS_PER_TURN) return fail("tool_limit", `more than ${MAX_TOOL_CALLS_PER_TURN} tool calls`);
      messages.push({
        role: "assistant",
        content: res.content || null,
        tool_calls: res.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } })),
        // Thinking mode: this round's reasoning goes back with it in every later request of the turn.
        ...(this.client.thinking ? { reasoning_content: res.reasoningContent ?? "" } : {}),
      });
      for (const call of res.toolCalls) {
        if (!isToolName(call.name)) {
          this.metrics.toolCalls.inc({ tool: "unknown", outcome: "rejected" });
          return fail("malformed_tool_call", "unknown tool");
        }
        const outcome = await runTool(call.name, call.arguments, { ...ctx, state }, facts);
        this.metrics.toolCalls.inc({ tool: call.name, outcome: outcome ? "ok" : "rejected" });
        if (!outcome) return fail("malformed_tool_call", `invalid arguments for ${call.name}`);
        ui.push(...outcome.messages);
        ruleText.push(...outcome.ruleText);
        state = outcome.state;
        intent = outcome.intent ?? intent;
        if (outcome.citation) {
          const source = outcome.citation;
          const prefix = `${t(ctx.language, "knowledge.cited", { source, body: "" }).trim()} `;
          gate.prefixNext(prefix, (sentence) => sentence.toLowerCase().includes(source.toLowerCase()));
        }
        messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(outcome.result) });
      }
      if (stats.usage.promptTokens + stats.usage.completionTokens > TURN_TOKEN_BUDGET) {
        return fail("token_budget", `${stats.usage.promptTokens + stats.usage.completionTokens} tokens`);
      }
      if (budget.expired()) return fail("turn_deadline", "tools used up the turn");
    }
    return fail("tool_limit", `no answer after ${MAX_TOOL_ROUNDS} rounds`);
  }
}

/** For the conversation engine: counts a fallback with a bounded label. */
export function countFallback(metrics: Metrics, reason: string): void {
  recordLlmFallback(metrics, reason);
}
