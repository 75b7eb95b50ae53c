/**
 * What a model may state in one turn: the facts its tools returned this turn (products with prices and
 * shipping, order status, knowledge passages, confirmations), the pieces already on the shopper's screen
 * (by name only), what the shopper typed, and the store's knowledge base.
 */
import type { KnowledgeService } from "../../knowledge/knowledge-service";
import { durationNumbers, moneyAmounts, percentages, plainAmounts } from "./amounts";
import { foldName, type ActionKind } from "./claims";

export interface FactProduct {
  id: string;
  name: string;
  /** Every price this piece is offered at (its own, other metals, longer sizes) in cents. */
  pricesCents: number[];
  /** A "was" price: the piece really is reduced. */
  compareAtCents?: number;
  readyToShip: boolean;
  /** Its shipping promise and lead time, as numbers a duration may use. */
  shippingDays: number[];
}

/** Numbers and words of the whole knowledge base (computed once per service). */
export interface KnowledgeFacts {
  /** Folded text of every passage in every language. */
  text: string;
  amountsCents: number[];
  percents: Set<number>;
  durations: Set<number>;
}

const knowledgeCache = new WeakMap<KnowledgeService, KnowledgeFacts>();

export function knowledgeFacts(knowledge: KnowledgeService): KnowledgeFacts {
  let facts = knowledgeCache.get(knowledge);
  if (!facts) {
    const passages = knowledge.passageTexts();
    const all = passages.join("\n");
    facts = {
      text: all.toLowerCase(),
      amountsCents: moneyAmounts(all),
      percents: new Set(percentages(all)),
      durations: new Set(durationNumbers(all)),
    };
    knowledgeCache.set(knowledge, facts);
  }
  return facts;
}

export class TurnFacts {
  readonly products = new Map<string, FactProduct>();
  /** Names of the pieces on screen before this turn (a model may refer to them by name). */
  readonly shownNames: string[] = [];
  /** Amounts the shopper typed (or the model searched with), in cents: echoing them is fine. */
  readonly echoedCents: number[] = [];
  /** Knowledge passages the model was given this turn. */
  readonly passages: string[] = [];
  readonly confirmations = new Set<ActionKind>();
  /** Order status facts (an ETA lets the model name a delivery date). */
  readonly orders: Array<{ orderNumber: string; status: string; estimatedDelivery: string | null }> = [];

  constructor(readonly knowledge: KnowledgeFacts) {}

  addShopperText(text: string): void {
    this.echoedCents.push(...plainAmounts(text));
  }

  addShown(names: readonly string[]): void {
    this.shownNames.push(...names);
  }

  addProduct(product: FactProduct): void {
    const existing = this.products.get(product.id);
    if (!existing) {
      this.products.set(product.id, { ...product, pricesCents: [...product.pricesCents], shippingDays: [...product.shippingDays] });
      return;
    }
    existing.pricesCents.push(...product.pricesCents);
    existing.shippingDays.push(...product.shippingDays);
    existing.readyToShip ||= product.readyToShip;
    if (product.compareAtCents !== undefined) existing.compareAtCents = product.compareAtCents;
  }

  addPassage(text: string): void {
    this.passages.push(text);
  }

  addEchoedAmount(cents: number): void {
    this.echoedCents.push(cents);
  }

  addOrder(order: { orderNumber: string; status: string; estimatedDelivery: string | null }): void {
    this.orders.push(order);
  }

  confirm(kind: ActionKind): void {
    this.confirmations.add(kind);
  }

  /** Products of this turn whose name the sentence mentions. */
  productsNamedIn(sentence: string): FactProduct[] {
    const folded = foldName(sentence);
    return [...this.products.values()].filter((p) => folded.includes(foldName(p.name)));
  }

  /** Is this a name of a piece the shopper can see (this turn's results or the cards already on screen)? */
  knowsName(candidate: string): boolean {
    const c = foldName(candidate);
    if (!c) return true;
    const names = [...[...this.products.values()].map((p) => p.name), ...this.shownNames].map(foldName);
    return names.some((n) => n.includes(c) || c.includes(n));
  }

  /** Passages of this turn and the whole knowledge base, folded. */
  knowledgeMentions(phrase: string): boolean {
    const p = phrase.toLowerCase().trim();
    return this.knowledge.text.includes(p) || this.passages.some((x) => x.toLowerCase().includes(p));
  }
}

/** Numbers in a product's shipping promise and lead time ("Ships in 1–2 business days"). */
export function shippingDaysOf(product: { shippingPromise: string; leadTimeDays: number }): number[] {
  const numbers = [...product.shippingPromise.matchAll(/\d+/g)].map((m) => Number(m[0]));
  return [...numbers, product.leadTimeDays];
}
