import { METAL_FAMILIES, type Metal } from "../../domain/catalog";
import type { Language } from "../../domain/i18n/languages";
import { formatUsd } from "../../services/product-cards";
import { list, t, type ConciergeKey } from "../i18n/translate";
import type { SearchParams } from "../messages";

/** "gold", or "14k rose gold or platinum", in the language. */
export function metalsText(metals: readonly Metal[] | undefined, language: Language = "en"): string | undefined {
  if (!metals || metals.length === 0) return undefined;
  const gold = METAL_FAMILIES.gold;
  if (metals.length === gold.length && gold.every((m) => metals.includes(m))) return t(language, "metal.gold");
  return metals.map((m) => t(language, `metal.${m}` as ConciergeKey)).join(t(language, "list.or"));
}

/** "under $500", "$200–$400", "over $1,000". */
export function priceText(language: Language, min?: number, max?: number): string | undefined {
  if (min !== undefined && max !== undefined) return t(language, "price.between", { min: formatUsd(min), max: formatUsd(max) });
  if (max !== undefined) return t(language, "price.under", { max: formatUsd(max) });
  if (min !== undefined) return t(language, "price.over", { min: formatUsd(min) });
  return undefined;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * What was searched, in plain words: "rings in platinum under $3,500", "Dainty necklaces in gold, ready to
 * ship". The shopper's own sentence narrows the search but is never repeated back.
 */
export function describeSearch(p: SearchParams, language: Language = "en"): string {
  const noun = t(language, "search.noun", { category: p.category ?? "any" });
  const styled = p.styleTags?.length
    ? t(language, "search.styled", { style: p.styleTags.map((s) => t(language, `style.${s}` as ConciergeKey)).join(" "), noun })
    : noun;
  const parts = [styled];
  const metal = metalsText(p.metals, language);
  if (metal) parts.push(t(language, "search.in_metal", { metal }));
  const stones = p.stones?.filter((s) => s !== "none");
  if (stones?.length)
    parts.push(
      t(language, "search.with_stones", {
        stones: list(
          language,
          stones.map((s) => t(language, `stone.${s.replace(" ", "_")}` as ConciergeKey)),
        ),
      }),
    );
  const price = priceText(language, p.minPriceCents, p.maxPriceCents);
  if (price) parts.push(price);
  let text = parts.join(" ");
  if (p.readyToShip) text += t(language, "search.ready_suffix");
  return text;
}
