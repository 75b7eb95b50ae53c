import type { IncomingMessage, ServerResponse } from "node:http";

/** A request as the HTTP edge sees it (Express's request extends this). */
export type EdgeRequest = IncomingMessage;
/** A response that carries the request id the edge assigned (Express keeps it in `res.locals` too). */
export type EdgeResponse = ServerResponse & { locals?: Record<string, unknown>; requestId?: string };
export type Next = (error?: unknown) => void;

/** The path of a request, without its query string (query strings can carry personal data). */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** The request id the edge assigned to this response. */
export function requestIdOf(res: EdgeResponse): string {
  return res.requestId ?? String(res.locals?.requestId ?? "");
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
