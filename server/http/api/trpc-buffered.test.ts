import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { initTRPC } from "@trpc/server";
import { answerBuffered, readBody } from "./trpc-buffered";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that reads each request body with readBody and hands the outcome to the test. */
function serve(maxBytes: number): Promise<{ port: number; outcome: Promise<Buffer | string> }> {
  let report!: (value: Buffer | string) => void;
  const outcome = new Promise<Buffer | string>((resolve) => (report = resolve));
  server = http.createServer((req, res) => {
    void readBody(req, maxBytes).then((body) => {
      report(body);
      res.end("ok");
    });
  });
  return new Promise((resolve) =>
    server!.listen(0, "127.0.0.1", () => resolve({ port: (server!.address() as AddressInfo).port, outcome })),
  );
}

function send(port: number, chunks: string[], finish: "end" | "destroy") {
  const req = http.request({ port, host: "127.0.0.1", method: "POST", path: "/" });
  req.on("error", () => undefined);
  for (const chunk of chunks) req.write(chunk);
  if (finish === "end") req.end();
  else setTimeout(() => req.destroy(), 50);
}

describe("reading a tRPC request body", () => {
  it("returns the whole body, sent in pieces", async () => {
    const { port, outcome } = await serve(1024);
    send(port, ['{"text":', '"hello"}'], "end");
    expect(String(await outcome)).toBe('{"text":"hello"}');
  });

  it("stops at the limit: too_large, the rest unread", async () => {
    const { port, outcome } = await serve(16);
    send(port, ["x".repeat(10), "x".repeat(10)], "end");
    expect(await outcome).toBe("too_large");
  });

  it("says aborted when the client goes away before the end of the body", async () => {
    const { port, outcome } = await serve(1024);
    send(port, ['{"text":'], "destroy");
    expect(await outcome).toBe("aborted");
  });
});

describe("answering through the one-write path", () => {
  const t = initTRPC.create();
  const router = t.router({
    ping: t.procedure.query(() => ({ pong: true })),
    ticks: t.procedure.subscription(async function* () {
      for (;;) {
        yield { tick: Date.now() };
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }),
  });

  async function call(path: string): Promise<{ status: number; length: string | null; body: string }> {
    server = http.createServer((req, res) => {
      void answerBuffered(req, res, 1024, { router, endpoint: "/api/trpc", createContext: () => ({}) });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc/${path}`);
    return { status: res.status, length: res.headers.get("content-length"), body: await res.text() };
  }

  it("answers a query whole, with its length", async () => {
    const res = await call("ping");
    expect(res.status).toBe(200);
    expect(Number(res.length)).toBe(Buffer.byteLength(res.body));
    expect(JSON.parse(res.body)).toEqual({ result: { data: { pong: true } } });
  });

  it("refuses a live stream that reaches it instead of waiting for its end", async () => {
    const res = await call("ticks");
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/text\/event-stream/);
  });
});
