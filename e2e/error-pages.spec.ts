import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltApp, type RunningApp } from "./support/app-server";

/**
 * What the built app shows and logs when something breaks, in development mode — what `npm start`
 * runs when NODE_ENV is not set — and what a production first start prints.
 */

const STACK = /\n\s+at |TRPCError|build\/index\.js|node_modules|Too many requests/;

function jsonLines(output: string): Array<Record<string, unknown>> {
  return output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("development mode (`npm start` without NODE_ENV)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startBuiltApp({ NODE_ENV: "development", LOG_LEVEL: "info", ADMIN_EMAIL: "", ADMIN_PASSWORD: "" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("a page whose loader fails renders no error message or stack (neither in the HTML nor its data); the log has them with the request id", async () => {
    // The storefront's catalog search is rate limited per client address: exhaust it so its loader throws.
    let data: Response | undefined;
    for (let i = 0; i < 200; i++) {
      data = await fetch(`${app.url}/?q=ring${i}&_data=routes%2F_index`);
      if (data.status === 500) break;
      expect(data.status).toBe(200);
      await data.arrayBuffer();
    }
    expect(data!.status).toBe(500);
    const dataBody = await data!.text();
    expect(dataBody).not.toMatch(STACK);
    expect(JSON.parse(dataBody)).toEqual({ message: "Unexpected Server Error" });

    const page = await fetch(`${app.url}/?q=rings`, { headers: { "x-request-id": "e2e-error-page-1" } });
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain("Something went wrong");
    expect(html).not.toMatch(STACK);

    const logged = jsonLines(app.output()).find((l) => l.requestId === "e2e-error-page-1" && l.msg === "page request failed");
    expect(logged, app.output().slice(-3000)).toBeDefined();
    expect(logged).toMatchObject({ level: "error", endpoint: "/", method: "GET" });
    expect(String((logged!.err as { stack?: string }).stack)).toMatch(/TRPCError: Too many requests/);
  });

  it("prints the demo admin's password once, on the first start, and every log line carries `timestamp`", () => {
    expect(app.output().match(/password:\s+\S+/g)).toHaveLength(1);
    const lines = jsonLines(app.output());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toHaveProperty("time");
      expect(new Date(line.timestamp as string).toISOString()).toBe(line.timestamp);
    }
    expect(lines.some((l) => l.msg === "request" && typeof l.requestId === "string" && typeof l.duration === "number")).toBe(true);
  });
});

describe("production first start", () => {
  it("seeds no demo orders, creates no demo admin and prints no password unless asked", async () => {
    const app = await startBuiltApp({ SEED_DEMO_DATA: "", ADMIN_EMAIL: "", ADMIN_PASSWORD: "", LOG_LEVEL: "info" });
    try {
      const search = await fetch(`${app.url}/api/trpc/support.products.search?input=${encodeURIComponent("{}")}`);
      expect(((await search.json()) as { result: { data: { total: number } } }).result.data.total).toBe(0);
      expect(app.output()).not.toMatch(/password:/);
      expect(app.output()).not.toContain("seeded the demo catalog");
      expect(app.output()).toContain("no dashboard account yet");
      expect(existsSync(path.join(app.dataDir, "admin-credentials.txt"))).toBe(false);
      const login = await fetch(`${app.url}/dashboard/login`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: app.url, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "admin@glowglitch.example", password: "anything-at-all" }),
      });
      expect(login.status).toBe(401);
    } finally {
      await app.stop();
    }
  });
});
