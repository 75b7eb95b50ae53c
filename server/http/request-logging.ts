import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../platform/logger";
import { resolveRequestId } from "../platform/request-id";

/**
 * One structured line per request: requestId, endpoint (path only — query strings can carry
 * personal data), method, statusCode, duration. Echoes the request id in `x-request-id`.
 */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = resolveRequestId(req.get("x-request-id"));
    res.locals.requestId = requestId;
    res.setHeader("x-request-id", requestId);
    res.on("finish", () => {
      const duration = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? "error" : "info";
      logger[level](
        {
          requestId,
          endpoint: req.path,
          method: req.method,
          statusCode: res.statusCode,
          duration: Math.round(duration * 100) / 100,
        },
        "request",
      );
    });
    next();
  };
}
