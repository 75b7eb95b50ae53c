import type { Runtime } from "../../runtime";
import type { WidgetSessionClaims } from "../../platform/tokens";
import { clientIpKey } from "../../platform/rate-limit/policies";
import { clientIp } from "../client-ip";
import { header, type EdgeRequest, type EdgeResponse } from "../node-request";

/** Live streams (SSE) one widget session may hold at once: its transcript feed plus a few turns or tabs. */
export const MAX_STREAMS_PER_SESSION = 6;

/** Session claims verified at admission, per request. */
const verifiedSessions = new WeakMap<EdgeRequest, Promise<WidgetSessionClaims | null>>();

/** The widget session a live stream's admission verified (undefined for other requests). */
export function verifiedSessionOf(req: EdgeRequest): Promise<WidgetSessionClaims | null> | undefined {
  return verifiedSessions.get(req);
}

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/;

/**
 * Caps concurrent SSE streams per widget session and per client address, so one client cannot
 * hold thousands of open responses. A refused stream answers 429 with `Retry-After` before any
 * streaming starts; a slot is given back when its response closes.
 */
export class StreamSlots {
  private readonly bySession = new Map<string, number>();
  private readonly byIp = new Map<string, number>();

  constructor(private readonly runtime: Runtime) {}

  /**
   * Admits the stream (and tracks it) or answers 429; returns true when it answered. The verified
   * session claims are kept on the request ({@link verifiedSessionOf}) so the procedure does not verify again.
   */
  async admit(req: EdgeRequest, res: EdgeResponse): Promise<boolean> {
    const ip = clientIpKey(clientIp(req, this.runtime.config.trustProxy));
    const token = BEARER.exec(header(req, "authorization") ?? "")?.[1];
    const verifying = token ? this.runtime.sessionTokens.verify(token).catch(() => null) : Promise.resolve(null);
    verifiedSessions.set(req, verifying);
    const claims = await verifying;
    const sid = claims?.sid;
    if (
      (this.byIp.get(ip) ?? 0) >= this.runtime.config.liveStreamsPerIp ||
      (sid !== undefined && (this.bySession.get(sid) ?? 0) >= MAX_STREAMS_PER_SESSION)
    ) {
      res.writeHead(429, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "10" });
      res.end(
        JSON.stringify({
          error: { code: "TOO_MANY_REQUESTS", message: "Too many live connections. Close another tab or try again shortly." },
        }),
      );
      return true;
    }
    bump(this.byIp, ip, 1);
    if (sid !== undefined) bump(this.bySession, sid, 1);
    res.once("close", () => {
      bump(this.byIp, ip, -1);
      if (sid !== undefined) bump(this.bySession, sid, -1);
    });
    return false;
  }
}

function bump(map: Map<string, number>, key: string, by: number) {
  const next = (map.get(key) ?? 0) + by;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
