import type { Language } from "../../../domain/i18n/languages";

/**
 * One language's understanding vocabulary: the words that tell it apart (language detection) and the
 * phrases that map it onto the English vocabulary the intent and slot rules are written in. Patterns are
 * written lower-case and without accents (text is folded first: "envío" → "envio", "größe" → "grosse").
 */
export interface Lexicon {
  language: Exclude<Language, "en">;
  /** Words typical of the language (not shared with English): evidence for detection. */
  cues: readonly string[];
  /** [pattern, English] pairs, applied in order; `\b` boundaries are added around each pattern. */
  phrases: ReadonlyArray<readonly [string, string]>;
}
