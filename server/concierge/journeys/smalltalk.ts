import { LANGUAGE_NAMES, LANGUAGES } from "../../domain/i18n/languages";
import { t } from "../i18n/translate";
import type { FlowResult, TurnContext } from "../turn/types";
import { quickLinkChips, stylistChip } from "./chips";

export function greeting(ctx: TurnContext): FlowResult {
  return {
    intent: "greeting",
    messages: [
      { type: "text", text: t(ctx.language, "greeting.hello", { store: ctx.deps.storeName }) },
      { type: "refine_chips", chips: quickLinkChips(ctx.language) },
    ],
    state: { ...ctx.state, lastIntent: "greeting" },
  };
}

export function outOfScope(ctx: TurnContext): FlowResult {
  return {
    intent: "out_of_scope",
    messages: [
      { type: "text", text: t(ctx.language, "scope.outside", { store: ctx.deps.storeName }) },
      { type: "refine_chips", chips: quickLinkChips(ctx.language) },
    ],
    state: { ...ctx.state, lastIntent: "out_of_scope" },
  };
}

/** Nothing in the message pointed anywhere: say so plainly and show what the concierge can do. */
export function notUnderstood(ctx: TurnContext): FlowResult {
  return {
    intent: "clarify",
    messages: [
      { type: "text", text: t(ctx.language, "clarify.not_understood") },
      { type: "refine_chips", chips: quickLinkChips(ctx.language) },
    ],
    state: { ...ctx.state, lastIntent: "clarify" },
  };
}

/** A language the concierge does not speak: an English answer that says so and offers a stylist. */
export function unsupportedLanguage(ctx: TurnContext): FlowResult {
  const languages = LANGUAGES.map((l) => LANGUAGE_NAMES[l]);
  return {
    intent: "clarify",
    messages: [
      { type: "text", text: t("en", "language.unsupported", { languages: languages.join(", ") }) },
      {
        type: "refine_chips",
        chips: [stylistChip("en", "Shopper writes in a language the concierge does not support"), ...quickLinkChips("en").slice(0, 3)],
      },
    ],
    state: { ...ctx.state, lastIntent: "clarify" },
  };
}
