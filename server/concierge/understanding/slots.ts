/**
 * Slot extraction for the rule engine. Pure: text in, `Slots` out.
 *
 * Price rules (all amounts in cents):
 *  - ceilings: "under $500", "below 300", "less than 1k", "max 250", "up to $1,000", "$500 or less",
 *    "no more than 400", "nothing over $350", "budget 2k" → maxPriceCents;
 *  - floors: "over $200", "at least 1k", "above 300", "$200+", "500 and up" → minPriceCents;
 *  - ranges: "between 200 and 400", "$200-$400", "200 to 400", "from 1k to 2k" → both;
 *  - approximate: "around 200", "about $300", "~250", "roughly 150", "300ish" → a ±25% band;
 *  - a bare amount with a money marker ("$800", "2k", "1000 dollars") is a budget → ceiling; a bare number
 *    ≥ 30 next to product words ("gold hoops 300") is a ceiling too;
 *  - "cheap", "affordable", "inexpensive", "on a budget" → a soft ceiling of $200 (CHEAP_CEILING_CENTS) when no
 *    explicit ceiling was given.
 *  Order numbers, ring sizes, ratings, karats ("14k gold"), lengths, carats and durations are masked before
 *  prices are read, so "size 7" or "GG-12002" never become prices.
 */
import { orderNumberDigitsInText, orderNumberDigitsSource, orderNumberFromDigits } from "../../domain/orders";
import { METAL_FAMILIES } from "../../domain/catalog";
import type { Category, Metal, ProductSort, StoneType, StyleTag } from "../../domain/catalog";
import { normalize } from "./normalize";
import type { Refinement, ReturnKind, Slots } from "./types";

export const CHEAP_CEILING_CENTS = 20_000;
export const APPROX_BAND = 0.25;

export interface ExtractOptions {
  /** A slot the engine just asked for: lets a bare "12002" be an order number, "7" a ring size, "4" a rating. */
  awaiting?: string;
}

const GOLDS: Metal[] = [...METAL_FAMILIES.gold];

// ------------------------------------------------------------------ category
interface Term {
  re: RegExp;
  category: Category;
  /** Weak terms ("chain", "drop", "tennis") only decide when no strong term is present ("chain bracelet"). */
  weak?: boolean;
}

const CATEGORY_TERMS: Term[] = [
  { re: /\bear (?:cuff|crawler|climber|jacket)\b/, category: "earrings" },
  { re: /\bearring\b/, category: "earrings" },
  { re: /\b(?:stud|hoop|huggie|huggy|climber|dangle|threader|ear crawler)\b/, category: "earrings" },
  { re: /\bdrop\b(?! off)/, category: "earrings", weak: true },
  { re: /(?<!give me a )\bring\b(?! me\b)/, category: "ring" },
  { re: /\b(?:band|signet|solitaire|eternity|stacker)\b/, category: "ring" },
  { re: /\bengagement\b/, category: "ring", weak: true },
  { re: /\b(?:necklace|pendant|choker|lariat|locket)\b/, category: "necklace" },
  { re: /\bchain\b/, category: "necklace", weak: true },
  { re: /\b(?:bracelet|bangle|cuff|anklet)\b/, category: "bracelet" },
  { re: /\btennis\b/, category: "bracelet", weak: true },
];

function extractCategory(t: string): Category | undefined {
  let best: { index: number; category: Category } | undefined;
  let bestWeak: { index: number; category: Category } | undefined;
  for (const term of CATEGORY_TERMS) {
    const m = term.re.exec(t);
    if (!m) continue;
    const hit = { index: m.index, category: term.category };
    if (term.weak) {
      if (!bestWeak || hit.index < bestWeak.index) bestWeak = hit;
    } else if (!best || hit.index < best.index) {
      best = hit;
    }
  }
  return (best ?? bestWeak)?.category;
}

// ------------------------------------------------------------------ metals
const NEGATORS = new Set(["not", "no", "without", "except", "than", "hate", "avoid", "allergic", "nothing"]);

function extractMetals(tokens: string[]): Metal[] | undefined {
  const out: Metal[] = [];
  const add = (metals: readonly Metal[]) => {
    for (const m of metals) if (!out.includes(m)) out.push(m);
  };
  const negated = (i: number) => {
    const p1 = tokens[i - 1];
    const p2 = tokens[i - 2];
    if (p1 !== undefined && NEGATORS.has(p1)) return true;
    // "not in silver", "no more silver", "instead of silver"
    if (p2 !== undefined && NEGATORS.has(p2) && p1 !== undefined && ["in", "any", "a", "the", "more"].includes(p1)) return true;
    return p1 === "of" && p2 === "instead";
  };
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (w === "gold" || w === "golden") {
      const start = prev && ["yellow", "white", "rose", "pink"].includes(prev) ? i - 1 : i;
      if (negated(start)) continue;
      if (prev === "yellow") add(["yellow_gold_14k"]);
      else if (prev === "white") add(["white_gold_14k"]);
      else if (prev === "rose" || prev === "pink") add(["rose_gold_14k"]);
      else add(GOLDS);
    } else if (/^(?:9|10|14|18|22|24)k$/.test(w)) {
      // a karat with no colour after it ("14k stackable rings"); "14k yellow gold" is handled at "gold"
      if (next && ["gold", "yellow", "white", "rose", "pink", "golden"].includes(next)) continue;
      if (prev && /^(?:under|below|over|above|max|around|about|budget|\$)$/.test(prev)) continue;
      if (!negated(i)) add(GOLDS);
    } else if (w === "platinum" || w === "plat") {
      if (!negated(i)) add(["platinum"]);
    } else if (w === "silver" || w === "sterling" || w === "925") {
      if (w === "silver" && prev === "sterling") continue;
      if (!negated(i)) add(["sterling_silver"]);
    }
  }
  return out.length ? out : undefined;
}

// ------------------------------------------------------------------ numbers that are not prices
const WORD_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
};
const SIZE_NUM = String.raw`(\d{1,2}(?:\.\d+)?(?: 1/2| 1/4| 3/4)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)(?: and a half)?`;

function parseSize(raw: string, whole: string): string | undefined {
  const [head, frac] = raw.split(" ");
  let n = WORD_NUMBERS[head ?? ""] ?? Number(head);
  if (!Number.isFinite(n)) return undefined;
  if (frac === "1/2" || /and a half/.test(whole)) n += 0.5;
  else if (frac === "1/4") n += 0.25;
  else if (frac === "3/4") n += 0.75;
  if (n < 2 || n > 16 || Math.round(n * 4) !== n * 4) return undefined;
  return String(n);
}

const RING_CONTEXT = /\b(?:ring|band|size|resiz\w*|finger|fit|wear|small|big|tight|loose)\b/;

function extractRingSize(t: string, awaiting?: string): { size?: string; spans: RegExp[] } {
  const spans: RegExp[] = [];
  const patterns: RegExp[] = [
    new RegExp(String.raw`\b(?:ring )?size (?:is )?(?:a )?(?:us )?${SIZE_NUM}`),
    new RegExp(String.raw`\bresiz\w*(?: \w+){0,3}? to (?:a |an )?(?:size )?${SIZE_NUM}`),
  ];
  if (RING_CONTEXT.test(t)) {
    patterns.push(
      new RegExp(
        String.raw`\b(?:wear|am|i am|im|need|want|get|is) (?:a |an )?(?:size )?${SIZE_NUM}(?= |$)(?! ?(?:k|dollar|buck|star|/|out of))`,
      ),
    );
    patterns.push(new RegExp(String.raw`\b(?:a|an) ${SIZE_NUM} (?=ring|band|instead|please)`));
    patterns.push(new RegExp(String.raw`\bin (?:a |an )?${SIZE_NUM} (?=ring|band)`));
  }
  for (const re of patterns) {
    const m = re.exec(t);
    if (!m || !m[1]) continue;
    const size = parseSize(m[1], m[0]);
    if (size) {
      spans.push(new RegExp(escapeRe(m[0])));
      return { size, spans };
    }
  }
  if (awaiting === "ringSize") {
    const m = new RegExp(String.raw`^(?:(?:a|an|size|it is|its) )?${SIZE_NUM}$`).exec(t.trim());
    const size = m?.[1] ? parseSize(m[1], m[0]) : undefined;
    if (size) return { size, spans: [new RegExp(escapeRe(m![0]))] };
  }
  return { spans };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

// ------------------------------------------------------------------ order numbers and emails
const ORDER_CONTEXT =
  /\b(?:order|package|parcel|tracking|track|shipment|status|where|shipped|ship|return|refund|deliver\w*|arrive\w*|exchange|resiz\w*|receipt|purchase|update)\b/;

// The store's order-number format (ORDER_NUMBER_PREFIX / _DIGITS) comes from server/domain/orders.
function extractOrderNumber(t: string, awaiting?: string): string | undefined {
  const prefixed = orderNumberDigitsInText(t);
  if (prefixed) return orderNumberFromDigits(prefixed);
  const digits = orderNumberDigitsSource();
  const afterWord = new RegExp(
    String.raw`\b(?:order|purchase|confirmation)(?: (?:number|no|num|id|#|code))?(?: is| was)? #?(${digits})\b`,
  ).exec(t);
  if (afterWord?.[1]) return orderNumberFromDigits(afterWord[1]);
  const hash = new RegExp(String.raw`(?:^|\s)#(${digits})\b`).exec(t);
  if (hash?.[1] && (ORDER_CONTEXT.test(t) || awaiting === "orderNumber")) return orderNumberFromDigits(hash[1]);
  if (awaiting === "orderNumber") {
    const bare = new RegExp(String.raw`\b(${digits})\b`).exec(t);
    if (bare?.[1]) return orderNumberFromDigits(bare[1]);
  }
  return undefined;
}

const EMAIL_RE = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/;

// ------------------------------------------------------------------ ratings
function extractRating(t: string, awaiting?: string): number | undefined {
  const tries: Array<[RegExp, (m: RegExpExecArray) => number]> = [
    [/\b(\d{1,2})\/10\b/, (m) => Math.round(Number(m[1]) / 2)],
    [/\b(\d)\/5\b/, (m) => Number(m[1])],
    [/\b(\d) out of (?:5|five)\b/, (m) => Number(m[1])],
    [/\b(\d{1,2}) out of (?:10|ten)\b/, (m) => Math.round(Number(m[1]) / 2)],
    [/\b(\d|one|two|three|four|five) star\b/, (m) => WORD_NUMBERS[m[1]!] ?? Number(m[1])],
    [/\b(?:rate|rating|give)(?: (?:this|you|it|the chat|the bot|u))?(?: a| an)? (\d)\b/, (m) => Number(m[1])],
  ];
  for (const [re, f] of tries) {
    const m = re.exec(t);
    if (m) {
      const n = f(m);
      if (n >= 1 && n <= 5) return n;
      if (n > 5 && n <= 10) return 5;
    }
  }
  if (awaiting === "rating") {
    const m = /^(?:a |an |its |it is )?([1-5]|one|two|three|four|five)(?: star)?$/.exec(t.trim());
    if (m?.[1]) return WORD_NUMBERS[m[1]] ?? Number(m[1]);
  }
  return undefined;
}

// ------------------------------------------------------------------ prices
const M = String.raw`(\$?\d+(?:\.\d+)?k?\+?)(?: (?:dollars?|bucks?|usd))?`;
const CEILING_BEFORE = String.raw`(?:under|below|less than|lower than|cheaper than|no more than|not more than|no more then|not over|nothing over|nothing above|no higher than|not above|max|maximum|up to|upto|at most|within|budget(?: is| of)?|<|spend)`;
const CEILING_AFTER = String.raw`(?:to spend|or less|or under|or below|or lower|or cheaper|max|maximum|tops|at most|and under|and below|budget|limit)`;
const FLOOR_BEFORE = String.raw`(?:over|above|more than|at least|minimum|min|starting at|starting from|greater than|north of|upwards of|>)`;
const FLOOR_AFTER = String.raw`(?:\+|or more|and up|and above|or above|or higher|plus|minimum|min)`;
const APPROX_BEFORE = String.raw`(?:around|about|approximately|approx|roughly|~|close to|near|circa|in the range of|somewhere around)`;
const APPROX_AFTER = String.raw`(?:-? ?ish|or so)`;

function moneyCents(raw: string, forceK = false): number | undefined {
  const s = raw.replace(/^\$/, "").replace(/\+$/, "");
  const k = s.endsWith("k");
  const n = Number(k ? s.slice(0, -1) : s);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Math.round(n * (k || forceK ? 1000 : 1) * 100);
}

const hasMoneyMarker = (raw: string, whole: string) => raw.startsWith("$") || /k\+?$/.test(raw) || /(?:dollars?|bucks?|usd)$/.test(whole);

interface PriceResult {
  min?: number;
  max?: number;
}

function extractPrice(masked: string, productContext: boolean): PriceResult {
  let t = ` ${masked} `;
  const out: PriceResult = {};
  const consume = (m: RegExpExecArray) => {
    t = t.slice(0, m.index) + " _ " + t.slice(m.index + m[0].length);
  };

  // ranges
  const rangeRes = [
    new RegExp(String.raw` (?:between|from|in the range of|range) (?:about |around )?${M} (?:and|to|-) ${M}`),
    new RegExp(String.raw` ${M} ?(?:-|to) ?${M}(?= )`),
  ];
  for (const re of rangeRes) {
    const m = re.exec(t);
    if (!m || !m[1] || !m[2]) continue;
    const secondK = /k\+?$/.test(m[2]);
    let lo = moneyCents(m[1], secondK && !/k/.test(m[1]) && Number(m[1].replace(/^\$/, "")) < 100);
    const hi = moneyCents(m[2]);
    if (lo !== undefined && hi !== undefined && lo < hi) {
      if (lo < 100) lo = undefined; // "$0-$400" → just a ceiling
      out.min = lo;
      out.max = hi;
      consume(m);
      break;
    }
  }

  // "budget about 100" / "budget around $300" is an approximate band, not a ceiling
  {
    const m = new RegExp(String.raw` budget(?: is| of)? ${APPROX_BEFORE} ?${M}`).exec(t);
    const v = m?.[1] ? moneyCents(m[1]) : undefined;
    if (m && v !== undefined && out.max === undefined) {
      out.min = Math.round(v * (1 - APPROX_BAND));
      out.max = Math.round(v * (1 + APPROX_BAND));
      consume(m);
    }
  }
  // ceilings (checked before floors so "nothing over $350" is a ceiling)
  for (const re of [
    new RegExp(String.raw` ${CEILING_BEFORE} (?:a |an |about |around )?${M}`),
    new RegExp(String.raw` ${M} ${CEILING_AFTER}\b`),
  ]) {
    const m = re.exec(t);
    if (m?.[1] && out.max === undefined) {
      const v = moneyCents(m[1]);
      if (v !== undefined) {
        out.max = v;
        consume(m);
      }
    }
  }
  // floors
  for (const re of [new RegExp(String.raw` ${FLOOR_BEFORE} (?:a |an )?${M}`), new RegExp(String.raw` ${M} ?${FLOOR_AFTER}(?= )`)]) {
    const m = re.exec(t);
    if (m?.[1] && out.min === undefined) {
      const v = moneyCents(m[1]);
      if (v !== undefined) {
        out.min = v;
        consume(m);
      }
    }
  }
  if (out.min === undefined) {
    const plus = / (\$?\d+(?:\.\d+)?k?)\+ /.exec(t);
    const v = plus?.[1] ? moneyCents(plus[1]) : undefined;
    if (plus && v !== undefined) {
      out.min = v;
      consume(plus);
    }
  }
  // approximate
  if (out.min === undefined && out.max === undefined) {
    for (const re of [new RegExp(String.raw` ${APPROX_BEFORE} ?${M}`), new RegExp(String.raw` ${M} ${APPROX_AFTER}(?= )`)]) {
      const m = re.exec(t);
      const v = m?.[1] ? moneyCents(m[1]) : undefined;
      if (m && v !== undefined) {
        out.min = Math.round(v * (1 - APPROX_BAND));
        out.max = Math.round(v * (1 + APPROX_BAND));
        consume(m);
        break;
      }
    }
  }
  // a bare budget
  if (out.min === undefined && out.max === undefined) {
    const re = new RegExp(String.raw` ${M}(?= )`, "g");
    for (let m = re.exec(t); m; m = re.exec(t)) {
      const raw = m[1]!;
      const v = moneyCents(raw);
      if (v === undefined) continue;
      if (hasMoneyMarker(raw, m[0]) || (productContext && v >= 3_000 && v <= 5_000_000)) {
        out.max = v;
        break;
      }
    }
  }
  return out;
}

/** Masks number spans that are not prices. */
const PRICE_WORD_BEFORE = new Set([
  "under",
  "below",
  "over",
  "above",
  "max",
  "maximum",
  "around",
  "about",
  "budget",
  "to",
  "than",
  "spend",
  "is",
  "of",
  "least",
  "most",
  "roughly",
  "approximately",
  "approx",
  "~",
  "-",
  "between",
  "from",
  "within",
  "upto",
  "<",
  ">",
]);

/** "14k" is a karat unless a price word precedes it ("under 10k"). */
function maskKarats(t: string): string {
  const tokens = t.split(" ");
  return tokens.map((w, i) => (/^(?:9|10|14|18|22|24)k$/.test(w) && !PRICE_WORD_BEFORE.has(tokens[i - 1] ?? "") ? "_" : w)).join(" ");
}

function maskNonPrices(t: string, spans: RegExp[]): string {
  // "14k or 18k", "10k vs 14k": karats compared, never a budget.
  let s = maskKarats(t.replace(/\b(?:9|10|14|18|22|24)k (?:or|vs|versus|and|than) (?:9|10|14|18|22|24)k\b/g, "_"));
  for (const re of spans) s = s.replace(re, " _ ");
  return s
    .replace(/\bgg-\d+\b/g, "_")
    .replace(/(?:^|\s)#\d+\b/g, " _")
    .replace(/\b(?:order|purchase|confirmation)(?: (?:number|no|num|id|#|code))?(?: is| was)? #?\d{4,8}\b/g, "_")
    .replace(/\b\d+\/\d+\b/g, "_")
    .replace(/\b\d+(?:\.\d+)? out of \d+\b/g, "_")
    .replace(/\b(?:\d|one|two|three|four|five) star\b/g, "_")
    .replace(/\b(?:rate|rating|give)(?: (?:this|you|it|u))?(?: a| an)? \d\b/g, "_")
    .replace(/\b(?:9|10|14|18|22|24)k (?=gold|yellow|white|rose|pink|solid|golden)/g, "_ ")
    .replace(
      /\b\d+(?:\.\d+)? ?(?:inch|inche|mm|cm|ct|ctw|tcw|carat|karat|kt|day|week|hour|month|year|minute|business|piece|pc|pack|percent|%|th|st|nd|rd|am|pm|x)\b/g,
      "_",
    )
    .replace(/\b(?:into|in|split|of) \d\b/g, "_")
    .replace(/\b(in|from|since|of|year|back in) (?:19[5-9]\d|20[0-3]\d)\b/g, "$1 _");
}

// ------------------------------------------------------------------ style, stones, gifts
const STYLE_PATTERNS: Array<[RegExp, StyleTag]> = [
  [/\b(?:dainty|delicate|tiny|thin|petite|skinny)\b/, "dainty"],
  [/\b(?:minimal|minimalist|minimalistic|simple|understated|clean lines|subtle)\b/, "minimal"],
  [/\b(?:statement|bold|chunky|big and|oversized|dramatic|showstopper)\b/, "statement"],
  [/\b(?:vintage|antique|art deco|deco|retro|victorian|heirloom|edwardian)\b/, "vintage"],
  [/\b(?:classic|timeless|traditional|elegant)\b/, "classic"],
  [/\b(?:modern|contemporary|sleek|geometric|edgy)\b/, "modern"],
  [/\b(?:bridal|engagement|wedding|bride|proposal|propose)\b/, "bridal"],
  [/\b(?:everyday|every day|daily|everyday wear)\b/, "everyday"],
  [/\b(?:stackable|stacking|stack|stacker)\b/, "stackable"],
  [/\b(?:boho|bohemian|hippie|festival)\b/, "bohemian"],
];

const STONE_PATTERNS: Array<[RegExp, StoneType]> = [
  [/\b(?:diamond|lab diamond|lab grown|lab created|ice|iced|iced out)\b/, "lab diamond"],
  [/\bsapphire\b/, "sapphire"],
  [/\bemerald\b/, "emerald"],
  [/\bruby\b/, "ruby"],
  [/\bpearl\b/, "pearl"],
  [/\bmoissanite\b/, "moissanite"],
  [/\bopal\b/, "opal"],
  [/\b(?:no stone|without (?:a )?stone|plain band|plain metal|no gem)\b/, "none"],
];

const RECIPIENTS: Array<[RegExp, string]> = [
  [/\b(?:mom|mother|mum|mommy|mama)\b/, "mom"],
  [/\b(?:wife|wifey)\b/, "wife"],
  [/\b(?:girlfriend|gf)\b/, "girlfriend"],
  [/\bboyfriend\b/, "boyfriend"],
  [/\b(?:husband|hubby)\b/, "husband"],
  [/\b(?:fiance|fiancee)\b/, "fiancee"],
  [/\bsister\b/, "sister"],
  [/\bbrother\b/, "brother"],
  [/\b(?:best friend|bestie|bff|friend)\b/, "friend"],
  [/\bdaughter\b/, "daughter"],
  [/\bson\b/, "son"],
  [/\b(?:dad|father)\b/, "dad"],
  [/\b(?:grandma|grandmother|granny|nana)\b/, "grandma"],
  [/\b(?:grandpa|grandfather)\b/, "grandpa"],
  [/\b(?:aunt|auntie)\b/, "aunt"],
  [/\bniece\b/, "niece"],
  [/\bpartner\b/, "partner"],
  [/\bbridesmaid\b/, "bridesmaid"],
  [/\bteacher\b/, "teacher"],
  [/\b(?:coworker|colleague|boss)\b/, "coworker"],
];

const GIFT_RE =
  /\b(?:gift|present|birthday|bday|anniversary|christmas|xmas|valentine|mother day|mothers day|graduation|stocking stuffer|push present|surprise (?:her|him)|for (?:her|him))\b/;

const READY_RE =
  /\b(?:ready to ship|in stock|ships? (?:fast|quick|quickly|today|now|tomorrow|immediately|right away)|fast shipping|quick shipping|need (?:it|them|this|one|something|a gift|a present)? ?(?:by|before|for) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the weekend|this weekend|next week|this week|christmas|xmas|valentine)|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the weekend|this weekend)|asap|as soon as possible|right away|in a hurry|last minute|available now|in time for)\b/;

function extractSort(t: string): ProductSort | undefined {
  if (/\b(?:most expensive|highest price|high to low|priciest|most pricey|price descending|expensive first)\b/.test(t)) return "price_desc";
  if (/\b(?:cheapest|lowest price|low to high|least expensive|price ascending|sort by price|cheap first)\b/.test(t)) return "price_asc";
  if (/\b(?:newest|latest|new arrival|what is new|just in|new in|most recent|recently added)\b/.test(t)) return "newest";
  if (/\b(?:featured|most popular|best seller|bestseller|trending|popular)\b/.test(t)) return "featured";
  return undefined;
}

function extractRefinement(t: string): Refinement | undefined {
  if (
    /\b(?:start over|reset|clear (?:the |all )?filter|start again|new search|from scratch|never ?mind|forget (?:that|it|this|those|about (?:that|it))|scratch that)\b/.test(
      t,
    )
  )
    return "reset";
  if (
    /\b(?:pricier|more expensive|fancier|higher end|high end|more upscale|bigger budget|spend more|more luxurious|nicer)\b/.test(t) &&
    !/\bmore expensive than\b/.test(t)
  )
    return "pricier";
  if (
    /\b(?:cheaper|less expensive|lower price|more affordable|lower budget|less pricey)\b/.test(t) &&
    !/\b(?:cheaper|less expensive) than\b/.test(t)
  )
    return "cheaper";
  if (
    /^(?:more|next|others|more please|and more)(?: \?)?$/.test(t.trim()) ||
    /\b(?:show (?:me |us )?(?:a few |some |a couple )?more|(?:a few|some|a couple) more|see more|more options|load more|other options|any others|anything else|what else|next page|more like (?:this|these|that|it)|show (?:me )?(?:other|different) (?:one|option)|something else)\b/.test(
      t,
    )
  )
    return "more";
  return undefined;
}

function extractReturnKind(t: string): ReturnKind | undefined {
  if (/\bresiz\w*/.test(t)) return "resize";
  if (/\b(?:return|refund|send (?:it |them |this )?back|money back)\b/.test(t)) return "return";
  if (
    /\b(?:too (?:small|big|large|tight|loose)|(?:does not|do not|doesnt|dont|not) fit|wrong size|different size|size (?:up|down)|bigger size|smaller size)\b/.test(
      t,
    )
  )
    return "resize";
  if (
    /\b(?:clasp|keeps? (?:opening|falling|breaking|coming)|came (?:off|apart|loose|undone)|falling (?:off|apart|out)|repair|broken|broke|snapped|fix|fixed|fell out|loose stone|missing stone|damaged|bent|cracked|chipped)\b/.test(
      t,
    )
  )
    return "repair";
  if (/\b(?:exchange|swap)\b/.test(t)) return "return";
  return undefined;
}

function extractChannel(t: string, awaiting?: string): "email" | "sms" | undefined {
  const sms = /\b(?:text|texts|texting|sms|txt|text message|message me|imessage|whatsapp)\b/.exec(t);
  const email =
    /\b(?:email me|e ?mail me|mail me|by email|via email|through email|over email|an email|to my email|my inbox|email (?:update|notification|alert|when|if|once)|emails)\b/.exec(
      t,
    ) ?? (awaiting === "channel" || t.split(" ").length <= 2 ? /\bemail\b/.exec(t) : null);
  if (sms && email) return sms.index < email.index ? "sms" : "email";
  if (sms) return "sms";
  if (email) return "email";
  return undefined;
}

/** Extracts every slot family from one message. Never throws. */
export function extractSlots(text: string, options: ExtractOptions = {}): Slots {
  const n = normalize(text);
  const t = n.text;
  const slots: Slots = {};

  const orderNumber = extractOrderNumber(t, options.awaiting);
  if (orderNumber) slots.orderNumber = orderNumber;
  const email = EMAIL_RE.exec(n.lower);
  if (email) slots.email = email[0];

  const tNoEmail = email ? t.replace(email[0], " _ ") : t;
  const size = extractRingSize(tNoEmail, options.awaiting);
  if (size.size) slots.ringSize = size.size;

  const rating = extractRating(tNoEmail, options.awaiting);
  if (rating !== undefined) slots.rating = rating;

  const category = extractCategory(tNoEmail);
  if (category) slots.category = category;
  const metals = extractMetals(tNoEmail.split(" "));
  if (metals) slots.metals = metals;

  const styleTags = STYLE_PATTERNS.filter(([re]) => re.test(tNoEmail)).map(([, tag]) => tag);
  if (styleTags.length) slots.styleTags = [...new Set(styleTags)];
  const stones = STONE_PATTERNS.filter(([re]) => re.test(tNoEmail)).map(([, s]) => s);
  if (stones.length) slots.stones = [...new Set(stones)];

  const recipient = RECIPIENTS.find(([re]) => re.test(tNoEmail));
  const forRecipient =
    recipient && new RegExp(String.raw`\b(?:for|to) (?:my|our) (?:\w+ )?${recipient[0].source.replace(/\\b/g, "")}`).test(tNoEmail);
  if (recipient) slots.recipient = recipient[1];
  if (GIFT_RE.test(tNoEmail) || forRecipient) slots.gift = true;

  if (READY_RE.test(tNoEmail)) slots.readyToShip = true;

  const sort = extractSort(tNoEmail);
  if (sort) slots.sort = sort;
  const refinement = extractRefinement(tNoEmail);
  if (refinement) slots.refinement = refinement;

  const returnKind = extractReturnKind(tNoEmail);
  if (returnKind) slots.returnKind = returnKind;
  const channel = extractChannel(tNoEmail, options.awaiting);
  if (channel) slots.channel = channel;

  const masked = maskNonPrices(
    tNoEmail,
    options.awaiting === "orderNumber" && orderNumber ? [...size.spans, new RegExp(orderNumber.slice(3))] : size.spans,
  );
  const productContext = Boolean(category || metals || styleTags.length || stones.length || slots.gift);
  const price = extractPrice(masked, productContext);
  if (price.min !== undefined) slots.minPriceCents = price.min;
  if (price.max !== undefined) slots.maxPriceCents = price.max;
  if (
    slots.maxPriceCents === undefined &&
    /\b(?:cheap|affordable|inexpensive|budget friendly|on a budget|low budget|not too expensive|not expensive|reasonably priced|low cost|bargain)\b/.test(
      tNoEmail,
    )
  ) {
    slots.maxPriceCents = Math.max(CHEAP_CEILING_CENTS, slots.minPriceCents ?? 0);
  }
  return slots;
}
