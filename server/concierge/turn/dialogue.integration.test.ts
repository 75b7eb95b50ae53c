import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { ofType, startWidgetSession, textOf } from "../../testing/widget-client";

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => {
  await t.cleanup();
});

const namesOf = (cards: { products: Array<{ name: string }> }) => cards.products.map((p) => p.name);

describe("talking about the cards on screen (chat.send, fresh sessions)", () => {
  it("answers by position from the product data, and the shown cards survive a reload", async () => {
    const w = await startWidgetSession(t);
    const first = await w.send("I'm looking for rings in platinum");
    const cards = ofType(first.concierge, "product_cards");
    expect(cards.summary).toBe("Rings in platinum");
    const second = await t.runtime.services.catalog.getById(cards.products[1]!.id);

    // A reload: the widget resumes the session with its resume token and a new session token.
    const resumed = await t.caller().session.start({ resumeToken: w.started.enabled ? w.started.resumeToken : "" });
    if (!resumed.enabled) throw new Error("disabled");
    const reloaded = t.caller({ headers: { authorization: `Bearer ${resumed.sessionToken}` } });
    const answer = await reloaded.chat.send({ text: "is the second one ready to ship?" });
    const text = answer.entries.map((e) => (e.message.type === "text" ? e.message.text : "")).join(" ");
    expect(answer.intent).toBe("product_question");
    expect(text).toContain(second!.name);
    expect(text).toMatch(second!.readyToShip ? /ready to ship/ : /made to order/);
  });

  it("compares, answers 'which is better for everyday', and saves 'it' after a question about one piece", async () => {
    const w = await startWidgetSession(t);
    const shown = namesOf(ofType((await w.send("gold necklaces under 600")).concierge, "product_cards"));
    const compare = await w.send("compare the first two");
    expect(textOf(compare.concierge)).toContain(shown[0]!);
    expect(textOf(compare.concierge)).toContain(shown[1]!);
    const better = await w.send("which is better for everyday wear?");
    expect(textOf(better.concierge)).toMatch(/For everyday wear I'd pick/);
    await w.send("which metals does the third one come in?");
    const saved = await w.send("save it");
    expect(ofType(saved.concierge, "shortlist").products.map((p) => p.name)).toContain(shown[2]);
  });

  it("asks which one when 'it' could be any of several pieces", async () => {
    const w = await startWidgetSession(t);
    await w.send("silver earrings");
    const which = await w.send("save it");
    expect(textOf(which.concierge)).toMatch(/Which one do you mean\? 1\./);
    expect(ofType(which.concierge, "refine_chips").chips[0]!.action.kind).toBe("shortlist_add");
  });
});

describe("follow-ups stay on topic", () => {
  it("keeps a shipping conversation on shipping and cites it", async () => {
    const w = await startWidgetSession(t);
    expect(textOf((await w.send("how much is shipping?")).concierge)).toMatch(/^From our shipping policy: /);
    const australia = await w.send("and to Australia?");
    expect(australia.intent).toBe("shipping_info");
    expect(textOf(australia.concierge)).toMatch(/don't ship to .*Australia/);
  });

  it("answers a return-policy question without an order form, offering to start a return", async () => {
    const w = await startWidgetSession(t);
    const policy = await w.send("what's your return policy?");
    expect(policy.concierge.some((m) => m.type === "order_lookup_form")).toBe(false);
    expect(ofType(policy.concierge, "refine_chips").chips.map((c) => c.label)).toContain("Start a return");
    const engraved = await w.send("does that apply to engraved pieces?");
    expect(textOf(engraved.concierge)).toMatch(/Engraved, personalised and custom-made pieces .* can't be returned/);
  });

  it("refines a search like a sales associate: round prices, kept filters, plain words", async () => {
    const w = await startWidgetSession(t);
    const first = ofType((await w.send("rings in platinum under 3500")).concierge, "product_cards");
    expect(first.summary).toBe("Rings in platinum under $3,500");
    const lower = ofType((await w.send("let's say up to 1,800")).concierge, "product_cards");
    expect(lower.summary).toBe("Rings in platinum under $1,800");
    const cheapest = Math.min(...lower.products.map((p) => p.priceCents));
    const cheaper = await w.send("something less expensive");
    const summary = ofType(cheaper.concierge, "product_cards").summary;
    // A round ceiling below the cheapest shown; with no platinum ring that cheap it says it relaxed the metal.
    expect(summary).toMatch(/^Rings (?:in platinum )?under \$\d[\d,]*[05]$/);
    if (!summary.includes("platinum")) expect(textOf(cheaper.concierge)).toMatch(/so I relaxed the metal: here are rings under/);
    for (const p of ofType(cheaper.concierge, "product_cards").products) expect(p.priceCents).toBeLessThan(cheapest);
  });
});

describe("other languages", () => {
  it("searches, answers and reports the language in Spanish, and the widget session resumes in it", async () => {
    const w = await startWidgetSession(t);
    const res = await w.send("pulseras de plata hasta 150");
    expect(res.language).toBe("es");
    expect(textOf(res.concierge)).toMatch(/^Aquí tienes: pulseras de plata de ley por menos de \$150\./);
    for (const p of ofType(res.concierge, "product_cards").products) {
      expect(p.category).toBe("bracelet");
      expect(p.priceCents).toBeLessThanOrEqual(15_000);
    }
    const resumed = await t.caller().session.start({ resumeToken: w.started.enabled ? w.started.resumeToken : "" });
    expect(resumed.enabled && resumed.language).toBe("es");
  });

  it("answers an unsupported language in English, says so and offers a stylist", async () => {
    const w = await startWidgetSession(t);
    const res = await w.send("Buongiorno, vorrei vedere degli anelli d'oro, per favore");
    expect(textOf(res.concierge)).toMatch(/only chat in English, Español, Français, Deutsch/);
    expect(ofType(res.concierge, "refine_chips").chips.some((c) => c.action.kind === "request_stylist")).toBe(true);
  });
});

describe("the chooser is the last resort", () => {
  it("reads typos in category words and order numbers anywhere in a sentence", async () => {
    const w = await startWidgetSession(t);
    for (const [text, category] of [
      ["ringz under 300", "ring"],
      ["neckalce in silver", "necklace"],
      ["earings", "earrings"],
      ["brcelet", "bracelet"],
    ] as const) {
      const cards = ofType((await w.send(text)).concierge, "product_cards");
      expect(
        cards.products.every((p) => p.category === category),
        text,
      ).toBe(true);
    }
    const order = await w.send("i ordered last week, number GG-12003, when will it come");
    expect(order.intent).toBe("track_order");
    expect(ofType(order.concierge, "order_lookup_form").orderNumber).toBe("GG-12003");
  });
});

describe("store knowledge configuration", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "aurora-policy-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("still honours a legacy CONCIERGE_POLICY_FILE, mapped onto its topic", async () => {
    const file = path.join(dir, "policies.json");
    writeFileSync(file, JSON.stringify({ financing: "Pay in 3 with ShopPay, interest-free." }));
    const own = await createTestRuntime({ CONCIERGE_POLICY_FILE: file });
    try {
      const w = await startWidgetSession(own);
      expect(textOf((await w.send("do you offer payment plans?")).concierge)).toBe(
        "From our financing terms: Pay in 3 with ShopPay, interest-free.",
      );
    } finally {
      await own.cleanup();
    }
  });
});
