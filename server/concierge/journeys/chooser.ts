import type { Intent } from "../../domain/intents";
import type { ScoredIntent } from "../understanding/types";
import { t, type ConciergeKey } from "../i18n/translate";
import { CHOOSABLE_INTENTS, type ChatAction } from "../messages";
import type { FlowResult, TurnContext } from "../turn/types";

type Choosable = (typeof CHOOSABLE_INTENTS)[number];

const LABELS: Record<Choosable, ConciergeKey> = {
  find_product: "chooser.find_product",
  track_order: "chooser.track_order",
  return_exchange: "chooser.return_exchange",
  care_warranty: "chooser.care_warranty",
  shipping_info: "chooser.shipping_info",
  financing: "chooser.financing",
  stylist_contact: "chooser.stylist_contact",
  shortlist: "chooser.shortlist",
  order_updates: "chooser.order_updates",
};

const isChoosable = (i: Intent): i is Choosable => (CHOOSABLE_INTENTS as readonly string[]).includes(i);

/** Two or more journeys are plausible and the conversation cannot decide: ask which. */
export function intentChooser(ctx: TurnContext, alternatives: readonly ScoredIntent[]): FlowResult {
  const options: Array<{ label: string; action: ChatAction }> = [];
  const seen = new Set<Intent>();
  for (const alt of alternatives.map((a) => a.intent)) {
    if (!isChoosable(alt) || seen.has(alt)) continue;
    seen.add(alt);
    options.push({ label: t(ctx.language, LABELS[alt]), action: { kind: "choose_intent", intent: alt } });
    if (options.length === 4) break;
  }
  if (!seen.has("stylist_contact")) {
    options.push({ label: t(ctx.language, LABELS.stylist_contact), action: { kind: "choose_intent", intent: "stylist_contact" } });
  }
  return {
    intent: "clarify",
    messages: [{ type: "intent_chooser", prompt: t(ctx.language, "chooser.prompt"), options }],
    state: { ...ctx.state, lastIntent: "clarify" },
  };
}
