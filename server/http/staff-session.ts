import { parse, serialize } from "cookie";
import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../platform/crypto";

/**
 * The dashboard's signed session cookie: `base64url(JSON {uid, nonce, exp}).hmac`, HttpOnly,
 * SameSite=Lax, Secure in production, 8 hours. It carries no personal data: the user id and the
 * session nonce the auth service rotates at each sign-in (so older cookies stop working).
 */
export const STAFF_COOKIE = "__aurora_staff";
export const STAFF_SESSION_SECONDS = 8 * 60 * 60;

export interface StaffCookieClaims {
  uid: string;
  nonce: string;
}

export interface StaffSessionCookies {
  /** The claims of a valid, unexpired cookie in a `Cookie` header, or null. */
  read(cookieHeader: string | null | undefined, now?: Date): StaffCookieClaims | null;
  /** A `Set-Cookie` value for a new sign-in. */
  commit(claims: StaffCookieClaims, now?: Date): string;
  /** A `Set-Cookie` value that removes the cookie. */
  destroy(): string;
}

export function createStaffSessionCookies(jwtSecret: string, secure: boolean): StaffSessionCookies {
  const key = createHmac("sha256", jwtSecret).update("dashboard-cookie").digest();
  const sign = (payload: string) => createHmac("sha256", key).update(payload).digest("base64url");
  const attributes = { httpOnly: true, sameSite: "lax" as const, secure, path: "/" };
  return {
    read(cookieHeader, now = new Date()) {
      if (!cookieHeader?.includes(STAFF_COOKIE)) return null;
      const value = parse(cookieHeader)[STAFF_COOKIE];
      if (!value || value.length > 1024) return null;
      const dot = value.lastIndexOf(".");
      if (dot <= 0) return null;
      const payload = value.slice(0, dot);
      if (!constantTimeEqual(value.slice(dot + 1), sign(payload))) return null;
      try {
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<StaffCookieClaims & { exp: number }>;
        if (typeof claims.uid !== "string" || typeof claims.nonce !== "string" || typeof claims.exp !== "number") return null;
        if (claims.exp * 1000 <= now.getTime()) return null;
        return { uid: claims.uid, nonce: claims.nonce };
      } catch {
        return null;
      }
    },
    commit(claims, now = new Date()) {
      const exp = Math.floor(now.getTime() / 1000) + STAFF_SESSION_SECONDS;
      const payload = Buffer.from(JSON.stringify({ uid: claims.uid, nonce: claims.nonce, exp })).toString("base64url");
      return serialize(STAFF_COOKIE, `${payload}.${sign(payload)}`, { ...attributes, maxAge: STAFF_SESSION_SECONDS });
    },
    destroy() {
      return serialize(STAFF_COOKIE, "", { ...attributes, maxAge: 0, expires: new Date(0) });
    },
  };
}
