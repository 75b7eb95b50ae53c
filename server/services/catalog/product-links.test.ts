import { describe, expect, it } from "vitest";
import { productUrlFor } from "./product-links";

describe("productUrlFor", () => {
  it("links to {STORE_URL}/products/{handle} by default, the id standing in for a missing handle", () => {
    const url = productUrlFor("https://shop.example.com");
    expect(url({ id: "gg-ring-stacking-band-rg" })).toBe("https://shop.example.com/products/gg-ring-stacking-band-rg");
    expect(url({ id: "gg-ring-stacking-band-rg", handle: "dainty-stacking-band" })).toBe(
      "https://shop.example.com/products/dainty-stacking-band",
    );
  });

  it("follows a custom template and encodes the handle", () => {
    const url = productUrlFor("https://shop.example.com/", "{STORE_URL}/collections/all/products/{handle}?ref=concierge");
    expect(url({ id: "x", handle: "a b/c" })).toBe("https://shop.example.com/collections/all/products/a%20b%2Fc?ref=concierge");
  });

  it("without a store URL, points at the demo storefront's product page on the concierge's own origin", () => {
    expect(productUrlFor(undefined)({ id: "gg-ring-solitaire-oval-plat" })).toBe("/products/gg-ring-solitaire-oval-plat");
    // the demo page knows products by id, so a catalog's own handles do not apply there
    expect(productUrlFor(undefined, "{STORE_URL}/p/{handle}")({ id: "gg-x", handle: "x" })).toBe("/products/gg-x");
  });
});
