/**
 * Intent classification for the rule engine: weighted phrase patterns per intent plus slot evidence.
 * Pure: text (+ optional conversation context) in, a scored classification out.
 *
 * Rules a downstream engine relies on (also in README.md beside this file):
 *  1. Confidence. Each intent gets a score (sum of matched cue weights + slot evidence). Confidence of the
 *     winner is `(1 - e^(-s1/2)) * (1 - 0.6 * (s2/s1)^2)`: one strong cue ≈ 0.78, two cues > 0.9, a tie
 *     between two intents ≈ 0.4 × base. Below CONFIDENCE_THRESHOLD the reported intent is `clarify` and
 *     `alternatives` lists the best candidates for an intent chooser (never empty).
 *  2. Refinements. "more", "cheaper", "pricier", "start over" set `slots.refinement`; "in rose gold instead",
 *     "what about earrings", "anything under 200?" only carry slots. They classify as `find_product`;
 *     a refinement with no other content needs `context.lastIntent === "find_product"` to clear the
 *     threshold (or a shopping verb: "show me cheaper ones"). The engine merges these slots into the
 *     previous search; `refinement: "reset"` clears it.
 *  3. Mixed requests. The message is split into clauses; when two clauses carry different confident intents
 *     the primary intent is the one earliest in PRIMARY_PRIORITY (an existing order or a human before
 *     shopping, shopping before policy questions, social talk last), `secondary` names the other one, it
 *     leads `alternatives`, and `slots` holds the slots of the whole message.
 *  4. Product slots describing an item the shopper owns ("my ring is too small", "clean my silver necklace")
 *     are kept in `slots` but barely count as shopping evidence.
 *  5. Resizing/repair: a request about the shopper's own piece ("can I get my ring resized", "my ring is too
 *     small") → return_exchange (returnKind resize/repair); a general policy question ("do you offer free
 *     resizing?", "how much does resizing cost", "repair policy") → care_warranty. Returns (policy or request)
 *     are always return_exchange, because that flow states the return window itself.
 *  6. Awaited answers: with `context.awaiting` ("orderNumber" | "email" | "ringSize" | "rating" | "channel"),
 *     a message that supplies that slot continues the awaited flow (confidence 0.9) unless it is itself a
 *     confident different request.
 *  7. Prompt-injection phrasing ("ignore previous instructions", "system prompt") counts as out_of_scope
 *     evidence only; a real request in the same message (an order number, a product) still wins.
 */
import { normalize } from "./normalize";
import { extractSlots } from "./slots";
import { INTENTS } from "./types";
import type { Classification, ClassifyContext, Intent, ScoredIntent, Slots } from "./types";

export const CONFIDENCE_THRESHOLD = 0.55;

/** Mixed requests: the primary intent is the first of these found among the confident clauses. */
export const PRIMARY_PRIORITY: readonly Intent[] = [
  "track_order",
  "return_exchange",
  "stylist_contact",
  "order_updates",
  "shortlist",
  "find_product",
  "financing",
  "shipping_info",
  "care_warranty",
  "feedback",
  "greeting",
  "out_of_scope",
];

/** Offered by the chooser when nothing at all matched. */
export const DEFAULT_CHOICES: readonly Intent[] = ["find_product", "track_order", "return_exchange", "stylist_contact"];

type Cue = [RegExp, number];

/** Explicit shopping verbs: with one of these, product slots always count as a search. */
const SHOPPING_CUE =
  /\b(?:looking for|look for|shopping for|searching for|in the market for|do you (?:have|sell|carry|make)|got any|have any|show me|show us|recommend|suggest|browse|i want (?:a|an|some|something)|i need (?:a|an|some|something)|i would love (?:a|an|some)|buy|purchase)\b/;
type Scorable = Exclude<Intent, "clarify">;

const CUES: Record<Scorable, Cue[]> = {
  find_product: [
    [SHOPPING_CUE, 1],
    [/\b(?:idea|option|something|anything|any)\b/, 0.5],
    [/\b(?:jewelry|bling|piece|sparkly|sparkle|shiny|iced|ice|rock)\b/, 1.5],
    [/\b(?:sale|discount|deal|promo|promotion|coupon|clearance|markdown)\b/, 2],
    [/\b(?:do (?:these|those|they|it) come in|what about|how about|instead|any in|only)\b/, 1],
  ],
  track_order: [
    [
      /\bwhere is (?:my|the|our) (?:\w+ )?(?:order|package|parcel|stuff|item|shipment|delivery|purchase|ring|necklace|earring|bracelet|jewelry|thing)\b/,
      3,
    ],
    [/\b(?:(?:update|news|word) on (?:my |the |our )?(?:order|package|delivery|shipment)|status update)\b/, 3],
    [
      /\b(?:track|tracking|order status|status of (?:my|the|our) order|shipped yet|out for delivery|eta|look ?up (?:my )?order|check (?:on )?my order)\b/,
      3,
    ],
    [
      /\b(?:has|did|have|is) (?:my|the|it|they|our|this|order) (?:\w+ )?(?:ship|shipped|arrive|arrived|been shipped|been delivered|left)\b/,
      2.5,
    ],
    [/\b(?:not|never|still not|yet to) (?:arrived|arrive|received|shipped|delivered|here|come)\b/, 3],
    [/\bwhen will (?:my|it|the|our|they)\b/, 2],
    [/\b(?:arrive|arrived|delivered|received)\b/, 1.5],
    [/\bmy order\b/, 1.5],
    [/\b(?:order|ordered|package|parcel|shipment)\b/, 1],
  ],
  return_exchange: [
    [/\b(?:return|refund|send (?:it |them |this )?back|money back|rma)\b/, 3],
    [/\b(?:exchange|swap|trade in)\b/, 2.5],
  ],
  care_warranty: [
    [
      /\b(?:clean\w*|polish\w*|tarnish\w*|oxidiz\w*|warranty|guarantee|lifetime|hypoallergenic|allergic|nickel|certified|certificate|certification|igi|gia|waterproof|water resistant|shower|swim|swimming|discolor|scratch|durable|maintenance|care for|take care|care instruction|jewelry care)\b/,
      3,
    ],
    [/\b(?:turn (?:\w+ ){0,3}green|green skin|store (?:my|pearl|jewelry|it|them)|how (?:should|do|to) (?:i )?store|storing|storage)\b/, 3],
    [/\b(?:plated|plating|solid|real gold|fake|authentic|genuine|gold filled|vermeil|conflict free|ethical)\b/, 3],
    [/\b(?:pool|ocean|beach|gym|hot tub|sleep in|workout|wear (?:it|them|this|my \w+) (?:in|to|while|every|when|at))\b/, 2.5],
    [/\bpolicy\b/, 1],
  ],
  shipping_info: [
    [
      /\b(?:shipping|ship to|ship internationally|ship overseas|ship abroad|international|internationally|overseas|abroad|customs|duties|express|overnight|expedited|next day|2 day|two day|delivery time|delivery option|delivery cost|deliver on|deliver to|deliver in|carrier|ups|fedex|usps|dhl)\b/,
      3,
    ],
    [/\bhow long (?:does|do|will|until|to|is|for|before)\b/, 2.5],
    [/\b(?:pick (?:it |them |this )?up|pickup|in store|showroom|local store)\b/, 3],
    [/\b(?:if i order|order today|if i buy|if i place|place an order)\b/, 1.5],
    [/\b(?:canada|uk|united kingdom|england|australia|europe|mexico|germany|ireland|japan|india|new zealand|country)\b/, 1.5],
    [/\b(?:do you ship|do you deliver|you ship|ship)\b/, 1],
  ],
  financing: [
    [
      /\b(?:financing|finance|afterpay|klarna|affirm|sezzle|zip pay|paypal|payment plan|installment|pay over time|pay later|pay in \d|monthly payment|monthly|layaway|lay away|split (?:the |my )?(?:payment|pay|cost|purchase)|buy now pay later|bnpl|credit card|credit)\b/,
      4,
    ],
    [/\b(?:pay|payment)\b/, 1],
  ],
  stylist_contact: [
    [
      /\b(?:talk|speak|chat) (?:to|with) (?:a |an |the |some |your )?(?:real )?(?:person|human|agent|someone|somebody|representative|rep|stylist|manager|team|expert|specialist|associate|employee|people)\b/,
      5,
    ],
    [
      /\b(?:real person|human|agent|representative|live agent|live person|customer service|customer support|support team|stylist|call me|phone call|give me a call|give me a ring|ring me|contact me|reach me|consultation|appointment|bespoke|custom|engraving|engrave|engraved|personalize|personalized|design (?:my|a|an|our) own)\b/,
      3.5,
    ],
    [/\b(?:someone|somebody|connect me|help me design)\b/, 1],
    [/\bhelp\b/, 1],
  ],
  shortlist: [
    [/\b(?:shortlist|short list|favorite|wishlist|wish list|saved|my list|save for later|bookmark)\b/, 4],
    [/\b(?:did i save|i saved|have i saved|what i saved|i have saved)\b/, 4],
    [/\bsave\b/, 1.5],
    [/\bsave (?:this|that|it|the|these|them|those|one|number|#)\b/, 4],
    [/\b(?:remove|add|delete|clear|take)\b(?: \w+){0,5} (?:from|to|off) (?:my )?(?:list|shortlist|favorite|wishlist|saved)\b/, 3],
    [/\bclear my\b/, 2],
  ],
  order_updates: [
    [/\b(?:text|email|sms|message|ping|update|send) me (?:an |the )?(?:update|when|if|once|about|notification|alert)\b/, 4],
    [/\b(?:send|drop|shoot|give) me (?:a |an )?(?:text|email|message|note|sms|heads up) (?:when|once|if|about|as soon)\b/, 4],
    [
      /\b(?:notif\w*|keep me posted|keep me updated|keep me in the loop|let me know when|let me know once|sign me up|subscribe|opt in|alert|notification)\b/,
      4,
    ],
    [/\b(?:text|sms|email) update\b/, 3],
    [/\bupdate\b/, 1],
  ],
  greeting: [],
  product_question: [],
  store_info: [],
  feedback: [
    [/\b(?:helpful|helped|useful|useless|unhelpful|not helpful)\b/, 3.5],
    [/\b(?:thanks|thank you|thank u|appreciate|cheers)\b/, 2],
    [
      /\b(?:great|amazing|excellent|awesome|fantastic|perfect|terrible|awful|horrible|worst|poor|disappointing|disappointed|frustrating|frustrated|love this|love it|love you|meh|so so|rubbish|waste of time|pointless|dumb|stupid)\b/,
      2,
    ],
    [/\b(?:rate|rating|feedback|review|experience|service|assistant|bot|chat)\b/, 1],
  ],
  out_of_scope: [
    [
      /\b(?:weather|forecast|temperature|raining|joke|politic\w*|president|election|vote|democrat|republican|code|coding|python|javascript|program|programming|function|homework|capital of|recipe|bake|cook|cooking|movie|film|song|music|sport|football|soccer|basketball|who won|bitcoin|crypto|stock market|meaning of life|poem|essay|translate|math|calculate|score|game|nba|nfl|league|what time is it|time zone|wifi|internet|computer|laptop|router)\b/,
      3.5,
    ],
    [
      /\b(?:system prompt|your prompt|your instructions|jailbreak|developer mode|admin mode|you are now|pretend (?:to be|you are)|reveal)\b/,
      3,
    ],
    [/\bignore (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instruction|prompt|rule|message)\b/, 2],
  ],
};

const GREETING_WORDS = new Set([
  "hi",
  "hello",
  "hey",
  "hiya",
  "howdy",
  "yo",
  "heya",
  "hola",
  "greetings",
  "sup",
  "good",
  "morning",
  "afternoon",
  "evening",
  "day",
  "there",
  "how",
  "are",
  "you",
  "doing",
  "is",
  "it",
  "going",
  "what",
  "up",
  "concierge",
  "everyone",
  "all",
  "folks",
  "team",
  "!",
  "?",
  "gm",
]);
const GREETING_START = /^(?:hi|hello|hey|hiya|howdy|yo|heya|hola|greetings|sup|good (?:morning|afternoon|evening|day)|gm)\b/;

const SERVICE_INTENTS: Scorable[] = [
  "track_order",
  "return_exchange",
  "care_warranty",
  "shipping_info",
  "financing",
  "stylist_contact",
  "shortlist",
  "order_updates",
];

const OWNED_ITEM =
  /\bmy (?:(?!(?:maybe|or|and|for|with|like|a|an|the|some|is|was)\b)\w+ ){0,3}(?:ring|band|necklace|chain|pendant|earring|stud|hoop|bracelet|bangle|cuff|jewelry|piece|order|item|purchase|one|silver|gold|platinum|pearl|diamond)\b/;
const PERSONAL_REQUEST = /\b(?:my|mine|i (?:want|need|would like|wanna|d like)|can i get (?:it|this|my)|start|i have)\b/;
const POLICY_QUESTION =
  /\b(?:do you (?:offer|do|provide|charge|have)|is (?:it|there|resizing|repair|sizing)|are (?:there|repairs|resizes)|how much|what is your|policy|how long does|cost|free|fee|charge)\b/;
const RESIZE_REPAIR_CUE =
  /\b(?:clasp|keeps? (?:opening|falling|breaking|coming)|came (?:off|apart|loose|undone)|falling (?:off|apart|out)|resiz\w*|too (?:small|big|large|tight|loose)|(?:does not|do not|not) fit|wrong size|repair|broken|broke|snapped|fix|fell out|loose stone|missing stone|damaged|bent|cracked|chipped)\b/;

interface Scores {
  scores: Record<Scorable, number>;
  slots: Slots;
}

function emptyScores(): Record<Scorable, number> {
  return Object.fromEntries(INTENTS.filter((i) => i !== "clarify").map((i) => [i, 0])) as Record<Scorable, number>;
}

function cueScore(t: string, cues: Cue[]): number {
  let s = 0;
  for (const [re, w] of cues) if (re.test(t)) s += w;
  return s;
}

/** Scores one piece of text. Exported for tests and debugging. */
export function scoreIntents(text: string, context: ClassifyContext = {}): Scores {
  const n = normalize(text);
  const t = n.text;
  const slots = extractSlots(text, { awaiting: context.awaiting });
  const scores = emptyScores();
  for (const intent of Object.keys(CUES) as Scorable[]) scores[intent] = cueScore(t, CUES[intent]);

  // greeting: strong only when the message is nothing but a greeting
  if (GREETING_START.test(t)) {
    const rest = n.tokens.filter((w) => !GREETING_WORDS.has(w));
    scores.greeting = rest.length === 0 ? 3.5 : 0.5;
  } else if (/\bhow are you\b/.test(t) && n.tokens.every((w) => GREETING_WORDS.has(w))) {
    scores.greeting = 3;
  }

  // resize / repair: own piece → return_exchange; general policy question → care_warranty
  const resizeRepair = RESIZE_REPAIR_CUE.test(t);
  if (resizeRepair) {
    const personal = PERSONAL_REQUEST.test(t);
    const policy = POLICY_QUESTION.test(t);
    if (policy && !personal) {
      scores.care_warranty += 4;
      scores.return_exchange += 1;
    } else {
      scores.return_exchange += 3;
    }
  }
  if (OWNED_ITEM.test(t) && (resizeRepair || scores.return_exchange > 0)) scores.return_exchange += 1;

  // order numbers: evidence for whichever order flow the message is about
  if (slots.orderNumber) {
    const returnCue = scores.return_exchange >= 2.5;
    const updatesCue = scores.order_updates >= 3;
    scores.track_order += returnCue || updatesCue ? 1 : 3;
    if (returnCue) scores.return_exchange += 3;
    if (updatesCue) scores.order_updates += 3;
  }
  if (slots.email && !slots.orderNumber && t.split(" ").length <= 4) scores.track_order += 1;
  // hypothetical future order ("if I order today") is not an existing order
  if (/\b(?:if i order|order today|if i buy|if i place|place an order)\b/.test(t)) scores.track_order = Math.max(0, scores.track_order - 2);
  if (slots.rating !== undefined) scores.feedback += 4;
  if (slots.channel && scores.order_updates > 0) scores.order_updates += 1;

  // product slots: shopping evidence, discounted when they describe an owned item or another action's object
  let productEvidence =
    (slots.category ? 3 : 0) +
    (slots.metals ? 2.5 : 0) +
    (slots.minPriceCents !== undefined || slots.maxPriceCents !== undefined ? 2.5 : 0) +
    (slots.styleTags ? 1.5 : 0) +
    (slots.stones ? 1.5 : 0) +
    (slots.gift || slots.recipient ? 1.5 : 0) +
    (slots.readyToShip ? 1.5 : 0) +
    (slots.sort ? 2.5 : 0);
  const shoppingCue = SHOPPING_CUE.test(t);
  const strongService = Math.max(...SERVICE_INTENTS.map((i) => scores[i]), scores.out_of_scope);
  if (OWNED_ITEM.test(t)) productEvidence *= 0.25;
  else if (strongService >= 4 || (strongService >= 3 && !shoppingCue)) productEvidence *= 0.5;
  scores.find_product += productEvidence;

  if (slots.refinement) {
    const afterSearch = context.lastIntent === "find_product";
    scores.find_product += afterSearch ? 4.5 : 1.5;
  } else if (context.lastIntent === "find_product" && productEvidence > 0) {
    scores.find_product += 1;
  }
  return { scores, slots };
}

const base = (s: number) => 1 - Math.exp(-s / 2);

function rank(scores: Record<Scorable, number>): Array<{ intent: Scorable; score: number }> {
  return (Object.entries(scores) as Array<[Scorable, number]>)
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1] || PRIMARY_PRIORITY.indexOf(a[0]) - PRIMARY_PRIORITY.indexOf(b[0]))
    .map(([intent, score]) => ({ intent, score }));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

interface Decision {
  intent: Scorable | undefined;
  confidence: number;
  ranked: ScoredIntent[];
}

function decide(scores: Record<Scorable, number>): Decision {
  const ranked = rank(scores);
  const top = ranked[0];
  if (!top) return { intent: undefined, confidence: 0, ranked: [] };
  const second = ranked[1]?.score ?? 0;
  const confidence = base(top.score) * (1 - 0.6 * (second / top.score) ** 2);
  const others = ranked
    .slice(1)
    .map((r) => ({ intent: r.intent as Intent, confidence: round(base(r.score) * (1 - 0.6 * Math.min(1, top.score / r.score) ** 2)) }));
  return { intent: top.intent, confidence: round(confidence), ranked: [{ intent: top.intent, confidence: round(confidence) }, ...others] };
}

/** Splits a message into clauses for mixed-request detection. */
export function splitClauses(text: string): string[] {
  return text
    .split(
      /[.?!;]+(?:\s+|$)|,\s*|\s+(?:and also|also|plus|btw|by the way|oh and)\s+|\s+and\s+(?=(?:do|does|can|could|will|would|is|are|where|what|how|when|show|please|get|send|text|notify|let|i)\b)/i,
    )
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

const AWAITED: Record<string, { slot: keyof Slots; fallback: Intent; flows: Intent[] }> = {
  orderNumber: { slot: "orderNumber", fallback: "track_order", flows: ["track_order", "return_exchange", "order_updates"] },
  email: { slot: "email", fallback: "track_order", flows: ["track_order", "return_exchange", "order_updates", "stylist_contact"] },
  ringSize: { slot: "ringSize", fallback: "return_exchange", flows: ["return_exchange", "find_product"] },
  rating: { slot: "rating", fallback: "feedback", flows: ["feedback"] },
  channel: { slot: "channel", fallback: "order_updates", flows: ["order_updates"] },
};

/** Classifies one shopper message. */
export function classifyIntent(text: string, context: ClassifyContext = {}): Classification {
  const whole = scoreIntents(text, context);
  const slots = whole.slots;
  let decision = decide(whole.scores);
  let secondary: Intent | undefined;

  // mixed requests: confident, different intents in different clauses
  const clauses = splitClauses(text);
  if (clauses.length > 1) {
    const found = new Map<Scorable, number>();
    for (const clause of clauses) {
      const d = decide(scoreIntents(clause, context).scores);
      if (d.intent && d.confidence >= CONFIDENCE_THRESHOLD) found.set(d.intent, Math.max(found.get(d.intent) ?? 0, d.confidence));
    }
    if (found.size > 1) {
      const ordered = [...found.keys()].sort((a, b) => PRIMARY_PRIORITY.indexOf(a) - PRIMARY_PRIORITY.indexOf(b));
      const primary = ordered[0]!;
      secondary = ordered[1];
      const mixedAlternatives: ScoredIntent[] = ordered.slice(1).map((i) => ({ intent: i, confidence: found.get(i)! }));
      const rest = decision.ranked.filter((r) => !found.has(r.intent as Scorable));
      decision = {
        intent: primary,
        confidence: found.get(primary)!,
        ranked: [{ intent: primary, confidence: found.get(primary)! }, ...mixedAlternatives, ...rest],
      };
    }
  }

  // awaited answers
  const awaited = context.awaiting ? AWAITED[context.awaiting] : undefined;
  if (awaited && slots[awaited.slot] !== undefined) {
    const flow = context.lastIntent && awaited.flows.includes(context.lastIntent) ? context.lastIntent : awaited.fallback;
    const confidentOther = decision.intent && decision.intent !== flow && decision.confidence >= 0.75;
    if (!confidentOther) {
      decision = {
        intent: flow as Scorable,
        confidence: 0.9,
        ranked: [{ intent: flow, confidence: 0.9 }, ...decision.ranked.filter((r) => r.intent !== flow)],
      };
    }
  }

  if (!decision.intent || decision.confidence < CONFIDENCE_THRESHOLD) {
    let alternatives = decision.ranked.slice(0, 4);
    if (alternatives.length < 2) {
      for (const i of DEFAULT_CHOICES) {
        if (alternatives.length >= 4) break;
        if (!alternatives.some((a) => a.intent === i)) alternatives.push({ intent: i, confidence: 0 });
      }
    }
    alternatives = alternatives.map((a) => ({ intent: a.intent, confidence: a.confidence }));
    return { intent: "clarify", confidence: decision.confidence, alternatives, slots };
  }
  const result: Classification = {
    intent: decision.intent,
    confidence: decision.confidence,
    alternatives: decision.ranked.filter((r) => r.intent !== decision.intent).slice(0, 4),
    slots,
  };
  if (secondary) result.secondary = secondary;
  return result;
}
