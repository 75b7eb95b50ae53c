import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

/** How the next requests are answered: a handler, or a canned misbehaviour. */
export type EndpointBehaviour =
  | { kind: "answer"; handle: (body: unknown) => { status: number; body?: unknown } }
  | { kind: "slow"; delayMs: number }
  | { kind: "status"; status: number }
  | { kind: "raw"; text: string };

/**
 * A local stand-in for a store's JSON endpoints (the runbook's products and order-status
 * services): records every request and answers as told — properly, slowly, with an error status or
 * with a malformed body.
 */
export async function startStoreEndpointServer(initial: EndpointBehaviour): Promise<{
  url: (path: string) => string;
  requests: RecordedRequest[];
  behave(next: EndpointBehaviour): void;
  close(): Promise<void>;
}> {
  let behaviour = initial;
  const requests: RecordedRequest[] = [];
  const pending = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString("utf8")));
    req.on("end", () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // recorded as text
      }
      requests.push({ path: req.url ?? "/", headers: req.headers, body });
      const b = behaviour;
      const send = (status: number, text: string) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(text);
      };
      switch (b.kind) {
        case "answer": {
          const out = b.handle(body);
          send(out.status, out.body === undefined ? "" : JSON.stringify(out.body));
          break;
        }
        case "slow": {
          pending.add(res);
          const timer = setTimeout(() => {
            pending.delete(res);
            if (!res.destroyed) send(200, JSON.stringify({ items: [] }));
          }, b.delayMs);
          res.on("close", () => clearTimeout(timer));
          break;
        }
        case "status":
          send(b.status, JSON.stringify({ error: "nope" }));
          break;
        case "raw":
          send(200, b.text);
          break;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    behave: (next) => (behaviour = next),
    close: async () => {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
