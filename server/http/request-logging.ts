import type { Logger } from "../platform/logger";
import { resolveRequestId } from "../platform/request-id";
import { header, pathOf, type EdgeRequest, type EdgeResponse, type Next } from "./node-request";

/**
 * One structured line per request: requestId, endpoint (path only — query strings can carry
 * personal data), method, statusCode, duration. Echoes the request id in `x-request-id`.
 * Works on plain Node requests (the /api/trpc fast path) and on Express's.
 */
export function requestLogging(logger: Logger) {
  return (req: EdgeRequest, res: EdgeResponse, next: Next) => {
    const started = process.hrtime.bigint();
    const requestId = resolveRequestId(header(req, "x-request-id"));
    res.requestId = requestId;
    if (res.locals) res.locals.requestId = requestId;
    res.setHeader("x-request-id", requestId);
    res.on("finish", () => {
      const level = res.statusCode >= 500 ? "error" : "info";
      if (!logger.isLevelEnabled(level)) return;
      const duration = Number(process.hrtime.bigint() - started) / 1e6;
      logger[level](
        { requestId, endpoint: pathOf(req), method: req.method, statusCode: res.statusCode, duration: Math.round(duration * 100) / 100 },
        "request",
      );
    });
    next();
  };
}
