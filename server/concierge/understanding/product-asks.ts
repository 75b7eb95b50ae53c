/**
 * What a shopper asks about pieces on screen: ready to ship, metals/colours, stone and carat, price, sizes,
 * engraving, details, a comparison or what suits a purpose; or to save/remove them. Pure (normalised
 * English text in).
 */
import type { ProductAsk } from "../../domain/conversation-state";

export type CardAction = ProductAsk | "save" | "remove";

const ASKS: Array<[CardAction, RegExp]> = [
  ["remove", /\b(?:remove|delete|unsave|take (?:\w+ ){0,3}off)\b/],
  [
    "save",
    /\b(?:save|saved|keep (?:it|that|this|them|those|these|both)|add (?:\w+ ){0,4}(?:to )?(?:my )?(?:list|shortlist|favorite|wishlist)|favorite (?:it|that|this|them))\b/,
  ],
  ["suited", /\b(?:better for|best for|good for|suit\w*|everyday|every day|daily wear|for work|sturdy|durable|sensitive skin|practical)\b/],
  ["compare", /\b(?:compare|comparison|difference|differ|versus|vs|which (?:one )?(?:is|would be|should i|do you)|side by side)\b/],
  [
    "ready",
    /\b(?:ready to ship|in stock|ship (?:soon|fast|quickly|today|now|right away|immediately)|when (?:will|would|can|does|do) (?:it|they|this|that|these|those) (?:ship|arrive|be ready)|how (?:long|soon) (?:to|until|before|does|do|will|would)|available now|made to order|lead time|ready)\b/,
  ],
  ["engraving", /\b(?:engrav\w*|personali[sz]\w*|inscri\w*)\b/],
  [
    "metals",
    /\b(?:metal|metals|come in|comes in|came in|available in|color|colors|other (?:gold|option|finish|version)|which gold|what gold|made of|material|in (?:rose|yellow|white) gold|in platinum|in silver|gold version|silver version)\b/,
  ],
  ["stone", /\b(?:stone|stones|carat|carats|ct|how big|what shape|shape|cut|gem|gemstone|clarity|diamond size)\b/],
  ["sizes", /\b(?:size|sizes|sizing|length|lengths|how long is|fit|inch|inches|adjustable)\b/],
  ["price", /\b(?:price|prices|priced|cost|costs|how much|expensive)\b/],
  [
    "details",
    /\b(?:tell me (?:more|about)|more about|more info|details|describe|what is (?:it|that|this) like|look at|see (?:it|that|this|the)|view|show me (?:it|that|this|the \w+ one|the (?:first|second|third|last)))\b/,
  ],
];

/** The question (or action) a message asks about pieces, if any. */
export function detectCardAction(text: string): CardAction | undefined {
  const t = ` ${text.toLowerCase()} `;
  for (const [ask, re] of ASKS) if (re.test(t)) return ask;
  return undefined;
}

/** A short follow-up that repeats the last question on other pieces: "what about the first one?", "and the second?". */
export function isEllipticalFollowUp(text: string): boolean {
  const t = text.toLowerCase().trim();
  return (
    /^(?:and|what about|how about|same for|and what about|ok and|what of)\b/.test(t) ||
    /^(?:the )?(?:first|second|third|fourth|fifth|sixth|last|other) ?(?:one)?\s*\??$/.test(t)
  );
}
