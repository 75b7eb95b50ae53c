import type { KnowledgeHit } from "../knowledge/types";
import { t } from "../i18n/translate";
import type { Chip } from "../messages";
import type { FlowResult, TurnContext } from "../turn/types";
import { nextStepChip, stylistChip } from "./chips";

/**
 * A store-knowledge answer: the passage, citing its topic ("From our shipping policy: …"), with the entry's
 * next steps as chips (and a stylist at hand). The topic is remembered so short follow-ups stay on it.
 */
export function knowledgeAnswer(ctx: TurnContext, hit: KnowledgeHit): FlowResult {
  const L = ctx.language;
  const note = hit.inRequestedLanguage ? "" : `${t(L, "knowledge.english_only")} `;
  const chips: Chip[] = hit.next.map((step) => nextStepChip(step, L, hit.title));
  if (!hit.next.includes("stylist")) chips.push(stylistChip(L, `Question about ${hit.title}`));
  return {
    intent: hit.intent,
    messages: [
      { type: "text", text: `${note}${t(hit.language, "knowledge.cited", { source: hit.citation, body: hit.body })}` },
      { type: "refine_chips", chips: chips.slice(0, 4) },
    ],
    state: { ...ctx.state, lastIntent: hit.intent, lastTopic: hit.topic, lastSection: hit.section },
  };
}

/** A topic asked for by a chip ("Find my size"). */
export function knowledgeTopic(ctx: TurnContext, topic: string): FlowResult | undefined {
  const hit = ctx.deps.knowledge.topic(topic, ctx.language);
  return hit ? knowledgeAnswer(ctx, hit) : undefined;
}
