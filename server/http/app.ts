import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express from "express";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Runtime } from "../runtime";
import { answerHealth } from "./api/health";
import { answerMetrics } from "./api/metrics";
import { orderWebhookEndpoint } from "./api/order-webhook";
import { answerProductImage } from "./api/product-images";
import { fetchHeaders, sendAnswer, sendResponse } from "./api/send";
import { trpcEndpoint } from "./api/trpc";
import { answerWidgetConfig } from "./api/widget-config";
import { clientIp } from "./client-ip";
import { dashboardCsrf } from "./dashboard-csrf";
import { httpMetrics } from "./http-metrics";
import { remixLoadContext } from "./remix-context";
import { requestLogging } from "./request-logging";
import { securityHeaders } from "./security-headers";
import { createStaffSessionCookies, type StaffSessionCookies } from "./staff-session";
import { dynamicCompression, hashedAssets, publicFiles } from "./static-assets";

export interface HttpAppOptions {
  runtime: Runtime;
  /**
   * The Remix server build. Production passes the build itself (Remix derives its routes once);
   * development passes a function that hands over fresh builds.
   */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "development" | "production" | "test";
}

const requestUrl = (req: express.Request) => new URL(req.originalUrl, "http://localhost");

const TRPC_PREFIX = "/api/trpc/";

/**
 * The HTTP surface, as a Node request listener. `/api/trpc` — the hot path of every widget and
 * dashboard call — goes straight to tRPC's Node adapter behind the edge's own metrics, request log
 * and security headers (no Express routing, no Remix). Everything else goes through Express: the
 * other APIs (health, metrics, widget config, images, webhooks), static files, and Remix for pages,
 * which reaches server code through its load context.
 */
export function createRequestListener(options: HttpAppOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { runtime } = options;
  const staffCookies = createStaffSessionCookies(runtime.config.secrets.jwtSecret, runtime.config.isProduction);
  const app = createHttpApp(options, staffCookies);
  const edge = [httpMetrics(runtime.metrics), requestLogging(runtime.logger), securityHeaders()];
  const trpc = trpcEndpoint(runtime, staffCookies);
  const serveTrpc = (req: IncomingMessage, res: ServerResponse) => {
    let i = 0;
    const next = (error?: unknown) => {
      if (error) {
        runtime.logger.error({ err: error, requestId: (res as { requestId?: string }).requestId }, "edge middleware failed");
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
        return void res.end();
      }
      const step = edge[i++];
      if (step) return step(req, res, next);
      trpc(req, res).catch((err: unknown) => {
        runtime.logger.error({ err, requestId: (res as { requestId?: string }).requestId }, "trpc handler failed");
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
        res.end();
      });
    };
    next();
  };
  return (req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith(TRPC_PREFIX)) serveTrpc(req, res);
    else app(req, res);
  };
}

/** Express: everything but /api/trpc. */
export function createHttpApp({ runtime, build, mode }: HttpAppOptions, staffCookies: StaffSessionCookies): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, the client address (rate limits) comes from X-Forwarded-For — only then.
  if (runtime.config.trustProxy !== undefined) app.set("trust proxy", runtime.config.trustProxy);
  app.use(httpMetrics(runtime.metrics));
  app.use(requestLogging(runtime.logger));
  app.use(securityHeaders());

  // Signed order webhooks need the raw body (HMAC): mounted before anything parses bodies.
  app.use("/api/webhooks/orders", orderWebhookEndpoint(runtime));
  // Hashed assets first: the most frequent and cheapest requests stop here.
  app.use("/build", hashedAssets());
  app.use(dynamicCompression());
  const widgetLook = { storeName: runtime.config.storeName, ...runtime.config.widget };
  app.get("/api/health", (req, res, next) => answerHealth(req.query.check, runtime.services.health).then((r) => sendAnswer(res, r), next));
  app.get("/api/metrics", (req, res, next) =>
    answerMetrics({
      url: requestUrl(req),
      headers: fetchHeaders(req),
      ip: clientIp(req, runtime.config.trustProxy),
      metrics: runtime.metrics,
      token: runtime.config.metricsToken,
    }).then((r) => sendResponse(res, r), next),
  );
  const visitorHandoff = (vid: string) => runtime.services.handoff.forVisitor(vid);
  app.get("/api/widget/config", (req, res, next) =>
    answerWidgetConfig(req.query.vid, runtime.services.flags, widgetLook, undefined, visitorHandoff).then((r) => sendAnswer(res, r), next),
  );
  // The same, for a signed-in shopper: the store's identity token in a text/plain body (a CORS
  // "simple" request, no preflight; never in a URL).
  app.post("/api/widget/config", express.text({ type: "text/plain", limit: "8kb" }), (req, res, next) => {
    const token = typeof req.body === "string" ? req.body.trim() : "";
    const verify = /^[A-Za-z0-9._-]{10,4096}$/.test(token) ? runtime.services.sessions.verifyIdentity(token) : Promise.resolve(null);
    verify
      .then((identity) => answerWidgetConfig(req.query.vid, runtime.services.flags, widgetLook, identity?.email, visitorHandoff))
      .then((r) => sendAnswer(res, r), next);
  });
  app.get("/images/products/:file", (req, res, next) =>
    answerProductImage(req.params.file ?? "", runtime.services.catalog).then((r) => sendAnswer(res, r), next),
  );
  app.use("/api", (_req, res) => {
    res.status(404).set({ "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "No such API endpoint." } }));
  });

  app.use(publicFiles());
  app.use("/dashboard", dashboardCsrf(runtime.config.appOrigin));
  const loadContext = remixLoadContext(runtime, staffCookies);
  app.all("*", createRequestHandler({ build, mode, getLoadContext: (req, res) => loadContext(req, res) as AppLoadContext }));
  return app;
}
