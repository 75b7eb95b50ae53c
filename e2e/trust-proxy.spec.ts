import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltApp, type RunningApp } from "./support/app-server";

let app: RunningApp;
beforeAll(async () => {
  app = await startBuiltApp({ TRUST_PROXY: "loopback" });
});
afterAll(async () => {
  await app?.stop();
});

const search = (clientIp: string) =>
  fetch(`${app.url}/api/trpc/support.products.search?input=${encodeURIComponent("{}")}`, { headers: { "x-forwarded-for": clientIp } });

describe("behind a trusted reverse proxy (TRUST_PROXY)", () => {
  it("rate-limits each forwarded client separately: the 101st call from one shopper is 429, another shopper still gets 200", async () => {
    for (let i = 0; i < 100; i++) expect((await search("203.0.113.7")).status).toBe(200);
    const limited = await search("203.0.113.7");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(limited.headers.get("ratelimit-policy")).toContain("q=100;w=60");
    expect((await search("203.0.113.8")).status).toBe(200);
  });
});
