import { fetchRequestHandler, type FetchHandlerRequestOptions } from "@trpc/server/adapters/fetch";
import type { AnyTRPCRouter } from "@trpc/server";
import type { EdgeRequest, EdgeResponse } from "../node-request";

/** What the buffered path needs besides the request: tRPC's fetch-handler options without `req`. */
export type BufferedTrpcOptions<TRouter extends AnyTRPCRouter> = Omit<FetchHandlerRequestOptions<TRouter>, "req">;

/** The request body, whole; "too_large" once it grew past `maxBytes` (the rest is not read); "aborted" if the client went away first. */
export function readBody(req: EdgeRequest, maxBytes: number): Promise<Buffer | "too_large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.pause();
        return resolve("too_large");
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    // After "end" these change nothing (a promise settles once).
    req.once("error", () => resolve("aborted"));
    req.once("close", () => resolve("aborted"));
  });
}

function fetchHeaders(req: EdgeRequest): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/**
 * Answers a query or mutation through tRPC's fetch handler with the whole answer in one write
 * (`Content-Length`, no chunking). Calls that answer in one piece — every query and mutation the
 * widget and dashboard make (httpLink / httpBatchLink) — cost less server CPU this way than through
 * the Node adapter's streamed response; live streams (SSE) keep the Node adapter. Answers nothing
 * and says why when the body is over `maxBodyBytes` (the caller answers 413) or the client went away.
 */
export async function answerBuffered<TRouter extends AnyTRPCRouter>(
  req: EdgeRequest,
  res: EdgeResponse,
  maxBodyBytes: number,
  options: BufferedTrpcOptions<TRouter>,
): Promise<"answered" | "too_large" | "aborted"> {
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req, maxBodyBytes);
  if (body === "too_large" || body === "aborted") return body;
  const request = new Request(`http://localhost${req.url ?? "/"}`, {
    method,
    headers: fetchHeaders(req),
    ...(body && body.length > 0 ? { body: body as unknown as BodyInit } : {}),
  });
  const response = await fetchRequestHandler({ ...options, req: request } as FetchHandlerRequestOptions<TRouter>);
  if (String(response.headers.get("content-type")).includes("text/event-stream")) {
    // A live stream reached the one-write path (the caller routes subscriptions elsewhere): never
    // wait for it to end. Refused, and the stream stopped.
    await response.body?.cancel();
    res.writeHead(400, { "Content-Type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ error: { code: "BAD_REQUEST", message: "Live streams need Accept: text/event-stream." } }));
    return "answered";
  }
  writeAnswer(res, method, response.status, response.headers, Buffer.from(await response.arrayBuffer()));
  return "answered";
}

/** Writes a whole answer in one piece: its headers (cookies kept apart), Content-Length, the body unless HEAD. */
export function writeAnswer(res: EdgeResponse, method: string, status: number, headers: Headers, payload: Buffer): void {
  headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("Set-Cookie", cookies);
  res.setHeader("Content-Length", payload.length);
  res.writeHead(status);
  res.end(method === "HEAD" ? undefined : payload);
}
