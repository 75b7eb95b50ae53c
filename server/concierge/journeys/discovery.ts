import { CATEGORIES, METAL_FAMILIES, type Metal, type Product } from "../../domain/catalog";
import { toProductCard } from "../../services/product-cards";
import { t, type ConciergeKey } from "../i18n/translate";
import type { Chip, ConciergeMessage, SearchParams } from "../messages";
import type { ConversationState } from "../state";
import type { FlowResult, TurnContext } from "../turn/types";
import { withShown } from "../understanding/dialogue";
import type { Slots } from "../understanding/types";
import { stylistChip } from "./chips";
import { capitalise, describeSearch, metalsText, priceText } from "./describe-search";

const PAGE_SIZE = 6;

/** Search filters from one message's slots (plus its text, for product-type words like "hoops"). */
export function paramsFromSlots(slots: Slots, text?: string): SearchParams {
  const params: SearchParams = {};
  if (text) params.query = text.slice(0, 200);
  if (slots.category) params.category = slots.category;
  if (slots.metals?.length) params.metals = [...slots.metals];
  if (slots.styleTags?.length) params.styleTags = [...slots.styleTags];
  if (slots.stones?.length) params.stones = slots.stones.filter((s) => s !== "none");
  if (slots.minPriceCents !== undefined) params.minPriceCents = slots.minPriceCents;
  if (slots.maxPriceCents !== undefined) params.maxPriceCents = slots.maxPriceCents;
  if (slots.readyToShip) params.readyToShip = true;
  if (slots.gift) params.gift = true;
  if (slots.sort) params.sort = slots.sort;
  if (params.stones?.length === 0) delete params.stones;
  return params;
}

/**
 * A price step a person would use at this level ($5 up to $100, $25 up to $500, $50 up to $2,000, then
 * $250): round, but fine enough that a cheaper piece just below what was shown is not skipped.
 */
function priceStep(dollars: number): number {
  return dollars <= 100 ? 5 : dollars <= 500 ? 25 : dollars <= 2000 ? 50 : 250;
}

/** A round ceiling strictly below a price ("cheaper than $245" → $225). */
export function niceCeilingBelow(cents: number): number {
  const dollars = cents / 100;
  const step = priceStep(dollars);
  const ceiling = Math.floor((dollars - 0.01) / step) * step;
  return Math.max(100, (ceiling > 0 ? ceiling : Math.floor(dollars * 0.8)) * 100);
}

/** A round floor strictly above a price ("pricier than $1,250" → $1,300). */
export function niceFloorAbove(cents: number): number {
  const dollars = cents / 100;
  const step = priceStep(dollars);
  return (Math.floor(dollars / step) + 1) * step * 100;
}

/**
 * Carries the previous search into a follow-up the way a sales associate would: what the shopper names
 * replaces what it replaces (a new category drops the old product words; a new metal replaces the metal; a
 * new budget replaces the budget), everything else still applies; "cheaper"/"pricier" move the price band
 * past what was shown, to a round figure; "reset" starts over.
 */
export function refineSearch(last: NonNullable<ConversationState["lastSearch"]>, slots: Slots, text: string): SearchParams {
  if (slots.refinement === "reset") return paramsFromSlots(slots, text);
  const fresh = paramsFromSlots(slots);
  const merged: SearchParams = { ...last.params, ...fresh };
  // A follow-up's own product words replace the old ones ("what about hoops").
  if (slots.category && slots.category !== last.params.category) {
    delete merged.query;
    delete merged.styleTags;
    delete merged.stones;
    if (slots.styleTags?.length) merged.styleTags = [...slots.styleTags];
    if (fresh.stones?.length) merged.stones = fresh.stones;
  }
  // A new budget replaces the whole old one ("let's say up to 1,800" drops an old floor).
  if (slots.maxPriceCents !== undefined && slots.minPriceCents === undefined) delete merged.minPriceCents;
  if (slots.minPriceCents !== undefined && slots.maxPriceCents === undefined) delete merged.maxPriceCents;
  if (slots.refinement === "cheaper") {
    const shown = last.lowestPriceCents ?? last.params.maxPriceCents;
    if (shown !== undefined) merged.maxPriceCents = niceCeilingBelow(shown);
    delete merged.minPriceCents;
    merged.sort = "price_desc";
  }
  if (slots.refinement === "pricier") {
    const shown = last.highestPriceCents ?? last.params.minPriceCents;
    if (shown !== undefined) merged.minPriceCents = niceFloorAbove(shown);
    delete merged.maxPriceCents;
    merged.sort = "price_asc";
  }
  if (merged.minPriceCents !== undefined && merged.maxPriceCents !== undefined && merged.minPriceCents > merged.maxPriceCents) {
    delete merged.minPriceCents;
  }
  return merged;
}

type Relaxation = { key: ConciergeKey; apply: (p: SearchParams) => SearchParams | null };

/** Filters to relax, one at a time and cumulatively, when a search finds nothing. */
const RELAXATIONS: Relaxation[] = [
  { key: "relax.query", apply: (p) => (p.query ? { ...p, query: undefined } : null) },
  { key: "relax.style", apply: (p) => (p.styleTags?.length ? { ...p, styleTags: undefined } : null) },
  { key: "relax.stone", apply: (p) => (p.stones?.length ? { ...p, stones: undefined } : null) },
  { key: "relax.ready", apply: (p) => (p.readyToShip ? { ...p, readyToShip: undefined } : null) },
  // A named metal matters more than an approximate budget: widen the price band before the metal.
  {
    key: "relax.price_range",
    apply: (p) =>
      p.maxPriceCents !== undefined || p.minPriceCents !== undefined
        ? {
            ...p,
            maxPriceCents: p.maxPriceCents !== undefined ? Math.round(p.maxPriceCents * 1.5) : undefined,
            minPriceCents: p.minPriceCents !== undefined ? Math.round(p.minPriceCents * 0.5) : undefined,
          }
        : null,
  },
  {
    key: "relax.gold_colour",
    apply: (p) =>
      p.metals?.length && p.metals.every((m) => m.includes("gold")) && p.metals.length < METAL_FAMILIES.gold.length
        ? { ...p, metals: [...METAL_FAMILIES.gold] }
        : null,
  },
  { key: "relax.metal", apply: (p) => (p.metals?.length ? { ...p, metals: undefined } : null) },
  {
    key: "relax.budget",
    apply: (p) =>
      p.maxPriceCents !== undefined || p.minPriceCents !== undefined ? { ...p, maxPriceCents: undefined, minPriceCents: undefined } : null,
  },
  { key: "relax.category", apply: (p) => (p.category ? { ...p, category: undefined } : null) },
];

const PRICE_STEPS = new Set<ConciergeKey>(["relax.price_range", "relax.budget"]);

function clean(p: SearchParams): SearchParams {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as SearchParams;
}

async function searchPage(ctx: TurnContext, params: SearchParams, cursor?: string) {
  return ctx.deps.catalog.search({
    ...(params.query ? { query: params.query } : {}),
    ...(params.category ? { category: params.category } : {}),
    ...(params.metals ? { metals: params.metals } : {}),
    ...(params.styleTags ? { styleTags: params.styleTags } : {}),
    ...(params.stones ? { stones: params.stones } : {}),
    ...(params.minPriceCents !== undefined ? { minPrice: params.minPriceCents / 100 } : {}),
    ...(params.maxPriceCents !== undefined ? { maxPrice: params.maxPriceCents / 100 } : {}),
    ...(params.readyToShip ? { readyToShip: true } : {}),
    sort: params.sort ?? "featured",
    limit: PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  });
}

/** Chips that refine the current search, each carrying the complete next search. */
export function refineChips(params: SearchParams, hasMore: boolean, ctx: Pick<TurnContext, "language">): Chip[] {
  const L = ctx.language;
  const chips: Chip[] = [];
  const search = (label: string, next: SearchParams): Chip => ({
    label,
    action: { kind: "search", params: clean({ ...next, query: undefined }) },
  });
  if (hasMore) chips.push({ label: t(L, "chip.show_more"), action: { kind: "more_results" } });
  if (!params.category) for (const c of CATEGORIES) chips.push(search(t(L, `category.${c}` as ConciergeKey), { ...params, category: c }));
  const metalChips: Array<[ConciergeKey, Metal[]]> = [
    ["chip.metal_gold", [...METAL_FAMILIES.gold]],
    ["chip.metal_rose_gold", ["rose_gold_14k"]],
    ["chip.metal_silver", ["sterling_silver"]],
    ["chip.metal_platinum", ["platinum"]],
  ];
  for (const [key, metals] of metalChips) {
    if (metalsText(params.metals) !== metalsText(metals)) chips.push(search(t(L, key), { ...params, metals }));
  }
  const bands: Array<[number | undefined, number | undefined]> = [
    [undefined, 20_000],
    [20_000, 50_000],
    [50_000, 100_000],
    [100_000, undefined],
  ];
  for (const [min, max] of bands) {
    if (params.minPriceCents === min && params.maxPriceCents === max) continue;
    const label = priceText(L, min, max)!;
    chips.push(search(label.charAt(0).toUpperCase() + label.slice(1), { ...params, minPriceCents: min, maxPriceCents: max }));
  }
  if (!params.readyToShip) chips.push(search(t(L, "chip.ready_to_ship"), { ...params, readyToShip: true }));
  if (params.sort !== "price_asc") chips.push(search(t(L, "chip.lowest_first"), { ...params, sort: "price_asc" }));
  return chips.slice(0, 12);
}

export interface SearchOptions {
  more?: boolean;
  /** A catalog key for the line before the cards ("Gift ideas:"). */
  intro?: string;
  /** "cheaper"/"pricier" asked about price: never relax it. */
  keepPrice?: boolean;
}

/**
 * Runs a search and composes the discovery answer: what was searched in plain words, product cards and
 * refine chips. When nothing matches it relaxes one filter at a time and says which.
 */
export async function runSearch(ctx: TurnContext, requested: SearchParams, options: SearchOptions = {}): Promise<FlowResult> {
  const L = ctx.language;
  let params = clean(requested);
  const cursor = options.more ? (ctx.state.lastSearch?.cursor ?? undefined) : undefined;
  // "More" after the last page: nothing further (never page one again).
  let result =
    options.more && !cursor
      ? { items: [] as Product[], nextCursor: null, total: 0, interpreted: { terms: [], ignoredWords: [] } }
      : await searchPage(ctx, params, cursor);
  const relaxed: ConciergeKey[] = [];
  if (!options.more) {
    for (const step of RELAXATIONS) {
      if (result.items.length > 0) break;
      if (options.keepPrice && PRICE_STEPS.has(step.key)) continue;
      const next = step.apply(params);
      if (!next) continue;
      params = clean(next);
      // Dropping the shopper's own words is silent: they are the sentence, not a filter they chose.
      if (step.key !== "relax.query") relaxed.push(step.key);
      result = await searchPage(ctx, params);
    }
  }
  const savedIds = new Set(await ctx.deps.shortlist.ids(ctx.sessionId));
  const messages: ConciergeMessage[] = [];
  const wanted = describeSearch(clean(requested), L);
  const found = describeSearch(params, L);
  const relaxedText = relaxed.map((k) => t(L, k)).join(t(L, "list.and"));
  if (result.items.length === 0) {
    messages.push({ type: "text", text: options.more ? t(L, "search.no_more") : t(L, "search.none", { wanted }) });
  } else if (relaxed.length > 0 && !options.more) {
    messages.push({ type: "text", text: t(L, "search.relaxed", { wanted, relaxed: relaxedText, found }) });
  } else if (options.more) {
    messages.push({ type: "text", text: t(L, "search.more", { found }) });
  } else {
    messages.push({ type: "text", text: options.intro ? `${options.intro} ${found}.` : t(L, "search.here_are", { found }) });
  }
  if (result.items.length > 0) {
    messages.push({
      type: "product_cards",
      products: result.items.map((p: Product) => toProductCard(p, savedIds)),
      summary: capitalise(found),
      ...(relaxed.length ? { relaxed: relaxed.map((k) => t(L, k)) } : {}),
      hasMore: result.nextCursor !== null,
    });
    await ctx.deps.analytics.record(
      "products_shown",
      { sessionId: ctx.sessionId, conversationId: ctx.conversationId, productIds: result.items.map((p) => p.id) },
      ctx.now,
    );
  }
  const chips = refineChips(params, result.nextCursor !== null, ctx);
  if (result.items.length === 0) chips.unshift(stylistChip(L, "No catalog match"));
  messages.push({ type: "refine_chips", chips: chips.slice(0, 12) });
  const prices = result.items.map((p) => p.priceCents);
  const state: ConversationState = {
    ...ctx.state,
    lastIntent: "find_product",
    lastTopic: undefined,
    lastSection: undefined,
    lastSearch: {
      params,
      cursor: result.nextCursor,
      ...(prices.length ? { lowestPriceCents: Math.min(...prices), highestPriceCents: Math.max(...prices) } : {}),
    },
  };
  return { intent: "find_product", messages, state: withShown(state, result.items) };
}
