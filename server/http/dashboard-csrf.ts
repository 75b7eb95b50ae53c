import type { NextFunction, Request, Response } from "express";
import { isSameOriginRequest } from "./same-origin";

/**
 * Refuses cross-site writes to dashboard pages with 403 before Remix runs (Remix's own origin check
 * would otherwise throw a 500 for the same request).
 */
export function dashboardCsrf(appOrigin: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const expected = appOrigin ?? `${req.protocol}://${req.get("host")}`;
    if (!isSameOriginRequest({ origin: req.get("origin"), referer: req.get("referer") }, expected)) {
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    next();
  };
}
