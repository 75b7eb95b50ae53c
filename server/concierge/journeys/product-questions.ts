/**
 * Questions about pieces on screen, answered from the live product data (never invented): ready to ship,
 * metals and colours (the design's other variants), stone and carat, price, sizes, engraving, details,
 * comparisons and what suits a purpose; plus saving or removing them by reference.
 */
import type { Metal, Product } from "../../domain/catalog";
import type { ProductAsk } from "../../domain/conversation-state";
import type { Language } from "../../domain/i18n/languages";
import { formatUsd, toProductCard } from "../../services/product-cards";
import { list, t, type ConciergeKey } from "../i18n/translate";
import type { Chip, ConciergeMessage } from "../messages";
import type { FlowResult, TurnContext } from "../turn/types";
import type { CardAction } from "../understanding/product-asks";
import { stylistChip } from "./chips";
import { changeShortlist } from "./shortlist";

const metalName = (m: Metal, L: Language) => t(L, `metal.${m}` as ConciergeKey);

function stoneText(p: Product, L: Language): string | undefined {
  const stones = p.stones.filter((s) => s.type !== "none");
  if (!stones.length) return undefined;
  return list(
    L,
    stones.map((s) =>
      t(L, "product.stone", {
        carat: s.caratTotal !== undefined ? String(s.caratTotal) : "none",
        shape: s.shape && s.type !== "pearl" ? t(L, `shape.${s.shape}` as ConciergeKey) : "none",
        stone: t(L, `stone.${s.type.replace(" ", "_")}` as ConciergeKey),
      }),
    ),
  );
}

function sizesText(p: Product, L: Language): string {
  if (p.sizes.length === 0) return t(L, "product.one_size", { name: p.name });
  if (p.category === "ring") {
    const nums = p.sizes.map(Number).filter(Number.isFinite);
    return t(L, "product.ring_sizes", { name: p.name, min: String(Math.min(...nums)), max: String(Math.max(...nums)) });
  }
  return t(L, "product.lengths", { name: p.name, lengths: list(L, p.sizes) });
}

function readyText(p: Product, L: Language): string {
  return p.readyToShip
    ? t(L, "product.ready_yes", { name: p.name, metal: metalName(p.metal, L), days: p.leadTimeDays })
    : t(L, "product.ready_no", { name: p.name, metal: metalName(p.metal, L) });
}

async function metalsText(ctx: TurnContext, p: Product, asked: readonly Metal[] | undefined): Promise<string> {
  const L = ctx.language;
  const variants = await ctx.deps.catalog.variantsOf(p);
  const offered = variants.map((v) => `${metalName(v.metal, L)} (${formatUsd(v.priceCents)})`);
  if (asked?.length) {
    const match = variants.filter((v) => asked.includes(v.metal));
    const wanted = list(
      L,
      asked.length === 3 && asked.every((m) => m.includes("gold")) ? [t(L, "metal.gold")] : asked.map((m) => metalName(m, L)),
    );
    if (match.length) {
      return t(L, "product.metal_yes", {
        name: p.name,
        metals: list(
          L,
          match.map((v) => `${metalName(v.metal, L)} (${formatUsd(v.priceCents)})`),
        ),
      });
    }
    return t(L, "product.metal_no", { name: p.name, wanted, offered: list(L, offered) });
  }
  if (variants.length <= 1) return t(L, "product.metal_only", { name: p.name, metal: metalName(p.metal, L) });
  return t(L, "product.metal_list", { name: p.name, offered: list(L, offered) });
}

function detailsText(p: Product, L: Language): string {
  const stone = stoneText(p, L);
  return [
    t(L, "product.details", { name: p.name, metal: metalName(p.metal, L), price: formatUsd(p.priceCents) }),
    ...(stone ? [t(L, "product.has_stones", { stones: stone })] : []),
    L === "en" ? p.description : "",
    readyText(p, L),
  ]
    .filter(Boolean)
    .join(" ");
}

function compareLine(p: Product, L: Language): string {
  const stone = stoneText(p, L) ?? t(L, "product.no_stones_short");
  const ready = p.readyToShip ? t(L, "product.ships_fast") : t(L, "product.made_to_order");
  return `${p.name} — ${metalName(p.metal, L)}, ${stone}, ${formatUsd(p.priceCents)}, ${ready}`;
}

type Purpose = "everyday" | "sensitive" | "statement" | "gift";

function purposeOf(text: string): Purpose {
  if (/\b(?:sensitive|allerg\w*|nickel)\b/.test(text)) return "sensitive";
  if (/\b(?:statement|party|wedding|evening|special occasion|event)\b/.test(text)) return "statement";
  if (/\b(?:gift|present)\b/.test(text)) return "gift";
  return "everyday";
}

/** How well a piece suits a purpose, from its data: style tags, metal, stones, making time. */
function suitability(p: Product, purpose: Purpose): number {
  const tags = new Set(p.styleTags);
  const stones = p.stones.filter((s) => s.type !== "none");
  switch (purpose) {
    case "everyday":
      return (
        (tags.has("everyday") ? 3 : 0) +
        (tags.has("minimal") ? 1.5 : 0) +
        (tags.has("dainty") ? 1 : 0) -
        (tags.has("statement") ? 2 : 0) -
        (tags.has("bridal") ? 0.5 : 0) +
        (p.metal === "platinum" || p.metal.includes("gold") ? 1 : 0) -
        (stones.reduce((s, x) => s + (x.caratTotal ?? 0.3), 0) > 1 ? 1 : 0)
      );
    case "sensitive":
      return p.metal === "platinum" ? 3 : p.metal.includes("gold") ? 2 : 0;
    case "statement":
      return (tags.has("statement") ? 3 : 0) + stones.reduce((s, x) => s + (x.caratTotal ?? 0.3), 0);
    case "gift":
      return (p.readyToShip ? 2 : 0) + (tags.has("classic") ? 1 : 0) + (tags.has("everyday") ? 1 : 0);
  }
}

function suitedText(products: Product[], text: string, L: Language): string {
  const purpose = purposeOf(text.toLowerCase());
  const ranked = [...products].sort((a, b) => suitability(b, purpose) - suitability(a, purpose));
  const best = ranked[0]!;
  const reasons: string[] = [];
  if (purpose === "sensitive") reasons.push(t(L, "suited.reason_metal", { metal: metalName(best.metal, L) }));
  if (best.styleTags.includes("everyday") && purpose === "everyday") reasons.push(t(L, "suited.reason_everyday"));
  if ((best.styleTags.includes("minimal") || best.styleTags.includes("dainty")) && purpose === "everyday")
    reasons.push(t(L, "suited.reason_low_profile"));
  if (best.styleTags.includes("statement") && purpose === "statement") reasons.push(t(L, "suited.reason_statement"));
  if (best.readyToShip && purpose === "gift") reasons.push(t(L, "suited.reason_ready"));
  if (reasons.length === 0) reasons.push(t(L, "suited.reason_generic", { metal: metalName(best.metal, L) }));
  const others = ranked.slice(1).map((p) => p.name);
  return [
    t(L, "suited.pick", { purpose, name: best.name, reasons: list(L, reasons) }),
    ...(others.length ? [t(L, "suited.other", { names: list(L, others), count: others.length })] : []),
  ].join(" ");
}

async function saveAll(ctx: TurnContext, products: Product[]): Promise<FlowResult> {
  if (products.length === 1) return changeShortlist(ctx, { kind: "shortlist_add", productId: products[0]!.id });
  let saved: Product[] = [];
  for (const p of products) saved = await ctx.deps.shortlist.add(ctx.sessionId, p.id);
  await ctx.deps.analytics.record(
    "product_shortlisted",
    { sessionId: ctx.sessionId, conversationId: ctx.conversationId, productIds: products.map((p) => p.id) },
    ctx.now,
  );
  const ids = new Set(saved.map((p) => p.id));
  return {
    intent: "shortlist",
    messages: [
      {
        type: "text",
        text: t(ctx.language, "shortlist.saved_many", {
          names: list(
            ctx.language,
            products.map((p) => p.name),
          ),
          count: saved.length,
        }),
      },
      { type: "shortlist", products: saved.map((p) => toProductCard(p, ids)) },
    ],
    state: { ...ctx.state, focus: products.map((p) => p.id) },
  };
}

/** Answers a question (or performs save/remove) about the referenced pieces. */
export async function answerAboutCards(
  ctx: TurnContext,
  ids: readonly string[],
  action: CardAction,
  text: string,
  askedMetals?: readonly Metal[],
): Promise<FlowResult> {
  const L = ctx.language;
  const products = await ctx.deps.catalog.getByIds(ids.slice(0, 6));
  if (products.length === 0) {
    return { intent: "product_question", messages: [{ type: "text", text: t(L, "product.gone") }], state: ctx.state };
  }
  if (action === "save") return saveAll(ctx, products);
  if (action === "remove") return changeShortlist(ctx, { kind: "shortlist_remove", productId: products[0]!.id });

  const ask: ProductAsk = action === "compare" && products.length < 2 ? "details" : action;
  let lines: string[];
  switch (ask) {
    case "ready":
      lines = products.map((p) => readyText(p, L));
      break;
    case "metals":
      lines = [];
      for (const p of products.slice(0, 3)) lines.push(await metalsText(ctx, p, askedMetals));
      break;
    case "stone":
      lines = products.map((p) => {
        const stone = stoneText(p, L);
        return stone
          ? t(L, "product.stone_answer", { name: p.name, stones: stone })
          : t(L, "product.no_stones", { name: p.name, metal: metalName(p.metal, L) });
      });
      break;
    case "price":
      lines = products.map((p) => t(L, "product.price", { name: p.name, metal: metalName(p.metal, L), price: formatUsd(p.priceCents) }));
      break;
    case "sizes":
      lines = products.map((p) => sizesText(p, L));
      break;
    case "engraving":
      lines = products.map((p) =>
        p.engravable ? t(L, "product.engravable_yes", { name: p.name }) : t(L, "product.engravable_no", { name: p.name }),
      );
      break;
    case "compare":
      lines = [t(L, "product.compare_intro", { count: products.length }), ...products.map((p) => compareLine(p, L))];
      break;
    case "suited":
      lines = [suitedText(products, text, L)];
      break;
    case "details":
      lines = products.slice(0, 2).map((p) => detailsText(p, L));
      break;
  }
  const chips: Chip[] = [];
  if (products.length === 1)
    chips.push({ label: t(L, "chip.save_piece").slice(0, 60), action: { kind: "shortlist_add", productId: products[0]!.id } });
  chips.push(stylistChip(L, `Question about ${products.map((p) => p.name).join(", ")}`.slice(0, 200)));
  const messages: ConciergeMessage[] = [
    { type: "text", text: lines.join(ask === "compare" ? "\n" : " ") },
    { type: "refine_chips", chips: chips.slice(0, 3) },
  ];
  return {
    intent: "product_question",
    messages,
    state: {
      ...ctx.state,
      lastIntent: "product_question",
      focus: products.map((p) => p.id),
      lastAsk: ask,
      lastTopic: undefined,
      lastSection: undefined,
    },
  };
}

/** "Which one?": a singular reference with several pieces on screen and nothing in focus. */
export function whichOne(ctx: TurnContext, shown: ReadonlyArray<{ id: string; name: string }>, action: CardAction): FlowResult {
  const L = ctx.language;
  const chips: Chip[] =
    action === "save"
      ? shown.slice(0, 6).map((c, i) => ({ label: `${i + 1}. ${c.name}`.slice(0, 60), action: { kind: "shortlist_add", productId: c.id } }))
      : [];
  return {
    intent: action === "save" ? "shortlist" : "product_question",
    messages: [
      {
        type: "text",
        text: t(L, "product.which_one", {
          names: list(
            L,
            shown.slice(0, 6).map((c, i) => `${i + 1}. ${c.name}`),
          ),
        }),
      },
      ...(chips.length ? [{ type: "refine_chips" as const, chips }] : []),
    ],
    state: { ...ctx.state, lastIntent: "product_question", ...(action !== "save" && action !== "remove" ? { lastAsk: action } : {}) },
  };
}
