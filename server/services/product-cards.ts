import { METAL_LABELS, type Product } from "../domain/catalog";
import type { ProductCard } from "../concierge/messages";

/** "14k yellow gold · 0.5 ct lab diamond" */
export function specLine(p: Pick<Product, "metal" | "stones">): string {
  const stone = p.stones[0];
  const stoneText = stone && stone.type !== "none" ? `${stone.caratTotal ? `${stone.caratTotal} ct ` : ""}${stone.type}` : null;
  return [METAL_LABELS[p.metal], stoneText].filter(Boolean).join(" · ");
}

export function toProductCard(p: Product, saved: ReadonlySet<string>): ProductCard {
  return {
    id: p.id,
    name: p.name,
    spec: specLine(p),
    priceCents: p.priceCents,
    imageUrl: p.imageUrl,
    readyToShip: p.readyToShip,
    shippingPromise: p.shippingPromise,
    category: p.category,
    saved: saved.has(p.id),
    variant: METAL_LABELS[p.metal],
    ...(p.url ? { url: p.url } : {}),
  };
}

/** "$1,250" or "$59.50" — hand-rolled: Intl/toLocaleString is slow on a hot path (chips, summaries). */
export function formatUsd(cents: number): string {
  const whole = Math.floor(Math.abs(cents) / 100);
  const rest = Math.abs(cents) % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${cents < 0 ? "-" : ""}$${grouped}${rest ? `.${String(rest).padStart(2, "0")}` : ""}`;
}
