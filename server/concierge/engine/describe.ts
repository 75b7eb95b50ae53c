import { CATEGORY_LABELS, METAL_FAMILIES, METAL_LABELS, type Metal } from "../../domain/catalog";
import { formatUsd } from "../../services/product-cards";
import type { SearchParams } from "../messages";

export function metalsText(metals: readonly Metal[] | undefined): string | undefined {
  if (!metals || metals.length === 0) return undefined;
  const gold = METAL_FAMILIES.gold;
  if (metals.length === gold.length && gold.every((m) => metals.includes(m))) return "gold";
  return metals.map((m) => METAL_LABELS[m].replace(/^14k /, "").toLowerCase()).join(" or ");
}

export function priceText(min?: number, max?: number): string | undefined {
  if (min !== undefined && max !== undefined) return `${formatUsd(min)}–${formatUsd(max)}`;
  if (max !== undefined) return `under ${formatUsd(max)}`;
  if (min !== undefined) return `over ${formatUsd(min)}`;
  return undefined;
}

/** "gold rings under $500, ready to ship" */
export function describeSearch(p: SearchParams): string {
  const noun = p.category ? CATEGORY_LABELS[p.category].toLowerCase() : "pieces";
  const parts = [p.styleTags?.join(" "), metalsText(p.metals), p.stones?.filter((s) => s !== "none").join(" or "), noun]
    .filter(Boolean)
    .join(" ");
  // The free-text part is the shopper's own sentence: it narrows the search but is not repeated back.
  const qualifiers = [priceText(p.minPriceCents, p.maxPriceCents), p.readyToShip ? "ready to ship" : undefined].filter(Boolean).join(", ");
  return qualifiers ? `${parts} ${qualifiers}` : parts;
}
