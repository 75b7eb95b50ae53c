import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readBody } from "./trpc-buffered";

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
