/**
 * The dialogue state a turn keeps beside the search: the cards on screen in order, what the shopper last
 * referred to, the last knowledge topic and product question. Small on purpose: it is stored with every
 * conversation (ids and the few attributes references need, never whole cards).
 */
import type { Product } from "../../domain/catalog";
import type { ConversationState, ShownCard } from "../../domain/conversation-state";

export const MAX_SHOWN = 12;

export function toShownCard(p: Product): ShownCard {
  const stones = [...new Set(p.stones.flatMap((s) => [s.type, ...(s.shape ? [s.shape] : [])]).filter((s) => s !== "none"))];
  return {
    id: p.id,
    name: p.name,
    category: p.category,
    metal: p.metal,
    priceCents: p.priceCents,
    readyToShip: p.readyToShip,
    ...(stones.length ? { stones } : {}),
  };
}

/** The state after new cards went on screen: they replace what was shown, and nothing is "it" yet. */
export function withShown(state: ConversationState, products: readonly Product[]): ConversationState {
  if (products.length === 0) return state;
  const { focus: _focus, lastAsk: _lastAsk, ...rest } = state;
  return { ...rest, shown: products.slice(0, MAX_SHOWN).map(toShownCard) };
}
