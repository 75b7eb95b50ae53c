import { createExpressMiddleware } from "@trpc/server/adapters/express";
import type { NextFunction, Request, Response } from "express";
import type { Runtime } from "../../runtime";
import { appRouter } from "../../routers";
import { createTrpcContext, type TrpcContext } from "../../trpc/context";
import { clientIp } from "../client-ip";
import { isSameOriginRequest } from "../same-origin";
import { staffFromCookie } from "../staff-from-request";
import type { StaffSessionCookies } from "../staff-session";
import { StreamSlots } from "./stream-slots";

/** The largest request body /api/trpc reads (bytes): a chat turn is ≤ 1,000 characters. */
export const MAX_TRPC_BODY_BYTES = 64 * 1024;
/** The most procedure calls one batched request may carry (the widget batches ≤ 10 queries). */
export const MAX_TRPC_BATCH_SIZE = 10;

function payloadTooLarge(res: Response) {
  res
    .status(413)
    .set({ "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", Connection: "close" })
    .end(
      JSON.stringify({ error: { code: "PAYLOAD_TOO_LARGE", message: `Request bodies are limited to ${MAX_TRPC_BODY_BYTES / 1024} KB.` } }),
    );
}

/**
 * `/api/trpc`, served straight from the HTTP server through tRPC's Express adapter (no Remix
 * request pipeline): every widget, dashboard and curl call. Cheap checks come first: the body size
 * (413 before anything is read), then live-stream caps, then tRPC (batches of more than
 * {@link MAX_TRPC_BATCH_SIZE} calls answer 400). Dashboard calls authenticate with the staff cookie;
 * cookie-authenticated writes must come from this app's origin (CSRF). Nothing under /api/trpc may
 * be cached: answers can carry personal data.
 */
export function trpcEndpoint(runtime: Runtime, staffCookies: StaffSessionCookies) {
  const slots = new StreamSlots(runtime);
  const handler = createExpressMiddleware({
    router: appRouter,
    maxBodySize: MAX_TRPC_BODY_BYTES,
    maxBatchSize: MAX_TRPC_BATCH_SIZE,
    createContext: async ({ req, res }): Promise<TrpcContext> => {
      const cookieStaff = await staffFromCookie(runtime, staffCookies, req.headers.cookie);
      const expected = runtime.config.appOrigin ?? `${req.protocol}://${req.get("host")}`;
      const readOnly = req.method === "GET" || req.method === "HEAD";
      const sameOrigin = isSameOriginRequest({ origin: req.get("origin"), referer: req.get("referer") }, expected);
      return createTrpcContext({
        runtime,
        headers: { get: (name) => req.get(name) },
        requestId: String(res.locals.requestId),
        ip: clientIp(req, runtime.config.trustProxy),
        staff: cookieStaff && (readOnly || sameOrigin) ? cookieStaff : null,
      });
    },
    responseMeta: ({ ctx }) => ({ headers: ctx?.responseHeaders ?? new Headers() }),
  });
  return async (req: Request, res: Response, next: NextFunction) => {
    res.setHeader("Cache-Control", "no-store");
    const declared = Number(req.get("content-length") ?? 0);
    if (Number.isFinite(declared) && declared > MAX_TRPC_BODY_BYTES) return payloadTooLarge(res);
    if (String(req.get("accept") ?? "").includes("text/event-stream")) {
      const refused = await slots.admit(req, res);
      if (refused) return;
    }
    handler(req, res, next);
  };
}
