import express, { type NextFunction, type Request, type Response } from "express";
import type { Runtime } from "../../runtime";

/** Largest webhook body accepted (an order with many items is a few KB). */
export const WEBHOOK_BODY_LIMIT = "256kb";

function answer(res: Response, status: number, body: unknown): void {
  res.status(status).set({ "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body));
}

/**
 * POST /api/webhooks/orders: the raw body (needed for the HMAC) is read here, bounded, before
 * anything else could parse it. Off (404) without CONCIERGE_WEBHOOK_SECRET.
 */
export function orderWebhookEndpoint(runtime: Runtime) {
  const route = express.Router();
  route.post(
    "/",
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    (req: Request, res: Response, next: NextFunction) => {
      const service = runtime.services.orderWebhooks;
      if (!service)
        return answer(res, 404, { error: { code: "NOT_FOUND", message: "Order webhooks are not enabled (CONCIERGE_WEBHOOK_SECRET)." } });
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      service
        .receive(body, { get: (name) => req.get(name) })
        .then((result) => {
          runtime.metrics.orderWebhooks.inc({ outcome: result.outcome });
          answer(res, result.status, result.body);
        })
        .catch((error: unknown) => {
          runtime.metrics.orderWebhooks.inc({ outcome: "failed" });
          next(error);
        });
    },
    // Body-reading errors (too large, aborted) answer in JSON, without internals.
    (error: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (error?.type === "entity.too.large")
        return answer(res, 413, { status: "rejected", message: `body larger than ${WEBHOOK_BODY_LIMIT}` });
      if (typeof error?.status === "number" && error.status < 500)
        return answer(res, error.status, { status: "rejected", message: "unreadable body" });
      runtime.logger.error({ err: error }, "order webhook failed");
      answer(res, 500, { status: "failed", message: "not applied; retry later" });
      void next;
    },
  );
  return route;
}
