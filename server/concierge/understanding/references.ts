/**
 * References to the cards on screen: by position ("the third one", "the last one", "first two", "#2"), by
 * attribute ("the oval one", "the rose gold one", "the cheaper one", "the tennis bracelet"), or by pronoun
 * ("it", "that one", "those"). Pure: text (normalised English, see ./lexicon) and the dialogue state in,
 * the card ids meant out.
 */
import type { ShownCard } from "../../domain/conversation-state";

export type ReferenceKind = "ordinal" | "attribute" | "pronoun";

export type Reference = { kind: ReferenceKind; ids: string[] } | { kind: "ambiguous"; ids: string[] };

const ORDINALS: Record<string, number> = {
  first: 0,
  "1st": 0,
  second: 1,
  "2nd": 1,
  third: 2,
  "3rd": 2,
  fourth: 3,
  "4th": 3,
  fifth: 4,
  "5th": 4,
  sixth: 5,
  "6th": 5,
  seventh: 6,
  eighth: 7,
  ninth: 8,
  tenth: 9,
};
const COUNTS: Record<string, number> = { two: 2, three: 3, four: 4, "2": 2, "3": 3, "4": 4 };

const NOUN = String.raw`(?:one|ones|piece|pieces|item|items|option|options|pair|ring|rings|necklace|necklaces|earring|earrings|bracelet|bracelets|pendant|band|studs?|hoops?)`;
/** What every attribute pattern (see {@link attribute}) needs somewhere in the text. */
const DETERMINER_OR_ONE = /\b(?:the|that|this|those|these) | ones?\b/;
const PLURAL_PRONOUN = /\b(?:those|these|them|they|both|all of them|all three|all 3|each of them|either|either one)\b/;
const SINGULAR_PRONOUN = /\b(?:it|its|that one|this one|that|this|the one)\b/;

const METAL_WORDS: Array<[RegExp, (c: ShownCard) => boolean]> = [
  [/\brose gold\b/, (c) => c.metal === "rose_gold_14k"],
  [/\byellow gold\b/, (c) => c.metal === "yellow_gold_14k"],
  [/\bwhite gold\b/, (c) => c.metal === "white_gold_14k"],
  [/\bplatinum\b/, (c) => c.metal === "platinum"],
  [/\b(?:sterling )?silver\b/, (c) => c.metal === "sterling_silver"],
  [/\bgold\b/, (c) => c.metal.includes("gold")],
];

/** Name words that tell cards apart ("tennis", "locket", "hoop"), singular and lower-case. */
function nameWords(card: ShownCard): string[] {
  return card.name
    .toLowerCase()
    .replace(/[^a-z\s-]/g, " ")
    .split(/[\s-]+/)
    .filter((w) => w.length >= 4 && !["with", "lab", "diamond", "ring", "necklace", "earrings", "earring", "bracelet"].includes(w))
    .map((w) => (w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w));
}

function byIndex(shown: readonly ShownCard[], indices: number[]): string[] {
  return indices.filter((i) => i >= 0 && i < shown.length).map((i) => shown[i]!.id);
}

/** Position words: "the second one", "#2", "number 3", "first two", "last two", "the last one". */
function ordinal(t: string, shown: readonly ShownCard[]): string[] | undefined {
  const firstN = new RegExp(String.raw`\b(?:first|top) (two|three|four|2|3|4)\b`).exec(t);
  if (firstN) return byIndex(shown, [...Array(COUNTS[firstN[1]!]).keys()]);
  const lastN = new RegExp(String.raw`\blast (two|three|2|3)\b`).exec(t);
  if (lastN) {
    const n = COUNTS[lastN[1]!]!;
    return byIndex(
      shown,
      [...Array(n).keys()].map((i) => shown.length - n + i),
    );
  }
  const ids: string[] = [];
  const re = new RegExp(
    String.raw`\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|5th|6th|last)\b(?! (?:time|thing|step|name|anniversary|birthday|christmas|date|day|week|month|year))`,
    "g",
  );
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const word = m[1]!;
    const index = word === "last" ? shown.length - 1 : ORDINALS[word]!;
    ids.push(...byIndex(shown, [index]));
  }
  for (const m of t.matchAll(/(?:#|\bnumber |\bno |\boption |\bitem )([1-9]|1[0-2])\b/g)) ids.push(...byIndex(shown, [Number(m[1]) - 1]));
  return ids.length ? [...new Set(ids)] : undefined;
}

/**
 * Patterns built from catalog words (metals, stones, name words), compiled once each: every turn with
 * cards on screen tests dozens of them. The words come from the catalog, so the set is bounded; the
 * cache starts over if a catalog ever grows it past the cap.
 */
const PATTERN_CACHE_CAP = 2_000;
const patterns = new Map<string, RegExp>();
function compiled(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    if (patterns.size >= PATTERN_CACHE_CAP) patterns.clear();
    re = new RegExp(source);
    patterns.set(source, re);
  }
  return re;
}

/** "the rose gold one", "the oval one", "the pearl ones", "the cheaper one", "the tennis bracelet". */
function attribute(t: string, shown: readonly ShownCard[], shortcut = true): string[] | undefined {
  // Attributes refer to cards only with a determiner ("the rose gold one", "that oval ring") or "… one(s)".
  const frame = (attr: string) =>
    compiled(String.raw`\b(?:the|that|this|those|these)(?: \w+){0,2}? ${attr}(?: \w+)?(?: ${NOUN})?\b|\b${attr} ones?\b`);
  if (
    /\b(?:cheaper|cheapest|less expensive|least expensive|lower priced) (?:one|of the|option|pair|piece)\b|\bthe (?:cheaper|cheapest)\b/.test(
      t,
    )
  ) {
    const min = Math.min(...shown.map((c) => c.priceCents));
    return shown
      .filter((c) => c.priceCents === min)
      .map((c) => c.id)
      .slice(0, 1);
  }
  if (
    /\b(?:pricier|priciest|more expensive|most expensive|dearer) (?:one|of the|option|pair|piece)\b|\bthe (?:pricier|priciest|more expensive)\b/.test(
      t,
    )
  ) {
    const max = Math.max(...shown.map((c) => c.priceCents));
    return shown
      .filter((c) => c.priceCents === max)
      .map((c) => c.id)
      .slice(0, 1);
  }
  // Every pattern below needs a determiner ("the", "that", "this", "those", "these") followed by a space, or
  // "… one(s)": without either, none can match, and the dozens of them are not tried.
  if (shortcut && !DETERMINER_OR_ONE.test(t)) return undefined;
  for (const [re, test] of METAL_WORDS) {
    if (!frame(re.source.replace(/\\b/g, "")).test(t)) continue;
    const ids = shown.filter(test).map((c) => c.id);
    if (ids.length && ids.length < shown.length) return ids;
  }
  const stoneWords = new Set(shown.flatMap((c) => c.stones ?? []));
  for (const word of stoneWords) {
    const w = word.replace("lab ", "");
    if (!frame(w).test(t)) continue;
    const ids = shown.filter((c) => c.stones?.includes(word)).map((c) => c.id);
    if (ids.length && ids.length < shown.length) return ids;
  }
  const words = new Map<string, string[]>();
  for (const c of shown) for (const w of nameWords(c)) words.set(w, [...(words.get(w) ?? []), c.id]);
  for (const [w, ids] of words) {
    if (ids.length === shown.length) continue;
    if (compiled(String.raw`\b(?:the|that|this|those|these) (?:\w+ )?${w}s?\b`).test(t)) return [...new Set(ids)];
  }
  return undefined;
}

/**
 * The cards a message refers to. `focus` is what the shopper last referred to (for "it"); a singular
 * pronoun with several cards on screen and nothing in focus is ambiguous (the caller asks which one).
 */
export function resolveReference(text: string, shown: readonly ShownCard[] | undefined, focus?: readonly string[]): Reference | undefined {
  return resolve(text, shown, focus, true);
}

/** {@link resolveReference} that tries every attribute pattern (the reference its shortcut must agree with). */
export function resolveReferenceTryingEveryPattern(
  text: string,
  shown: readonly ShownCard[] | undefined,
  focus?: readonly string[],
): Reference | undefined {
  return resolve(text, shown, focus, false);
}

function resolve(
  text: string,
  shown: readonly ShownCard[] | undefined,
  focus: readonly string[] | undefined,
  shortcut: boolean,
): Reference | undefined {
  if (!shown?.length) return undefined;
  const t = ` ${text.toLowerCase()} `;
  const byPosition = ordinal(t, shown);
  if (byPosition?.length) return { kind: "ordinal", ids: byPosition };
  const byAttribute = attribute(t, shown, shortcut);
  if (byAttribute?.length) return { kind: "attribute", ids: byAttribute };
  const onScreen = new Set(shown.map((c) => c.id));
  const focused = (focus ?? []).filter((id) => onScreen.has(id));
  if (/\bthe other(?: one)?\b/.test(t) && focused.length === 1 && shown.length === 2) {
    return { kind: "pronoun", ids: shown.filter((c) => c.id !== focused[0]).map((c) => c.id) };
  }
  if (/\bboth\b/.test(t)) return { kind: "pronoun", ids: focused.length >= 2 ? focused.slice(0, 2) : shown.slice(0, 2).map((c) => c.id) };
  if (PLURAL_PRONOUN.test(t)) return { kind: "pronoun", ids: focused.length >= 2 ? focused : shown.slice(0, 6).map((c) => c.id) };
  if (SINGULAR_PRONOUN.test(t)) {
    if (focused.length >= 1) return { kind: "pronoun", ids: focused };
    if (shown.length === 1) return { kind: "pronoun", ids: [shown[0]!.id] };
    return { kind: "ambiguous", ids: shown.map((c) => c.id) };
  }
  return undefined;
}
