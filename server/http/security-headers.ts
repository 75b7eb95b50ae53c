import type { EdgeRequest, EdgeResponse, Next } from "./node-request";

/** Defaults for every response; routes that may be framed (the widget) override frame-ancestors. */
export function securityHeaders() {
  return (_req: EdgeRequest, res: EdgeResponse, next: Next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    // The default is applied when the headers go out, so a route's own CSP (the widget's
    // frame-ancestors allow-list) replaces it instead of being sent alongside it.
    const writeHead = res.writeHead;
    res.writeHead = function (this: EdgeResponse, ...args: unknown[]) {
      if (!this.hasHeader("Content-Security-Policy")) this.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
      return (writeHead as (...a: unknown[]) => EdgeResponse).apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}
