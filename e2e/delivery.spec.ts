import { readdirSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";

const baseURL = inject("baseURL");

/** Compressed delivery and caching of what the built app serves (issue: bytes on the wire). */
describe("compressed delivery", () => {
  it("serves the loader precompressed (brotli, else gzip) with a short cache", async () => {
    const br = await fetch(`${baseURL}/widget.js`, { headers: { "accept-encoding": "br, gzip" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("cache-control")).toBe("public, max-age=300");
    expect(br.headers.get("vary")).toMatch(/Accept-Encoding/i);
    expect((await br.text()).length).toBeGreaterThan(1000); // fetch decodes: the real script arrived
    const gz = await fetch(`${baseURL}/widget.js`, { headers: { "accept-encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    const plain = await fetch(`${baseURL}/widget.js`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
  });

  it("serves hashed build assets precompressed and immutable for a year", async () => {
    const chunk = readdirSync("public/build/_shared").find((f) => f.endsWith(".js"));
    const res = await fetch(`${baseURL}/build/_shared/${chunk}`, { headers: { "accept-encoding": "br" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("serves a rendered page brotli- or gzip-compressed, decoding to the page it serves uncompressed", async () => {
    const plain = await (await fetch(`${baseURL}/`, { headers: { "accept-encoding": "identity" } })).text();
    expect(plain).toContain("</html>");
    for (const encoding of ["br", "gzip"]) {
      const res = await fetch(`${baseURL}/`, { headers: { "accept-encoding": encoding } });
      expect(res.headers.get("content-encoding")).toBe(encoding);
      const html = await res.text(); // fetch decodes
      // Only the per-request nonce and ids may differ.
      expect(html.length).toBeGreaterThan(plain.length * 0.9);
      expect(html).toContain("</html>");
    }
  });

  it("compresses rendered pages, but never a live stream", async () => {
    const page = await fetch(`${baseURL}/`, { headers: { "accept-encoding": "gzip" } });
    expect(page.headers.get("content-encoding")).toBe("gzip");
    const controller = new AbortController();
    const stream = await fetch(`${baseURL}/api/trpc/session.events?input=${encodeURIComponent("{}")}`, {
      headers: { accept: "text/event-stream", "accept-encoding": "gzip, br" },
      signal: controller.signal,
    });
    expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(stream.headers.get("content-encoding")).toBeNull();
    controller.abort();
  });
});
