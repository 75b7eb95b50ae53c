import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { CATEGORIES, CATEGORY_LABELS, METALS, METAL_LABELS } from "../../server/domain/catalog";
import { ProductCard } from "../components/storefront/ProductCard";
import { callerFor } from "../lib/caller.server";
import { searchFromParams } from "../lib/storefront-query";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.storeName ?? "GlowGlitch"} — lab-grown diamonds and fine jewelry` },
  { name: "description", content: "Rings, necklaces, earrings and bracelets in gold, platinum and sterling silver." },
];

/** The demo storefront: a real product grid rendered by the loader through the tRPC caller. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { filters, input } = searchFromParams(url.searchParams);
  const storeName = context.runtime.config.storeName;
  try {
    const result = await callerFor(request, context).support.products.search(input);
    return json({ storeName, filters, result, error: null as string | null });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return json({ storeName, filters, result: null, error: error.message }, { status: 400 });
    }
    throw error;
  }
}

const SORT_LABELS = { featured: "Featured", price_asc: "Price: low to high", price_desc: "Price: high to low", newest: "Newest" };

export default function Storefront() {
  const { storeName, filters, result, error } = useLoaderData<typeof loader>();
  const nextParams = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (v === true) nextParams.set(k, "1");
    else if (typeof v === "string" && v) nextParams.set(k, v);
  }
  if (result?.nextCursor) nextParams.set("cursor", result.nextCursor);

  return (
    <>
      <a className="skip-link" href="#products">
        Skip to products
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          {storeName}
        </Link>
        <p className="tagline">Lab-grown diamonds &amp; fine jewelry, made to be worn every day.</p>
      </header>
      <main className="storefront">
        <h1 className="storefront__title">{filters.q ? `Results for “${filters.q}”` : "Shop the collection"}</h1>
        <aside className="filters" aria-labelledby="filters-heading">
          <h2 id="filters-heading">Find your piece</h2>
          <Form method="get" className="filters__form">
            <label htmlFor="q">Search</label>
            <input id="q" name="q" type="search" defaultValue={filters.q} placeholder="e.g. gold hoops" maxLength={200} />
            <label htmlFor="category">Category</label>
            <select id="category" name="category" defaultValue={filters.category}>
              <option value="">All categories</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {CATEGORY_LABELS[c]}
                </option>
              ))}
            </select>
            <label htmlFor="metal">Metal</label>
            <select id="metal" name="metal" defaultValue={filters.metal}>
              <option value="">All metals</option>
              <option value="gold">Any gold</option>
              {METALS.map((m) => (
                <option key={m} value={m}>
                  {METAL_LABELS[m]}
                </option>
              ))}
            </select>
            <fieldset className="filters__price">
              <legend>Price (USD)</legend>
              <label htmlFor="minPrice">Min</label>
              <input id="minPrice" name="minPrice" type="number" min={0} step={1} inputMode="numeric" defaultValue={filters.minPrice} />
              <label htmlFor="maxPrice">Max</label>
              <input id="maxPrice" name="maxPrice" type="number" min={0} step={1} inputMode="numeric" defaultValue={filters.maxPrice} />
            </fieldset>
            <div className="filters__check">
              <input id="readyToShip" name="readyToShip" type="checkbox" value="1" defaultChecked={filters.readyToShip} />
              <label htmlFor="readyToShip">Ready to ship</label>
            </div>
            <label htmlFor="sort">Sort by</label>
            <select id="sort" name="sort" defaultValue={filters.sort}>
              {Object.entries(SORT_LABELS).map(([value, label]) => (
                <option key={value} value={value === "featured" ? "" : value}>
                  {label}
                </option>
              ))}
            </select>
            <button type="submit" className="button">
              Show pieces
            </button>
            <Link to="/" className="filters__reset">
              Clear filters
            </Link>
          </Form>
        </aside>
        <section id="products" className="results" aria-labelledby="results-heading">
          <h2 id="results-heading" className="visually-hidden">
            Pieces
          </h2>
          {error ? (
            <p role="alert" className="notice notice--error">
              {error}
            </p>
          ) : result && result.items.length > 0 ? (
            <>
              <p className="results__count" aria-live="polite">
                {result.total} {result.total === 1 ? "piece" : "pieces"}
              </p>
              <ul className="product-grid">
                {result.items.map((p) => (
                  <ProductCard key={p.id} product={p} />
                ))}
              </ul>
              {result.nextCursor ? (
                <p className="results__more">
                  <Link to={`/?${nextParams.toString()}`} className="button button--secondary">
                    More pieces
                  </Link>
                </p>
              ) : null}
            </>
          ) : (
            <p className="notice">No pieces match those filters yet. Try removing one.</p>
          )}
        </section>
      </main>
      {/* The demo store embeds the concierge exactly as any store would: one async script tag. */}
      <script src="/widget.js" async data-label={`Chat with the ${storeName} concierge`} />
      <footer className="site-footer">
        <p>
          {storeName} demo store · <a href="/api/health">Service health</a>
        </p>
      </footer>
    </>
  );
}
