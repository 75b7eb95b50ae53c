import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { callerFor } from "../lib/caller.server";
import { formatPrice } from "../lib/storefront-query";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.detail.product.name} · ${data.variantLabel} — ${data.storeName}` : "Piece not found" },
  { name: "description", content: data?.detail.product.description ?? "" },
];

/**
 * The demo storefront's product page (`/products/<id>`): where the concierge's "View in store" links
 * lead when no STORE_URL is configured, so those links always reach a real page.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const storeName = context.runtime.config.storeName;
  try {
    const detail = await callerFor(request, context).support.products.get({ productId: params.handle ?? "" });
    const variantLabel = detail.variants.find((v) => v.id === detail.product.id)?.label ?? "";
    return json({ storeName, detail, variantLabel });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) {
      throw new Response("Not found", { status: 404 });
    }
    throw error;
  }
}

export default function ProductPage() {
  const { storeName, detail, variantLabel } = useLoaderData<typeof loader>();
  const { product, variants, sizes, images } = detail;
  return (
    <>
      <header className="site-header">
        <Link to="/" className="brand">
          {storeName}
        </Link>
        <p className="tagline">Lab-grown diamonds &amp; fine jewelry, made to be worn every day.</p>
      </header>
      <main className="product-page">
        <p className="product-page__back">
          <Link to="/">← Back to the collection</Link>
        </p>
        <div className="product-page__grid">
          <img className="product-page__img" src={images[0]?.url ?? product.imageUrl} alt={images[0]?.alt ?? ""} width={480} height={480} />
          <div>
            <h1 className="product-page__name">{product.name}</h1>
            <p className="product-page__variant">{variantLabel}</p>
            <p className="product-page__price">{formatPrice(product.priceCents)}</p>
            <p>{product.description}</p>
            <p className={product.readyToShip ? "badge badge--ready" : "badge"}>
              {product.readyToShip ? "Ready to ship" : "Made to order"}
            </p>
            <p className="product-card__shipping">{product.shippingPromise}</p>
            {variants.length > 1 ? (
              <>
                <h2 className="product-page__h2">Metal</h2>
                <ul className="product-page__options">
                  {variants.map((v) => (
                    <li key={v.id}>
                      {v.id === product.id ? (
                        <strong aria-current="page">
                          {v.label} · {formatPrice(v.priceCents)}
                        </strong>
                      ) : (
                        <Link to={`/products/${v.id}`}>
                          {v.label} · {formatPrice(v.priceCents)}
                        </Link>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {sizes.length > 0 ? (
              <>
                <h2 className="product-page__h2">Sizes</h2>
                <p>{sizes.map((s) => `${s.size} (${formatPrice(s.priceCents)})`).join(" · ")}</p>
              </>
            ) : null}
          </div>
        </div>
      </main>
      <script src="/widget.js" async data-label={`Chat with the ${storeName} concierge`} />
    </>
  );
}
