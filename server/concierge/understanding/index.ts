export { CONFIDENCE_THRESHOLD, DEFAULT_CHOICES, PRIMARY_PRIORITY, classifyIntent, scoreIntents, splitClauses } from "./classify";
export { DOMAIN_VOCABULARY, correctWord, editDistance, normalize, stem } from "./normalize";
export type { Normalized } from "./normalize";
export { APPROX_BAND, CHEAP_CEILING_CENTS, extractSlots } from "./slots";
export type { ExtractOptions } from "./slots";
export { INTENTS } from "./types";
export type { Channel, Classification, ClassifyContext, Intent, Refinement, ReturnKind, ScoredIntent, Slots } from "./types";
