/**
 * Smoke journeys that hold on ANY deployment (the runbook's blue-green step runs them against the
 * green environment with E2E_BASE_URL / --base-url): they need no demo data, no data directory and
 * no app instance of their own, and they write only a widget session and one chat turn.
 */
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

describe(`smoke journeys against ${baseURL}`, () => {
  it("is healthy, with its database", async () => {
    const basic = await fetch(`${baseURL}/api/health`);
    expect(basic.status).toBe(200);
    expect(await basic.json()).toMatchObject({ status: "ok" });
    const db = await fetch(`${baseURL}/api/health?check=db`);
    expect(db.status).toBe(200);
    expect(await db.json()).toMatchObject({ status: "ok", checks: { database: "ok" } });
  });

  it("serves the loader, the widget config and catalog search, and refuses bad input with 400", async () => {
    const loader = await fetch(`${baseURL}/widget.js`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get("content-type")).toMatch(/javascript/);
    const config = await fetch(`${baseURL}/api/widget/config?vid=smoke_${Date.now()}`);
    expect(config.status).toBe(200);
    expect(await config.json()).toHaveProperty("enabled");
    const search = await fetch(
      `${baseURL}/api/trpc/support.products.search?input=${encodeURIComponent(JSON.stringify({ query: "ring" }))}`,
    );
    expect(search.status).toBe(200);
    const result = ((await search.json()) as { result: { data: { items: unknown[]; total: number } } }).result.data;
    expect(Array.isArray(result.items)).toBe(true);
    expect(result.total).toBeGreaterThanOrEqual(result.items.length);
    const bad = await fetch(`${baseURL}/api/trpc/support.products.search?input=${encodeURIComponent(JSON.stringify({ $where: "1" }))}`);
    expect(bad.status).toBe(400);
  });

  it("opens the widget and answers a shopper's first message", async () => {
    const context = await browser.newContext({ viewport: { width: 400, height: 640 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const origin = new URL(baseURL).origin;
    await page.goto(`${baseURL}/widget?host=${encodeURIComponent(origin)}&vid=smoke_${Date.now().toString(36)}`);
    const log = page.locator(".cw-log > li");
    await log.first().waitFor(); // the greeting: a session started
    const before = await log.count();
    const box = page.getByLabel("Message the concierge");
    await box.fill("hello");
    await box.press("Enter");
    await page.waitForFunction((n) => document.querySelectorAll(".cw-log > li").length >= n + 2, before);
    await page.waitForFunction(() => !document.querySelector(".cw-typing, .cw-bubble--draft"));
    expect(await log.last().textContent()).toBeTruthy();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("serves the dashboard sign-in page", async () => {
    const res = await fetch(`${baseURL}/dashboard/login`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Sign in");
  });
});
