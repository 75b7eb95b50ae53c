import { describe, expect, it, vi } from "vitest";
import * as tinyld from "tinyld";
import { LANGUAGES } from "../../domain/i18n/languages";
import { CONVERSATIONS } from "../evaluation/conversations";
import { CONVERSATIONS_HOLDOUT } from "../evaluation/conversations-holdout";
import { HOLDOUT } from "../evaluation/holdout";
import { UTTERANCES } from "../evaluation/utterances";
import { detectLanguage, detectLanguageWithDetector, toEnglishVocabulary } from "./language";

describe("detectLanguage", () => {
  it("recognises Spanish, French and German shoppers, short messages included", () => {
    expect(detectLanguage("pulseras de plata hasta 150").language).toBe("es");
    expect(detectLanguage("un collier en or rose à moins de 400 €").language).toBe("fr");
    expect(detectLanguage("Ohrringe aus Gold unter 300 Euro").language).toBe("de");
    expect(detectLanguage("anillos").language).toBe("es");
    expect(detectLanguage("hola").language).toBe("es");
    expect(detectLanguage("show me gold rings under 500").language).toBe("en");
  });

  it("keeps the conversation's language unless the shopper clearly switches", () => {
    expect(detectLanguage("ava.chen@example.com", "es").language).toBe("es");
    expect(detectLanguage("GG-12002", "de").language).toBe("de");
    expect(detectLanguage("ok", "fr").language).toBe("fr");
    expect(detectLanguage("gold rings", "es").language).toBe("es");
    expect(detectLanguage("what does express shipping cost to the UK?", "es").language).toBe("en");
  });

  it("flags a language it does not support (and keeps answering in the current one)", () => {
    expect(detectLanguage("Buongiorno, vorrei vedere degli anelli d'oro, per favore")).toEqual({ language: "en", unsupported: "it" });
    expect(detectLanguage("vorrei degli orecchini d'oro per mia moglie", "en")).toEqual({ language: "en", unsupported: "it" });
  });

  it("hears no other language in a message made only of the shop's English words", () => {
    // The trigram detector alone read these as Estonian, Romanian, Italian, Afrikaans, Turkmen, Irish, Hungarian.
    const shopEnglish = [
      "pearl drop earrings",
      "paperclip chain necklace",
      "lab grown diamond tennis bracelet",
      "silver hoop earrings",
      "bar necklace engraving",
      "chunky gold chain",
      "classic diamond studs",
      "gold hoops under 300",
    ];
    for (const text of shopEnglish) {
      expect({ text, decision: detectLanguage(text) }).toEqual({ text, decision: { language: "en" } });
      expect({ text, decision: detectLanguage(text, "en") }).toEqual({ text, decision: { language: "en" } });
      // A Spanish, French or German conversation keeps its language and is not told it writes in another one.
      for (const current of ["es", "fr", "de"] as const) {
        expect({ text, current, decision: detectLanguage(text, current) }).toEqual({ text, current, decision: { language: current } });
      }
    }
  });

  it("still decides by the detector when a word is not the shop's English or is another language's cue", () => {
    expect(detectLanguage("pulseras de plata", "en").language).toBe("es");
    expect(detectLanguage("Ohrringe aus Gold unter 300 Euro", "en").language).toBe("de");
    expect(detectLanguage("je voudrais un collier en or rose", "en").language).toBe("fr");
    // English cue words still switch a Spanish conversation to English.
    expect(detectLanguage("can you show me the gold rings please", "es").language).toBe("en");
  });
});

describe("toEnglishVocabulary", () => {
  it("maps categories, metals, colours, price words and currencies onto the rules' English", () => {
    expect(toEnglishVocabulary("pulseras de plata hasta 150", "es")).toBe("bracelets in silver under 150");
    expect(toEnglishVocabulary("un collier en or rose à moins de 400 €", "fr")).toBe("a necklace in rose gold under 400 dollars");
    expect(toEnglishVocabulary("Ohrringe aus Gold unter 300 Euro", "de")).toBe("earrings in gold under 300 dollars");
    expect(toEnglishVocabulary("Ringe bis 1.800 €", "de")).toBe("ring under 1800 dollars");
  });

  it("maps references and questions about cards on screen", () => {
    expect(toEnglishVocabulary("¿el primero está listo para enviar?", "es")).toBe("the first one is it ready to ship ?");
    expect(toEnglishVocabulary("la deuxième est-elle prête à expédier ?", "fr")).toBe("the second one is it ready to ship ?");
  });

  it("leaves English untouched", () => {
    expect(toEnglishVocabulary("Where is GG-12002?", "en")).toBe("Where is GG-12002?");
  });
});

vi.mock("tinyld", async (importOriginal) => {
  const original = await importOriginal<typeof tinyld>();
  return { ...original, detectAll: vi.fn(original.detectAll) };
});

describe("detectLanguage's shortcut (the detector is skipped when it could not change the decision)", () => {
  const currents = [undefined, ...LANGUAGES] as const;
  /** Every message the evaluations hold, plus mixes of their words (a word from one, two from another…). */
  function corpus(): string[] {
    const texts = [
      ...UTTERANCES.map((u) => u.text),
      ...HOLDOUT.map((u) => u.text),
      ...[...CONVERSATIONS, ...CONVERSATIONS_HOLDOUT].flatMap((c) => c.turns.flatMap((t) => (t.text ? [t.text] : []))),
    ];
    const words = texts.flatMap((t) => t.split(/\s+/)).filter(Boolean);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const mixes = Array.from({ length: 2000 }, () =>
      Array.from({ length: 1 + (next() % 9) }, () => words[next() % words.length]).join(" "),
    );
    return [...texts, ...mixes];
  }

  it("decides every message exactly as the detector-backed decision does, in every current language", () => {
    const texts = corpus();
    expect(texts.length).toBeGreaterThan(2500);
    const detector = vi.mocked(tinyld.detectAll);
    let decisions = 0;
    let detected = 0;
    for (const text of texts)
      for (const current of currents) {
        detector.mockClear();
        const fast = detectLanguage(text, current);
        detected += detector.mock.calls.length;
        decisions++;
        expect({ text, current, decision: fast }).toEqual({ text, current, decision: detectLanguageWithDetector(text, current) });
      }
    // The shortcut is taken often enough to matter, and not always (the detector still decides the rest).
    expect(detected / decisions).toBeGreaterThan(0.2);
    expect(detected / decisions).toBeLessThan(0.9);
  });

  it("still reports an unsupported language and a clear switch", () => {
    expect(detectLanguage("Buongiorno, vorrei vedere degli anelli d'oro, per favore", "en")).toEqual({ language: "en", unsupported: "it" });
    expect(detectLanguage("what does express shipping cost to the UK?", "es").language).toBe("en");
    expect(detectLanguage("quiero ver anillos de oro por favor", "en").language).toBe("es");
  });
});
