import { describe, expect, it } from "vitest";
import { createKnowledgeService } from "../../knowledge/create";
import { durationNumbers, moneyAmounts, parseNumber, percentages } from "./amounts";
import { productNameCandidates } from "./claims";
import { checkSentence } from "./guard";
import { SentenceGate } from "./sentence-gate";
import { knowledgeFacts, TurnFacts } from "./turn-facts";

const knowledge = createKnowledgeService({ dir: undefined, policyFile: undefined, logger: { warn: () => undefined } });

function facts(): TurnFacts {
  const f = new TurnFacts(knowledgeFacts(knowledge));
  f.addProduct({ id: "gg-1", name: "Dainty Stacking Band", pricesCents: [18_900, 21_900], readyToShip: true, shippingDays: [1, 2] });
  f.addProduct({
    id: "gg-2",
    name: "Oval Lab Diamond Solitaire Ring",
    pricesCents: [189_000],
    readyToShip: false,
    shippingDays: [3, 4, 20],
  });
  f.addShopperText("gold rings under 500");
  return f;
}

const reason = (sentence: string, f = facts()) => checkSentence(sentence, f)?.reason;

describe("amounts", () => {
  it("reads money, percentages and durations the way shoppers write them", () => {
    expect(moneyAmounts("from $1,200 to 1.500 € or USD 99 and 150 dollars, $2.5k")).toEqual([120_000, 150_000, 9_900, 15_000, 250_000]);
    expect(parseNumber("1.200,50")).toBe(1200.5);
    expect(parseNumber("12.50")).toBe(12.5);
    expect(percentages("0% APR or 10 % off")).toEqual([0, 10]);
    expect(durationNumbers("ships in 1–2 business days, made to order 3 to 4 weeks, 5 días")).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("product names", () => {
  it("finds title-case piece names, not generic words", () => {
    expect(productNameCandidates("You will adore the Moonbeam Diamond Tiara, truly.")).toEqual(["Moonbeam Diamond Tiara"]);
    expect(productNameCandidates("Our Dainty Stacking Band is lovely.")).toEqual(["Dainty Stacking Band"]);
    expect(productNameCandidates("Gold rings are timeless and these rings ship fast.")).toEqual([]);
  });
});

describe("checkSentence", () => {
  it("accepts what the tools and the knowledge base back up", () => {
    for (const ok of [
      "The Dainty Stacking Band is $189 in rose gold and $219 in yellow gold.",
      "Here are gold rings under $500.",
      "The Dainty Stacking Band is ready to ship.",
      "The Oval Lab Diamond Solitaire Ring is made to order and ships in 3–4 weeks.",
      "Returns are free within 30 days of delivery.",
      "Affirm offers 0% APR on orders over $500.",
      "Express delivery costs $25.",
      "US shipping is free on orders over $500.",
      "Hello! How can I help you today?",
      "I've opened a form so you can confirm your order's email.",
      "Once you send the form, a stylist will get back to you within a day.",
      "Tap Save and I'll keep it on your list.",
    ]) {
      expect(checkSentence(ok, facts()), ok).toBeUndefined();
    }
  });

  it.each([
    ["You will love the Moonbeam Diamond Tiara.", "invented_product"],
    ["The Dainty Stacking Band is only $99.", "price"],
    ["It costs $1,490 today.", "price"],
    ["The Dainty Stacking Band is 20% off this week.", "discount"],
    ["Use the coupon GLOW10 at checkout.", "discount"],
    ["Hurry, only 2 left!", "stock"],
    ["It's selling fast.", "stock"],
    ["The Oval Lab Diamond Solitaire Ring is in stock and ready to ship.", "stock"],
    ["The Oval Lab Diamond Solitaire Ring ships in 1-2 days.", "shipping"],
    ["Order today and it arrives by Friday.", "shipping"],
    ["Returns are free within 90 days.", "shipping"],
    ["I've created your return and emailed the label.", "action_claim"],
    ["Your return has been submitted.", "action_claim"],
    ["You're subscribed to updates.", "action_claim"],
    ["A stylist will call you tomorrow.", "action_claim"],
    ["Tu devolución ha sido creada.", "action_claim"],
    ["Votre retour a été créé.", "action_claim"],
    ["Ihre Rücksendung wurde erstellt.", "action_claim"],
    ["¡Solo quedan 2!", "stock"],
  ])("refuses %j (%s)", (sentence, expected) => {
    expect(reason(sentence)).toBe(expected);
  });

  it("allows an action claim once that action's confirmation exists this turn", () => {
    const f = facts();
    f.confirm("return");
    expect(reason("Your return has been created.", f)).toBeUndefined();
  });

  it("allows a delivery date when the order's ETA is a fact of this turn", () => {
    const f = facts();
    f.addOrder({ orderNumber: "GG-12002", status: "Shipped", estimatedDelivery: "Friday, Dec 6" });
    expect(reason("It should arrive by Friday.", f)).toBeUndefined();
  });

  it("names on the shopper's screen may be mentioned", () => {
    const f = new TurnFacts(knowledgeFacts(knowledge));
    f.addShown(["Celeste Pavé Band"]);
    expect(reason("The Celeste Pavé Band would suit you.", f)).toBeUndefined();
  });
});

describe("SentenceGate", () => {
  it("shows whole checked sentences only and stops at the first refused one", () => {
    const shown: string[] = [];
    const gate = new SentenceGate(
      (s) => checkSentence(s, facts()),
      (d) => shown.push(d),
    );
    for (const piece of ["The Dainty Sta", "cking Band is $189. It is", " only $99 today. And more."]) gate.push(piece);
    expect(shown).toEqual(["The Dainty Stacking Band is $189. "]);
    expect(gate.violation?.reason).toBe("price");
    expect(gate.push("anything")).toBe(false);
  });

  it("joins rounds with a space, adds a citation prefix unless the sentence cites, and flushes the last sentence", () => {
    const shown: string[] = [];
    const gate = new SentenceGate(
      () => undefined,
      (d) => shown.push(d),
    );
    gate.push("Let me check.");
    gate.flush();
    gate.newRound();
    gate.prefixNext("From our shipping policy: ", (s) => s.includes("our shipping policy"));
    gate.push("We ship to Canada");
    expect(gate.flush()).toBe(true);
    expect(gate.text).toBe("Let me check. From our shipping policy: We ship to Canada");
    expect(shown.join("")).toBe(gate.text);
  });
});
