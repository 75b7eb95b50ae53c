import { describe, expect, it } from "vitest";
import { procedurePath } from "./trpc";

describe("the procedure path of an /api/trpc request (as tRPC reads it)", () => {
  it("is what follows /api/trpc/, slashes trimmed and percent-decoded", () => {
    expect(procedurePath("/api/trpc/session.events")).toBe("session.events");
    expect(procedurePath("/api/trpc/session.events/")).toBe("session.events");
    expect(procedurePath("/api/trpc//session%2Eevents")).toBe("session.events");
    expect(procedurePath("/api/trpc/support.products.search,session.start")).toBe("support.products.search,session.start");
  });

  it("is empty when the encoding is malformed (tRPC answers 400 for it)", () => {
    expect(procedurePath("/api/trpc/session%E0%A4%A")).toBe("");
  });
});
