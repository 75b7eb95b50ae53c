import { CATEGORIES, CATEGORY_LABELS, METAL_FAMILIES, type Metal } from "../../domain/catalog";
import type { Product } from "../../domain/catalog";
import { toProductCard } from "../../services/product-cards";
import type { Slots } from "../intents/types";
import type { Chip, ConciergeMessage, SearchParams } from "../messages";
import type { ConversationState } from "../state";
import { describeSearch, metalsText, priceText } from "./describe";
import type { FlowResult, TurnContext } from "./types";

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
 * Carries the previous search into a follow-up: the new message's slots win, "cheaper"/"pricier"
 * move the price band relative to what was shown, "reset" starts over.
 */
export function refineSearch(last: NonNullable<ConversationState["lastSearch"]>, slots: Slots, text: string): SearchParams {
  if (slots.refinement === "reset") return paramsFromSlots(slots, text);
  const fresh = paramsFromSlots(slots);
  const merged: SearchParams = { ...last.params, ...fresh };
  // A follow-up's own product words replace the old ones ("what about hoops").
  if (slots.category && slots.category !== last.params.category) delete merged.query;
  if (slots.refinement === "cheaper") {
    const ceiling = last.lowestPriceCents ?? last.params.maxPriceCents;
    if (ceiling !== undefined) merged.maxPriceCents = Math.max(1, ceiling - 1);
    delete merged.minPriceCents;
    merged.sort = "price_desc";
  }
  if (slots.refinement === "pricier") {
    const floor = last.highestPriceCents ?? last.params.minPriceCents;
    if (floor !== undefined) merged.minPriceCents = floor + 1;
    delete merged.maxPriceCents;
    merged.sort = "price_asc";
  }
  if (merged.minPriceCents !== undefined && merged.maxPriceCents !== undefined && merged.minPriceCents > merged.maxPriceCents) {
    delete merged.minPriceCents;
  }
  return merged;
}

type Relaxation = { label: string; apply: (p: SearchParams) => SearchParams | null };

/** Filters to relax, one at a time and cumulatively, when a search finds nothing. */
const RELAXATIONS: Relaxation[] = [
  { label: "the extra words", apply: (p) => (p.query ? { ...p, query: undefined } : null) },
  { label: "the style", apply: (p) => (p.styleTags?.length ? { ...p, styleTags: undefined } : null) },
  { label: "the stone", apply: (p) => (p.stones?.length ? { ...p, stones: undefined } : null) },
  { label: "ready to ship", apply: (p) => (p.readyToShip ? { ...p, readyToShip: undefined } : null) },
  // A named metal matters more than an approximate budget: widen the price band before the metal.
  {
    label: "the price range",
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
    label: "the gold colour",
    apply: (p) =>
      p.metals?.length && p.metals.every((m) => m.includes("gold")) && p.metals.length < METAL_FAMILIES.gold.length
        ? { ...p, metals: [...METAL_FAMILIES.gold] }
        : null,
  },
  { label: "the metal", apply: (p) => (p.metals?.length ? { ...p, metals: undefined } : null) },
  {
    label: "the budget",
    apply: (p) =>
      p.maxPriceCents !== undefined || p.minPriceCents !== undefined ? { ...p, maxPriceCents: undefined, minPriceCents: undefined } : null,
  },
  { label: "the category", apply: (p) => (p.category ? { ...p, category: undefined } : null) },
];

const PRICE_STEPS = new Set(["the price range", "the budget"]);

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
export function refineChips(params: SearchParams, hasMore: boolean): Chip[] {
  const chips: Chip[] = [];
  const search = (label: string, next: SearchParams): Chip => ({
    label,
    action: { kind: "search", params: clean({ ...next, query: undefined }) },
  });
  if (hasMore) chips.push({ label: "Show more", action: { kind: "more_results" } });
  if (!params.category) for (const c of CATEGORIES) chips.push(search(CATEGORY_LABELS[c], { ...params, category: c }));
  const metalChips: Array<[string, Metal[]]> = [
    ["Gold", [...METAL_FAMILIES.gold]],
    ["Rose gold", ["rose_gold_14k"]],
    ["Silver", ["sterling_silver"]],
    ["Platinum", ["platinum"]],
  ];
  for (const [label, metals] of metalChips) {
    if (metalsText(params.metals) !== metalsText(metals)) chips.push(search(label, { ...params, metals }));
  }
  const bands: Array<[number | undefined, number | undefined]> = [
    [undefined, 20_000],
    [20_000, 50_000],
    [50_000, 100_000],
    [100_000, undefined],
  ];
  for (const [min, max] of bands) {
    if (params.minPriceCents === min && params.maxPriceCents === max) continue;
    const label = priceText(min, max)!;
    chips.push(search(label.charAt(0).toUpperCase() + label.slice(1), { ...params, minPriceCents: min, maxPriceCents: max }));
  }
  if (!params.readyToShip) chips.push(search("Ready to ship", { ...params, readyToShip: true }));
  if (params.sort !== "price_asc") chips.push(search("Lowest price first", { ...params, sort: "price_asc" }));
  return chips.slice(0, 12);
}

/**
 * Runs a search and composes the discovery answer: a summary, product cards and refine chips.
 * When nothing matches it relaxes one filter at a time and says which.
 */
export async function runSearch(
  ctx: TurnContext,
  requested: SearchParams,
  options: { more?: boolean; intro?: string; /** "cheaper"/"pricier" asked about price: never relax it. */ keepPrice?: boolean } = {},
): Promise<FlowResult> {
  let params = clean(requested);
  const cursor = options.more ? (ctx.state.lastSearch?.cursor ?? undefined) : undefined;
  let result = await searchPage(ctx, params, cursor);
  const relaxed: string[] = [];
  if (!options.more) {
    for (const step of RELAXATIONS) {
      if (result.items.length > 0) break;
      if (options.keepPrice && PRICE_STEPS.has(step.label)) continue;
      const next = step.apply(params);
      if (!next) continue;
      params = clean(next);
      relaxed.push(step.label);
      result = await searchPage(ctx, params);
    }
  }
  const savedIds = new Set(await ctx.deps.shortlist.ids(ctx.sessionId));
  const messages: ConciergeMessage[] = [];
  const wanted = describeSearch(clean(requested));
  const found = describeSearch(params);
  let summary: string;
  if (result.items.length === 0) {
    summary = options.more ? "That's everything that matches — try another filter." : `I couldn't find ${wanted} right now.`;
    messages.push({
      type: "text",
      text: options.more ? summary : `${summary} A stylist can check upcoming pieces or custom options for you.`,
    });
  } else if (relaxed.length > 0) {
    summary = `No exact matches for ${wanted}, so I relaxed ${relaxed.join(" and ")}: here are ${found}.`;
    messages.push({ type: "text", text: summary });
  } else {
    summary = options.more ? `More ${found}:` : `${options.intro ?? "Here are"} ${found}.`;
    messages.push({ type: "text", text: summary });
  }
  if (result.items.length > 0) {
    messages.push({
      type: "product_cards",
      products: result.items.map((p: Product) => toProductCard(p, savedIds)),
      summary: found,
      ...(relaxed.length ? { relaxed } : {}),
      hasMore: result.nextCursor !== null,
    });
    await ctx.deps.analytics.record(
      "products_shown",
      { sessionId: ctx.sessionId, conversationId: ctx.conversationId, productIds: result.items.map((p) => p.id) },
      ctx.now,
    );
  }
  const chips = refineChips(params, result.nextCursor !== null);
  if (result.items.length === 0)
    chips.unshift({ label: "Talk to a stylist", action: { kind: "request_stylist", reason: "No catalog match" } });
  messages.push({ type: "refine_chips", chips: chips.slice(0, 12) });
  const prices = result.items.map((p) => p.priceCents);
  return {
    intent: "find_product",
    messages,
    state: {
      ...ctx.state,
      lastIntent: "find_product",
      lastSearch: {
        params,
        cursor: result.nextCursor,
        ...(prices.length ? { lowestPriceCents: Math.min(...prices), highestPriceCents: Math.max(...prices) } : {}),
      },
    },
  };
}
