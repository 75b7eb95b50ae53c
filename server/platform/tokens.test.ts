import { describe, expect, it } from "vitest";
import { createWidgetSessionTokens, SignedTokens, widgetSessionClaims } from "./tokens";

describe("signed tokens", () => {
  const tokens = createWidgetSessionTokens("s".repeat(32));

  it("verifies its own tokens and returns the claims", async () => {
    const token = await tokens.sign({ sid: "session-1", vid: "visitor-1" });
    await expect(tokens.verify(token)).resolves.toEqual({ sid: "session-1", vid: "visitor-1" });
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
});
