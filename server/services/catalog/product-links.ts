import { DEFAULT_PRODUCT_URL_TEMPLATE, type Product } from "../../domain/catalog";

export type ProductUrlFor = (product: Pick<Product, "id" | "handle">) => string;

/**
 * Builds the merchant's product page URL from the store's public origin and a template with the
 * `{STORE_URL}` and `{handle}` placeholders (the handle is the product's slug; its id serves when the
 * catalog carries none). Without a store URL the link is a path on the concierge's own origin — the
 * demo storefront's product page — so it never points at a page that does not exist.
 */
export function productUrlFor(storeUrl: string | undefined, template: string = DEFAULT_PRODUCT_URL_TEMPLATE): ProductUrlFor {
  // No store of our own to point at: the demo storefront's page, which exists for every id.
  if (!storeUrl && template.includes("{STORE_URL}")) return (product) => `/products/${encodeURIComponent(product.id)}`;
  const base = storeUrl ? storeUrl.replace(/\/+$/, "") : "";
  return (product) => template.replaceAll("{STORE_URL}", base).replaceAll("{handle}", encodeURIComponent(product.handle ?? product.id));
}
