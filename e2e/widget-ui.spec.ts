import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./support/browser";

const baseURL = inject("baseURL");
const origin = new URL(baseURL).origin;
let browser: Browser;
let seq = 0;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const visitor = () => `e2e_widget_${Date.now().toString(36)}_${++seq}`;
const widgetUrl = (vid = visitor()) => `${baseURL}/widget?host=${encodeURIComponent(origin)}&vid=${vid}`;

async function openWidget(viewport = { width: 400, height: 640 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(widgetUrl());
  await page.locator(".cw-row").first().waitFor(); // the greeting: the session has started
  return { context, page, errors };
}

async function say(page: Page, text: string) {
  const box = page.getByLabel("Message the concierge");
  await box.fill(text);
  await box.press("Enter");
}

/** Waits until the concierge has finished its turn (no typing indicator, no draft). */
async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector(".cw-typing, .cw-bubble--draft"));
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** The server's own view of the shortlist, through the public API with this page's resume token. */
async function serverShortlist(page: Page): Promise<string[]> {
  const resumeToken = await page.evaluate(() => localStorage.getItem("aurora-concierge-resume"));
  expect(resumeToken).toBeTruthy();
  const start = await fetch(`${baseURL}/api/trpc/session.start`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ resumeToken }),
  });
  const token = ((await start.json()) as { result: { data: { sessionToken: string } } }).result.data.sessionToken;
  const res = await fetch(`${baseURL}/api/trpc/support.shortlist.get`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { result: { data: { products: { id: string; name: string }[] } } };
  return body.result.data.products.map((p) => p.name);
}

describe("/widget page", () => {
  it("is framable only by the allowed origins and never cached", async () => {
    const res = await fetch(widgetUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toContain(`frame-ancestors ${origin}`);
  });

  it("sends exactly one CSP header: the widget's allow-list, while other pages refuse framing", async () => {
    const csp = (await fetch(widgetUrl())).headers.get("content-security-policy") ?? "";
    // Headers.get joins repeated headers with ", " — one header means no 'none' alongside the allow-list.
    expect(csp).not.toContain("'none'");
    expect(csp.split(",").length).toBe(1);
    expect((await fetch(`${baseURL}/`)).headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
  });

  it("renders an empty, inert page for a host that is not allowed or a bad visitor id", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const url of [
      `${baseURL}/widget?host=${encodeURIComponent("https://evil.example")}&vid=${visitor()}`,
      `${baseURL}/widget?host=${encodeURIComponent(origin)}&vid=bad!`,
      `${baseURL}/widget`,
    ]) {
      await page.goto(url);
      expect(await page.locator(".cw-root").count()).toBe(0);
      expect((await page.locator("body").innerText()).trim()).toBe("");
    }
    await context.close();
  });
});

describe("widget conversation UI", () => {
  it("discovery: search, refine, save (server-confirmed) and resume after a reload", async () => {
    const { context, page, errors } = await openWidget();
    const dialog = page.getByRole("dialog", { name: /concierge/i });
    await expect(dialog.isVisible()).resolves.toBe(true);
    // Focus starts in the composer.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("cw-input");

    await say(page, "gold rings under $500");
    const cards = page.locator("[data-type=product_cards]").last().locator(".cw-card");
    await cards.first().waitFor();
    await settled(page);
    expect(await cards.count()).toBeGreaterThan(0);
    for (const price of await cards.locator(".cw-card__price").allTextContents()) {
      expect(Number(price.replace(/[^0-9.]/g, ""))).toBeLessThanOrEqual(500);
    }
    await expect(
      cards
        .first()
        .locator("img")
        .evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
    ).resolves.toBeGreaterThan(0);
    await expect(cards.first().locator(".cw-card__ship").textContent()).resolves.toBeTruthy();
    mkdirSync("test-results", { recursive: true });
    await page
      .locator("[data-type=product_cards]")
      .last()
      .evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: "test-results/widget-product-cards.png" });
    await expectNoAxeViolations(page);

    // A refine chip sends its action and brings a new set of cards.
    const before = await page.locator("[data-type=product_cards]").count();
    await page.locator("[data-type=refine_chips]").last().getByRole("button").first().click();
    await page.waitForFunction((n) => document.querySelectorAll("[data-type=product_cards]").length > n, before);
    await settled(page);

    // Save: the button says Saved only once the server has it.
    const card = page.locator("[data-type=product_cards]").last().locator(".cw-card").first();
    const name = (await card.locator(".cw-card__name").textContent())!;
    await card.getByRole("button", { name: new RegExp(`^Save ${name}`) }).click();
    await card.getByRole("button", { name: new RegExp(`^Saved ${name}`) }).waitFor();
    await settled(page);
    expect(await serverShortlist(page)).toContain(name);
    await expect(page.locator(".cw-count").textContent()).resolves.toBe("1");

    // The drawer lists it (support.shortlist.get).
    await page.getByRole("button", { name: /Saved pieces/ }).click();
    const drawer = page.getByRole("region", { name: /Saved pieces/ });
    await drawer.locator(".cw-mini__name", { hasText: name }).waitFor();
    await expect(drawer.getByRole("button", { name: "Share with a stylist" }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");
    await expect(drawer.isVisible()).resolves.toBe(false);

    // View opens the piece's details (counted for the funnel) without adding to the transcript.
    const entriesBefore = await page.locator(".cw-log > li").count();
    const viewed = page.waitForResponse((r) => r.url().includes("support.products.viewed") && r.status() === 200);
    const view = card.getByRole("button", { name: new RegExp(`^View ${name}`) });
    await view.click();
    await viewed;
    await expect(view.getAttribute("aria-expanded")).resolves.toBe("true");
    await expect(page.locator(".cw-log > li").count()).resolves.toBe(entriesBefore);
    await view.click(); // close the details again
    await expect(view.getAttribute("aria-expanded")).resolves.toBe("false");

    // Reload: the same transcript, and the saved state, come back.
    const transcript = await page.locator(".cw-log > li").allTextContents();
    await page.reload();
    const again = page.locator("[data-type=product_cards]").last().locator(".cw-card").first();
    await again.getByRole("button", { name: new RegExp(`^Saved ${name}`) }).waitFor();
    await expect(page.locator(".cw-log > li").allTextContents()).resolves.toEqual(transcript);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("order tracking: timeline with masked tracking; a wrong email gets the uniform not-found answer", async () => {
    const { context, page, errors } = await openWidget();
    await page.getByRole("button", { name: "Track my order" }).click();
    const form = page.locator("[data-type=order_lookup_form]").last();
    await form.getByLabel("Order number").waitFor();
    await form.getByLabel("Order number").fill("GG-12002");
    await form.getByLabel("Email on the order").fill("marcus.bennett@example.com");
    await form.getByRole("button", { name: "Track order" }).click();
    const timeline = page.locator("[data-type=order_timeline]").last();
    await timeline.waitFor();
    await settled(page);
    // The submitted form became a read-only summary.
    await expect(form.locator("input").count()).resolves.toBe(0);
    await expect(timeline.locator(".cw-step").count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(timeline.locator("[aria-current=step]").count()).resolves.toBe(1);
    const tracking = (await timeline.locator(".cw-facts dd.cw-mono").textContent())!;
    expect(tracking).toMatch(/^[^0-9A-Za-z]+[0-9A-Za-z]{3,4}$/);
    await expect(timeline.getByText("Carrier").isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);

    // Wrong email and unknown order, each in a fresh session: the same answer, word for word.
    const notFound = async (orderNumber: string, email: string) => {
      const fresh = await openWidget();
      await fresh.page.getByRole("button", { name: "Track my order" }).click();
      const first = fresh.page.locator("[data-type=order_lookup_form]").first();
      await first.getByLabel("Order number").fill(orderNumber);
      await first.getByLabel("Email on the order").fill(email);
      await first.getByRole("button", { name: "Track order" }).click();
      await fresh.page.waitForFunction(() => document.querySelectorAll("[data-type=order_lookup_form]").length > 1);
      await settled(fresh.page);
      const retry = fresh.page.locator("[data-type=order_lookup_form]").last();
      const text = await retry.locator(".cw-error--block").textContent();
      // The error is shown in the new form, which is ready for another try.
      await expect(retry.getByLabel("Email on the order").isEditable()).resolves.toBe(true);
      await expectNoAxeViolations(fresh.page);
      await fresh.context.close();
      return text;
    };
    const wrongEmail = await notFound("GG-12002", "someone.else@example.com");
    const unknown = await notFound("GG-99999", "marcus.bennett@example.com");
    expect(wrongEmail).toBeTruthy();
    expect(wrongEmail).toBe(unknown);
    expect(wrongEmail).not.toMatch(/UPS|ship|marcus/i);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("resize: my ring is too small → verified options → resize to 7.5 → RMA", async () => {
    const { context, page } = await openWidget();
    await say(page, "my ring is too small");
    const form = page.locator("[data-type=order_lookup_form]").last();
    await form.getByLabel("Order number").waitFor();
    await form.getByLabel("Order number").fill("GG-12004");
    await form.getByLabel("Email on the order").fill("priya.natarajan@example.com");
    await form.getByRole("button", { name: "Find order" }).click();
    const options = page.locator("[data-type=return_options]").last();
    await options.waitFor();
    await settled(page);
    await options.getByRole("radio", { name: /resize/i }).check();
    await options.getByLabel("New ring size (US)").selectOption("7.5");
    const rings = options.locator(".cw-check:not(.cw-check--off) input[type=checkbox]");
    if (!(await rings.first().isChecked())) await rings.first().check();
    await expectNoAxeViolations(page);
    await options.getByRole("button", { name: /Confirm resize/ }).click();
    const confirmation = page.locator("[data-type=return_confirmation]").last();
    await confirmation.waitFor();
    await settled(page);
    await expect(confirmation.locator(".cw-mono").textContent()).resolves.toMatch(/\S{4,}/);
    await expect(confirmation.textContent()).resolves.toContain("7.5");
    // No double submit: the options became a summary.
    await expect(options.getByRole("button", { name: /Confirm/ }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("escalation: Talk to a stylist → form → ticket confirmation", async () => {
    const { context, page } = await openWidget();
    await page.getByRole("button", { name: "Talk to a stylist" }).click();
    const form = page.locator("[data-type=escalation_form]").last();
    await form.getByLabel("Name").waitFor();
    await settled(page);
    await form.getByRole("button", { name: "Request a stylist" }).click();
    // Client-side validation explains what is missing and focuses it.
    await form.getByText("Tell us your name.").waitFor();
    await expect(page.evaluate(() => document.activeElement?.getAttribute("autocomplete"))).resolves.toBe("name");
    await form.getByLabel("Name").fill("Ava Chen");
    await form.getByLabel("Email").fill("ava.chen@example.com");
    await form.getByLabel("Best time to reach you").selectOption("Weekday evenings");
    await form.getByLabel("Notes (optional)").fill("Engagement ring ideas");
    await expectNoAxeViolations(page);
    await form.getByRole("button", { name: "Request a stylist" }).click();
    const ticket = page.locator("[data-type=ticket_confirmation]").last();
    await ticket.waitFor();
    await settled(page);
    await expect(ticket.textContent()).resolves.toMatch(/Ticket/);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("CSAT and the subscription form (consent required)", async () => {
    const { context, page } = await openWidget();
    await page.getByRole("button", { name: "Track my order" }).click();
    const form = page.locator("[data-type=order_lookup_form]").last();
    await form.getByLabel("Order number").fill("GG-12002");
    await form.getByLabel("Email on the order").fill("marcus.bennett@example.com");
    await form.getByRole("button", { name: "Track order" }).click();
    await page.locator("[data-type=order_timeline]").waitFor();
    await settled(page);

    // Subscription: submit stays disabled until the consent box is ticked.
    await page
      .locator("[data-type=refine_chips]")
      .last()
      .getByRole("button", { name: /updates/i })
      .click();
    const sub = page.locator("[data-type=subscription_form]").last();
    await sub.waitFor();
    await settled(page);
    const submit = sub.getByRole("button", { name: "Send me updates" });
    await sub.getByRole("radio", { name: "Email" }).check();
    await sub.getByLabel("Email address").fill("marcus.bennett@example.com");
    await expect(submit.isDisabled()).resolves.toBe(true);
    await sub.getByRole("checkbox").check();
    await expect(submit.isDisabled()).resolves.toBe(false);
    await expectNoAxeViolations(page);
    const before = await page.locator(".cw-log > li").count();
    await submit.click();
    await page.waitForFunction((n) => document.querySelectorAll(".cw-log > li").length > n + 1, before);
    await settled(page);
    await expect(sub.locator(".cw-summary").isVisible()).resolves.toBe(true);

    // CSAT: a rating (radio buttons with labels), an optional comment, Submit.
    let csat = page.locator("[data-type=csat_prompt]").last();
    if ((await csat.count()) === 0 || (await csat.locator(".cw-summary").count()) > 0) {
      await say(page, "I want to leave feedback");
      await page.locator("[data-type=csat_prompt] form").last().waitFor();
      csat = page.locator("[data-type=csat_prompt]").last();
    }
    await settled(page);
    await expect(csat.getByRole("button", { name: "Submit" }).isDisabled()).resolves.toBe(true);
    await csat.getByRole("radio", { name: /5.*Excellent/ }).check();
    await csat.getByLabel("Comment (optional)").fill("Lovely and quick");
    await expectNoAxeViolations(page);
    await csat.getByRole("button", { name: "Submit" }).click();
    await csat.locator(".cw-summary").waitFor();
    await page.locator(".cw-log").getByText("Thank you for the feedback!").waitFor();
    await context.close();
  });

  it("works with the keyboard alone: Tab to the composer, type, Enter; Escape stays inside", async () => {
    const { context, page } = await openWidget({ width: 360, height: 740 });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => document.activeElement?.id)) === "cw-input") break;
    }
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("cw-input");
    await page.keyboard.type("dainty silver chain for my mom around 200");
    await page.keyboard.press("Enter");
    await page.locator(".cw-row--shopper").getByText("dainty silver chain").waitFor();
    await page.locator("[data-type=product_cards] .cw-card").first().waitFor();
    await settled(page);
    // Every button and field is at least 44 px tall; nothing overflows the 360 px width.
    const small = await page.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLElement>(
          ".cw-root button, .cw-root input:not([type=radio]):not([type=checkbox]), .cw-root select, .cw-root textarea",
        ),
      ]
        .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(small).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: "test-results/widget-mobile-360.png" });
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("an expired token: UNAUTHORIZED → session.start again → one retry with the same Idempotency-Key", async () => {
    const { context, page } = await openWidget();
    const keys: string[] = [];
    let starts = 0;
    page.on("request", (r) => {
      if (r.url().includes("/api/trpc/session.start")) starts++;
    });
    await page.route("**/api/trpc/chat.start**", async (route) => {
      keys.push(route.request().headers()["idempotency-key"] ?? "");
      if (keys.length > 1) return route.continue();
      return route.fulfill({
        status: 401,
        contentType: "application/json",
        body: JSON.stringify([
          {
            error: {
              message: "A valid widget session token is required.",
              code: -32001,
              data: { code: "UNAUTHORIZED", httpStatus: 401, path: "chat.start" },
            },
          },
        ]),
      });
    });
    await say(page, "hoops");
    await page.locator("[data-type=product_cards] .cw-card").first().waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(starts).toBe(1);
    await context.close();
  });

  it("a dropped stream resumes once, then falls back to session.messages", async () => {
    for (const drops of [1, 2]) {
      const { context, page } = await openWidget();
      let streams = 0;
      let catchUps = 0;
      page.on("request", (r) => {
        if (r.url().includes("/api/trpc/session.messages")) catchUps++;
      });
      await page.route("**/api/trpc/chat.stream**", (route) => (++streams <= drops ? route.abort() : route.continue()));
      await say(page, "gold rings under $500");
      await page.locator("[data-type=product_cards] .cw-card").first().waitFor();
      await settled(page);
      expect(streams).toBe(2);
      // One drop: the resumed stream delivers everything. Two: the widget catches up from the store
      // (the live session.events subscription may also deliver the same entries; they are de-duplicated below).
      if (drops === 1) expect(catchUps).toBe(0);
      else expect(catchUps).toBeGreaterThanOrEqual(1);
      // No duplicates: each stored message appears once.
      const seqs = await page.locator(".cw-log > li[data-seq]").evaluateAll((els) => els.map((e) => e.getAttribute("data-seq")));
      expect(new Set(seqs).size).toBe(seqs.length);
      await context.close();
    }
  });

  it("accepts host messages only from the host origin and parent window, and counts the rest", async () => {
    const { context, page } = await openWidget();
    await page.getByRole("button", { name: "Minimise" }).focus();
    const dropped = await page.evaluate(async (o) => {
      const start = window.__auroraDropped ?? 0;
      window.postMessage({ v: 1, src: "aurora-host", type: "open", extra: 1 }, o); // malformed
      window.postMessage("open", o); // not a protocol message
      window.postMessage({ v: 1, src: "aurora-host", type: "open" }, o); // valid (top-level: parent === window)
      await new Promise((r) => setTimeout(r, 100));
      return (window.__auroraDropped ?? 0) - start;
    }, origin);
    expect(dropped).toBe(2);
    // The valid "open" moved focus into the composer.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("cw-input");
    await context.close();
  });
});
