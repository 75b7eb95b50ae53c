import type { Request, Response } from "express";
import type { Runtime } from "../runtime";
import { createCaller } from "../routers";
import type { StaffUser } from "../services/dashboard-auth-service";
import { createTrpcContext } from "../trpc/context";
import { clientIp } from "./client-ip";
import { isSameOriginRequest } from "./same-origin";
import { staffFromCookie } from "./staff-from-request";
import type { StaffSessionCookies } from "./staff-session";

export type ServerCaller = ReturnType<typeof createCaller>;

/**
 * What every Remix loader and action receives as its load context. Remix code reaches server code
 * only through this object (and `import type`), so the built server has one module graph: the
 * router, the services and their error classes exist once, in the server bundle.
 */
export interface AppContext {
  runtime: Runtime;
  requestId: string;
  ip: string;
  /** A server-side tRPC caller for this request: loaders call procedures exactly as clients do. */
  caller(staff?: StaffUser | null): ServerCaller;
  /** The request came from this app's own origin (Origin, else Referer): the CSRF check for writes. */
  sameOrigin: boolean;
  staffSession: {
    /** The signed-in staff member, or null. */
    current(): Promise<StaffUser | null>;
    /** `Set-Cookie` for a new sign-in (the auth service rotated the session nonce). */
    commit(userId: string, sessionNonce: string): string;
    /** `Set-Cookie` that signs out. */
    destroy(): string;
  };
}

export function remixLoadContext(runtime: Runtime, staffCookies: StaffSessionCookies) {
  return (req: Request, res: Response): AppContext => {
    const requestId = String(res.locals.requestId);
    const ip = clientIp(req, runtime.config.trustProxy);
    const expected = runtime.config.appOrigin ?? `${req.protocol}://${req.get("host")}`;
    let staff: Promise<StaffUser | null> | undefined;
    return {
      runtime,
      requestId,
      ip,
      caller: (staffUser = null) =>
        createCaller(createTrpcContext({ runtime, headers: { get: (name) => req.get(name) }, requestId, ip, staff: staffUser })),
      sameOrigin: isSameOriginRequest({ origin: req.get("origin"), referer: req.get("referer") }, expected),
      staffSession: {
        current: () => (staff ??= staffFromCookie(runtime, staffCookies, req.headers.cookie)),
        commit: (userId, sessionNonce) => staffCookies.commit({ uid: userId, nonce: sessionNonce }),
        destroy: () => staffCookies.destroy(),
      },
    };
  };
}
