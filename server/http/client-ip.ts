import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/**
 * How the app finds a client's address: the socket's, or — only when TRUST_PROXY is set — the
 * right-most untrusted address of X-Forwarded-For, with Express's `trust proxy` semantics (a hop
 * count, `loopback`/`linklocal`/`uniquelocal`, or addresses/CIDRs). Used by the /api/trpc fast path
 * and by Express routes alike, so both see the same client.
 */
export function clientIpResolver(trustProxy: number | string | undefined): (req: IncomingMessage) => string {
  if (trustProxy === undefined) return (req) => req.socket.remoteAddress ?? "unknown";
  const trust =
    typeof trustProxy === "number"
      ? (_addr: string, i: number) => i < trustProxy
      : proxyaddr.compile(
          trustProxy
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        );
  return (req) => proxyaddr(req, trust) || req.socket.remoteAddress || "unknown";
}

const cache = new Map<string, (req: IncomingMessage) => string>();

/** The client's address under this TRUST_PROXY setting. */
export function clientIp(req: IncomingMessage, trustProxy: number | string | undefined): string {
  const key = String(trustProxy);
  let resolve = cache.get(key);
  if (!resolve) cache.set(key, (resolve = clientIpResolver(trustProxy)));
  return resolve(req);
}

/** `https` for TLS sockets or, behind a trusted proxy, the first X-Forwarded-Proto; else `http`. */
export function requestProtocol(req: IncomingMessage, trustProxy: number | string | undefined): "http" | "https" {
  if ((req.socket as { encrypted?: boolean }).encrypted) return "https";
  if (trustProxy === undefined) return "http";
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "")
    .split(",")[0]
    ?.trim();
  return forwarded === "https" ? "https" : "http";
}
