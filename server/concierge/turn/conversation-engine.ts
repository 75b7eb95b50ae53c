import type { Logger } from "../../platform/logger";
import type { Metrics } from "../../platform/metrics";
import { classifyIntent } from "../understanding/classify";
import { detectLanguage, toEnglishVocabulary } from "../understanding/language";
import { containsEmail } from "../../platform/pii";
import type { LlmEngine } from "../llm/engine";
import type { TranscriptEntry } from "../messages";
import type { RuleEngine } from "./rule-engine";
import type { TurnContext, TurnInput, TurnResult } from "./types";

export interface TurnStreamHooks {
  /** Incremental answer text (already coalesced by the caller if it wants). */
  onDelta?: (text: string) => void;
  /** Text streamed so far must be discarded (the LLM failed mid-answer; rules answer instead). */
  onReset?: () => void;
}

/**
 * Decides per turn: structured actions and turns carrying contact details always go to the rule
 * engine; typed text goes to the LLM when it is configured and healthy; any LLM failure falls back
 * to the rule engine within the same turn (counted and logged with its reason).
 */
export class ConversationEngine {
  constructor(
    private readonly rules: RuleEngine,
    private readonly llm: LlmEngine,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  async handle(turn: TurnContext, input: TurnInput, history: readonly TranscriptEntry[], hooks: TurnStreamHooks = {}): Promise<TurnResult> {
    // The shopper's language, decided once per typed turn for both engines (sticky across turns).
    let ctx = turn;
    if (input.kind === "text") {
      const decision = detectLanguage(input.text, turn.state.language);
      ctx = { ...turn, language: decision.language, ...(decision.unsupported ? { unsupportedLanguage: decision.unsupported } : {}) };
    }
    if (input.kind === "action") {
      const result = await this.rules.handleAction(ctx, input.action);
      return { ...result, engine: "rules" };
    }
    const deterministic = containsEmail(input.text) || ctx.state.awaiting !== undefined;
    let fallbackReason: string | undefined;
    if (!this.llm.enabled) {
      fallbackReason = "no_api_key";
    } else if (!deterministic) {
      const outcome = await this.llm.handleText(ctx, input.text, history, hooks.onDelta);
      if (outcome.ok) {
        // Analytics still want an intent label when no tool named one.
        const intent =
          outcome.result.intent ??
          classifyIntent(toEnglishVocabulary(input.text, ctx.language), ctx.state.lastIntent ? { lastIntent: ctx.state.lastIntent } : {})
            .intent;
        return { ...outcome.result, state: { ...outcome.result.state, language: ctx.language }, engine: "llm", intent };
      }
      fallbackReason = outcome.reason;
      if (outcome.streamedText) hooks.onReset?.();
      this.logger.warn({ reason: outcome.reason, detail: outcome.detail, conversationId: ctx.conversationId }, "llm fallback to rules");
    }
    if (fallbackReason) this.metrics.llmFallbacks.inc({ reason: fallbackReason });
    const result = await this.rules.handleText(ctx, input.text);
    return { ...result, engine: "rules", ...(fallbackReason ? { fallbackReason } : {}) };
  }
}
