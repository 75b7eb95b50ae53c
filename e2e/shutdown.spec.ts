import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startBuiltApp, type RunningApp } from "./support/app-server";
import { call } from "./support/trpc-http";

function exited(app: RunningApp): Promise<{ code: number | null; at: number }> {
  return new Promise((resolve) => {
    if (app.process.exitCode !== null) return resolve({ code: app.process.exitCode, at: Date.now() });
    app.process.once("exit", (code) => resolve({ code, at: Date.now() }));
  });
}

/**
 * A chat.send whose body is sent in two halves: the server has accepted the request (it is in
 * flight) before the signal, and can only answer once the second half arrives.
 */
function halfSentTurn(base: string, token: string, text: string) {
  const url = new URL(`${base}/api/trpc/chat.send`);
  const body = Buffer.from(JSON.stringify({ text }));
  let finish!: () => void;
  const response = new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "content-length": body.length, authorization: `Bearer ${token}` },
      },
      (res) => {
        let data = "";
        res.on("data", (d) => (data += String(d)));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data, connection: res.headers.connection }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.flushHeaders();
    req.write(body.subarray(0, 5));
    finish = () => req.end(body.subarray(5));
  });
  return { response, finish: () => finish() };
}

async function refusesConnections(base: string): Promise<boolean> {
  try {
    await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    return code === "ECONNREFUSED" || code === "ECONNRESET" || code === "UND_ERR_SOCKET";
  }
}

describe("graceful shutdown of the built app (SIGTERM)", () => {
  it("finishes in-flight requests, refuses new connections, exits 0, and keeps every acknowledged write", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "aurora-shutdown-"));
    try {
      const app = await startBuiltApp({}, dataDir);
      const products = (await call(app.url, "support.products.search", { limit: 8 }, undefined, "GET")).items.map(
        (p: { id: string }) => p.id,
      ) as string[];
      const sessions = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => ({ i, ...(await call(app.url, "session.start", { visitorId: `shutdownvisitor${i}` })) })),
      );
      const slow = halfSentTurn(app.url, sessions[0]!.sessionToken, "gold hoops under 300");
      await new Promise((r) => setTimeout(r, 150)); // the request has reached the server

      // A burst of writes racing the signal: each is either acknowledged (200) or never accepted.
      const burst = sessions.flatMap((s) =>
        [0, 1, 2].map(async (k) => {
          const productId = products[(s.i + k) % products.length] as string;
          try {
            await call(app.url, "chat.send", { action: { kind: "shortlist_add", productId } }, s.sessionToken);
            return { token: s.sessionToken, productId, acknowledged: true };
          } catch (error) {
            // Refused/reset connections are fine; an HTTP error answer is not.
            expect(String(error)).not.toMatch(/→ \d{3}/);
            return { token: s.sessionToken, productId, acknowledged: false };
          }
        }),
      );
      const exit = exited(app);
      const signalledAt = Date.now();
      app.process.kill("SIGTERM");
      // The listener closes as soon as the signal is handled (on a loaded machine that can take longer
      // than a fixed pause): new connections are refused while the half-sent turn keeps the process alive.
      await expect.poll(() => refusesConnections(app.url), { timeout: 5_000, interval: 100 }).toBe(true);
      expect(app.process.exitCode).toBeNull(); // still finishing the in-flight request

      slow.finish();
      const answer = await slow.response;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).result.data.entries.length).toBeGreaterThan(1);
      const results = await Promise.all(burst);
      const { code, at } = await exit;
      expect(code).toBe(0);
      expect(at - signalledAt).toBeLessThan(9_000); // well before the 10 s force-close deadline

      const restarted = await startBuiltApp({}, dataDir);
      try {
        for (const s of sessions) {
          const saved = (
            await call<{ products: Array<{ id: string }> }>(restarted.url, "support.shortlist.get", undefined, s.sessionToken, "GET")
          ).products.map((p) => p.id);
          for (const r of results.filter((x) => x.token === s.sessionToken && x.acknowledged)) expect(saved).toContain(r.productId);
        }
        const transcript = await call<{ entries: Array<{ role: string; message: { text?: string } }> }>(
          restarted.url,
          "session.messages",
          { afterSeq: 0 },
          sessions[0]!.sessionToken,
          "GET",
        );
        expect(transcript.entries.some((e) => e.role === "shopper" && e.message.text === "gold hoops under 300")).toBe(true);
        const health = await (await fetch(`${restarted.url}/api/health?check=db`)).json();
        expect(health).toMatchObject({ status: "ok", checks: { database: "ok" } });
      } finally {
        expect(await restarted.stop("SIGTERM")).toBe(0);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("ends open live streams (session.events SSE) promptly instead of waiting for the force-close deadline", async () => {
    const app = await startBuiltApp();
    try {
      const session = await call(app.url, "session.start", { visitorId: "shutdownstream1" });
      const controller = new AbortController();
      const res = await fetch(`${app.url}/api/trpc/session.events?input=${encodeURIComponent(JSON.stringify({ afterSeq: 0 }))}`, {
        headers: { authorization: `Bearer ${session.sessionToken}`, accept: "text/event-stream" },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      let received = "";
      while (!received.includes('"seq":1')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += Buffer.from(value).toString("utf8");
      }
      expect(received).toContain('"seq":1');
      const exit = exited(app);
      const signalledAt = Date.now();
      app.process.kill("SIGTERM");
      // The stream ends (the widget's EventSource then reconnects with its last seq, losing nothing).
      const ended = (async () => {
        try {
          for (;;) if ((await reader.read()).done) return Date.now();
        } catch {
          return Date.now();
        }
      })();
      const { code, at } = await exit;
      expect(code).toBe(0);
      expect((await ended) - signalledAt).toBeLessThan(5_000);
      expect(at - signalledAt).toBeLessThan(5_000);
      controller.abort();
    } finally {
      await app.stop("SIGKILL");
    }
  });
});
