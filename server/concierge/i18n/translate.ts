/**
 * Every text the concierge says comes from the message catalog (server/domain/i18n/messages/<lang>.ts),
 * formatted with ICU MessageFormat (plurals, selects) by intl-messageformat. Missing keys cannot happen:
 * each language's catalog is type-checked against the English one.
 */
import { IntlMessageFormat } from "intl-messageformat";
import type { Language } from "../../domain/i18n/languages";
import { concierge as de } from "../../domain/i18n/messages/de";
import { concierge as en, type ConciergeKey } from "../../domain/i18n/messages/en";
import { concierge as es } from "../../domain/i18n/messages/es";
import { concierge as fr } from "../../domain/i18n/messages/fr";

export type { ConciergeKey };
export type MessageValues = Record<string, string | number>;

const CATALOGS: Record<Language, Record<ConciergeKey, string>> = { en, es, fr, de };
const compiled = new Map<string, IntlMessageFormat>();

/** The catalog text for `key` in `language`, formatted with `values`. */
export function t(language: Language, key: ConciergeKey, values: MessageValues = {}): string {
  const id = `${language}:${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGS[language][key], language, undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return String(format.format(values));
}

/** "a, b and c" in the language. */
export function list(language: Language, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return t(language, "list.join", { head: items.slice(0, -1).join(", "), last: items[items.length - 1]! });
}

/** A translator bound to one language. */
export type Translate = (key: ConciergeKey, values?: MessageValues) => string;
export function translator(language: Language): Translate {
  return (key, values) => t(language, key, values);
}
