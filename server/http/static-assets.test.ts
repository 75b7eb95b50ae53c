import { afterEach, describe, expect, it, vi } from "vitest";
import fs from "node:fs";
import { coalesceFlushes, publicFiles } from "./static-assets";

describe("coalesceFlushes", () => {
  afterEach(() => vi.useRealTimers());

  it("turns the flushes of one burst into one, made after the burst; a later burst flushes again", async () => {
    const flush = vi.fn();
    const res: { flush?: () => void } = { flush };
    coalesceFlushes(res);
    for (let i = 0; i < 200; i++) res.flush!();
    expect(flush).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(flush).toHaveBeenCalledTimes(1);
    res.flush!();
    res.flush!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it("leaves a response without flush (not compressed) alone", () => {
    const res: { flush?: () => void } = {};
    coalesceFlushes(res);
    expect(res.flush).toBeUndefined();
  });
});

describe("publicFiles", () => {
  async function serve(path: string) {
    const express = (await import("express")).default;
    const app = express();
    app.use(publicFiles());
    app.use((_req, res) => res.status(404).send("passed on"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { "accept-encoding": "identity" } });
      return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
    } finally {
      server.close();
    }
  }

  it("serves the files in public/ (each has an extension)", async () => {
    const favicon = await serve("/favicon.svg");
    expect(favicon.status).toBe(200);
    expect(favicon.type).toMatch(/svg/);
  });

  it("passes page paths on without looking for a file", async () => {
    const stat = vi.spyOn(fs, "stat");
    for (const path of ["/", "/widget", "/dashboard/tickets"]) expect(await serve(path)).toMatchObject({ status: 404, body: "passed on" });
    expect(stat.mock.calls.filter(([file]) => String(file).includes("public"))).toEqual([]);
    stat.mockRestore();
  });
});
