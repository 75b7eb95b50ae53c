import type { Logger } from "../../platform/logger";
import type { Metrics } from "../../platform/metrics";
import { recordLlmFallback } from "../../platform/metrics-record";
import { canonicalOrderNumber } from "../../domain/orders";
import { classifyIntent } from "../understanding/classify";
import { detectLanguage, toEnglishVocabulary } from "../understanding/language";
import { containsEmail } from "../../platform/pii";
import type { LlmEngine } from "../llm/engine";
import type { TranscriptEntry } from "../messages";
import type { ConversationState } from "../state";
import type { RuleEngine } from "./rule-engine";
import type { TurnContext, TurnInput, TurnResult } from "./types";

export interface TurnStreamHooks {
  /** Incremental answer text (already coalesced by the caller if it wants). */
  onDelta?: (text: string) => void;
  /** Text streamed so far must be discarded (the LLM failed mid-answer; rules answer instead). */
  onReset?: () => void;
}

const RING_SIZE_ONLY = /^\s*(?:(?:us\s+)?size\s*)?(?:1[0-5]|[3-9])(?:[.,]5|\s?1\/2)?\s*$/i;

/**
 * The shopper typed exactly what an open form asked for (the order number, the ring size): the rule engine
 * takes it straight into the form's journey. Anything else typed while a form is open goes to the model.
 */
export function answersOpenForm(text: string, awaiting: ConversationState["awaiting"]): boolean {
  if (awaiting === "orderNumber") return canonicalOrderNumber(text.replace(/^(?:it'?s|order|number|#)\s*/i, "")) !== undefined;
  if (awaiting === "ringSize") return RING_SIZE_ONLY.test(text);
  return false;
}

/**
 * Decides per turn: structured actions, turns carrying an email (order verification), bare answers to an
 * open form and messages in a language the store does not answer in go to the rule engine; other typed text goes to the LLM when it is configured and healthy, also
 * while a form stays open; any LLM failure falls back to the rule engine within the same turn (counted and
 * logged with its reason).
 */
export class ConversationEngine {
  constructor(
    private readonly rules: RuleEngine,
    private readonly llm: LlmEngine,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  /** `history` (the entries before this turn) is read only if the model answers: rule turns never need it. */
  async handle(
    turn: TurnContext,
    input: TurnInput,
    history: () => Promise<readonly TranscriptEntry[]>,
    hooks: TurnStreamHooks = {},
  ): Promise<TurnResult> {
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
    // Emails verify orders; bare form answers continue the form; a language the store does not answer in gets
    // the rules' English answer that says so (the model would reply in that language).
    const deterministic =
      containsEmail(input.text) || answersOpenForm(input.text, ctx.state.awaiting) || ctx.unsupportedLanguage !== undefined;
    let fallbackReason: string | undefined;
    if (!this.llm.enabled) {
      fallbackReason = "no_api_key";
    } else if (!deterministic) {
      const outcome = await this.llm.handleText(ctx, input.text, await history(), hooks);
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
    if (fallbackReason) recordLlmFallback(this.metrics, fallbackReason);
    const result = await this.rules.handleText(ctx, input.text);
    return { ...result, engine: "rules", ...(fallbackReason ? { fallbackReason } : {}) };
  }
}
