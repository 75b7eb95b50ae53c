import { METAL_LABELS, type Product } from "../../../server/domain/catalog";
import { formatPrice } from "../../lib/storefront-query";

export function ProductCard({ product }: { product: Omit<Product, "createdAt"> }) {
  const stone = product.stones[0];
  const spec = [METAL_LABELS[product.metal], stone ? `${stone.caratTotal ? `${stone.caratTotal} ct ` : ""}${stone.type}` : null]
    .filter(Boolean)
    .join(" · ");
  return (
    <li className="product-card">
      <img src={product.imageUrl} alt="" width={240} height={240} loading="lazy" />
      <div className="product-card__body">
        <h3 className="product-card__name">
          <a href={`/products/${product.id}`}>{product.name}</a>
        </h3>
        <p className="product-card__spec">{spec}</p>
        <p className="product-card__price">{formatPrice(product.priceCents)}</p>
        {product.readyToShip ? <p className="badge badge--ready">Ready to ship</p> : <p className="badge">Made to order</p>}
        <p className="product-card__shipping">{product.shippingPromise}</p>
      </div>
    </li>
  );
}
