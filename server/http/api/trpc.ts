import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import type { Runtime } from "../../runtime";
import { appRouter } from "../../routers";
import { createTrpcContext, type TrpcContext } from "../../trpc/context";
import { clientIpResolver, requestProtocol } from "../client-ip";
import { header, pathOf, requestIdOf, type EdgeRequest, type EdgeResponse } from "../node-request";
import { isSameOriginRequest } from "../same-origin";
import { staffFromCookie } from "../staff-from-request";
import type { StaffSessionCookies } from "../staff-session";
import { StreamSlots, verifiedSessionOf } from "./stream-slots";
import { answerBuffered, readBody, writeAnswer } from "./trpc-buffered";
import { answerSingleCall, singleCallOf } from "./trpc-single-call";

const TRPC_ENDPOINT = "/api/trpc";

/** The largest request body /api/trpc reads (bytes): a chat turn is ≤ 1,000 characters. */
export const MAX_TRPC_BODY_BYTES = 64 * 1024;
/** The most procedure calls one batched request may carry (the widget batches ≤ 10 queries). */
export const MAX_TRPC_BATCH_SIZE = 10;

/** Subscriptions answer as a live stream (SSE) whatever the request asked for: they keep tRPC's streaming Node adapter. */
const STREAMING_PATHS = new Set(
  Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
    .filter(([, procedure]) => procedure._def.type === "subscription")
    .map(([path]) => path),
);

/** The procedure path as tRPC reads it: after `/api/trpc/`, slashes trimmed, percent-decoded ("" when malformed). */
export function procedurePath(pathname: string): string {
  const raw = pathname.slice(TRPC_ENDPOINT.length).replace(/^\/+|\/+$/g, "");
  try {
    return decodeURIComponent(raw);
  } catch {
    return "";
  }
}

const responseMeta = ({ ctx }: { ctx?: TrpcContext }) => ({ headers: ctx?.responseHeaders ?? new Headers() });

/**
 * What a refused body may still send (dropped, never kept) before its connection is cut: bytes, then
 * time; and how long a cut connection stays half-closed before it is destroyed.
 */
const REFUSED_BODY_DRAIN = { bytes: 1024 * 1024, ms: 5_000, lingerMs: 1_000 };

/**
 * 413, then the rest of the body is read and dropped (up to {@link REFUSED_BODY_DRAIN}) before the
 * connection may close: closing a socket with unread bytes makes the kernel send a reset, and a client
 * still sending its body then sees "EPIPE" or "connection reset" instead of this answer. A client that
 * goes on past the drain limit is cut off the way RFC 9112 §9.6 asks: reading stops (TCP holds the client
 * back), the answer is followed by a FIN, and only after a moment is the socket destroyed — a reset that
 * arrived at once could make the client's kernel discard the 413 before the client read it.
 */
function payloadTooLarge(req: EdgeRequest, res: EdgeResponse) {
  res.writeHead(413, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(
    JSON.stringify({ error: { code: "PAYLOAD_TOO_LARGE", message: `Request bodies are limited to ${MAX_TRPC_BODY_BYTES / 1024} KB.` } }),
  );
  if (req.readableEnded) return;
  let dropped = 0;
  const cut = () => {
    clearTimeout(timer);
    req.pause();
    req.socket.end();
    setTimeout(() => req.socket.destroy(), REFUSED_BODY_DRAIN.lingerMs).unref();
  };
  const timer = setTimeout(cut, REFUSED_BODY_DRAIN.ms);
  timer.unref();
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > REFUSED_BODY_DRAIN.bytes) cut();
  });
  req.once("end", () => clearTimeout(timer));
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

/**
 * `/api/trpc`, served straight from the HTTP server (no Express, no Remix on this path): every widget,
 * dashboard and curl call. Queries and mutations go through tRPC's fetch handler and answer in one
 * write; subscriptions (live streams) through its streaming Node adapter. Cheap checks come first: the
 * body size (413 before anything is read), then live-stream caps, then tRPC (batches of more than
 * {@link MAX_TRPC_BATCH_SIZE} calls answer 400). Dashboard calls authenticate with the staff
 * cookie; cookie-authenticated writes must come from this app's origin (CSRF). Nothing under
 * /api/trpc may be cached: answers can carry personal data.
 */
export function trpcEndpoint(runtime: Runtime, staffCookies: StaffSessionCookies) {
  const slots = new StreamSlots(runtime);
  const { trustProxy, appOrigin } = runtime.config;
  const ipOf = clientIpResolver(trustProxy);
  const createContext = async ({ req, res }: { req: EdgeRequest; res: EdgeResponse }): Promise<TrpcContext> => {
    const cookie = header(req, "cookie");
    const cookieStaff = cookie ? await staffFromCookie(runtime, staffCookies, cookie) : null;
    let staff = null;
    if (cookieStaff) {
      const readOnly = req.method === "GET" || req.method === "HEAD";
      const expected = appOrigin ?? `${requestProtocol(req, trustProxy)}://${header(req, "host") ?? ""}`;
      staff =
        readOnly || isSameOriginRequest({ origin: header(req, "origin"), referer: header(req, "referer") }, expected) ? cookieStaff : null;
    }
    return createTrpcContext({
      runtime,
      headers: { get: (name) => header(req, name.toLowerCase()) },
      requestId: requestIdOf(res),
      ip: ipOf(req),
      staff,
      ...(verifiedSessionOf(req) ? { widgetSession: verifiedSessionOf(req) } : {}),
    });
  };
  return async (req: EdgeRequest, res: EdgeResponse): Promise<void> => {
    res.setHeader("Cache-Control", "no-store");
    const declared = Number(header(req, "content-length") ?? 0);
    if (Number.isFinite(declared) && declared > MAX_TRPC_BODY_BYTES) return payloadTooLarge(req, res);
    const call = singleCallOf(appRouter, TRPC_ENDPOINT, { method: req.method, url: req.url ?? "/", headers: req.headers });
    if (call) {
      const method = req.method as "GET" | "POST";
      const body = method === "POST" ? await readBody(req, MAX_TRPC_BODY_BYTES) : undefined;
      if (body === "too_large") return payloadTooLarge(req, res);
      if (body === "aborted") return;
      const answer = await answerSingleCall({
        router: appRouter,
        call,
        method,
        body,
        createContext: () => createContext({ req, res }),
        responseMeta,
      });
      return writeAnswer(res, method, answer.status, answer.headers, Buffer.from(answer.body));
    }
    const path = procedurePath(pathOf(req));
    if (!STREAMING_PATHS.has(path) && !String(header(req, "accept") ?? "").includes("text/event-stream")) {
      const answered = await answerBuffered(req, res, MAX_TRPC_BODY_BYTES, {
        router: appRouter,
        endpoint: TRPC_ENDPOINT,
        maxBatchSize: MAX_TRPC_BATCH_SIZE,
        createContext: () => createContext({ req, res }),
        responseMeta,
      });
      if (answered === "too_large") payloadTooLarge(req, res);
      return;
    }
    if (await slots.admit(req, res)) return;
    await nodeHTTPRequestHandler({
      router: appRouter,
      req,
      res,
      path,
      maxBodySize: MAX_TRPC_BODY_BYTES,
      maxBatchSize: MAX_TRPC_BATCH_SIZE,
      createContext,
      responseMeta,
    });
  };
}
