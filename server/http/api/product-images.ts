import { renderProductSvg } from "../../catalog/product-image";
import type { CatalogService } from "../../services/catalog/catalog-service";
import type { ApiAnswer } from "./send";

/** Locally served product images (generated SVG artwork), /images/products/<id>.svg. */
export async function answerProductImage(file: string, catalog: CatalogService): Promise<ApiAnswer> {
  const match = /^([a-z0-9-]{1,80})\.svg$/.exec(file);
  const product = match?.[1] ? await catalog.getById(match[1]) : null;
  if (!product) return { status: 404, headers: { "Content-Type": "text/plain" }, body: "Not found" };
  return {
    status: 200,
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
    body: renderProductSvg(product),
  };
}
