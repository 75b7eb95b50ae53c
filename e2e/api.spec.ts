import { describe, expect, inject, it } from "vitest";

const baseURL = inject("baseURL");

function searchUrl(input: unknown): string {
  return `${baseURL}/api/trpc/support.products.search?input=${encodeURIComponent(JSON.stringify(input))}`;
}

describe("HTTP API on the built app", () => {
  it("answers the runbook's health checks", async () => {
    const basic = await fetch(`${baseURL}/api/health`);
    expect(basic.status).toBe(200);
    const body = await basic.json();
    expect(Object.keys(body)).toEqual(["status", "timestamp"]);
    expect(body.status).toBe("ok");
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);

    const db = await fetch(`${baseURL}/api/health?check=db`);
    expect(db.status).toBe(200);
    const dbBody = await db.json();
    expect(Object.keys(dbBody)).toEqual(["status", "checks", "timestamp"]);
    expect(dbBody).toMatchObject({ status: "ok", checks: { database: "ok" } });
  });

  it("returns only gold rings at or under $500 for the acceptance query", async () => {
    const res = await fetch(searchUrl({ query: "gold rings", maxPrice: 500 }));
    expect(res.status).toBe(200);
    const { result } = await res.json();
    const items = result.data.items as Array<{ category: string; metal: string; priceCents: number }>;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.category).toBe("ring");
      expect(item.metal).toMatch(/gold/);
      expect(item.priceCents).toBeLessThanOrEqual(50_000);
    }
  });

  it("answers malformed, over-long and operator input with 400 and a readable message", async () => {
    for (const input of [{ query: { $gt: "" } }, { query: "a".repeat(500) }, { maxPrice: "cheap" }, { $where: "1" }]) {
      const res = await fetch(searchUrl(input));
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.message).toMatch(/^Invalid input: /);
      expect(body.error.data.issues.length).toBeGreaterThan(0);
      expect(JSON.stringify(body)).not.toContain("stack");
    }
    const broken = await fetch(`${baseURL}/api/trpc/support.products.search?input=%7Bnot-json`);
    expect(broken.status).toBe(400);
  });

  it("honours and echoes x-request-id, and makes one when absent", async () => {
    const res = await fetch(`${baseURL}/api/health`, { headers: { "x-request-id": "req-12345" } });
    expect(res.headers.get("x-request-id")).toBe("req-12345");
    const generated = await fetch(`${baseURL}/api/health`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(generated.headers.get("x-request-id")).toMatch(/^req-[0-9a-f-]{36}$/);
  });

  it("serves product images locally as SVG and refuses other pages in frames", async () => {
    const search = await (await fetch(searchUrl({ limit: 1 }))).json();
    const image = await fetch(`${baseURL}${search.result.data.items[0].imageUrl}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toContain("image/svg+xml");
    expect(await image.text()).toMatch(/^<svg/);
    const page = await fetch(`${baseURL}/`);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect((await fetch(`${baseURL}/images/products/nope.svg`)).status).toBe(404);
  });
});
