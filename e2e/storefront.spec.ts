import AxeBuilder from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./support/browser";

const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("demo storefront", () => {
  it("shows the catalog and filters it to gold rings under $500", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseURL}/`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Shop the collection");
    const cards = page.locator(".product-card");
    expect(await cards.count()).toBeGreaterThanOrEqual(12);
    // Every card shows an image that really loads from this server.
    const firstImage = cards.first().locator("img");
    await firstImage.evaluate((img: HTMLImageElement) => img.decode());
    expect(await firstImage.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    await page.getByLabel("Category").selectOption("ring");
    await page.getByLabel("Metal").selectOption("gold");
    await page.getByLabel("Max").fill("500");
    await page.getByRole("button", { name: "Show pieces" }).click();
    await page.waitForURL(/category=ring/);
    // The URL changes as the navigation commits; wait for the grid to show the filtered results.
    await expect
      .poll(async () => (await page.locator(".product-card__name").allTextContents()).every((n) => /ring|band/i.test(n)), {
        timeout: 10_000,
      })
      .toBe(true);
    const names = await page.locator(".product-card__name").allTextContents();
    const prices = await page.locator(".product-card__price").allTextContents();
    const specs = await page.locator(".product-card__spec").allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name.toLowerCase()).toMatch(/ring|band/);
    for (const spec of specs) expect(spec.toLowerCase()).toContain("gold");
    for (const price of prices) expect(Number(price.replace(/[^0-9.]/g, ""))).toBeLessThanOrEqual(500);
    await context.close();
  });

  it("explains an invalid filter instead of failing", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${baseURL}/?minPrice=900&maxPrice=100`);
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("minPrice");
    await context.close();
  });

  it("has no axe violations", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseURL}/?q=necklace`);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await context.close();
  });
});
