/**
 * The widget's own UI strings, from the same message catalog as the concierge's answers (the `widget` part
 * of server/domain/i18n/messages/<lang>.ts). Pure data: safe for the browser bundle.
 */
import { widget as de } from "./messages/de";
import { widget as en, type WidgetKey } from "./messages/en";
import { widget as es } from "./messages/es";
import { widget as fr } from "./messages/fr";
import { isLanguage, type Language } from "./languages";

export type WidgetStrings = Record<WidgetKey, string>;

const STRINGS: Record<Language, WidgetStrings> = { en, es, fr, de };

/** The strings for a language (English for anything the catalog does not have). */
export function widgetStrings(language: string | undefined): WidgetStrings {
  return isLanguage(language) ? STRINGS[language] : STRINGS.en;
}
