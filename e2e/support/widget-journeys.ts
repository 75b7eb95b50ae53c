/**
 * Shopper journeys through the concierge widget, shared by the spec that opens /widget directly
 * (e2e/widget-ui.spec.ts) and the one that goes through the loader on a store's page
 * (e2e/widget-embedded.spec.ts). Each takes the widget's document — a Page or the iframe's Frame —
 * and asserts what a shopper sees; the specs add what only their setting can show.
 */
import type { Frame, Locator, Page } from "playwright-core";
import { expect } from "vitest";

export type WidgetDoc = Page | Frame;

export async function say(w: WidgetDoc, text: string) {
  const box = w.getByLabel("Message the concierge");
  await box.fill(text);
  await box.press("Enter");
}

/** The concierge has finished its turn (no typing indicator, no draft). */
export async function settled(w: WidgetDoc) {
  await w.waitForFunction(() => !document.querySelector(".cw-typing, .cw-bubble--draft"));
}

/** What transcript rows say, without their timestamps. */
export function rowTexts(w: WidgetDoc, selector: string): Promise<string[]> {
  return w.locator(selector).evaluateAll((rows) =>
    rows.map((row) => {
      const copy = row.cloneNode(true) as HTMLElement;
      for (const time of copy.querySelectorAll(".cw-time")) time.remove();
      return copy.textContent ?? "";
    }),
  );
}

/** The session has started: the greeting is on screen and the composer is usable. */
export async function ready(w: WidgetDoc) {
  try {
    await w.locator(".cw-root[data-ready] .cw-row").first().waitFor();
  } catch (error) {
    // Say what the shopper saw instead (an error notice, a skeleton, a blank document) and which requests failed.
    const seen = await w
      .evaluate(() => ({
        ready: document.querySelector(".cw-root")?.hasAttribute("data-ready") ?? null,
        text: document.body?.innerText.slice(0, 600) ?? "",
        failed: performance
          .getEntriesByType("resource")
          .filter((e) => (e as PerformanceResourceTiming).responseStatus >= 400 || (e as PerformanceResourceTiming).responseEnd === 0)
          .map((e) => `${(e as PerformanceResourceTiming).responseStatus} ${e.name}`),
      }))
      .catch((e: unknown) => ({ unavailable: String(e) }));
    throw new Error(`the widget never became ready; it showed ${JSON.stringify(seen)}`, { cause: error });
  }
}

/** The element focused inside the widget's document, described for assertions. */
export function focused(w: WidgetDoc) {
  return w.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? null,
      id: el?.id ?? null,
      label: el?.getAttribute("aria-label") ?? null,
      seq: el?.getAttribute("data-seq") ?? null,
      type: el?.getAttribute("data-type") ?? null,
      role: el?.getAttribute("role") ?? null,
      text: (el?.textContent ?? "").trim().slice(0, 80),
    };
  });
}

const rows = (w: WidgetDoc) => w.locator(".cw-log > li");
const lastCards = (w: WidgetDoc) => w.locator("[data-type=product_cards]").last().locator(".cw-card");

/** "gold rings under $500": cards from the live catalog, each at most $500, with a real image. */
export async function searchGoldRingsUnder500(w: WidgetDoc): Promise<Locator> {
  await say(w, "gold rings under $500");
  const cards = lastCards(w);
  await cards.first().waitFor();
  await settled(w);
  expect(await cards.count()).toBeGreaterThan(0);
  for (const price of await cards.locator(".cw-card__price").allTextContents()) {
    expect(Number(price.replace(/[^0-9.]/g, ""))).toBeLessThanOrEqual(500);
  }
  const width = await cards
    .first()
    .locator("img")
    .evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
  expect(width).toBeGreaterThan(0);
  await expect(cards.first().locator(".cw-card__ship").textContent()).resolves.toBeTruthy();
  return cards;
}

/**
 * Taps a refine chip: new cards arrive, and the transcript shows the tap as a compact command line
 * with the chip's own label — never as words the shopper did not write ("Refine search").
 */
export async function tapChip(w: WidgetDoc, label: string) {
  const before = await w.locator("[data-type=product_cards]").count();
  await w.locator("[data-type=refine_chips]").last().getByRole("button", { name: label, exact: true }).click();
  await w.waitForFunction((n) => document.querySelectorAll("[data-type=product_cards]").length > n, before);
  await settled(w);
  const command = w.locator(".cw-row--command").last();
  await expect(command.locator(".cw-command").textContent()).resolves.toBe(label);
  expect(await w.locator(".cw-bubble--shopper", { hasText: /Refine search/ }).count()).toBe(0);
}

/**
 * The heart on the first card of the newest set: it flips in place, a toast confirms, the header
 * count follows, and nothing is added to the transcript (no chat turn, no scrolling away).
 */
export async function saveFirstCard(w: WidgetDoc): Promise<{ name: string; variant: string }> {
  const card = lastCards(w).first();
  const name = (await card.locator(".cw-card__name").textContent())!;
  const variant = (await card.locator(".cw-card__spec").textContent())!.split(" · ")[0]!;
  const count = Number(await w.locator(".cw-count").textContent());
  const entries = await rows(w).count();
  const heart = card.getByRole("button", { name: new RegExp(`^Save ${name}`) });
  await heart.scrollIntoViewIfNeeded(); // what Playwright's click would do: measure from there
  const scrollTop = await w.locator(".cw-scroll").evaluate((el) => el.scrollTop);
  await heart.click();
  await card.getByRole("button", { name: new RegExp(`^Saved ${name}`) }).waitFor();
  await w.locator(".cw-toast", { hasText: `Saved ${name} · ${variant} to your shortlist.` }).waitFor();
  await expect.poll(() => w.locator(".cw-count").textContent()).toBe(String(count + 1));
  expect(await rows(w).count()).toBe(entries);
  expect(Math.abs((await w.locator(".cw-scroll").evaluate((el) => el.scrollTop)) - scrollTop)).toBeLessThan(2);
  return { name, variant };
}

/** Opens the first card's details: the in-chat sheet with everything a shopper needs to decide. */
export async function openDetails(w: WidgetDoc): Promise<Locator> {
  const card = lastCards(w).first();
  const name = (await card.locator(".cw-card__name").textContent())!;
  await card.getByRole("button", { name: new RegExp(`^View ${name}`) }).click();
  const sheet = w.getByRole("dialog", { name });
  await sheet.locator(".cw-sheet__price").waitFor();
  await expect.poll(() => focused(w)).toMatchObject({ tag: "H2", text: name });
  await expect(
    sheet.locator(".cw-sheet__img").evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
  ).resolves.toBeGreaterThan(0);
  expect((await sheet.locator(".cw-sheet__desc").textContent())!.length).toBeGreaterThan(20);
  expect(await sheet.locator(".cw-sheet__ship").textContent()).toMatch(/Ships|Made to order/);
  // each metal with its price; each size with its price
  const metals = sheet.getByRole("group", { name: "Metal" }).getByRole("radio");
  expect(await metals.count()).toBeGreaterThan(1);
  for (const label of await sheet.locator(".cw-variant label").allTextContents()) expect(label).toMatch(/(gold|silver|Platinum).*\$\d/);
  const sizes = await sheet.locator("select option").allTextContents();
  if (sizes.length > 0) for (const s of sizes.slice(1)) expect(s).toMatch(/ — \$\d/);
  return sheet;
}

/** Order number + email through the lookup form; returns the timeline. */
export async function lookUpOrder(w: WidgetDoc, orderNumber: string, email: string, button = "Track order"): Promise<Locator> {
  const form = w.locator("[data-type=order_lookup_form]").last();
  await form.getByLabel("Order number").fill(orderNumber);
  await form.getByLabel("Email on the order").fill(email);
  await form.getByRole("button", { name: button }).click();
  return w.locator("[data-type=order_timeline]").last();
}

/**
 * The verified owner's timeline: steps with one current, the carrier, the full tracking number and a
 * link to the carrier's own tracking page.
 */
export async function expectOwnersTimeline(timeline: Locator) {
  await timeline.waitFor();
  await expect(timeline.locator(".cw-step").count()).resolves.toBeGreaterThanOrEqual(4);
  await expect(timeline.locator("[aria-current=step]").count()).resolves.toBe(1);
  const tracking = (await timeline.locator("dd.cw-tracking").textContent())!;
  expect(tracking).toMatch(/^1Z[0-9A-Z]{16}$/); // GG-12002 ships with UPS
  const link = timeline.getByRole("link", { name: /Track on UPS/ });
  expect(await link.getAttribute("href")).toBe(`https://www.ups.com/track?tracknum=${tracking}`);
  expect(await link.getAttribute("target")).toBe("_blank");
}

/**
 * A lookup that finds nothing: the form comes back with the number the shopper typed and says what to
 * check. Returns the error text (the same for a wrong email and an unknown order).
 */
export async function lookupNotFound(w: WidgetDoc, orderNumber: string, email: string): Promise<string> {
  await w.getByRole("button", { name: "Track my order" }).click();
  const first = w.locator("[data-type=order_lookup_form]").first();
  await first.getByLabel("Order number").fill(orderNumber);
  await first.getByLabel("Email on the order").fill(email);
  await first.getByRole("button", { name: "Track order" }).click();
  await w.waitForFunction(() => document.querySelectorAll("[data-type=order_lookup_form]").length > 1);
  await settled(w);
  const retry = w.locator("[data-type=order_lookup_form]").last();
  await expect(retry.getByLabel("Email on the order").isEditable()).resolves.toBe(true);
  await expect(retry.getByLabel("Order number").inputValue()).resolves.toBe(orderNumber);
  expect(await w.locator("[data-type=order_timeline]").count()).toBe(0);
  const text = (await retry.locator(".cw-error--block").textContent())!;
  expect(text).toMatch(/email your order confirmation was sent to/);
  expect(text).not.toMatch(/UPS|ship|marcus/i);
  return text;
}

/**
 * "my ring is too small" → verify GG-12004 → resize to 7.5 → RMA. After each form, focus lands on
 * the newest answer (never on <body>) and no shopper line repeats what the form already shows.
 */
export async function resizeJourney(w: WidgetDoc, axe: () => Promise<void>) {
  await say(w, "my ring is too small");
  const form = w.locator("[data-type=order_lookup_form]").last();
  await form.getByLabel("Order number").waitFor();
  await settled(w);
  const options = w.locator("[data-type=return_options]").last();
  await lookUpOrder(w, "GG-12004", "priya.natarajan@example.com", "Find order");
  await options.waitFor();
  await settled(w);
  await expect.poll(async () => (await focused(w)).tag).toBe("LI");
  expect(Number((await focused(w)).seq)).toBeGreaterThan(Number(await form.evaluate((el) => el.closest("li")!.dataset.seq)));
  await expect(form.locator(".cw-summary").textContent()).resolves.toContain("Looked up order GG-12004");
  await options.getByRole("radio", { name: /resize/i }).check();
  await options.getByLabel("New ring size (US)").selectOption("7.5");
  const rings = options.locator(".cw-check:not(.cw-check--off) input[type=checkbox]");
  if (!(await rings.first().isChecked())) await rings.first().check();
  await axe();
  await options.getByRole("button", { name: /Confirm resize/ }).click();
  const confirmation = w.locator("[data-type=return_confirmation]").last();
  await confirmation.waitFor();
  await settled(w);
  await expect(confirmation.locator(".cw-mono").textContent()).resolves.toMatch(/\S{4,}/);
  await expect(confirmation.textContent()).resolves.toContain("7.5");
  await expect(options.getByRole("button", { name: /Confirm/ }).count()).resolves.toBe(0);
  await expect.poll(async () => (await focused(w)).type).not.toBeNull();
  expect(await rowTexts(w, ".cw-row--shopper, .cw-row--command")).toEqual(["You:my ring is too small"]);
  await axe();
}

/** Talk to a stylist → form (validated) → ticket confirmation; returns the ticket id. */
export async function escalationJourney(w: WidgetDoc, axe: () => Promise<void>): Promise<string> {
  const bubbles = await w.locator(".cw-bubble--shopper").count();
  await w.getByRole("button", { name: "Talk to a stylist" }).click();
  const form = w.locator("[data-type=escalation_form]").last();
  await form.getByLabel("Name").waitFor();
  await settled(w);
  await form.getByRole("button", { name: "Request a stylist" }).click();
  await form.getByText("Tell us your name.").waitFor();
  await expect(w.evaluate(() => document.activeElement?.getAttribute("autocomplete"))).resolves.toBe("name");
  await form.getByLabel("Name").fill("Ava Chen");
  await form.getByLabel("Email", { exact: true }).fill("ava.chen@example.com");
  await form.getByLabel("Best time to reach you").selectOption("Weekday evenings");
  await form.getByLabel("Notes (optional)").fill("Engagement ring ideas");
  await axe();
  await form.getByRole("button", { name: "Request a stylist" }).click();
  const ticket = w.locator("[data-type=ticket_confirmation]").last();
  await ticket.waitFor();
  await settled(w);
  const ticketId = (await ticket.locator(".cw-mono").textContent())!.trim();
  expect(ticketId).toMatch(/^T-[0-9A-F]{8}$/);
  await expect(form.locator(".cw-summary").textContent()).resolves.toContain("Sent contact details to a stylist");
  expect(await w.locator(".cw-bubble--shopper").count()).toBe(bubbles); // no words put in the shopper's mouth
  await axe();
  return ticketId;
}

/** Rates the conversation on the (one per conversation) CSAT prompt. */
export async function rate(w: WidgetDoc, axe: () => Promise<void>) {
  const csat = w.locator("[data-type=csat_prompt]").last();
  await csat.locator("form").waitFor();
  await expect(csat.getByRole("button", { name: "Submit" }).isDisabled()).resolves.toBe(true);
  await csat.getByRole("radio", { name: /5.*Excellent/ }).check();
  await csat.getByLabel("Comment (optional)").fill("Lovely and quick");
  await axe();
  await csat.getByRole("button", { name: "Submit" }).click();
  await csat.locator(".cw-summary", { hasText: "Rated 5 out of 5" }).waitFor();
  await w.locator(".cw-log").getByText("Thank you for the feedback!").waitFor();
  await settled(w);
}

/** Every text field is at least 16 px (iOS zooms into smaller ones). */
export async function expectNoZoomingInputs(w: WidgetDoc) {
  const small = await w.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>(".cw-root input:not([type=radio]):not([type=checkbox]), .cw-root select, .cw-root textarea")]
      .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 16)
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(small).toEqual([]);
}

/** Quick links step aside while the shopper types, and come back when the composer is empty. */
export async function expectQuickLinksCollapseWhileTyping(w: WidgetDoc) {
  const quick = w.getByRole("toolbar", { name: "Quick links" });
  await expect(quick.isVisible()).resolves.toBe(true);
  const box = w.getByLabel("Message the concierge");
  await box.fill("a dainty");
  await expect.poll(() => quick.isVisible()).toBe(false);
  await box.fill("");
  await expect.poll(() => quick.isVisible()).toBe(true);
}
