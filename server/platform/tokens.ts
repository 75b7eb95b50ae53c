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
  /** The session was let in by the allow-list (e.g. a beta shopper's email): sticky for its life. */
  al: z.literal(true).optional(),
});
export type WidgetSessionClaims = z.infer<typeof widgetSessionClaims>;

export const WIDGET_SESSION_TTL_SECONDS = 2 * 60 * 60;

export function createWidgetSessionTokens(secret: string) {
  return new SignedTokens(secret, "widget-session", widgetSessionClaims, WIDGET_SESSION_TTL_SECONDS);
}

/** Long-lived credential kept by the widget to resume its session (and shortlist) after a reload. */
export const WIDGET_RESUME_TTL_SECONDS = 30 * 24 * 60 * 60;

export function createWidgetResumeTokens(secret: string) {
  return new SignedTokens(secret, "widget-resume", widgetSessionClaims, WIDGET_RESUME_TTL_SECONDS);
}

const identityClaims = z.object({ email: z.string().trim().email().max(254) });

/**
 * Shopper identity asserted by the store: an HS256 JWT signed with CONCIERGE_IDENTITY_SECRET,
 * carrying `email` and `exp` (at most 24 h ahead). Standard JWT libraries can mint it.
 */
export class IdentityTokens {
  private readonly key: Uint8Array | undefined;

  constructor(secret: string | undefined) {
    this.key = secret ? new TextEncoder().encode(secret) : undefined;
  }

  get enabled(): boolean {
    return this.key !== undefined;
  }

  /** The shopper's email and when the token expires (the identity ends then), or null. */
  async verify(token: string): Promise<{ email: string; expiresAt: Date } | null> {
    if (!this.key) return null;
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ["HS256"], requiredClaims: ["exp"], maxTokenAge: "24h" });
      const parsed = identityClaims.safeParse(payload);
      if (!parsed.success || typeof payload.exp !== "number") return null;
      // exp is at most 24 h ahead of issuance (maxTokenAge bounds iat; cap exp the same way).
      const expiresAt = new Date(Math.min(payload.exp * 1000, Date.now() + 24 * 60 * 60 * 1000));
      return { email: parsed.data.email.toLowerCase(), expiresAt };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }

  /** For tests and the README example: what a store's backend does. */
  static async mint(secret: string, email: string, ttlSeconds = 3600): Promise<string> {
    return new SignJWT({ email })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(new TextEncoder().encode(secret));
  }
}
