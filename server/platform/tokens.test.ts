import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { hkdfSync } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWidgetSessionTokens, SignedTokens, widgetSessionClaims } from "./tokens";

describe("signed tokens", () => {
  const tokens = createWidgetSessionTokens("s".repeat(32));

  it("verifies its own tokens and returns the claims", async () => {
    const token = await tokens.sign({ sid: "session-1", vid: "visitor-1" });
    await expect(tokens.verify(token)).resolves.toEqual({ sid: "session-1", vid: "visitor-1" });
  });

  it("mints byte for byte the token jose's SignJWT mints, and jose verifies it with the purpose's key", async () => {
    vi.useFakeTimers({ now: new Date("2026-12-05T10:00:00Z"), toFake: ["Date"] });
    try {
      const key = new Uint8Array(hkdfSync("sha256", Buffer.from("s".repeat(32)), Buffer.alloc(0), "aurora-jwt:widget-session", 32));
      const now = Math.floor(Date.now() / 1000);
      const ours = await tokens.sign({ sid: "session-1", vid: "visitor-1", al: true }, 600);
      const jose = await new SignJWT({ sid: "session-1", vid: "visitor-1", al: true })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setAudience("widget-session")
        .setIssuedAt()
        .setExpirationTime(now + 600)
        .sign(key);
      expect(ours).toBe(jose);
      expect(decodeProtectedHeader(ours)).toEqual({ alg: "HS256", typ: "JWT" });
      const { payload } = await jwtVerify(ours, key, { audience: "widget-session", algorithms: ["HS256"] });
      expect(payload).toEqual({ sid: "session-1", vid: "visitor-1", al: true, aud: "widget-session", iat: now, exp: now + 600 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects expired, tampered, foreign-secret and other-purpose tokens", async () => {
    const expired = await tokens.sign({ sid: "s", vid: "v" }, -10);
    await expect(tokens.verify(expired)).resolves.toBeNull();
    const token = await tokens.sign({ sid: "s", vid: "v" });
    const [h, , sig] = token.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ sid: "other", vid: "v", aud: "widget-session", exp: 9e9 })).toString("base64url")}.${sig}`;
    await expect(tokens.verify(forged)).resolves.toBeNull();
    await expect(createWidgetSessionTokens("t".repeat(32)).verify(token)).resolves.toBeNull();
    const other = new SignedTokens("s".repeat(32), "identity", widgetSessionClaims, 60);
    await expect(other.verify(token)).resolves.toBeNull();
    await expect(tokens.verify("not-a-token")).resolves.toBeNull();
  });

  describe("a token verified before (remembered until it expires)", () => {
    afterEach(() => vi.useRealTimers());

    it("answers the same claims again, and a caller's change to them does not stick", async () => {
      const token = await tokens.sign({ sid: "session-2", vid: "visitor-2" });
      const first = await tokens.verify(token);
      (first as Record<string, unknown>).sid = "changed";
      await expect(tokens.verify(token)).resolves.toEqual({ sid: "session-2", vid: "visitor-2" });
    });

    it("stops answering once the token expires", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const token = await tokens.sign({ sid: "session-3", vid: "visitor-3" }, 60);
      await expect(tokens.verify(token)).resolves.toEqual({ sid: "session-3", vid: "visitor-3" });
      vi.setSystemTime(Date.now() + 61_000);
      await expect(tokens.verify(token)).resolves.toBeNull();
    });

    it("still refuses any other string, even one that differs from it only in its signature", async () => {
      const token = await tokens.sign({ sid: "session-4", vid: "visitor-4" });
      await expect(tokens.verify(token)).resolves.not.toBeNull();
      // The signature's FIRST character: its last one also carries two padding bits, and a change only
      // there can decode to the same bytes (the same, valid signature).
      const [header, payload, signature] = token.split(".") as [string, string, string];
      const first = signature[0] === "A" ? "B" : "A";
      await expect(tokens.verify(`${header}.${payload}.${first}${signature.slice(1)}`)).resolves.toBeNull();
    });
  });
});
