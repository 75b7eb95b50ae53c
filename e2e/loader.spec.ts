/**
 * The host-page loader (public/widget.js) on a third-party page served from another origin.
 * Only host-side behaviour is asserted: the launcher, the iframe element and its URL, storage and
 * messages. Where the iframe has to talk back, its document is a stub served through
 * Playwright's router from the app's origin, so these tests never depend on what /widget renders.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bucketOf } from "../server/services/flags-service";
import { hostMessage, widgetMessage } from "../widget/protocol";
import { startHostSite, type HostSite } from "./fixtures/host-site";
import { IdentityTokens } from "../server/platform/tokens";
import { freePort, startBuiltApp, type RunningApp } from "./support/app-server";
import { launchChromium } from "./support/browser";

const baseURL = inject("baseURL");
const appOrigin = new URL(baseURL).origin;
const VID_KEY = "aurora-concierge-vid";
const OPEN_KEY = "aurora-concierge-open";
const TOKEN = "store.signed.identity-token_0123456789";

let browser: Browser;
let host: HostSite;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  host = await startHostSite(baseURL);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await host?.close();
  await browser?.close();
});

async function newPage(opts: { viewport?: { width: number; height: number }; vid?: string } = {}) {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
  contexts.push(context);
  if (opts.vid) {
    await context.addInitScript(
      ([key, vid]) => {
        if (window.top === window) localStorage.setItem(key, vid);
      },
      [VID_KEY, opts.vid] as const,
    );
  }
  const page = await context.newPage();
  return { context, page };
}

/** Every request the page makes to the given app origin, in order. */
function recordRequests(page: Page, origin = appOrigin): string[] {
  const seen: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).origin === origin) seen.push(r.url().slice(origin.length));
  });
  return seen;
}

const launcher = (page: Page) => page.locator("aurora-concierge").getByRole("button", { name: /concierge/i });
const panel = (page: Page) => page.locator("aurora-concierge iframe");

/** Waits until the loader has asked for its config and had time to act on the answer. */
async function settle(page: Page) {
  await page.waitForFunction(() => !!window.AuroraConcierge);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 250))));
}

async function gotoHost(page: Page, site: HostSite, pathAndQuery = "/") {
  const config = page.waitForResponse((r) => r.url().includes("/api/widget/config?"));
  await page.goto(site.url + pathAndQuery);
  const response = await config;
  await response.finished();
  return response;
}

/** Serves a stub document for /widget from the app's origin: records what it receives, sends nothing. */
async function stubWidgetFrame(context: BrowserContext) {
  await context.route(
    (url) => url.origin === appOrigin && url.pathname === "/widget",
    (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/html; charset=utf-8",
        body: `<!doctype html><html lang="en"><title>stub</title><main><h1>Concierge (test stub)</h1></main><script>
          const hostOrigin = new URLSearchParams(location.search).get("host");
          window.received = [];
          addEventListener("message", (e) => { if (e.source === parent && e.origin === hostOrigin) received.push(e.data); });
          window.send = (m) => parent.postMessage(m, hostOrigin);
        </script>`,
      }),
  );
}

async function widgetFrame(page: Page): Promise<Frame> {
  let frame: Frame | undefined;
  await expect
    .poll(() => (frame = page.frames().find((f) => f.url().startsWith(`${appOrigin}/widget?`))), { timeout: 10_000 })
    .toBeTruthy();
  await frame!.waitForFunction(() => Array.isArray((window as unknown as { received?: unknown[] }).received));
  return frame!;
}

const received = (frame: Frame) => frame.evaluate(() => (window as unknown as { received: unknown[] }).received);
const dropped = (page: Page) => page.evaluate(() => window.AuroraConcierge!.__dropped);

describe("widget loader on a third-party page", () => {
  it("draws an accessible launcher in an open shadow root and makes no other request before interaction", async () => {
    const { page } = await newPage();
    const requests = recordRequests(page);
    const config = await gotoHost(page, host);
    await launcher(page).waitFor();

    const vid = await page.evaluate((k) => localStorage.getItem(k), VID_KEY);
    expect(vid).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(await config.json()).toEqual({ enabled: true, storeName: expect.any(String), position: "right" });

    const shadow = await page.evaluate(() => {
      const el = document.querySelector("aurora-concierge");
      const button = el?.shadowRoot?.querySelector("button");
      return {
        parent: el?.parentElement?.tagName,
        mode: el?.shadowRoot?.mode,
        inLightDom: document.querySelectorAll("button").length,
        type: button?.type,
        label: button?.getAttribute("aria-label"),
        expanded: button?.getAttribute("aria-expanded"),
        rect: button?.getBoundingClientRect().toJSON() as DOMRect | undefined,
        position: button && getComputedStyle(button).position,
        zIndex: button && getComputedStyle(button).zIndex,
      };
    });
    // (a submit button, to save bytes: inside the shadow root it has no form owner, so it can never submit the store's form)
    expect(shadow).toMatchObject({ parent: "BODY", mode: "open", inLightDom: 1, type: "submit", expanded: "false", position: "fixed" });
    expect(shadow.label).toMatch(/concierge/i);
    expect(Number(shadow.zIndex)).toBeGreaterThan(1_000_000);
    expect(shadow.rect!.width).toBeGreaterThanOrEqual(44);
    expect(shadow.rect!.height).toBeGreaterThanOrEqual(44);
    expect(shadow.rect!.right).toBeGreaterThan(1280 - 100); // bottom-right
    expect(shadow.rect!.bottom).toBeGreaterThan(800 - 100);

    await settle(page);
    expect(await page.locator("iframe").count()).toBe(0);
    expect(await page.locator('link[rel="preconnect"]').count()).toBe(0);
    expect(requests).toEqual(["/widget.js", `/api/widget/config?vid=${vid}`]);
  });

  it("works on a page that is not a secure context (plain http on a staging host): no crypto.randomUUID there", async () => {
    const { context, page } = await newPage();
    // What a page on http://staging.shop.example sees: randomUUID is [SecureContext]-only; getRandomValues is not.
    await context.addInitScript(() => {
      delete (Crypto.prototype as { randomUUID?: unknown }).randomUUID;
    });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const config = await gotoHost(page, host);
    await launcher(page).waitFor();
    expect(await page.evaluate(() => typeof (crypto as { randomUUID?: unknown }).randomUUID)).toBe("undefined");
    const vid = await page.evaluate((k) => localStorage.getItem(k), VID_KEY);
    expect(vid).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(new URL(config.url()).searchParams.get("vid")).toBe(vid);
    expect(errors).toEqual([]);
  });

  it("preconnects on hover (once) and creates the iframe only on click, with the exact URL", async () => {
    const { page } = await newPage();
    await gotoHost(page, host);
    await launcher(page).hover();
    await expect.poll(() => page.locator(`link[rel="preconnect"][href="${appOrigin}"]`).count()).toBe(1);
    expect(await page.locator("aurora-concierge iframe").count()).toBe(0);
    await launcher(page).focus();
    await page.mouse.move(0, 0);
    await launcher(page).hover();
    expect(await page.locator('link[rel="preconnect"]').count()).toBe(1);

    await launcher(page).click();
    const vid = await page.evaluate((k) => localStorage.getItem(k), VID_KEY);
    // the host origin as is (an origin holds no & or #), the visitor id, and the store page's path (never its query)
    expect(await panel(page).getAttribute("src")).toBe(`${appOrigin}/widget?host=${host.url}&vid=${vid}&page=%2F`);
    expect(await panel(page).getAttribute("title")).toMatch(/concierge/i);
    expect(await panel(page).getAttribute("allow")).toBeNull();
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("true");
    const box = (await panel(page).boundingBox())!;
    expect(box.width).toBe(400);
    expect(box.height).toBe(640);
    expect(box.x + box.width).toBeGreaterThan(1280 - 60);

    // the launcher toggles
    await launcher(page).click();
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("false");
    expect(await panel(page).isVisible()).toBe(false);
    await launcher(page).click();
    expect(await panel(page).isVisible()).toBe(true);
    expect(await page.locator("aurora-concierge iframe").count()).toBe(1);
  });

  it("goes full-screen under 480 px", async () => {
    const { page } = await newPage({ viewport: { width: 390, height: 760 } });
    await gotoHost(page, host);
    await launcher(page).click();
    expect(await panel(page).boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 760 });
  });

  it("closes with Escape on the launcher", async () => {
    const { page } = await newPage();
    await gotoHost(page, host);
    await launcher(page).click();
    await launcher(page).focus();
    await page.keyboard.press("Escape");
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("false");
    expect(await panel(page).isVisible()).toBe(false);
    expect(await page.evaluate((k) => sessionStorage.getItem(k), OPEN_KEY)).toBeNull();
  });

  it("keeps styles apart in both directions", async () => {
    const { page } = await newPage();
    // the host button's full computed style without the loader …
    await page.goto(`${host.url}/?nowidget=1`);
    const snapshot = () =>
      page.evaluate(() => {
        const cs = getComputedStyle(document.getElementById("host-button")!);
        return Object.fromEntries(Array.from(cs, (p) => [p, cs.getPropertyValue(p)]));
      });
    const baseline = await snapshot();
    expect(baseline["background-color"]).toBe("rgb(255, 0, 0)");

    // … equals its computed style with the launcher drawn and the panel open
    await gotoHost(page, host);
    await launcher(page).click();
    expect(await snapshot()).toEqual(baseline);

    // and the host's clashing rules (button, iframe, *, :focus) do not reach inside the shadow root
    await launcher(page).focus();
    const inside = await page.evaluate(() => {
      const root = document.querySelector("aurora-concierge")!.shadowRoot!;
      const b = getComputedStyle(root.querySelector("button")!);
      const f = getComputedStyle(root.querySelector("iframe")!);
      return {
        background: b.backgroundColor,
        color: b.color,
        fontSize: b.fontSize,
        border: b.borderTopStyle,
        radius: b.borderTopLeftRadius,
        letterSpacing: b.letterSpacing,
        width: b.width,
        height: b.height,
        outline: b.outlineStyle,
        frameBorder: f.borderTopWidth,
        frameWidth: f.width,
      };
    });
    expect(inside).toMatchObject({
      background: "rgb(31, 41, 55)",
      color: "rgb(255, 255, 255)",
      border: "none",
      radius: "50%",
      letterSpacing: "normal",
      width: "56px",
      height: "56px",
      frameBorder: "0px",
      frameWidth: "400px",
    });
    expect(inside.fontSize).not.toBe("40px");
  });

  it("has no axe violations in the launcher (closed and open)", async () => {
    const { context, page } = await newPage();
    // the iframe's document belongs to the widget route (and its spec); here only the host side counts
    await stubWidgetFrame(context);
    await gotoHost(page, host);
    await launcher(page).waitFor();
    const scan = async () =>
      (await new AxeBuilder({ page }).include("aurora-concierge").analyze()).violations.map(
        (v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`,
      );
    expect(await scan()).toEqual([]);
    await launcher(page).click();
    expect(await scan()).toEqual([]);
  });

  it("shows a visible focus ring for keyboard users", async () => {
    const { page } = await newPage();
    await gotoHost(page, host);
    await launcher(page).waitFor();
    await page.locator("#host-button").focus();
    await page.keyboard.press("Tab");
    const ring = await page.evaluate(() => {
      const b = document.querySelector("aurora-concierge")!.shadowRoot!.querySelector("button")!;
      const cs = getComputedStyle(b);
      return {
        focused: document.querySelector("aurora-concierge")!.shadowRoot!.activeElement === b,
        outline: cs.outlineStyle,
        shadow: cs.boxShadow,
      };
    });
    expect(ring.focused).toBe(true);
    expect(ring.outline).toBe("solid");
    expect(ring.shadow).toContain("6px");
  });

  it("uses data-label as the accessible name", async () => {
    const labelled = await startHostSite(baseURL, { label: "Ask the GlowGlitch concierge" });
    try {
      const { page } = await newPage();
      await gotoHost(page, labelled);
      await expect(launcher(page).getAttribute("aria-label")).resolves.toBe("Ask the GlowGlitch concierge");
    } finally {
      await labelled.close();
    }
  });

  it("is idempotent when the tag is embedded twice or injected again", async () => {
    const { page } = await newPage();
    const requests = recordRequests(page);
    await gotoHost(page, host, "/?twice=1");
    await launcher(page).waitFor();
    await page.addScriptTag({ url: `${appOrigin}/widget.js` });
    await settle(page);
    expect(await page.locator("aurora-concierge").count()).toBe(1);
    expect(requests.filter((r) => r.startsWith("/api/widget/config")).length).toBe(1);
  });

  it("exposes window.AuroraConcierge", async () => {
    const { page } = await newPage();
    await gotoHost(page, host);
    const api = await page.evaluate(() => {
      const a = window.AuroraConcierge!;
      return {
        open: typeof a.open,
        close: typeof a.close,
        identify: typeof a.identify,
        on: typeof a.on,
        version: a.version,
        dropped: a.__dropped,
      };
    });
    expect(api).toEqual({
      open: "function",
      close: "function",
      identify: "function",
      on: "function",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      dropped: expect.any(Number),
    });
    await expect(page.evaluate(() => window.AuroraConcierge!.on("nope" as never, () => {}))).rejects.toThrow();

    // open()/close() drive the same panel as the launcher, and on() hears both
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      window.AuroraConcierge!.on("open", (d) => w.seen.push(d.name));
      const off = window.AuroraConcierge!.on("close", (d) => w.seen.push(d.name));
      window.AuroraConcierge!.open();
      setTimeout(() => {
        window.AuroraConcierge!.close();
        setTimeout(() => {
          off();
          window.AuroraConcierge!.open();
          setTimeout(() => window.AuroraConcierge!.close(), 50);
        }, 50);
      }, 50);
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(["open", "close", "open"]);
    await expect.poll(() => launcher(page).getAttribute("aria-expanded")).toBe("false");
  });

  it("restores an open panel after navigation", async () => {
    const { page } = await newPage();
    await gotoHost(page, host);
    await launcher(page).click();
    expect(await page.evaluate((k) => sessionStorage.getItem(k), OPEN_KEY)).toBe("1");

    await gotoHost(page, host, "/other-page");
    await panel(page).waitFor();
    expect(await panel(page).isVisible()).toBe(true);
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("true");

    await launcher(page).click();
    await gotoHost(page, host, "/");
    await launcher(page).waitFor();
    await settle(page);
    expect(await panel(page).count()).toBe(0);
  });

  it("drops a forged message from the host page itself and counts it", async () => {
    const { page } = await newPage();
    await gotoHost(page, host);
    await launcher(page).click();
    const before = await dropped(page);
    // perfectly shaped, but from the wrong window and origin
    await page.evaluate((m) => window.postMessage(m, "*"), widgetMessage.close());
    await expect.poll(() => dropped(page)).toBe(before + 1);
    expect(await panel(page).isVisible()).toBe(true);
    expect(await launcher(page).getAttribute("aria-expanded")).toBe("true");
  });
});

describe("host ⇄ iframe messaging (stub iframe document)", () => {
  it("queues identify/open until ready, posts with the exact origin, and closes on the widget's close", async () => {
    const { context, page } = await newPage();
    await stubWidgetFrame(context);
    await gotoHost(page, host);
    await page.evaluate((token) => {
      const w = window as unknown as { events: unknown[] };
      w.events = [];
      for (const name of ["ready", "unread", "message"] as const) window.AuroraConcierge!.on(name, (d) => w.events.push(d));
      window.AuroraConcierge!.identify(token);
    }, TOKEN);
    await launcher(page).click();
    const frame = await widgetFrame(page);
    expect(await received(frame)).toEqual([]);

    await frame.evaluate((m) => (window as unknown as { send: (m: unknown) => void }).send(m), widgetMessage.ready());
    await expect.poll(() => received(frame)).toEqual([hostMessage.identify(TOKEN), hostMessage.open()]);

    // after ready, messages go straight through
    await page.evaluate(() => window.AuroraConcierge!.close());
    await page.evaluate(() => window.AuroraConcierge!.open());
    await expect
      .poll(() => received(frame))
      .toEqual([hostMessage.identify(TOKEN), hostMessage.open(), hostMessage.close(), hostMessage.open()]);

    // widget events reach on() subscribers; malformed ones from the right window are dropped
    const before = await dropped(page);
    const send = (m: unknown) => frame.evaluate((msg) => (window as unknown as { send: (m: unknown) => void }).send(msg), m);
    await send(widgetMessage.event("unread", 2));
    await send({ ...widgetMessage.close(), extra: 1 });
    await send({ v: 2, src: "aurora-widget", type: "close" });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { events: unknown[] }).events))
      .toEqual([{ name: "ready" }, { name: "unread", count: 2 }]);
    await expect.poll(() => dropped(page)).toBe(before + 2);
    expect(await panel(page).isVisible()).toBe(true);

    // the widget echoing open/close/ready as events does not make on() fire twice (the loader owns those)
    await page.evaluate(() => {
      const w = window as unknown as { echoes: number };
      w.echoes = 0;
      for (const name of ["open", "close", "ready"] as const) window.AuroraConcierge!.on(name, () => w.echoes++);
    });
    for (const name of ["open", "close", "ready"] as const) await send(widgetMessage.event(name));
    await send(widgetMessage.event("message"));
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { events: unknown[] }).events))
      .toEqual([{ name: "ready" }, { name: "unread", count: 2 }, { name: "message" }]);
    expect(await page.evaluate(() => (window as unknown as { echoes: number }).echoes)).toBe(0);
    expect(await dropped(page)).toBe(before + 5); // the three echoes are not frame events: dropped like malformed ones

    // the widget's own close hides the panel and gives focus back to the launcher
    await frame.evaluate(() => document.body.focus());
    await send(widgetMessage.close());
    await expect.poll(() => launcher(page).getAttribute("aria-expanded")).toBe("false");
    expect(await panel(page).isVisible()).toBe(false);
    expect(
      await page.evaluate(() => {
        const el = document.querySelector("aurora-concierge")!;
        return document.activeElement === el && el.shadowRoot!.activeElement === el.shadowRoot!.querySelector("button");
      }),
    ).toBe(true);
    // the host is not told to close what the widget closed itself
    expect((await received(frame)).length).toBe(4);
  });

  it("drops messages from another window on the app's origin", async () => {
    const { context, page } = await newPage();
    await stubWidgetFrame(context);
    await gotoHost(page, host);
    await launcher(page).click();
    await widgetFrame(page);
    // a second frame of the app's origin: right event.origin, wrong event.source
    await page.evaluate(
      (src) => {
        const rogue = document.createElement("iframe");
        rogue.src = src;
        document.body.append(rogue);
      },
      `${appOrigin}/widget?host=${encodeURIComponent(host.url)}&rogue=1`,
    );
    let rogue: Frame | undefined;
    await expect.poll(() => (rogue = page.frames().find((f) => f.url().includes("rogue=1")))).toBeTruthy();
    await rogue!.waitForFunction(() => typeof (window as unknown as { send?: unknown }).send === "function");
    const before = await dropped(page);
    await rogue!.evaluate((m) => (window as unknown as { send: (m: unknown) => void }).send(m), widgetMessage.close());
    await expect.poll(() => dropped(page)).toBe(before + 1);
    expect(await panel(page).isVisible()).toBe(true);
  });

  it("drops messages from the iframe's window once it is on another origin", async () => {
    const { context, page } = await newPage();
    await stubWidgetFrame(context);
    await gotoHost(page, host);
    await launcher(page).click();
    const frame = await widgetFrame(page);
    await frame.goto(`${host.url}/other-page?nowidget=1`);
    const before = await dropped(page);
    // same window (event.source matches), wrong origin
    await frame.evaluate((m) => parent.postMessage(m, "*"), widgetMessage.close());
    await expect.poll(() => dropped(page)).toBe(before + 1);
    expect(await panel(page).isVisible()).toBe(true);
  });
});

describe("GET /api/widget/config", () => {
  it("answers with the decision only, uncached and readable cross-origin", async () => {
    const res = await fetch(`${baseURL}/api/widget/config?vid=abcdefgh12345678`, { headers: { Origin: "http://store.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("vary")).toMatch(/Origin/);
    // the decision and the store's look (side; a brand colour when one is configured) — nothing about the visitor
    expect(Object.keys(await res.json()).sort()).toEqual(["enabled", "position", "storeName"]);
  });

  it("rejects a missing or invalid visitor id with a 400 JSON error", async () => {
    for (const q of ["", "?vid=", "?vid=short", `?vid=${"a".repeat(65)}`, "?vid=bad%20id%20here", "?vid=%3Cscript%3E12"]) {
      const res = await fetch(`${baseURL}/api/widget/config${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(await res.json()).toHaveProperty("error");
    }
  });
});

describe("flags decide whether the launcher appears", () => {
  const VIP = "vip-shopper-0001";
  // visitors on either side of a 50 % rollout, found by the server's own bucketing
  const candidates = Array.from({ length: 200 }, (_, i) => `e2e-visitor-${String(i).padStart(4, "0")}`);
  const inside = candidates.find((v) => bucketOf(v) < 50)!;
  const outside = candidates.find((v) => bucketOf(v) >= 50)!;

  let killed: RunningApp, zero: RunningApp, half: RunningApp;
  let killedHost: HostSite, zeroHost: HostSite, halfHost: HostSite;

  beforeAll(async () => {
    [killed, zero, half] = await Promise.all([
      startBuiltApp({ CONCIERGE_ENABLED: "false", CONCIERGE_ALLOWED_USERS: VIP }),
      startBuiltApp({ CONCIERGE_ROLLOUT_PERCENTAGE: "0", CONCIERGE_ALLOWED_USERS: VIP }),
      startBuiltApp({ CONCIERGE_ROLLOUT_PERCENTAGE: "50" }),
    ]);
    [killedHost, zeroHost, halfHost] = await Promise.all([startHostSite(killed.url), startHostSite(zero.url), startHostSite(half.url)]);
  });
  afterAll(async () => {
    await Promise.all([killedHost?.close(), zeroHost?.close(), halfHost?.close()]);
    await Promise.all([killed?.stop(), zero?.stop(), half?.stop()]);
  });

  async function decision(page: Page, site: HostSite, path = "/") {
    const res = await gotoHost(page, site, path);
    await settle(page);
    const body = (await res.json()) as { enabled: boolean };
    const drawn = (await page.locator("aurora-concierge").count()) === 1;
    expect(drawn).toBe(body.enabled);
    return drawn;
  }

  it("the kill switch hides the launcher for everyone (even allow-listed visitors)", async () => {
    for (const vid of [undefined, VIP]) {
      const { page } = await newPage({ vid });
      expect(await decision(page, killedHost)).toBe(false);
      expect(await page.locator("aurora-concierge, iframe").count()).toBe(0);
      await page.evaluate(() => window.AuroraConcierge!.open());
      await settle(page);
      expect(await page.locator("aurora-concierge, iframe").count()).toBe(0);
    }
  });

  it("0 % rollout hides the launcher except for allow-listed visitors", async () => {
    const stranger = await newPage();
    expect(await decision(stranger.page, zeroHost)).toBe(false);

    const vip = await newPage({ vid: VIP });
    const requests = recordRequests(vip.page, new URL(zero.url).origin);
    expect(await decision(vip.page, zeroHost)).toBe(true);
    await launcher(vip.page).waitFor();
    expect(requests).toContain(`/api/widget/config?vid=${VIP}`);
  });

  it("the same visitor gets the same decision on every page view", async () => {
    for (const [vid, expected] of [
      [inside, true],
      [outside, false],
    ] as const) {
      const { page } = await newPage({ vid });
      for (const path of ["/", "/other-page", "/"]) expect(await decision(page, halfHost, path)).toBe(expected);
    }
    // a new visitor keeps its generated id, hence its decision
    const { page } = await newPage();
    const first = await decision(page, halfHost);
    const vid = await page.evaluate((k) => localStorage.getItem(k), VID_KEY);
    expect(first).toBe(bucketOf(vid!) < 50);
    for (const path of ["/other-page", "/"]) {
      expect(await decision(page, halfHost, path)).toBe(first);
      expect(await page.evaluate((k) => localStorage.getItem(k), VID_KEY)).toBe(vid);
    }
  });
});

describe("beta rollout by email (the runbook's NEXT_PUBLIC_CONCIERGE_ALLOWED_USERS)", () => {
  const SECRET = "identity-secret-for-e2e-0123456789abcdef";
  let beta: RunningApp;
  let site: HostSite;

  beforeAll(async () => {
    const port = await freePort();
    beta = await startBuiltApp({
      NEXT_PUBLIC_CONCIERGE_ROLLOUT_PERCENTAGE: "0",
      NEXT_PUBLIC_CONCIERGE_ALLOWED_USERS: "beta@store.com",
      CONCIERGE_IDENTITY_SECRET: SECRET,
      CONCIERGE_ALLOWED_ORIGINS: `http://127.0.0.1:${port}`,
    });
    site = await startHostSite(beta.url, { port });
  });
  afterAll(async () => {
    await site?.close();
    await beta?.stop();
  });

  it("shows the launcher to the signed-in beta shopper, who can chat; everyone else sees nothing", async () => {
    const stranger = await newPage();
    await gotoHost(stranger.page, site);
    await settle(stranger.page);
    expect(await stranger.page.locator("aurora-concierge").count()).toBe(0);

    const token = await IdentityTokens.mint(SECRET, "beta@store.com");
    const other = await newPage();
    await gotoHost(other.page, site, `/?identity=${encodeURIComponent(await IdentityTokens.mint(SECRET, "someone@else.com"))}`);
    await settle(other.page);
    expect(await other.page.locator("aurora-concierge").count()).toBe(0);

    const { page } = await newPage();
    const config = await gotoHost(page, site, `/?identity=${encodeURIComponent(token)}`);
    expect(config.request().method()).toBe("POST");
    expect(config.url()).not.toContain(token); // the token travels in the body, never in a URL
    await launcher(page).click();
    const frame = page.frameLocator("aurora-concierge iframe");
    await frame.locator(".cw-root[data-ready] .cw-row").first().waitFor();
    const box = frame.getByLabel("Message the concierge");
    await box.fill("gold rings under 500");
    await box.press("Enter");
    // The session is enabled (allow-listed by email) and every later call is accepted: cards arrive.
    await frame.locator(".cw-card").first().waitFor({ timeout: 30_000 });
  });
});
