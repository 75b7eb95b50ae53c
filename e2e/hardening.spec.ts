import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBuiltApp, type RunningApp } from "./support/app-server";

/**
 * What users run: `npm run build && npm start`. Every domain error answers its own HTTP status
 * from the BUILT server (one module graph: a second copy of the server code once turned all of
 * them into 500s while every in-process test passed), the order-guessing limit trips, and the
 * abuse limits hold (batch size, body size, live streams, no caching of personal data).
 * Its own app instance, so the guessing test does not spend other specs' budgets.
 */

const run = promisify(execFile);
const APP_ENV: Record<string, string> = {
  NODE_ENV: "production",
  JWT_SECRET: "e2e-jwt-secret-0123456789abcdef0123456789",
  ENCRYPTION_KEY: "e2e-encryption-key-0123456789abcdef012345",
  LOG_LEVEL: "warn",
};

let dir: string;
let app: RunningApp;
let url: string;
let staffCookie: string;
/** Each test speaks from its own address (TRUST_PROXY=loopback), so per-IP quotas never leak between tests. */
let clientIp = "203.0.113.1";
let ipCounter = 1;
beforeEach(() => {
  clientIp = `203.0.113.${++ipCounter}`;
});

interface TrpcError {
  error: { message: string; data: { code: string; httpStatus: number } };
}

async function post(procedure: string, input: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": clientIp, ...headers },
    body: JSON.stringify(input),
  });
}

async function startSession(): Promise<string> {
  const res = await post("session.start", { visitorId: `e2e_hard_${Math.random().toString(36).slice(2, 10)}` });
  const body = (await res.json()) as { result: { data: { sessionToken: string } } };
  return body.result.data.sessionToken;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "aurora-e2e-hard-"));
  const { stdout } = await run(
    path.resolve("node_modules/.bin/tsx"),
    ["server/cli/user-create.ts", "--email", "sam@glowglitch.example", "--role", "stylist", "--name", "Sam"],
    { env: { ...process.env, ...APP_ENV, DATA_DIR: dir } },
  );
  const password = /password:\s+(\S+)/.exec(stdout)![1]!;
  app = await startBuiltApp({ TRUST_PROXY: "loopback" }, dir);
  url = app.url;
  const login = await fetch(`${url}/dashboard/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: url },
    body: new URLSearchParams({ email: "sam@glowglitch.example", password }),
  });
  expect(login.status).toBe(302);
  staffCookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
});

afterAll(async () => {
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("domain errors keep their HTTP status in the built app", () => {
  it("wrong email, unknown order and someone else's order: one 404 NOT_FOUND answer", async () => {
    const bodies: string[] = [];
    for (const input of [
      { orderNumber: "GG-12003", email: "wrong@example.com" },
      { orderNumber: "GG-99999", email: "sofia.ramirez@example.com" },
      { orderNumber: "GG-12003", email: "ava.chen@example.com" },
    ]) {
      const res = await post("support.orders.status", input, bearer(await startSession()));
      expect(res.status).toBe(404);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = (await res.json()) as TrpcError;
      expect(body.error.data.code).toBe("NOT_FOUND");
      bodies.push(body.error.message);
    }
    expect(new Set(bodies).size).toBe(1);
  });

  it("an ineligible return is 400 with the reason; a second request for the same piece is 409", async () => {
    const token = await startSession();
    const late = await post(
      "support.returns.create",
      { orderNumber: "GG-12005", email: "daniel.okafor@example.com", kind: "return", productIds: ["gg-bracelet-tennis-wg"] },
      bearer(token),
    );
    const lateBody = (await late.json()) as TrpcError;
    expect(late.status, JSON.stringify(lateBody)).toBe(400);
    expect(lateBody.error.message).toMatch(/30-day return window closed/);

    const ring = { orderNumber: "GG-12001", email: "ava.chen@example.com", productIds: ["gg-ring-stacking-band-yg"] };
    expect((await post("support.returns.create", { ...ring, kind: "return" }, bearer(token))).status).toBe(200);
    const clash = await post("support.returns.create", { ...ring, kind: "resize", newRingSize: "7" }, bearer(token));
    expect(clash.status).toBe(409);
    expect(((await clash.json()) as TrpcError).error.message).toMatch(/already has an open return request \(RMA-/);
  });

  it("a full shortlist is 409 CONFLICT with a readable message", async () => {
    const token = await startSession();
    const page = (await (
      await fetch(`${url}/api/trpc/support.products.search?input=${encodeURIComponent(JSON.stringify({ limit: 48, sort: "price_asc" }))}`, {
        headers: { "x-forwarded-for": clientIp },
      })
    ).json()) as { result: { data: { items: Array<{ id: string }>; nextCursor: string } } };
    const next = (await (
      await fetch(
        `${url}/api/trpc/support.products.search?input=${encodeURIComponent(JSON.stringify({ limit: 48, sort: "price_asc", cursor: page.result.data.nextCursor }))}`,
        { headers: { "x-forwarded-for": clientIp } },
      )
    ).json()) as { result: { data: { items: Array<{ id: string }> } } };
    const ids = [...page.result.data.items, ...next.result.data.items].map((p) => p.id);
    for (const productId of ids.slice(0, 50)) expect((await post("support.shortlist.add", { productId }, bearer(token))).status).toBe(200);
    const full = await post("support.shortlist.add", { productId: ids[50] }, bearer(token));
    expect(full.status).toBe(409);
    expect(((await full.json()) as TrpcError).error.message).toMatch(/shortlist is full/);
  });

  it("an unknown ticket is 404 for a signed-in stylist; no session is 401", async () => {
    const get = (cookie?: string) =>
      fetch(`${url}/api/trpc/dashboard.tickets.get?input=${encodeURIComponent(JSON.stringify({ id: "T-00000000" }))}`, {
        headers: cookie ? { cookie } : {},
      });
    const missing = await get(staffCookie);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as TrpcError).error.data.code).toBe("NOT_FOUND");
    expect((await get()).status).toBe(401);
  });

  it("guessing an order's email stops after 5 failures (429 with Retry-After), even for the right email", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await post(
        "support.orders.status",
        { orderNumber: "GG-12004", email: `guess${i}@example.com` },
        bearer(await startSession()),
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    const right = await post("support.orders.status", { orderNumber: "GG-12004", email: "priya.natarajan@example.com" });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("logged no 'procedure failed' errors for any of the above", () => {
    expect(app.output()).not.toMatch(/procedure failed/);
    expect(app.output()).not.toMatch(/"statusCode":500/);
  });
});

describe("abuse limits on the built app", () => {
  it("refuses a batch of more than 10 calls with 400, and serves a batch of 10", async () => {
    const batch = (n: number) =>
      fetch(
        `${url}/api/trpc/${Array(n).fill("support.products.search").join(",")}?batch=1&input=${encodeURIComponent(
          JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { query: "ring", limit: 1 }]))),
        )}`,
      );
    expect((await batch(10)).status).toBe(200);
    const big = await batch(11);
    expect(big.status).toBe(400);
  });

  it("refuses a body over 64 KB with 413 before reading it", async () => {
    const res = await post("chat.send", { text: "x".repeat(70 * 1024) }, bearer(await startSession()));
    expect(res.status).toBe(413);
  });

  it("refuses a streamed (chunked) body over 64 KB with 413 too, keeping no more than the limit, and the client gets the answer", async () => {
    const chunk = new TextEncoder().encode(`{"text":"${"x".repeat(16 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${url}/api/trpc/chat.send`, {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "application/json", ...bearer(await startSession()) },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  it("cuts off a client that keeps streaming a refused body: the rest is dropped up to 1 MB, never kept", async () => {
    const token = await startSession();
    const { port } = new URL(url);
    const socket = net.connect(Number(port), "127.0.0.1");
    await once(socket, "connect");
    let answer = "";
    socket.on("data", (data: Buffer) => (answer += data.toString("latin1")));
    let closed = false;
    socket.on("close", () => (closed = true));
    socket.on("error", () => undefined);
    socket.write(
      `POST /api/trpc/chat.send HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Authorization: Bearer ${token}\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = `4000\r\n${"x".repeat(0x4000)}\r\n`;
    let written = 0;
    const started = Date.now();
    // An endless body: written as fast as the connection takes it, until the server cuts it off.
    while (!closed && written < 64 * 1024 * 1024 && Date.now() - started < 15_000) {
      written += 0x4000;
      if (!socket.write(chunk)) await Promise.race([once(socket, "drain"), once(socket, "close")]).catch(() => undefined);
    }
    expect(closed, `the connection is still open after ${written} bytes`).toBe(true);
    // What the client could send before the cut: the 64 KB read, the 1 MB dropped, and what the
    // kernel buffers held on both ends (a few MB on loopback) — not the 64 MB it tried.
    expect(written).toBeLessThan(16 * 1024 * 1024);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("streams a subscription (SSE) even when the request does not ask for text/event-stream, however its path is spelled", async () => {
    const token = await startSession();
    for (const path of ["session.events", "session%2Eevents", "session.events/"]) {
      const controller = new AbortController();
      const res = await fetch(`${url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ afterSeq: 0 }))}`, {
        headers: { ...bearer(token), "x-forwarded-for": clientIp },
        signal: controller.signal,
      });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toContain("text/event-stream");
      const reader = res.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first, path).toContain('"seq":1');
      controller.abort();
    }
  });

  it("sends Cache-Control: no-store on API answers that can carry personal data", async () => {
    const token = await startSession();
    for (const res of [
      await post("session.start", {}),
      await fetch(`${url}/api/trpc/session.messages?input=${encodeURIComponent(JSON.stringify({ afterSeq: 0 }))}`, {
        headers: bearer(token),
      }),
      await post("support.orders.status", { orderNumber: "GG-12002", email: "marcus.bennett@example.com" }),
    ]) {
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("caps live streams per session (429 beyond the cap) and frees a slot when one closes", async () => {
    const token = await startSession();
    const open = () => {
      const controller = new AbortController();
      const response = fetch(`${url}/api/trpc/session.events?input=${encodeURIComponent(JSON.stringify({ afterSeq: 0 }))}`, {
        headers: { ...bearer(token), accept: "text/event-stream", "x-forwarded-for": clientIp },
        signal: controller.signal,
      });
      return { controller, response };
    };
    const streams = Array.from({ length: 6 }, open);
    for (const s of streams) expect((await s.response).status).toBe(200);
    const refused = await open().response;
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).not.toBeNull();
    streams[0]!.controller.abort();
    let admitted = 0;
    for (let i = 0; i < 40 && admitted !== 200; i++) {
      const again = open();
      admitted = (await again.response).status;
      if (admitted === 200) again.controller.abort();
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(admitted).toBe(200);
    for (const s of streams.slice(1)) s.controller.abort();
  });
});
