import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { hkdfSync } from "node:crypto";
import { z } from "zod";

function purposeKey(secret: string, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), `aurora-jwt:${purpose}`, 32));
}

/**
 * Short-lived HS256 tokens for one purpose (widget sessions, store identity). Each purpose has its
 * own derived key and audience, so a token minted for one can never be replayed as another.
 */
export class SignedTokens<Claims extends Record<string, unknown>> {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly purpose: string,
    private readonly claims: z.ZodType<Claims>,
    private readonly ttlSeconds: number,
  ) {
    this.key = purposeKey(secret, purpose);
  }

  async sign(claims: Claims, ttlSeconds = this.ttlSeconds): Promise<string> {
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setAudience(this.purpose)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /** The claims of a valid, unexpired token of this purpose; null for anything else. */
  async verify(token: string): Promise<Claims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { audience: this.purpose, algorithms: ["HS256"] });
      const { aud: _a, iat: _i, exp: _e, ...rest } = payload;
      const parsed = this.claims.safeParse(rest);
      return parsed.success ? parsed.data : null;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }
}

export const widgetSessionClaims = z.strictObject({
  sid: z.string().min(1).max(64),
  vid: z.string().min(1).max(64),
  veh: z.string().max(128).optional(),
});
export type WidgetSessionClaims = z.infer<typeof widgetSessionClaims>;

export const WIDGET_SESSION_TTL_SECONDS = 2 * 60 * 60;

export function createWidgetSessionTokens(secret: string) {
  return new SignedTokens(secret, "widget-session", widgetSessionClaims, WIDGET_SESSION_TTL_SECONDS);
}
