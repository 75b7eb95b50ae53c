import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { checkTurn, CONVERSATION_GATE, evaluateConversations, formatConversationReport, TURN_GATE } from "./conversation-eval";
import { CONVERSATIONS } from "./conversations";
import { CONVERSATIONS_HOLDOUT } from "./conversations-holdout";

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => {
  await t.cleanup();
});

describe("the multi-turn conversation sets", () => {
  it("has ≥ 60 tuning conversations of 2–6 turns, ≥ 8 each in Spanish, French and German, and a held-out set", () => {
    expect(CONVERSATIONS.length).toBeGreaterThanOrEqual(60);
    for (const c of CONVERSATIONS) {
      expect(c.turns.length, c.id).toBeGreaterThanOrEqual(2);
      expect(c.turns.length, c.id).toBeLessThanOrEqual(6);
    }
    for (const language of ["es", "fr", "de"] as const) {
      expect(CONVERSATIONS.filter((c) => c.language === language).length, language).toBeGreaterThanOrEqual(8);
    }
    expect(new Set(CONVERSATIONS.map((c) => c.id)).size).toBe(CONVERSATIONS.length);
    expect(CONVERSATIONS_HOLDOUT.length).toBeGreaterThanOrEqual(30);
    const tuningTexts = new Set(CONVERSATIONS.flatMap((c) => c.turns.map((turn) => turn.text)));
    expect(
      CONVERSATIONS_HOLDOUT.flatMap((c) => c.turns.map((turn) => turn.text)).filter((x) => x && !x.includes("@") && tuningTexts.has(x)),
    ).toEqual([]);
  });

  it(`meets the gate on the tuning set through chat.send: ≥ ${TURN_GATE * 100}% of turns, ≥ ${CONVERSATION_GATE * 100}% of whole conversations`, async () => {
    const report = await evaluateConversations(CONVERSATIONS, t);
    const summary = formatConversationReport("tuning", report);
    expect(report.turnsOk / report.turns, summary).toBeGreaterThanOrEqual(TURN_GATE);
    expect(report.conversationsOk / report.conversations, summary).toBeGreaterThanOrEqual(CONVERSATION_GATE);
    expect(report.needlessChoosers, summary).toBe(0);
  });

  it("reports the held-out set (never tuned on; printed, not gated)", async () => {
    const report = await evaluateConversations(CONVERSATIONS_HOLDOUT, t);
    console.info(formatConversationReport("held-out conversations", report));
    expect(report.turns).toBeGreaterThan(0);
  });
});

describe("checkTurn", () => {
  const catalog = new Map([
    ["a", { id: "a", name: "Alpha Ring", category: "ring", metal: "platinum", priceCents: 50_000, readyToShip: true, stones: [] }],
    ["b", { id: "b", name: "Beta Ring", category: "ring", metal: "sterling_silver", priceCents: 9_000, readyToShip: false, stones: [] }],
  ]) as never;
  const cards = (ids: string[]) => ({
    type: "product_cards" as const,
    products: ids.map((id) => ({ id }) as never),
    summary: "",
    hasMore: false,
  });

  it("fails a chooser, a wrong journey, cards that break a constraint and a text that names the wrong piece", () => {
    const failures = checkTurn(
      { intent: "product_question", cards: { metals: ["platinum"], cheaperThanShown: true }, names: [1] },
      {
        messages: [
          { type: "intent_chooser", prompt: "?", options: [] } as never,
          cards(["a"]),
          { type: "text", text: "Alpha Ring is lovely" },
        ],
        intent: "clarify",
        shownBefore: ["a", "b"],
        catalog,
      },
    );
    expect(failures.join(" | ")).toMatch(/chooser/);
    expect(failures.join(" | ")).toMatch(/intent clarify/);
    expect(failures.join(" | ")).toMatch(/not below the cheapest shown/);
    expect(failures.join(" | ")).toMatch(/does not name card #2 \(Beta Ring\)/);
  });

  it("passes a turn that meets every expectation", () => {
    expect(
      checkTurn(
        { intent: "find_product", cards: { category: "ring", fresh: true }, says: [/rings/] },
        { messages: [{ type: "text", text: "Here are rings." }, cards(["b"])], intent: "find_product", shownBefore: ["a"], catalog },
      ),
    ).toEqual([]);
  });
});
