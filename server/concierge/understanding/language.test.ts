import { describe, expect, it } from "vitest";
import { detectLanguage, toEnglishVocabulary } from "./language";

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
