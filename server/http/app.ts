import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { Runtime } from "../runtime";
import { dashboardCsrf } from "./dashboard-csrf";
import { httpMetrics } from "./http-metrics";
import { requestLogging } from "./request-logging";
import { securityHeaders } from "./security-headers";

export interface HttpAppOptions {
  runtime: Runtime;
  /**
   * The Remix server build. Production passes the build itself (Remix derives its routes once);
   * development passes a function that hands over fresh builds.
   */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "development" | "production" | "test";
}

/** The HTTP surface: static assets, then every page and API route through Remix. */
export function createHttpApp({ runtime, build, mode }: HttpAppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, the client address (rate limits) comes from X-Forwarded-For — only then.
  if (runtime.config.trustProxy !== undefined) app.set("trust proxy", runtime.config.trustProxy);
  app.use(httpMetrics(runtime.metrics));
  app.use(requestLogging(runtime.logger));
  app.use(securityHeaders());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  // API calls never hit the disk looking for a static file.
  const publicFiles = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) => (req.path.startsWith("/api/") ? next() : publicFiles(req, res, next)));
  app.use("/dashboard", dashboardCsrf(runtime.config.appOrigin));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode,
      getLoadContext: (req, res) => ({
        runtime,
        requestId: String(res.locals.requestId),
        ip: (runtime.config.trustProxy !== undefined ? req.ip : req.socket.remoteAddress) ?? "unknown",
      }),
    }),
  );
  return app;
}
