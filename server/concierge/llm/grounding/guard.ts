/**
 * The grounding guard: checks one sentence of a model's answer against what this turn may state
 * ({@link TurnFacts}) before the shopper sees it. A product name, price, discount, stock or delivery promise
 * must match this turn's tool results or the store's knowledge base; a claim that an action happened
 * ("your return is created", "you're subscribed", "booked") needs that action's confirmation in this turn.
 */
import type { LlmGuardReason } from "../../../platform/metrics-labels";
import { durationNumbers, moneyAmounts, percentages, samePrice } from "./amounts";
import {
  actionClaims,
  deliveryDateClaim,
  discountClaim,
  freeShippingClaim,
  inStockClaim,
  productNameCandidates,
  scarcityClaim,
} from "./claims";
import type { FactProduct, TurnFacts } from "./turn-facts";

export interface GuardViolation {
  reason: LlmGuardReason;
  /** What was stated (for logs; never shown to shoppers). */
  detail: string;
}

const SHIP_VERB = /\b(?:ships?|shipped|shipping|dispatch\w*|leaves?|sent out|env[íi]\w*|exp[ée]di\w*|versand\w*|verschickt|geliefert)\b/i;
const FREE_WORDS = ["free", "gratis", "gratuit", "kostenlos"];

function priceGrounded(cents: number, named: FactProduct[], facts: TurnFacts): boolean {
  const products = named.length ? named : [...facts.products.values()];
  if (
    products.some(
      (p) => p.pricesCents.some((x) => samePrice(x, cents)) || (p.compareAtCents !== undefined && samePrice(p.compareAtCents, cents)),
    )
  )
    return true;
  if (facts.echoedCents.some((x) => samePrice(x, cents))) return true;
  if (facts.knowledge.amountsCents.some((x) => samePrice(x, cents))) return true;
  return facts.passages.some((text) => moneyAmounts(text).includes(cents));
}

/** The first thing in the sentence this turn cannot back up, or undefined when it is grounded. */
export function checkSentence(sentence: string, facts: TurnFacts): GuardViolation | undefined {
  for (const claim of actionClaims(sentence)) {
    if (!facts.confirmations.has(claim.kind)) return { reason: "action_claim", detail: claim.text };
  }

  const scarce = scarcityClaim(sentence);
  if (scarce && !facts.knowledgeMentions(scarce)) return { reason: "stock", detail: scarce };

  const named = facts.productsNamedIn(sentence);
  const discount = discountClaim(sentence);
  if (discount) {
    const reduced = (named.length ? named : [...facts.products.values()]).some((p) => p.compareAtCents !== undefined);
    if (!reduced && !facts.knowledgeMentions(discount)) return { reason: "discount", detail: discount };
  }
  for (const pct of percentages(sentence)) {
    if (!facts.knowledge.percents.has(pct) && !facts.passages.some((p) => percentages(p).includes(pct))) {
      return { reason: "discount", detail: `${pct}%` };
    }
  }

  for (const candidate of productNameCandidates(sentence)) {
    if (!facts.knowsName(candidate)) return { reason: "invented_product", detail: candidate };
  }

  for (const cents of moneyAmounts(sentence)) {
    if (!priceGrounded(cents, named, facts)) return { reason: "price", detail: `$${cents / 100}` };
  }

  const stock = inStockClaim(sentence);
  if (stock) {
    if (named.length > 0 && named.every((p) => !p.readyToShip)) return { reason: "stock", detail: `${stock}: ${named[0]!.name}` };
    const anyReady = [...facts.products.values()].some((p) => p.readyToShip);
    if (named.length === 0 && facts.products.size > 0 && !anyReady) return { reason: "stock", detail: stock };
  }

  const date = deliveryDateClaim(sentence);
  if (date && !facts.orders.some((o) => o.estimatedDelivery) && !facts.knowledgeMentions(date)) {
    return { reason: "shipping", detail: date };
  }

  const durations = durationNumbers(sentence);
  if (durations.length) {
    // A named piece's own shipping time when the sentence is about shipping it; else the knowledge base.
    const aboutShippingNamed = named.length > 0 && SHIP_VERB.test(sentence);
    for (const n of durations) {
      const ownDays = named.some((p) => p.shippingDays.includes(n));
      const grounded = aboutShippingNamed
        ? ownDays
        : ownDays ||
          facts.knowledge.durations.has(n) ||
          facts.passages.some((p) => durationNumbers(p).includes(n)) ||
          [...facts.products.values()].some((p) => p.shippingDays.includes(n));
      if (!grounded) return { reason: "shipping", detail: `${n} (duration)` };
    }
  }

  const free = freeShippingClaim(sentence);
  if (free && !FREE_WORDS.some((w) => facts.knowledge.text.includes(w))) return { reason: "shipping", detail: free };

  return undefined;
}
