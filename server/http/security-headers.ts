import type { NextFunction, Request, Response } from "express";

/** Defaults for every response; routes that may be framed (the widget) override frame-ancestors. */
export function securityHeaders() {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    if (!res.hasHeader("Content-Security-Policy")) {
      res.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    }
    next();
  };
}
