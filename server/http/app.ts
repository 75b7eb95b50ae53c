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
  /** The Remix server build; a function so development can hand over a fresh build. */
  getBuild: () => Promise<ServerBuild>;
  mode: "development" | "production" | "test";
}

/** The HTTP surface: static assets, then every page and API route through Remix. */
export function createHttpApp({ runtime, getBuild, mode }: HttpAppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(httpMetrics(runtime.metrics));
  app.use(requestLogging(runtime.logger));
  app.use(securityHeaders());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static("public", { maxAge: "1h", index: false }));
  app.use("/dashboard", dashboardCsrf(runtime.config.appOrigin));
  app.all(
    "*",
    createRequestHandler({
      build: getBuild,
      mode,
      getLoadContext: (req, res) => ({
        runtime,
        requestId: String(res.locals.requestId),
        ip: req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );
  return app;
}
