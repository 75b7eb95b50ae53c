import {
  CATEGORIES,
  METAL_LABELS,
  STONE_TYPES,
  STYLE_TAGS,
  type Category,
  type Metal,
  type Product,
  type ProductStone,
  type StoneType,
  type StyleTag,
} from "../../../domain/catalog";
import type { SourceProduct, SourceVariant } from "./source";

/** Optional merchant overrides (`--map file.json`): their words → the catalog's vocabulary. */
export interface MappingOverrides {
  category?: Record<string, string>;
  metal?: Record<string, string>;
  stone?: Record<string, string>;
  style?: Record<string, string>;
}

export interface MappingEntry {
  field: "category" | "metal" | "stone" | "style" | "availability";
  from: string;
  to: string;
}

/** A catalog product the import would write (createdAt is the store's business). */
export type ImportedProduct = Omit<Product, "createdAt">;

export type MappedProduct =
  | { status: "ok"; handle: string; products: ImportedProduct[]; mapping: MappingEntry[] }
  /** Archived, unpublished, or sold out: not shown (and removed from the catalog if it is there). */
  | { status: "hidden"; handle: string; reason: string }
  /** Cannot be mapped; listed with the reason; nothing of it is written. */
  | { status: "skipped"; handle: string; reason: string };

const READY_PROMISE = "Ships in 1–2 business days";
const MADE_TO_ORDER_PROMISE = "Made to order — ships in 3–4 weeks";

const CATEGORY_WORDS: Array<[RegExp, Category]> = [
  [/\b(rings?|bands?|solitaires?|signets?|engagement)\b/, "ring"],
  [/\b(necklaces?|pendants?|chains?|chokers?|lockets?|lariats?)\b/, "necklace"],
  [/\b(earrings?|studs?|hoops?|huggies?|drops?|climbers?|threaders?)\b/, "earrings"],
  [/\b(bracelets?|bangles?|cuffs?|tennis bracelets?|anklets?)\b/, "bracelet"],
];

const STONE_WORDS: Array<[RegExp, StoneType, string?]> = [
  [/\blab[\s-]*(grown|created)?[\s-]*diamonds?\b/, "lab diamond"],
  [/\bmoissanite\b/, "moissanite"],
  [/\bdiamonds?\b/, "lab diamond", "the store's diamonds are lab-grown"],
  [/\bsapphires?\b/, "sapphire"],
  [/\bemeralds?\b(?![\s-]*cut)/, "emerald"],
  [/\brub(y|ies)\b/, "ruby"],
  [/\bpearls?\b/, "pearl"],
  [/\bopals?\b/, "opal"],
];

const SHAPES = ["round", "oval", "princess", "cushion", "pear", "marquise", "heart", "emerald cut", "radiant", "asscher"];

const STYLE_SYNONYMS: Record<string, StyleTag> = {
  delicate: "dainty",
  minimalist: "minimal",
  simple: "minimal",
  bold: "statement",
  chunky: "statement",
  antique: "vintage",
  "art deco": "vintage",
  retro: "vintage",
  timeless: "classic",
  contemporary: "modern",
  wedding: "bridal",
  engagement: "bridal",
  "everyday wear": "everyday",
  stacking: "stackable",
  boho: "bohemian",
};

const METAL_OPTION = /^(metal|material|metal type|metal colou?r|gold colou?r|colou?r)$/i;
const SIZE_OPTION = /^(size|ring size|length|chain length)$/i;
const STONE_OPTION = /^(stone|gemstone|center stone|centre stone)$/i;

const lower = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

function lookup(overrides: Record<string, string> | undefined, text: string): string | undefined {
  if (!overrides) return undefined;
  const key = lower(text);
  for (const [from, to] of Object.entries(overrides)) if (lower(from) === key) return to;
  return undefined;
}

/** A metal from free text, or why it is not one of the catalog's metals. */
export function parseMetal(text: string, overrides?: MappingOverrides): { metal: Metal; note?: string } | { error: string } | undefined {
  const override = lookup(overrides?.metal, text);
  if (override)
    return (METAL_LABELS as Record<string, string>)[override]
      ? { metal: override as Metal }
      : { error: `--map metal "${text}" → "${override}" is not a metal` };
  const t = lower(text);
  if (/\bplatinum\b/.test(t)) return { metal: "platinum" };
  if (/\b(sterling|silver|925)\b/.test(t) && !/\bgold\b/.test(t)) return { metal: "sterling_silver" };
  if (!/\bgold\b/.test(t)) return undefined;
  if (/\b(plated|vermeil|filled|tone)\b/.test(t)) return { error: `"${text}" (plated or filled metal) is not one of the catalog's metals` };
  const karat = /\b(\d{1,2})\s*(k|kt|karat|ct)\b/.exec(t)?.[1];
  if (karat && karat !== "14")
    return { error: `"${text}" (${karat}k) is not one of the catalog's metals (14k gold, platinum, sterling silver); map it with --map` };
  const colour = /\bwhite\b/.test(t) ? "white" : /\b(rose|pink)\b/.test(t) ? "rose" : /\byellow\b/.test(t) ? "yellow" : undefined;
  const metal = `${colour ?? "yellow"}_gold_14k` as Metal;
  const notes = [!karat ? "assumed 14k" : "", !colour ? "assumed yellow gold" : ""].filter(Boolean);
  return notes.length > 0 ? { metal, note: notes.join(", ") } : { metal };
}

function categoryOf(p: SourceProduct, overrides: MappingOverrides | undefined): { category: Category; from: string } | undefined {
  const candidates = [p.explicit?.category, p.type, ...p.tags, p.title].filter((c): c is string => !!c && c.trim() !== "");
  for (const text of candidates) {
    const override = lookup(overrides?.category, text);
    if (override && (CATEGORIES as readonly string[]).includes(override)) return { category: override as Category, from: text };
    if ((CATEGORIES as readonly string[]).includes(lower(text))) return { category: lower(text) as Category, from: text };
  }
  for (const text of candidates) {
    // "Jewelry > Rings" style paths: the most specific part first.
    for (const part of text.split(">").reverse()) {
      const hit = CATEGORY_WORDS.find(([re]) => re.test(lower(part)));
      if (hit) return { category: hit[1], from: part.trim() };
    }
  }
  return undefined;
}

function stonesOf(
  p: SourceProduct,
  variants: SourceVariant[],
  overrides: MappingOverrides | undefined,
  mapping: MappingEntry[],
): ProductStone[] {
  if (p.explicit?.stones) {
    return p.explicit.stones
      .map((s) => ({ ...s, type: (lookup(overrides?.stone, s.type) ?? lower(s.type)) as StoneType }))
      .filter((s) => (STONE_TYPES as readonly string[]).includes(s.type));
  }
  const optionStone = variants.map((v) => Object.entries(v.options).find(([k]) => STONE_OPTION.test(k))?.[1]).find(Boolean);
  const texts = [optionStone, ...p.tags, p.title].filter((t): t is string => !!t);
  for (const text of texts) {
    const override = lookup(overrides?.stone, text);
    const hit = override ? ([undefined, override as StoneType] as const) : STONE_WORDS.find(([re]) => re.test(lower(text)));
    if (!hit || !(STONE_TYPES as readonly string[]).includes(hit[1])) continue;
    const type = hit[1];
    if (type === "none") return [];
    mapping.push({ field: "stone", from: text, to: type });
    const all = lower(`${p.title} ${p.tags.join(" ")} ${p.description}`);
    const shape = SHAPES.find((s) => new RegExp(`\\b${s}\\b`).test(all));
    const carat = /(\d+(?:\.\d+)?)\s*(?:ct|carats?|ctw)\b/.exec(all)?.[1];
    return [{ type, ...(shape ? { shape: shape.replace(" cut", "") } : {}), ...(carat ? { caratTotal: Number(carat) } : {}) }];
  }
  return [];
}

function styleTagsOf(p: SourceProduct, overrides: MappingOverrides | undefined, mapping: MappingEntry[]): StyleTag[] {
  const words = p.explicit?.styleTags ?? p.tags;
  const out = new Set<StyleTag>();
  for (const word of words) {
    const w = lower(word);
    const tag = (lookup(overrides?.style, word) ?? ((STYLE_TAGS as readonly string[]).includes(w) ? w : STYLE_SYNONYMS[w])) as
      StyleTag | undefined;
    if (tag && (STYLE_TAGS as readonly string[]).includes(tag)) {
      out.add(tag);
      if (tag !== w) mapping.push({ field: "style", from: word, to: tag });
    }
  }
  return [...out];
}

/** Lower-case letters, digits and dashes, as product ids and URLs want them. */
export function slug(text: string): string {
  return lower(text)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 70);
}

const METAL_SLUG: Record<Metal, string> = {
  yellow_gold_14k: "yellow-gold",
  white_gold_14k: "white-gold",
  rose_gold_14k: "rose-gold",
  platinum: "platinum",
  sterling_silver: "silver",
};

const hasTag = (p: SourceProduct, re: RegExp) => p.tags.some((t) => re.test(lower(t)));

/**
 * Maps one merchant product to catalog products. The catalog keeps one metal and one price per
 * product, so a product whose variants come in several metals becomes one catalog product per
 * metal (`<handle>-<metal>`), each with its sizes, its lowest variant price (and that variant's
 * compare-at price) and its own availability.
 */
export function mapProduct(p: SourceProduct, rank: number, overrides?: MappingOverrides): MappedProduct {
  const handle = slug(p.handle);
  if (p.problems.length > 0) return { status: "skipped", handle, reason: p.problems.join("; ") };
  if (p.status !== "active") return { status: "hidden", handle, reason: `status ${p.status}` };
  if (!p.published) return { status: "hidden", handle, reason: "not published" };
  if (!handle) return { status: "skipped", handle: p.handle, reason: "the handle has no letters or digits" };

  const mapping: MappingEntry[] = [];
  const category = categoryOf(p, overrides);
  if (!category) {
    return {
      status: "skipped",
      handle,
      reason: `no category: the type, tags and title name no ring, necklace, earrings or bracelet (type ${JSON.stringify(p.type)})`,
    };
  }
  mapping.push({ field: "category", from: category.from, to: category.category });

  // Metal per variant: its Metal-like option, else the product's explicit metal, tags or title.
  const productMetalText = [p.explicit?.metal, ...p.tags, p.title].filter((t): t is string => !!t);
  let productMetal: ReturnType<typeof parseMetal>;
  for (const text of productMetalText) {
    productMetal = parseMetal(text, overrides);
    if (productMetal) {
      if ("metal" in productMetal)
        mapping.push({ field: "metal", from: text, to: productMetal.metal + (productMetal.note ? ` (${productMetal.note})` : "") });
      break;
    }
  }
  const groups = new Map<Metal, SourceVariant[]>();
  for (const variant of p.variants) {
    const optionText = Object.entries(variant.options).find(([k]) => METAL_OPTION.test(k))?.[1];
    const parsed = optionText ? parseMetal(optionText, overrides) : productMetal;
    if (!parsed) {
      return {
        status: "skipped",
        handle,
        reason: `no metal: add a Metal option or a tag such as "14k yellow gold"${optionText ? ` (option value ${JSON.stringify(optionText)})` : ""}`,
      };
    }
    if ("error" in parsed) return { status: "skipped", handle, reason: `metal: ${parsed.error}` };
    if (optionText) mapping.push({ field: "metal", from: optionText, to: parsed.metal + (parsed.note ? ` (${parsed.note})` : "") });
    groups.set(parsed.metal, [...(groups.get(parsed.metal) ?? []), variant]);
  }

  const stones = stonesOf(p, p.variants, overrides, mapping);
  const styleTags = styleTagsOf(p, overrides, mapping);
  const engravable =
    p.explicit?.engravable ?? (hasTag(p, /engrav/) || p.variants.some((v) => Object.keys(v.options).some((k) => /engrav/i.test(k))));
  const taggedReady = hasTag(p, /^ready[\s-]*to[\s-]*ship$/) ? true : hasTag(p, /^made[\s-]*to[\s-]*order$/) ? false : undefined;

  const products: ImportedProduct[] = [];
  let index = 0;
  for (const [metal, variants] of groups) {
    const inStock = variants.some((v) => (v.inventory ?? 0) > 0);
    const orderable = inStock || variants.some((v) => v.inventory === undefined || v.inventoryPolicy === "continue");
    if (!orderable && taggedReady === undefined && p.explicit?.readyToShip === undefined) continue; // sold out in this metal
    const readyToShip = p.explicit?.readyToShip ?? taggedReady ?? inStock;
    const cheapest = variants.reduce((a, b) => (b.priceCents < a.priceCents ? b : a));
    const sizes = [
      ...new Set(variants.map((v) => Object.entries(v.options).find(([k]) => SIZE_OPTION.test(k))?.[1]).filter((s): s is string => !!s)),
    ];
    const id = groups.size > 1 ? `${handle.slice(0, 68)}-${METAL_SLUG[metal]}` : handle;
    const image = [cheapest.imageUrl, ...variants.map((v) => v.imageUrl), ...p.images].find((u) => !!u && /^https:\/\//.test(u));
    products.push({
      id,
      handle,
      sku: (cheapest.sku ?? "").trim() || id.toUpperCase(),
      name: p.title.trim().slice(0, 120),
      category: category.category,
      metal,
      stones,
      styleTags,
      priceCents: cheapest.priceCents,
      ...(cheapest.compareAtPriceCents ? { compareAtPriceCents: cheapest.compareAtPriceCents } : {}),
      currency: "USD",
      readyToShip,
      shippingPromise: readyToShip ? READY_PROMISE : MADE_TO_ORDER_PROMISE,
      leadTimeDays: p.explicit?.leadTimeDays ?? (readyToShip ? 2 : 20),
      sizes,
      description: p.description,
      imageUrl: image ?? `/images/products/${id}.svg`,
      engravable,
      featuredRank: rank * 10 + index++,
    });
  }
  if (products.length === 0) return { status: "hidden", handle, reason: "sold out (inventory 0 and not sold when out of stock)" };
  mapping.push({
    field: "availability",
    from: products.some((x) => x.readyToShip) ? "in stock" : "made to order / untracked",
    to: products.some((x) => x.readyToShip) ? "ready to ship" : "made to order",
  });
  return { status: "ok", handle, products, mapping };
}
