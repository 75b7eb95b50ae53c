import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from "mongodb";
import { describe, expect, it } from "vitest";
import { isDuplicateKeyError, isStoreUnavailableError } from "./client";
import { EmbeddedStoreError, EmbeddedStoreUnavailableError, unavailableError } from "./embedded/errors";

describe("isStoreUnavailableError (the 503 + Retry-After class of failures)", () => {
  it("recognises the embedded store's full disk, I/O failures and shutdown", () => {
    const full = unavailableError("write", "/data/store/x.db", Object.assign(new Error("no space"), { code: "ENOSPC" }));
    expect(full).toBeInstanceOf(EmbeddedStoreUnavailableError);
    expect(full).toMatchObject({ reason: "disk_full", errno: "ENOSPC", retryAfterSeconds: 30 });
    expect(isStoreUnavailableError(full)).toBe(true);
    expect(isStoreUnavailableError(unavailableError("write", "x", Object.assign(new Error("io"), { code: "EIO" })))).toBe(true);
    expect(isStoreUnavailableError(new EmbeddedStoreError("STORE_CLOSED", "closed"))).toBe(true);
    // A copy of the class from another bundle still counts (matched by name and code).
    expect(isStoreUnavailableError({ name: "EmbeddedStoreUnavailableError", code: "STORE_UNAVAILABLE", message: "x" })).toBe(true);
  });

  it("recognises MongoDB's network, server selection and not-primary errors", () => {
    expect(isStoreUnavailableError(new MongoNetworkError("connection reset"))).toBe(true);
    expect(isStoreUnavailableError(new MongoServerSelectionError("no primary", { type: "Unknown" } as never))).toBe(true);
    expect(isStoreUnavailableError(new MongoServerError({ code: 10107, errmsg: "not primary" }))).toBe(true);
    expect(isStoreUnavailableError(new MongoServerError({ code: 91, errmsg: "shutdown in progress" }))).toBe(true);
  });

  it("leaves real bugs and client errors alone", () => {
    expect(isStoreUnavailableError(new Error("boom"))).toBe(false);
    expect(isStoreUnavailableError(new EmbeddedStoreError("CORRUPT_DATA", "bad file"))).toBe(false);
    expect(isStoreUnavailableError(new EmbeddedStoreError("INVALID_ARGUMENT", "bad"))).toBe(false);
    const dup = new MongoServerError({ code: 11000, errmsg: "E11000 duplicate key" });
    expect(isStoreUnavailableError(dup)).toBe(false);
    expect(isDuplicateKeyError(dup)).toBe(true);
    expect(isStoreUnavailableError(null)).toBe(false);
    expect(isStoreUnavailableError("ENOSPC")).toBe(false);
  });
});
