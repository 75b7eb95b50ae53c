/**
 * The concierge exactly as a store embeds it: a third-party page on another origin loads
 * APP/widget.js, the shopper opens the launcher, and everything happens inside the real /widget
 * iframe (in the loader's open shadow root) — no stubs. One dedicated app whose allow-list holds the
 * host site's origin (picked before either starts), plus a second, non-allowed host site.
 */
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostMessage } from "../widget/protocol";
import { startHostSite, type HostSite } from "./fixtures/host-site";
import { freePort, startBuiltApp, type RunningApp } from "./support/app-server";
import { launchChromium } from "./support/browser";

const OPEN_KEY = "aurora-concierge-open";
const SCREENSHOT = "test-results/embedded-widget-product-cards.png";

let browser: Browser;
let app: RunningApp;
let appOrigin: string;
/** The store: its origin is the one in CONCIERGE_ALLOWED_ORIGINS. */
let host: HostSite;
/** Another site on another port, not in the allow-list. */
let foreign: HostSite;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const hostPort = await freePort();
  const hostOrigin = `http://127.0.0.1:${hostPort}`;
  [app, browser] = await Promise.all([startBuiltApp({ CONCIERGE_ALLOWED_ORIGINS: hostOrigin }), launchChromium()]);
  appOrigin = new URL(app.url).origin;
  [host, foreign] = await Promise.all([startHostSite(app.url, { port: hostPort }), startHostSite(app.url)]);
  expect(host.url).toBe(hostOrigin);
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await Promise.all([host?.close(), foreign?.close()]);
  await browser?.close();
  await app?.stop();
});

// ---------------------------------------------------------------------------------------------
// helpers

async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

const launcher = (page: Page) => page.locator("aurora-concierge").getByRole("button", { name: /concierge/i });
const panel = (page: Page) => page.locator("aurora-concierge iframe");
/** The widget's document, reached through the loader's shadow root. */
const widget = (page: Page): FrameLocator => page.frameLocator("aurora-concierge iframe");

/** The widget iframe as a Frame (for evaluate / waitForFunction). */
async function widgetFrame(page: Page): Promise<Frame> {
  let frame: Frame | null = null;
  await expect
    .poll(async () => (frame = (await (await panel(page).elementHandle())?.contentFrame()) ?? null)?.url() ?? "", { timeout: 10_000 })
    .toMatch(new RegExp(`^${appOrigin.replace(/[.]/g, "\\.")}/widget\\?`));
  return frame!;
}

/** Loads the host page and waits for the launcher (config answered, shadow root drawn). */
async function gotoHost(page: Page, site = host, pathAndQuery = "/") {
  await page.goto(site.url + pathAndQuery);
  await launcher(page).waitFor();
}

/** Opens the panel with the launcher and waits for the session's greeting inside the iframe. */
async function openWidget(page: Page): Promise<{ w: FrameLocator; frame: Frame }> {
  await gotoHost(page);
  await launcher(page).click();
  const w = widget(page);
  await w.locator(".cw-row").first().waitFor();
  return { w, frame: await widgetFrame(page) };
}

async function say(w: FrameLocator, text: string) {
  const box = w.getByLabel("Message the concierge");
  await box.fill(text);
  await box.press("Enter");
}

/** The concierge has finished its turn (no typing indicator, no draft). */
async function settled(frame: Frame) {
  await frame.waitForFunction(() => !document.querySelector(".cw-typing, .cw-bubble--draft"));
}

const describeViolations = (violations: { id: string; help: string; nodes: { target: unknown }[] }[]) =>
  violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);

/** Product bug found by these specs (see the report): shown as the failure message of the axe check it breaks. */
const LANDMARK_BUG =
  'PRODUCT BUG (app/components/widget/WidgetApp.tsx): the widget\'s root is an unlabelled <main class="cw-root">. ' +
  "Embedded in a store page that has its own <main>, the page exposes two unnamed main landmarks across the iframe " +
  '(axe landmark-unique). Fix: name it, e.g. <main className="cw-root" aria-labelledby="cw-title">';

let axeQueue: Promise<unknown> = Promise.resolve();

/**
 * axe on the whole host page, frames included, and proof that the widget's document was scanned:
 * nodes from inside the frame (selectors of the widget's own `.cw-*` markup) appear among the passes.
 * Soft, so that a violation fails the test without hiding the rest of the journey.
 */
async function expectNoAxeViolations(page: Page) {
  // One scan at a time (journeys may run two visitors side by side), and a second try when axe could not
  // get into the frame (under load it gives up on a frame silently): the frame must be scanned, once.
  const scan = async () => {
    for (let attempt = 1; ; attempt++) {
      const results = await new AxeBuilder({ page }).analyze();
      const inFrame = results.passes
        .flatMap((r) => r.nodes.map((n) => JSON.stringify(n.target)))
        .filter((t) => t.includes("aurora-concierge") && t.includes("cw-"));
      if (inFrame.length > 0 || attempt === 2) return { results, inFrame };
    }
  };
  const run = axeQueue.then(scan);
  axeQueue = run.catch(() => {});
  const { results, inFrame } = await run;
  expect(inFrame.length, "axe scanned nothing inside the widget iframe").toBeGreaterThan(0);
  const violations = describeViolations(results.violations);
  const message = violations.some((v) => v.startsWith("landmark-unique")) ? LANDMARK_BUG : "axe violations (host page + widget iframe)";
  expect.soft(violations, message).toEqual([]);
}

/** Signs in as the app's admin (ADMIN_EMAIL / ADMIN_PASSWORD) and returns the staff cookie, or null without a login route. */
async function staffCookie(): Promise<string | null> {
  const { email, password } = app.admin;
  const res = await fetch(`${app.url}/dashboard/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: appOrigin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: email!, password: password! }),
  });
  if (res.status === 404 || res.status === 405) return null;
  expect(res.status, `POST /dashboard/login answered ${res.status}`).toBeGreaterThanOrEqual(300);
  expect(res.status).toBeLessThan(400);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__aurora_staff="));
  expect(cookie, "the login set no staff cookie").toBeTruthy();
  return cookie!.split(";")[0]!;
}

const KEYBOARD_BUG =
  'PRODUCT BUG (widget/loader.ts, draw()): `b.onkeydown = (e) => e.key == "Escape" && hide(true)` returns false for every ' +
  "other key, and an on* handler returning false cancels the event: Enter/Space never activate the launcher and Tab/Shift+Tab " +
  'cannot leave it (keyboard trap). Fix: `b.onkeydown = (e) => { if (e.key == "Escape") hide(true); };`';

// ---------------------------------------------------------------------------------------------

describe("the widget embedded cross-origin on a store page", () => {
  it("discovery: gold rings under $500 → refine → save; a host reload reopens the panel with the transcript and shortlist", async () => {
    const page = await newPage();
    const { w, frame } = await openWidget(page);
    expect(await page.evaluate((k) => sessionStorage.getItem(k), OPEN_KEY)).toBe("1");

    // axe really scans inside the frame: a deliberately bad image in the widget's document is reported
    await frame.evaluate(() => {
      const img = document.createElement("img");
      img.id = "axe-probe";
      img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
      document.querySelector(".cw-root")!.append(img);
    });
    const probe = await new AxeBuilder({ page }).analyze();
    const imageAlt = probe.violations.find((v) => v.id === "image-alt");
    expect(JSON.stringify(imageAlt?.nodes.map((n) => n.target))).toContain("axe-probe");
    await frame.evaluate(() => document.getElementById("axe-probe")!.remove());

    await say(w, "gold rings under $500");
    const cards = w.locator("[data-type=product_cards]").last().locator(".cw-card");
    await cards.first().waitFor();
    await settled(frame);
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
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await w
      .locator("[data-type=product_cards]")
      .last()
      .evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: SCREENSHOT });

    // a refine chip brings a new set of cards
    const before = await w.locator("[data-type=product_cards]").count();
    await w.locator("[data-type=refine_chips]").last().getByRole("button").first().click();
    await frame.waitForFunction((n) => document.querySelectorAll("[data-type=product_cards]").length > n, before);
    await settled(frame);

    // Save → Saved (once the server has it)
    const card = w.locator("[data-type=product_cards]").last().locator(".cw-card").first();
    const name = (await card.locator(".cw-card__name").textContent())!;
    await card.getByRole("button", { name: new RegExp(`^Save ${name}`) }).click();
    await card.getByRole("button", { name: new RegExp(`^Saved ${name}`) }).waitFor();
    await settled(frame);
    await expect(w.locator(".cw-count").textContent()).resolves.toBe("1");
    await expectNoAxeViolations(page);
    const transcript = await w.locator(".cw-log > li").allTextContents();

    // reload the HOST page: the loader restores the open panel, the widget its session
    await page.reload();
    await launcher(page).waitFor();
    await panel(page).waitFor({ state: "visible" });
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("true");
    const again = widget(page);
    await again
      .locator("[data-type=product_cards]")
      .last()
      .locator(".cw-card")
      .first()
      .getByRole("button", { name: new RegExp(`^Saved ${name}`) })
      .waitFor();
    await expect(again.locator(".cw-log > li").allTextContents()).resolves.toEqual(transcript);
    await expect(again.locator(".cw-count").textContent()).resolves.toBe("1");
    await again.getByRole("button", { name: /Saved pieces/ }).click();
    const drawer = again.getByRole("region", { name: /Saved pieces/ });
    await drawer.locator(".cw-mini__name", { hasText: name }).waitFor();
    await expectNoAxeViolations(page);
  });

  it("order tracking with verification: timeline with masked tracking; a wrong email gets the uniform not-found answer", async () => {
    const page = await newPage();
    const { w, frame } = await openWidget(page);

    // wrong email and unknown order, each in a fresh visitor (own context ⇒ own partitioned storage)
    const notFound = async (orderNumber: string, email: string) => {
      const p = await newPage();
      const fresh = await openWidget(p);
      await fresh.w.getByRole("button", { name: "Track my order" }).click();
      const first = fresh.w.locator("[data-type=order_lookup_form]").first();
      await first.getByLabel("Order number").fill(orderNumber);
      await first.getByLabel("Email on the order").fill(email);
      await first.getByRole("button", { name: "Track order" }).click();
      await fresh.frame.waitForFunction(() => document.querySelectorAll("[data-type=order_lookup_form]").length > 1);
      await settled(fresh.frame);
      const retry = fresh.w.locator("[data-type=order_lookup_form]").last();
      await expect(retry.getByLabel("Email on the order").isEditable()).resolves.toBe(true);
      await expect(fresh.w.locator("[data-type=order_timeline]").count()).resolves.toBe(0);
      const text = await retry.locator(".cw-error--block").textContent();
      await expectNoAxeViolations(p);
      await p.context().close();
      return text;
    };
    const misses = Promise.all([notFound("GG-12002", "someone.else@example.com"), notFound("GG-99999", "marcus.bennett@example.com")]);
    misses.catch(() => {}); // surfaced by the await below, not as an unhandled rejection meanwhile

    await w.getByRole("button", { name: "Track my order" }).click();
    const form = w.locator("[data-type=order_lookup_form]").last();
    await form.getByLabel("Order number").fill("GG-12002");
    await form.getByLabel("Email on the order").fill("marcus.bennett@example.com");
    await form.getByRole("button", { name: "Track order" }).click();
    const timeline = w.locator("[data-type=order_timeline]").last();
    await timeline.waitFor();
    await settled(frame);
    await expect(timeline.locator(".cw-step").count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(timeline.locator("[aria-current=step]").count()).resolves.toBe(1);
    expect(await timeline.locator(".cw-facts dd.cw-mono").textContent()).toMatch(/^[^0-9A-Za-z]+[0-9A-Za-z]{3,4}$/);
    await expectNoAxeViolations(page);

    const [wrongEmail, unknown] = await misses;
    expect(wrongEmail).toBeTruthy();
    expect(wrongEmail).toBe(unknown);
    expect(wrongEmail).not.toMatch(/UPS|ship|marcus/i);
  });

  it("resize: my ring is too small → verify GG-12004 → resize to 7.5 → RMA", async () => {
    const page = await newPage();
    const { w, frame } = await openWidget(page);
    await say(w, "my ring is too small");
    const form = w.locator("[data-type=order_lookup_form]").last();
    await form.getByLabel("Order number").fill("GG-12004");
    await form.getByLabel("Email on the order").fill("priya.natarajan@example.com");
    await form.getByRole("button", { name: "Find order" }).click();
    const options = w.locator("[data-type=return_options]").last();
    await options.waitFor();
    await settled(frame);
    await options.getByRole("radio", { name: /resize/i }).check();
    await options.getByLabel("New ring size (US)").selectOption("7.5");
    const rings = options.locator(".cw-check:not(.cw-check--off) input[type=checkbox]");
    if (!(await rings.first().isChecked())) await rings.first().check();
    await options.getByRole("button", { name: /Confirm resize/ }).click();
    const confirmation = w.locator("[data-type=return_confirmation]").last();
    await confirmation.waitFor();
    await settled(frame);
    await expect(confirmation.locator(".cw-mono").textContent()).resolves.toMatch(/\S{4,}/);
    await expect(confirmation.textContent()).resolves.toContain("7.5");
    await expect(options.getByRole("button", { name: /Confirm/ }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
  });

  it("stylist escalation → ticket confirmation → CSAT; the ticket exists (dashboard API)", async () => {
    const page = await newPage();
    const { w, frame } = await openWidget(page);
    await w.getByRole("button", { name: "Talk to a stylist" }).click();
    const form = w.locator("[data-type=escalation_form]").last();
    await form.getByLabel("Name").waitFor();
    await settled(frame);
    await form.getByLabel("Name").fill("Ava Chen");
    await form.getByLabel("Email").fill("ava.chen@example.com");
    await form.getByLabel("Best time to reach you").selectOption("Weekday evenings");
    await form.getByLabel("Notes (optional)").fill("Engagement ring ideas");
    await form.getByRole("button", { name: "Request a stylist" }).click();
    const ticket = w.locator("[data-type=ticket_confirmation]").last();
    await ticket.waitFor();
    await settled(frame);
    const ticketId = (await ticket.locator(".cw-mono").textContent())!.trim();
    expect(ticketId).toMatch(/^T-[0-9A-F]{8}$/);

    // CSAT: the resolved journey ends with the (one per conversation) rating prompt
    const csat = w.locator("[data-type=csat_prompt]").last();
    await csat.locator("form").waitFor();
    await expect(csat.getByRole("button", { name: "Submit" }).isDisabled()).resolves.toBe(true);
    await csat.getByRole("radio", { name: /5.*Excellent/ }).check();
    await csat.getByLabel("Comment (optional)").fill("Lovely and quick");
    await expectNoAxeViolations(page);
    await csat.getByRole("button", { name: "Submit" }).click();
    await csat.locator(".cw-summary").waitFor();
    await w.locator(".cw-log").getByText("Thank you for the feedback!").waitFor();
    await settled(frame);

    const cookie = await staffCookie();
    if (cookie === null) {
      expect.fail(
        `Cannot check ticket ${ticketId} through the API: POST /dashboard/login is not served by this build (404/405), ` +
          "so there is no way to obtain a staff cookie for dashboard.tickets.get. Rebuild once app/routes/dashboard.login.tsx ships.",
      );
    }
    const res = await fetch(`${app.url}/api/trpc/dashboard.tickets.get?input=${encodeURIComponent(JSON.stringify({ id: ticketId }))}`, {
      headers: { Cookie: cookie },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { result } = (await res.json()) as {
      result: { data: { id: string; customerName: string; contact: { email: string }; preferredTime?: string } };
    };
    expect(result.data).toMatchObject({
      id: ticketId,
      customerName: "Ava Chen",
      contact: { email: "ava.chen@example.com" },
      preferredTime: "Weekday evenings",
    });
  });

  it("drops host messages from other windows and malformed ones from the real parent (and counts them)", async () => {
    const page = await newPage();
    const { w, frame } = await openWidget(page);
    await settled(frame);
    const dropped = () => frame.evaluate(() => window.__auroraDropped ?? 0);
    const focusedId = () => frame.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.id ?? null);
    const identifies: string[] = [];
    page.on("request", (r) => {
      if (/identify/i.test(r.url())) identifies.push(r.url());
    });
    await w.getByRole("button", { name: "Minimise" }).focus();
    expect(await focusedId()).toBe("Minimise");

    // Two unrelated windows on the host page: an opaque-origin sandboxed frame ("null") and a frame on
    // the host's own origin (right origin, wrong window). The widget's iframe lives in a shadow root, so
    // it is not in window.frames; each rogue learns the widget's WindowProxy from a message's `source`.
    await page.evaluate(() => {
      for (const [id, sandbox] of [
        ["rogue-null", "allow-scripts"],
        ["rogue-host", ""],
      ] as const) {
        const f = document.createElement("iframe");
        f.id = id;
        f.title = id;
        if (sandbox) f.setAttribute("sandbox", sandbox);
        f.srcdoc = `<!doctype html><title>rogue</title><script>addEventListener("message", (e) => { if (e.data === "introduce") window.widget = e.source; });</scr${""}ipt>`;
        document.body.append(f);
      }
    });
    const rogues: Frame[] = [];
    for (const id of ["rogue-null", "rogue-host"]) {
      const rogue = (await (await page.locator(`#${id}`).elementHandle())!.contentFrame())!;
      await rogue.waitForLoadState();
      expect(await rogue.evaluate(() => origin)).toBe(id === "rogue-null" ? "null" : host.url);
      rogues.push(rogue);
    }
    await frame.evaluate(() => {
      for (let i = 0; i < parent.frames.length; i++) parent.frames[i]!.postMessage("introduce", "*");
    });
    const start = await dropped();
    let expected = start;
    for (const rogue of rogues) {
      await rogue.waitForFunction(() => !!(window as unknown as { widget?: Window }).widget);
      // perfectly shaped host messages, posted from the rogue's own realm (so event.source/origin are the rogue's)
      await rogue.evaluate(
        ({ msgs, target }) => {
          for (const m of msgs) (window as unknown as { widget: Window }).widget.postMessage(m, target);
        },
        {
          msgs: [hostMessage.open(), hostMessage.identify("store.signed.identity-token_0123456789"), hostMessage.close()],
          target: appOrigin,
        },
      );
      expected += 3;
      await expect
        .poll(dropped, { message: `messages from ${await rogue.evaluate(() => origin)} were not all counted as dropped` })
        .toBe(expected);
    }
    expect(await focusedId()).toBe("Minimise"); // the forged "open" did not move focus to the composer

    // malformed payloads from the real parent (the host page's own window, right origin and window)
    const fromParent = (m: unknown) =>
      page.evaluate(
        ({ m, target }) =>
          document.querySelector("aurora-concierge")!.shadowRoot!.querySelector("iframe")!.contentWindow!.postMessage(m, target),
        { m, target: appOrigin },
      );
    await fromParent({ ...hostMessage.open(), extra: 1 });
    await fromParent("open");
    await fromParent({ v: 2, src: "aurora-host", type: "open" });
    await fromParent(hostMessage.identify("short"));
    expected += 4;
    await expect.poll(dropped).toBe(expected);
    expect(await focusedId()).toBe("Minimise");
    expect(await panel(page).isVisible()).toBe(true);
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("true");
    expect(identifies).toEqual([]);

    // control: the same channel with a well-formed "open" from the real parent is accepted (focus → composer)
    await fromParent(hostMessage.open());
    await expect.poll(focusedId).toBe("cw-input");
    expect(await dropped()).toBe(expected);
    await page.evaluate(() => document.querySelectorAll("#rogue-null, #rogue-host").forEach((f) => f.remove()));
    await expectNoAxeViolations(page);
  });

  it("a non-allowed origin that frames /widget directly is refused by the browser (CSP frame-ancestors)", async () => {
    // control: the allowed store framing /widget directly gets the widget
    const ok = await newPage();
    await ok.goto(`${host.url}/?direct=1`);
    await ok.frameLocator("#direct-widget").locator(".cw-root").waitFor();

    const page = await newPage();
    const logs: string[] = [];
    page.on("console", (m) => logs.push(m.text()));
    const widgetResponse = page.waitForResponse((r) => r.url().startsWith(`${appOrigin}/widget?`));
    // it even claims to be the allowed store in ?host=, so only the browser's CSP check stands in the way
    await page.goto(`${foreign.url}/?direct=1&as=${encodeURIComponent(host.url)}&vid=foreign-visitor-0001`);
    const res = await widgetResponse;
    expect(res.status()).toBe(200);
    const csp = (await res.allHeaders())["content-security-policy"] ?? "";
    expect(csp).toContain(`frame-ancestors`);
    expect(csp).toContain(host.url);
    expect(csp).not.toContain(foreign.url);

    const frame = (await (await page.locator("#direct-widget").elementHandle())!.contentFrame())!;
    await expect.poll(() => frame.url()).not.toMatch(/^http/);
    expect(frame.url()).toBe("chrome-error://chromewebdata/");
    await expect.poll(() => logs.some((t) => /frame-ancestors/.test(t) && t.includes(appOrigin))).toBe(true);
    expect(await frame.locator("[class^='cw-'], [class*=' cw-']").count()).toBe(0);
    expect(await frame.content()).not.toContain("cw-root");
  });

  it("keyboard only: Tab to the launcher, Enter opens, type + Enter sends, Escape closes and focus returns", async () => {
    const page = await newPage();
    await gotoHost(page);
    const launcherFocused = () =>
      page.evaluate(() => {
        const el = document.querySelector("aurora-concierge");
        return document.activeElement === el && el!.shadowRoot!.activeElement === el!.shadowRoot!.querySelector("button");
      });
    for (let i = 0; i < 10 && !(await launcherFocused()); i++) await page.keyboard.press("Tab");
    expect(await launcherFocused()).toBe(true);

    // no keyboard trap: Shift+Tab leaves the launcher for the host's own button
    await page.keyboard.press("Shift+Tab");
    expect.soft(await page.evaluate(() => document.activeElement?.id), KEYBOARD_BUG).toBe("host-button");
    await page.keyboard.press("Tab");
    if (!(await launcherFocused())) await launcher(page).focus(); // (only while the bug above stands)
    expect(await launcherFocused()).toBe(true);

    await page.keyboard.press("Enter");
    const opened = await panel(page)
      .waitFor({ state: "visible", timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    expect.soft(opened, KEYBOARD_BUG).toBe(true);
    if (!opened) await launcher(page).click(); // so the rest of the keyboard journey is still checked
    await panel(page).waitFor({ state: "visible" });
    const frame = await widgetFrame(page);
    const w = widget(page);
    await w.locator(".cw-row").first().waitFor();
    await expect
      .poll(() => frame.evaluate(() => document.activeElement?.id), { message: "focus did not land in the composer" })
      .toBe("cw-input");
    expect(await page.evaluate(() => document.querySelector("aurora-concierge")!.shadowRoot!.activeElement?.tagName)).toBe("IFRAME");

    await page.keyboard.type("dainty silver chain for my mom around 200");
    await page.keyboard.press("Enter");
    await w.locator(".cw-row--shopper").getByText("dainty silver chain").waitFor();
    await w.locator("[data-type=product_cards] .cw-card").first().waitFor();
    await settled(frame);
    await expectNoAxeViolations(page);

    await frame.focus("#cw-input");
    await page.keyboard.press("Escape");
    await expect.poll(() => launcher(page).getAttribute("aria-expanded")).toBe("false");
    expect(await panel(page).isVisible()).toBe(false);
    await expect.poll(launcherFocused).toBe(true);
  });

  it("mobile (375×740): the open iframe covers the viewport", async () => {
    const page = await newPage({ width: 375, height: 740 });
    const { w, frame } = await openWidget(page);
    expect(await panel(page).boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 740 });
    expect(await frame.evaluate(() => [innerWidth, innerHeight])).toEqual([375, 740]);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expect(w.getByLabel("Message the concierge").isVisible()).resolves.toBe(true);
    await settled(frame);
    await expectNoAxeViolations(page);
  });
});
