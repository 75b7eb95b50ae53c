/**
 * The shopper's language, and their words mapped onto the English vocabulary the intent and slot rules
 * know. Detection combines tinyld (a trigram detector) with each language's cue words, because the
 * detector alone is unreliable on 1–3 word messages; the conversation's language is sticky and changes
 * only when a message clearly reads as another language.
 */
import { detectAll } from "tinyld";
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from "../../domain/i18n/languages";
import { de } from "./lexicon/de";
import { es } from "./lexicon/es";
import { fr } from "./lexicon/fr";
import type { Lexicon } from "./lexicon/types";

const LEXICONS: Record<Exclude<Language, "en">, Lexicon> = { es, fr, de };

/** English words that are not also common in the other three languages. */
const ENGLISH_CUES = new Set(
  (
    "the and is are do does did you your my me i what where when how why which show want looking for with of to it that this these those one ones " +
    "please can could would have has order rings necklaces earrings cheaper more under over ship shipping much any some there their " +
    "just only about something less expensive like need get got find tell make it's i'm whats hi hello hey thanks thank yes no ok okay save compare " +
    "first second third last which better everyday ready return policy size sizes carry will"
  ).split(" "),
);

/**
 * The shop's English vocabulary: what the catalog calls its pieces, metals, stones and styles, and the words
 * shoppers use around them. Some exist in other languages too ("gold", "ring", "bracelet", "pendant"), so
 * they are no cue FOR English; but a message made only of them and English cue words is no sign of another
 * language either, and the trigram detector, which does not know them, reads "pearl drop earrings" as
 * Estonian and "paperclip chain necklace" as Romanian (see {@link onlyShopEnglish}).
 */
const SHOP_WORDS = new Set(
  (
    "ring rings band bands necklace necklaces earring earrings bracelet bracelets pendant pendants chain chains charm charms " +
    "hoop hoops huggie huggies stud studs locket lockets choker chokers cuff cuffs bangle bangles anklet anklets brooch jewelry jewellery " +
    "piece pieces gold silver platinum sterling rose white yellow vermeil titanium k kt karat carat carats ct " +
    "diamond diamonds lab grown sapphire sapphires emerald emeralds ruby rubies pearl pearls moissanite opal opals topaz amethyst " +
    "aquamarine garnet birthstone birthstones gemstone gemstones stone stones oval round pear princess cushion cut " +
    "dainty delicate minimalist vintage classic chunky bold simple stacking stackable tennis solitaire halo signet paperclip drop drops " +
    "dangle dangly station bar initial initials engraved engraving engravable personalized personalised custom matching " +
    "gift gifts her him wife husband girlfriend boyfriend mom mum mother sister daughter friend anniversary birthday wedding " +
    "engagement promise everyday ready ship shipping delivery express track tracking resize resizing sizing price prices cheap " +
    "cheapest affordable budget sale new bestseller bestsellers best sellers popular men mens women womens"
  ).split(" "),
);

/** Lower-case, accents and ß/œ folded, punctuation kept as spaces. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’‘´`]/g, "'");
}

const CUE_SETS: Record<Exclude<Language, "en">, Set<string>> = {
  es: new Set(es.cues),
  fr: new Set(fr.cues),
  de: new Set(de.cues),
};

export interface LanguageDecision {
  /** The language to answer in. */
  language: Language;
  /** The message reads as a language the concierge does not support (it answers in English and says so). */
  unsupported?: string;
}

function words(folded: string): string[] {
  return folded.match(/[a-z][a-z'-]*/g) ?? [];
}

/**
 * Decides the language of one message given the conversation's current language. Messages with no words
 * (an order number, an email, "7") keep the current language. The trigram detector is consulted only when
 * it could change the decision (see {@link settledByCues}): most messages that plainly continue in the
 * conversation's language are decided by their cue words alone, with the same result.
 */
export function detectLanguage(text: string, current?: Language): LanguageDecision {
  return decideLanguage(text, current, true);
}

/** {@link detectLanguage} that always consults the trigram detector (the reference its shortcut must agree with). */
export function detectLanguageWithDetector(text: string, current?: Language): LanguageDecision {
  return decideLanguage(text, current, false);
}

function decideLanguage(text: string, current: Language | undefined, shortcut: boolean): LanguageDecision {
  const evidence = cueEvidence(text, current);
  if (evidence === "no words") return { language: current ?? DEFAULT_LANGUAGE };
  // A message made only of the shop's English words reads as no other language: an English conversation
  // stays English, and no conversation hears an unsupported language in it (a switch to English on clear
  // English cue words is still decided below).
  const shopEnglish = onlyShopEnglish(evidence);
  if (shopEnglish && evidence.previous === "en") return { language: "en" };
  const decision = shortcut && settledByCues(evidence) ? { language: evidence.previous } : decide(text, evidence);
  return shopEnglish ? { language: decision.language } : decision;
}

/**
 * Whether the message is made only of the shop's English words and English cue words (at least one shop
 * word), with no cue of another supported language: "pearl drop earrings", "gold hoops under 300".
 */
function onlyShopEnglish({ tokens, cues }: CueEvidence): boolean {
  if (cues.es > 0 || cues.fr > 0 || cues.de > 0) return false;
  let shopWords = 0;
  for (const w of tokens) {
    if (SHOP_WORDS.has(w)) shopWords++;
    else if (!ENGLISH_CUES.has(w)) return false;
  }
  return shopWords > 0;
}

interface CueEvidence {
  previous: Language;
  tokens: string[];
  cues: Record<Language, number>;
  /** How much the trigram detector weighs (its accuracies are within [0, 1]). */
  weight: number;
  /** How far a new language must lead the current one to switch to it. */
  margin: number;
}

function cueEvidence(text: string, current: Language | undefined): CueEvidence | "no words" {
  const previous = current ?? DEFAULT_LANGUAGE;
  const folded = fold(text);
  const tokens = words(folded);
  if (tokens.length === 0) return "no words";
  const cues: Record<Language, number> = { en: 0, es: 0, fr: 0, de: 0 };
  for (const w of tokens) {
    if (ENGLISH_CUES.has(w)) cues.en += 1;
    for (const l of ["es", "fr", "de"] as const) if (CUE_SETS[l].has(w)) cues[l] += 1;
  }
  if (/[¿¡ñ]/.test(text)) cues.es += 2;
  if (/[ßäöü]/i.test(text)) cues.de += 2;
  if (/[çœ]|[àèù]|\b(?:c'est|j'|qu')/i.test(text)) cues.fr += 1.5;
  // The trigram detector weighs more as the message grows.
  const weight = tokens.length >= 6 ? 3 : tokens.length >= 3 ? 2 : 0.75;
  // Switch only on clear evidence: the new language must lead the current one by a margin (more for 1–2 words).
  const margin = current === undefined ? 0.5 : tokens.length <= 2 ? 2.5 : 1.5;
  return { previous, tokens, cues, weight, margin };
}

/**
 * Whether the cue words alone decide "keep the current language", whatever the detector would say: no
 * other language could lead the current one by the margin even with the detector's full weight behind it
 * and none behind the current one, and no unsupported language could be reported (that takes three words
 * and fewer than three cue words of every supported language).
 */
function settledByCues({ previous, tokens, cues, weight, margin }: CueEvidence): boolean {
  const bestCues = Math.max(...LANGUAGES.map((l) => cues[l]));
  if (tokens.length >= 3 && bestCues < 3) return false;
  return LANGUAGES.every((l) => l === previous || cues[l] + weight < cues[previous] + margin);
}

function decide(text: string, { previous, tokens, cues, weight, margin }: CueEvidence): LanguageDecision {
  const ranked = detectAll(text.replace(/\b[A-Z]{2}-\d+\b|\S+@\S+|\d+/g, " "));
  const accuracy = (lang: string) => ranked.find((r) => r.lang === lang)?.accuracy ?? 0;
  const score = Object.fromEntries(LANGUAGES.map((l) => [l, cues[l] + accuracy(l) * weight])) as Record<Language, number>;
  const best = (Object.entries(score) as Array<[Language, number]>).sort((a, b) => b[1] - a[1])[0]!;
  const top = ranked[0];
  if (top && !(LANGUAGES as readonly string[]).includes(top.lang) && tokens.length >= 3) {
    const ratio = top.accuracy / Math.max(0.001, Math.max(...LANGUAGES.map(accuracy)));
    const bestCues = Math.max(...LANGUAGES.map((l) => cues[l]));
    if ((ratio >= 3 && bestCues < 3) || (ratio >= 1.5 && bestCues < 1.5)) return { language: previous, unsupported: top.lang };
  }
  if (best[1] < 1 || best[0] === previous) return { language: previous };
  return { language: best[1] >= score[previous] + margin ? best[0] : previous };
}

/** The message in the English vocabulary the rules are written in (English text is returned unchanged). */
export function toEnglishVocabulary(text: string, language: Language): string {
  if (language === "en") return text;
  const lexicon = LEXICONS[language];
  let t = ` ${fold(text)} `
    .replace(/€/g, " euro ")
    // "1.800" / "1 800" → "1800"; "99,50" → "99.50"
    .replace(/(\d)[.\s](\d{3})\b/g, "$1$2")
    .replace(/(\d),(\d{1,2})\b/g, "$1.$2")
    .replace(/[¿¡]/g, " ");
  for (const [pattern, english] of compiled(lexicon)) t = t.replace(pattern, ` ${english} `);
  return t.replace(/\s+/g, " ").trim();
}

const cache = new Map<Lexicon, Array<[RegExp, string]>>();
function compiled(lexicon: Lexicon): Array<[RegExp, string]> {
  let list = cache.get(lexicon);
  if (!list) {
    list = lexicon.phrases.map(([p, e]) => [new RegExp(`(?<![a-z'-])(?:${p})(?![a-z'-])`, "g"), e]);
    cache.set(lexicon, list);
  }
  return list;
}
