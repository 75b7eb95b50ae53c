import type { ProductSearchInput } from "../../server/routers/support/products";

export interface StorefrontFilters {
  q: string;
  category: string;
  metal: string;
  minPrice: string;
  maxPrice: string;
  readyToShip: boolean;
  sort: string;
}

/**
 * Turns the storefront's query string into a search input. Values are passed through as typed
 * (numbers parsed, blanks dropped); validation is the procedure's job, so a bad URL gets the
 * same clear error an API caller would.
 */
export function searchFromParams(params: URLSearchParams): { filters: StorefrontFilters; input: ProductSearchInput } {
  const get = (k: string) => (params.get(k) ?? "").trim();
  const filters: StorefrontFilters = {
    q: get("q"),
    category: get("category"),
    metal: get("metal"),
    minPrice: get("minPrice"),
    maxPrice: get("maxPrice"),
    readyToShip: get("readyToShip") === "1" || get("readyToShip") === "on",
    sort: get("sort"),
  };
  const num = (v: string) => (v === "" ? undefined : Number(v));
  const input: Record<string, unknown> = {
    query: filters.q || undefined,
    category: filters.category || undefined,
    metal: filters.metal || undefined,
    minPrice: num(filters.minPrice),
    maxPrice: num(filters.maxPrice),
    readyToShip: filters.readyToShip ? true : undefined,
    sort: filters.sort || undefined,
    cursor: get("cursor") || undefined,
    limit: 12,
  };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return { filters, input: input as ProductSearchInput };
}

export function formatPrice(cents: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(
    cents / 100,
  );
}
