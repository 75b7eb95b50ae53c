import { describe, expect, it } from "vitest";
import { FieldCrypto } from "./crypto";

describe("FieldCrypto", () => {
  const crypto = new FieldCrypto("k".repeat(32));

  it("round-trips and never stores the plain value", () => {
    const encrypted = crypto.encrypt("ava.chen@example.com");
    expect(JSON.stringify(encrypted)).not.toContain("ava.chen");
    expect(crypto.decrypt(encrypted)).toBe("ava.chen@example.com");
    expect(crypto.encrypt("same").data).not.toBe(crypto.encrypt("same").data);
  });

  it("detects tampering", () => {
    const encrypted = crypto.encrypt("secret");
    const tampered = { ...encrypted, data: Buffer.from("other!").toString("base64") };
    expect(() => crypto.decrypt(tampered)).toThrow();
  });

  it("hashes emails case-insensitively with a key", () => {
    expect(crypto.lookupHash("email", " Ava.Chen@Example.com ")).toBe(crypto.lookupHash("email", "ava.chen@example.com"));
    expect(new FieldCrypto("z".repeat(32)).lookupHash("email", "a@b.co")).not.toBe(crypto.lookupHash("email", "a@b.co"));
    expect(crypto.lookupHash("phone", "+1 (555) 010-0101")).toBe(crypto.lookupHash("phone", "+15550100101"));
  });
});
