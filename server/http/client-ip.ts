import type { Request } from "express";

/** The client's address: the socket's, or — only when TRUST_PROXY is set — Express's `req.ip` (X-Forwarded-For). */
export function clientIp(req: Request, trustProxy: unknown): string {
  return (trustProxy !== undefined ? req.ip : req.socket.remoteAddress) ?? "unknown";
}
