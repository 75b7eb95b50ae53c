import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderProductSvg } from "../../server/catalog/product-image";

/** Locally served product images (generated SVG artwork), /images/products/<id>.svg. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const match = /^([a-z0-9-]{1,80})\.svg$/.exec(params.file ?? "");
  const product = match?.[1] ? await context.runtime.services.catalog.getById(match[1]) : null;
  if (!product) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
  return new Response(renderProductSvg(product), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
