import { useEffect, useId, useRef, useState } from "react";
import type { ProductStone } from "../../../server/domain/catalog";
import type { Concierge } from "../../lib/widget/use-concierge";
import { price, SaveButton } from "./messages";
import type { WidgetUi } from "./ui";

type Detail = Awaited<ReturnType<Concierge["productDetail"]>>;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "1.5 ct oval lab diamond · F–G colour · VS1–VS2 clarity" */
export function stoneLine(s: ProductStone): string {
  const what = [s.count && s.count > 1 ? `${s.count} ×` : "", s.caratTotal ? `${s.caratTotal} ct` : "", s.shape ?? "", s.type]
    .filter(Boolean)
    .join(" ");
  return [cap(what), s.color ? `${s.color} colour` : "", s.clarity ? `${s.clarity} clarity` : ""].filter(Boolean).join(" · ");
}

/**
 * A piece in full, inside the chat: images, description, each metal and size with its price, stone
 * details, the shipping promise, the heart, and "View in store" — the merchant's product page, opened
 * in the top window (never inside the iframe).
 */
export function ProductSheet({ productId, c, ui, onClose }: { productId: string; c: Concierge; ui: WidgetUi; onClose: () => void }) {
  const id = useId();
  const [currentId, setCurrentId] = useState(productId);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [failed, setFailed] = useState(false);
  const [size, setSize] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    setFailed(false);
    c.productDetail(currentId).then(
      (d) => {
        if (!live) return;
        setDetail(d);
        setSize((s) => (d.sizes.some((x) => x.size === s) ? s : ""));
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentId]);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const product = detail?.product;
  const chosenSize = detail?.sizes.find((s) => s.size === size);
  const shownPrice = chosenSize?.priceCents ?? product?.priceCents;
  const variant = detail?.variants.find((v) => v.id === detail.product.id);
  const sizeWord = product?.category === "ring" ? "Ring size (US)" : "Length";

  return (
    <div className="cw-sheet" role="dialog" aria-modal="true" aria-labelledby={`${id}-t`} aria-busy={!detail && !failed}>
      <div className="cw-sheet__head">
        <h2 id={`${id}-t`} ref={heading} tabIndex={-1} className="cw-sheet__title">
          {product ? product.name : failed ? "Piece unavailable" : "Loading the piece…"}
        </h2>
        <button type="button" className="cw-iconbtn cw-iconbtn--ink" aria-label="Close details" onClick={onClose}>
          <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16">
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {failed && (
        <p className="cw-status">
          We couldn't load this piece.{" "}
          <button type="button" className="cw-btn cw-btn--small" onClick={onClose}>
            Close
          </button>
        </p>
      )}
      {detail && product && (
        <div className="cw-sheet__body">
          <img className="cw-sheet__img" src={detail.images[0]?.url} alt={detail.images[0]?.alt ?? ""} width={480} height={384} />
          <p className="cw-sheet__variant">{variant?.label}</p>
          <p className="cw-sheet__price">
            {shownPrice !== undefined ? price(shownPrice) : ""}
            {chosenSize && chosenSize.priceCents !== product.priceCents ? <span className="cw-caption"> in {chosenSize.size}</span> : null}
          </p>
          <p className="cw-sheet__ship">
            <span className="cw-badge">{product.readyToShip ? "Ready to ship" : "Made to order"}</span> {product.shippingPromise}
          </p>
          <p className="cw-sheet__desc">{product.description}</p>

          {detail.variants.length > 1 && (
            <fieldset className="cw-fieldset">
              <legend>Metal</legend>
              <div className="cw-variants">
                {detail.variants.map((v) => (
                  <div key={v.id} className="cw-variant">
                    <input
                      type="radio"
                      id={`${id}-m-${v.id}`}
                      name={`${id}-metal`}
                      checked={v.id === currentId}
                      onChange={() => setCurrentId(v.id)}
                    />
                    <label htmlFor={`${id}-m-${v.id}`}>
                      <img src={v.imageUrl} alt="" width={44} height={44} loading="lazy" />
                      <span>
                        {v.label}
                        <span className="cw-variant__price">{price(v.priceCents)}</span>
                      </span>
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}

          {detail.sizes.length > 0 && (
            <div className="cw-field">
              <label htmlFor={`${id}-s`}>{sizeWord}</label>
              <select id={`${id}-s`} value={size} onChange={(e) => setSize(e.target.value)}>
                <option value="">Choose {product.category === "ring" ? "a size" : "a length"}</option>
                {detail.sizes.map((s) => (
                  <option key={s.size} value={s.size}>
                    {s.size} — {price(s.priceCents)}
                  </option>
                ))}
              </select>
            </div>
          )}

          {product.stones.length > 0 && (
            <>
              <h3 className="cw-sheet__h3">Stones</h3>
              <ul className="cw-stones">
                {product.stones.map((s, i) => (
                  <li key={i}>{stoneLine(s)}</li>
                ))}
              </ul>
            </>
          )}

          <div className="cw-sheet__actions">
            <SaveButton product={{ id: product.id, name: product.name, variant: variant?.label }} c={c} ui={ui} />
            {product.url && (
              <a className="cw-btn cw-btn--small" href={product.url} target="_top">
                View in store<span className="cw-sr"> (leaves the chat for the store's page)</span>
              </a>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
