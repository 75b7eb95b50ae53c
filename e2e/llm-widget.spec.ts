/**
 * The widget in LLM mode, against the built app and the DeepSeek-like test server: what a shopper sees
 * while the model streams (checked sentences, the stored answer once), when a stream stalls (the partial
 * text goes away, the rules answer, nothing freezes) and when the model invents something (the guard's
 * rule-composed text, the cards kept).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOpenAiTestServer, type OpenAiTestServer } from "../server/testing/openai-test-server";
import { startBuiltApp, type RunningApp } from "./support/app-server";
import { launchChromium } from "./support/browser";
import { ready, rowTexts, say, settled } from "./support/widget-journeys";

let llm: OpenAiTestServer;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  llm = await startOpenAiTestServer();
  app = await startBuiltApp({
    DEEPSEEK_API_KEY: "sk-e2e",
    DEEPSEEK_BASE_URL: llm.baseURL,
    DEEPSEEK_MAX_RETRIES: "0",
    DEEPSEEK_FIRST_TOKEN_MS: "2500",
    DEEPSEEK_TURN_TIMEOUT_MS: "10000",
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await llm?.close();
});
beforeEach(() => llm.reset());

async function openWidget(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 400, height: 700 } });
  const page = await context.newPage();
  const host = new URL(app.url).origin;
  await page.goto(`${app.url}/widget?host=${encodeURIComponent(host)}&vid=e2e_llm_${Date.now().toString(36)}`);
  await ready(page);
  return page;
}

const conciergeTexts = (page: Page) => rowTexts(page, ".cw-log > li.cw-row--concierge[data-type=text]");

const searchGoldRings = {
  kind: "tool_calls" as const,
  calls: [{ name: "search_products", arguments: JSON.stringify({ category: "ring", metals: ["yellow_gold_14k"], maxPriceUsd: 500 }) }],
};

describe("the widget with the LLM engine", () => {
  it("streams the model's checked sentences and shows the answer once, with the cards", async () => {
    const answer = "Here are yellow gold rings under $500. Each one is a lovely everyday piece. Tap a card for details.";
    llm.enqueue(searchGoldRings, { kind: "reply", content: answer, chunkSize: 3, chunkDelayMs: 40 });
    const page = await openWidget();
    await say(page, "yellow gold rings under 500");
    // While it streams, the draft only ever holds whole sentences.
    const draft = page.locator(".cw-bubble--draft");
    await draft.waitFor();
    const seen = await draft.textContent();
    expect(answer.startsWith(seen ?? "")).toBe(true);
    expect((seen ?? "").trim()).toMatch(/[.!?]$/);
    await settled(page);
    const texts = await conciergeTexts(page);
    expect(texts.filter((t) => t.includes("Here are yellow gold rings under $500."))).toHaveLength(1);
    expect(texts.join(" ")).toContain("Tap a card for details.");
    expect(await page.locator("[data-type=product_cards] .cw-card").count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it("a stream that stalls is cut within the deadline: the partial text goes, the rules answer, nothing freezes", async () => {
    llm.enqueue({
      kind: "reply",
      content: "Gold rings are a lovely choice. Let me tell you about the ones under five hundred dollars and why",
      chunkSize: 4,
      stallAfterDeltas: 20,
    });
    const page = await openWidget();
    await say(page, "gold rings under $500");
    await page.locator("[data-type=product_cards] .cw-card").first().waitFor({ timeout: 20_000 });
    await settled(page);
    const log = (await page.locator(".cw-log").textContent()) ?? "";
    expect(log).not.toContain("Gold rings are a lovely choice.");
    expect(log).not.toContain("Let me tell you");
    await page.context().close();
  });

  it("an invented piece never reaches the shopper: the cards stay, the text is the store's own", async () => {
    llm.enqueue(searchGoldRings, { kind: "reply", content: "Here are some rings. You will adore the Moonbeam Diamond Tiara too." });
    const page = await openWidget();
    await say(page, "yellow gold rings under 500");
    await page.locator("[data-type=product_cards] .cw-card").first().waitFor();
    await settled(page);
    const log = (await page.locator(".cw-log").textContent()) ?? "";
    expect(log).not.toContain("Moonbeam");
    expect((await conciergeTexts(page)).join(" ").length).toBeGreaterThan(0);
    await page.context().close();
  });
});
