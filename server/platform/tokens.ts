import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { LRUCache } from "lru-cache";
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import { z } from "zod";

function purposeKeyBytes(secret: string, purpose: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), `aurora-jwt:${purpose}`, 32));
}

/** The JWS protected header of every token minted here (RFC 7515 compact serialization, base64url). */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/** Tokens whose signature was checked recently, remembered until they expire (a widget sends the same one on every call). */
const VERIFIED_TOKENS_REMEMBERED = 10_000;

/**
 * Short-lived HS256 tokens for one purpose (widget sessions, store identity). Each purpose has its
 * own derived key and audience, so a token minted for one can never be replayed as another.
 */
export class SignedTokens<Claims extends Record<string, unknown>> {
  /** For verifying (jose), imported once: jose would import raw key bytes again on every call. */
  private readonly key: Promise<CryptoKey>;
  /** For signing: node's synchronous HMAC (a WebCrypto sign is a thread-pool job per token). */
  private readonly signingKey: KeyObject;
  /**
   * Token → its claims, for tokens this instance verified: the same string verifies the same way until
   * it expires (HS256 is deterministic), so a hit skips the signature check. Keyed by the whole token:
   * any change to it is a miss; expired entries are never answered.
   */
  private readonly verified = new LRUCache<string, { claims: Claims; expiresAtMs: number }>({ max: VERIFIED_TOKENS_REMEMBERED });

  constructor(
    secret: string,
    private readonly purpose: string,
    private readonly claims: z.ZodType<Claims>,
    private readonly ttlSeconds: number,
  ) {
    const raw = purposeKeyBytes(secret, purpose);
    this.key = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    this.signingKey = createSecretKey(raw);
  }

  /**
   * A compact HS256 JWT with the claims plus `aud` (the purpose), `iat` and `exp`: exactly what jose's
   * SignJWT builds, signed with node's HMAC (tokens.test.ts checks jose accepts it as its own).
   */
  async sign(claims: Claims, ttlSeconds = this.ttlSeconds): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = Buffer.from(JSON.stringify({ ...claims, aud: this.purpose, iat: now, exp: now + ttlSeconds })).toString("base64url");
    const input = `${HS256_HEADER}.${payload}`;
    return `${input}.${createHmac("sha256", this.signingKey).update(input).digest("base64url")}`;
  }

  /** The claims of a valid, unexpired token of this purpose; null for anything else. */
  async verify(token: string): Promise<Claims | null> {
    const remembered = this.verified.get(token);
    if (remembered) {
      if (Date.now() < remembered.expiresAtMs) return { ...remembered.claims };
      this.verified.delete(token);
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, await this.key, { audience: this.purpose, algorithms: ["HS256"] });
      const { aud: _a, iat: _i, exp, ...rest } = payload;
      const parsed = this.claims.safeParse(rest);
      if (!parsed.success) return null;
      if (typeof exp === "number") this.verified.set(token, { claims: { ...parsed.data }, expiresAtMs: exp * 1000 });
      return parsed.data;
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
