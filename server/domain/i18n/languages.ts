/** The languages the concierge understands and answers in (its message catalog has each). */
export const LANGUAGES = ["en", "es", "fr", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "en";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Each language's name in itself (for "I answer in …"). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", es: "Español", fr: "Français", de: "Deutsch" };
