import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../domain/i18n/languages";
import { concierge as de, widget as deWidget } from "../../domain/i18n/messages/de";
import { concierge as en, widget as enWidget } from "../../domain/i18n/messages/en";
import { concierge as es, widget as esWidget } from "../../domain/i18n/messages/es";
import { concierge as fr, widget as frWidget } from "../../domain/i18n/messages/fr";
import { widgetStrings } from "../../domain/i18n/widget-strings";
import { list, t, type ConciergeKey } from "./translate";

const SAMPLE = {
  store: "GlowGlitch",
  name: "Ava",
  count: 2,
  days: 1,
  order: "GG-12002",
  category: "ring",
  metal: "platinum",
  channel: "sms",
  kind: "resize",
  eligible: "yes",
  carat: "none",
  shape: "none",
  purpose: "everyday",
};

describe("the message catalog", () => {
  it("has exactly the English keys in every language, for the concierge and the widget", () => {
    for (const catalog of [es, fr, de]) expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    for (const catalog of [esWidget, frWidget, deWidget]) expect(Object.keys(catalog).sort()).toEqual(Object.keys(enWidget).sort());
  });

  it("formats every message in every language (valid ICU, no placeholders left)", () => {
    for (const language of LANGUAGES) {
      for (const key of Object.keys(en) as ConciergeKey[]) {
        const catalog = { en, es, fr, de }[language] as Record<string, string>;
        const names = [...new Set([...catalog[key]!.matchAll(/\{(\w+)/g)].map((m) => m[1]!))];
        const values = Object.fromEntries(names.map((n) => [n, (SAMPLE as Record<string, string | number>)[n] ?? "X"]));
        const out = t(language, key, values);
        expect(out, `${language} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });

  it("uses ICU plurals and selects, not concatenation", () => {
    expect(t("en", "shortlist.count", { count: 1 })).toBe("You've saved 1 piece.");
    expect(t("en", "shortlist.count", { count: 3 })).toBe("You've saved 3 pieces.");
    expect(t("de", "shortlist.count", { count: 1 })).toBe("Sie haben 1 Stück gemerkt.");
    expect(t("fr", "search.noun", { category: "earrings" })).toBe("boucles d’oreilles");
    expect(t("es", "product.stone", { carat: "1.5", shape: "oval", stone: "diamantes de laboratorio" })).toBe(
      "diamantes de laboratorio oval de 1.5 ct",
    );
    expect(list("fr", ["a", "b", "c"])).toBe("a, b et c");
  });

  it("gives the widget its strings by language, English for anything else", () => {
    expect(widgetStrings("de").placeholder).toBe("Fragen Sie mich…");
    expect(widgetStrings("pt").placeholder).toBe("Ask me anything…");
  });
});
