import { describe, expect, it } from "vitest";
import { extractSlots } from "./slots";

const GOLD = ["yellow_gold_14k", "white_gold_14k", "rose_gold_14k"];
const price = (text: string) => {
  const s = extractSlots(text);
  return [s.minPriceCents, s.maxPriceCents];
};

describe("extractSlots: category", () => {
  it.each([
    ["rings", "ring"],
    ["bands", "ring"],
    ["engagement ring", "ring"],
    ["wedding band", "ring"],
    ["signet", "ring"],
    ["necklaces", "necklace"],
    ["chains", "necklace"],
    ["pendants", "necklace"],
    ["chokers", "necklace"],
    ["lariats", "necklace"],
    ["earrings", "earrings"],
    ["studs", "earrings"],
    ["hoops", "earrings"],
    ["huggies", "earrings"],
    ["drops", "earrings"],
    ["climbers", "earrings"],
    ["bracelets", "bracelet"],
    ["bangles", "bracelet"],
    ["cuffs", "bracelet"],
    ["tennis bracelet", "bracelet"],
    ["chain bracelet", "bracelet"],
    ["drop earrings", "earrings"],
    ["neckalce", "necklace"],
    ["braclet", "bracelet"],
    ["earings", "earrings"],
    ["a tennis necklace", "necklace"],
  ])("%s → %s", (text, category) => {
    expect(extractSlots(text).category).toBe(category);
  });

  it("finds nothing in text without a piece", () => {
    expect(extractSlots("give me a ring sometime").category).toBeUndefined();
    expect(extractSlots("where is my order").category).toBeUndefined();
  });
});

describe("extractSlots: metals", () => {
  it.each([
    ["gold", GOLD],
    ["silver", ["sterling_silver"]],
    ["sterling", ["sterling_silver"]],
    ["sterling silver", ["sterling_silver"]],
    ["platinum", ["platinum"]],
    ["platnium band", ["platinum"]],
    ["yellow gold", ["yellow_gold_14k"]],
    ["white gold", ["white_gold_14k"]],
    ["rose gold", ["rose_gold_14k"]],
    ["14k", GOLD],
    ["14k yellow gold", ["yellow_gold_14k"]],
    ["rose gold or white gold", ["rose_gold_14k", "white_gold_14k"]],
    ["gold or silver", [...GOLD, "sterling_silver"]],
    ["not silver, gold please", GOLD],
  ])("%s", (text, metals) => {
    expect(extractSlots(text).metals).toEqual(metals);
  });
});

describe("extractSlots: price", () => {
  it.each([
    // ceilings
    ["under $500", undefined, 50_000],
    ["below 300", undefined, 30_000],
    ["less than 1k", undefined, 100_000],
    ["max 250", undefined, 25_000],
    ["up to $1,000", undefined, 100_000],
    ["$500 or less", undefined, 50_000],
    ["no more than 400", undefined, 40_000],
    ["nothing over $350", undefined, 35_000],
    ["I have 300 to spend", undefined, 30_000],
    // floors
    ["over $200", 20_000, undefined],
    ["at least 1k", 100_000, undefined],
    ["above 300", 30_000, undefined],
    ["500+", 50_000, undefined],
    ["200 and up", 20_000, undefined],
    // ranges
    ["between 200 and 400", 20_000, 40_000],
    ["$200-$400", 20_000, 40_000],
    ["200 to 400", 20_000, 40_000],
    ["between $1,500 and $3,000", 150_000, 300_000],
    ["1-2k", 100_000, 200_000],
    // approximate: ±25%
    ["around 200", 15_000, 25_000],
    ["about $300", 22_500, 37_500],
    ["~250", 18_750, 31_250],
    ["roughly 150", 11_250, 18_750],
    ["300ish", 22_500, 37_500],
    ["budget about 100", 7_500, 12_500],
    // amounts
    ["$1,000", undefined, 100_000],
    ["1k", undefined, 100_000],
    ["1.5k", undefined, 150_000],
    ["1000 dollars", undefined, 100_000],
    ["under a grand", undefined, 100_000],
    ["gold hoops 300", undefined, 30_000],
    ["under 10k engagement ring", undefined, 1_000_000],
    // soft ceiling
    ["cheap earrings", undefined, 20_000],
    ["affordable", undefined, 20_000],
  ])("%s → %s..%s", (text, min, max) => {
    expect(price(text)).toEqual([min, max]);
  });

  it.each([
    "size 7",
    "size 7 gold band",
    "GG-12002",
    "where is gg12002",
    "order 12002",
    "has order #12004 shipped",
    "5 stars",
    "3/5",
    "14k gold ring",
    "18 inch chain",
    "2 carat ring",
    "ships in 3 days",
    "I wear a 6.5 ring",
  ])("never reads a price in %s", (text) => {
    expect(price(text)).toEqual([undefined, undefined]);
  });

  it("keeps a real price next to a size or an order number", () => {
    expect(extractSlots("size 7 ring under $300")).toMatchObject({ ringSize: "7", maxPriceCents: 30_000 });
    expect(extractSlots("GG-12002 and gold hoops under 200")).toMatchObject({ orderNumber: "GG-12002", maxPriceCents: 20_000 });
  });
});

describe("extractSlots: ready to ship, gift, recipient, style, stones", () => {
  it.each(["ready to ship", "in stock", "ships fast", "need it by friday", "asap", "need a gift by friday"])("%s → readyToShip", (t) => {
    expect(extractSlots(t).readyToShip).toBe(true);
  });

  it("gifts and recipients", () => {
    expect(extractSlots("a gift")).toMatchObject({ gift: true });
    expect(extractSlots("birthday present")).toMatchObject({ gift: true });
    expect(extractSlots("for my mom")).toMatchObject({ gift: true, recipient: "mom" });
    expect(extractSlots("something for my wife")).toMatchObject({ gift: true, recipient: "wife" });
    expect(extractSlots("for my gf")).toMatchObject({ recipient: "girlfriend" });
    expect(extractSlots("signet ring for my husband")).toMatchObject({ recipient: "husband" });
    expect(extractSlots("my sister likes opals").recipient).toBe("sister");
  });

  it("style words", () => {
    expect(extractSlots("dainty").styleTags).toEqual(["dainty"]);
    expect(extractSlots("minimalist simple").styleTags).toEqual(["minimal"]);
    expect(extractSlots("chunky bold statement").styleTags).toEqual(["statement"]);
    expect(extractSlots("vintage art deco antique").styleTags).toEqual(["vintage"]);
    expect(extractSlots("classic").styleTags).toEqual(["classic"]);
    expect(extractSlots("modern").styleTags).toEqual(["modern"]);
    expect(extractSlots("engagement").styleTags).toEqual(["bridal"]);
    expect(extractSlots("everyday stackable boho").styleTags).toEqual(["everyday", "stackable", "bohemian"]);
  });

  it("stones", () => {
    expect(extractSlots("lab-grown diamond").stones).toEqual(["lab diamond"]);
    expect(extractSlots("diamonds").stones).toEqual(["lab diamond"]);
    expect(extractSlots("iced out chain").stones).toEqual(["lab diamond"]);
    expect(extractSlots("sapphire and emerald and ruby").stones).toEqual(["sapphire", "emerald", "ruby"]);
    expect(extractSlots("pearls, moissanite or opal").stones).toEqual(["pearl", "moissanite", "opal"]);
  });
});

describe("extractSlots: orders, emails, sizes", () => {
  it.each([
    ["GG-12002", "GG-12002"],
    ["gg12002", "GG-12002"],
    ["gg 12002", "GG-12002"],
    ["order 12002", "GG-12002"],
    ["my order number is 12002", "GG-12002"],
    ["where is #12002", "GG-12002"],
    ["order #12002", "GG-12002"],
  ])("%s → %s", (text, orderNumber) => {
    expect(extractSlots(text).orderNumber).toBe(orderNumber);
  });

  it("needs an order context for #digits or bare digits", () => {
    expect(extractSlots("#12002 is my lucky number").orderNumber).toBeUndefined();
    expect(extractSlots("12002").orderNumber).toBeUndefined();
    expect(extractSlots("12002", { awaiting: "orderNumber" }).orderNumber).toBe("GG-12002");
  });

  it("emails are kept verbatim (lowercased)", () => {
    expect(extractSlots("it's Jane.Doe+1@Example.com").email).toBe("jane.doe+1@example.com");
    expect(extractSlots("GG-12002 jane@example.co.uk")).toMatchObject({ orderNumber: "GG-12002", email: "jane@example.co.uk" });
  });

  it.each([
    ["size 7", "7"],
    ["size 6.5", "6.5"],
    ["a 6.5 ring", "6.5"],
    ["I wear a 6.5", "6.5"],
    ["size seven", "7"],
    ["size seven and a half", "7.5"],
    ["size 7 1/2", "7.5"],
    ["resize my band to 5.5", "5.5"],
  ])("%s → ring size %s", (text, size) => {
    expect(extractSlots(text).ringSize).toBe(size);
  });

  it("a bare size only when the engine asked for one", () => {
    expect(extractSlots("7").ringSize).toBeUndefined();
    expect(extractSlots("7", { awaiting: "ringSize" }).ringSize).toBe("7");
  });
});

describe("extractSlots: return kind, channel, rating, sort, refinement", () => {
  it("return kinds", () => {
    expect(extractSlots("my ring is too small").returnKind).toBe("resize");
    expect(extractSlots("can I get it resized").returnKind).toBe("resize");
    expect(extractSlots("I want a refund").returnKind).toBe("return");
    expect(extractSlots("send it back").returnKind).toBe("return");
    expect(extractSlots("the clasp broke").returnKind).toBe("repair");
    expect(extractSlots("a stone fell out").returnKind).toBe("repair");
  });

  it("channels", () => {
    expect(extractSlots("text me").channel).toBe("sms");
    expect(extractSlots("sms updates").channel).toBe("sms");
    expect(extractSlots("email me").channel).toBe("email");
    expect(extractSlots("my email is a@b.co").channel).toBeUndefined();
  });

  it("ratings", () => {
    expect(extractSlots("5 stars").rating).toBe(5);
    expect(extractSlots("3/5").rating).toBe(3);
    expect(extractSlots("4 out of 5").rating).toBe(4);
    expect(extractSlots("one star").rating).toBe(1);
    expect(extractSlots("10/10").rating).toBe(5);
    expect(extractSlots("4", { awaiting: "rating" }).rating).toBe(4);
  });

  it("sorts", () => {
    expect(extractSlots("cheapest first").sort).toBe("price_asc");
    expect(extractSlots("price low to high").sort).toBe("price_asc");
    expect(extractSlots("most expensive").sort).toBe("price_desc");
    expect(extractSlots("newest").sort).toBe("newest");
  });

  it("refinements", () => {
    expect(extractSlots("more").refinement).toBe("more");
    expect(extractSlots("show me more").refinement).toBe("more");
    expect(extractSlots("cheaper").refinement).toBe("cheaper");
    expect(extractSlots("something pricier").refinement).toBe("pricier");
    expect(extractSlots("start over").refinement).toBe("reset");
    expect(extractSlots("more than 400").refinement).toBeUndefined();
    expect(extractSlots("cheaper than $300")).toMatchObject({ maxPriceCents: 30_000 });
    expect(extractSlots("cheaper than $300").refinement).toBeUndefined();
    expect(extractSlots("in rose gold instead").metals).toEqual(["rose_gold_14k"]);
  });
});
