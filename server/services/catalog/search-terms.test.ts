import { describe, expect, it } from "vitest";
import { categoryOfTerm, productSearchTerms, queryTerms, stem } from "./search-terms";

describe("catalog search terms", () => {
  it("singularises shopper plurals", () => {
    expect(["rings", "necklaces", "earrings", "bracelets", "bangles", "hoops", "studs", "chains"].map(stem)).toEqual([
      "ring",
      "necklace",
      "earring",
      "bracelet",
      "bangle",
      "hoop",
      "stud",
      "chain",
    ]);
    expect(stem("glass")).toBe("glass");
  });

  it("drops stop words and numbers from queries", () => {
    expect(queryTerms("Gold rings under $500 for my mom")).toEqual(["gold", "ring", "mom"]);
  });

  it("maps category words to categories", () => {
    expect(categoryOfTerm("ring")).toBe("ring");
    expect(categoryOfTerm("earring")).toBe("earrings");
    expect(categoryOfTerm("gold")).toBeUndefined();
  });

  it("lets every gold colour be found as gold and silver as silver", () => {
    const base = {
      sku: "X",
      name: "Dainty Bar Necklace",
      category: "necklace" as const,
      stones: [],
      styleTags: ["dainty" as const],
      priceCents: 1000,
      currency: "USD" as const,
      readyToShip: true,
      shippingPromise: "",
      leadTimeDays: 1,
      sizes: [],
      description: "",
      imageUrl: "",
      engravable: true,
      featuredRank: 1,
      createdAt: new Date(),
    };
    expect(productSearchTerms({ ...base, metal: "rose_gold_14k" })).toEqual(
      expect.arrayContaining(["gold", "rose", "necklace", "bar", "dainty"]),
    );
    expect(productSearchTerms({ ...base, metal: "sterling_silver" })).toEqual(expect.arrayContaining(["silver", "sterling"]));
  });
});
