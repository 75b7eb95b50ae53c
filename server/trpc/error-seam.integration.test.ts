import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedStoreUnavailableError } from "../db/embedded/errors";
import { DomainError } from "../services/errors";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { createTrpcContext } from "./context";
import { createCallerFactory, publicProcedure, router } from "./procedures";

/** The one error seam: what each kind of failure becomes on the wire (code and Retry-After). */
let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => {
  await t.cleanup();
});

const failing = router({
  diskFull: publicProcedure.query(() => {
    throw new EmbeddedStoreUnavailableError("disk_full", "ENOSPC: no space left on device", { errno: "ENOSPC" });
  }),
  noPrimary: publicProcedure.query(() => {
    throw Object.assign(new Error("Server selection timed out after 30000 ms"), { name: "MongoServerSelectionError" });
  }),
  limited: publicProcedure.query(() => {
    throw new DomainError("RATE_LIMITED", "Too many tries.", { retryAfterSeconds: 120 });
  }),
  bug: publicProcedure.query(() => {
    throw new Error("undefined is not a function");
  }),
});

async function call(name: keyof typeof failing._def.procedures) {
  const responseHeaders = new Headers();
  const caller = createCallerFactory(failing)(
    createTrpcContext({ runtime: t.runtime, headers: new Headers(), requestId: "req-seam", ip: "192.0.2.200", responseHeaders }),
  );
  const error = await (caller[name] as () => Promise<unknown>)().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return { error: error as TRPCError, headers: responseHeaders };
}

describe("error seam", () => {
  it("a full disk is 503 with the store's back-off, never 500", async () => {
    const { error, headers } = await call("diskFull");
    expect(error.code).toBe("SERVICE_UNAVAILABLE");
    expect(error.message).not.toMatch(/ENOSPC/);
    expect(headers.get("Retry-After")).toBe("30");
  });

  it("MongoDB without a primary is 503 with a short back-off", async () => {
    const { error, headers } = await call("noPrimary");
    expect(error.code).toBe("SERVICE_UNAVAILABLE");
    expect(headers.get("Retry-After")).toBe("5");
  });

  it("a domain limit keeps its own Retry-After", async () => {
    const { error, headers } = await call("limited");
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(headers.get("Retry-After")).toBe("120");
  });

  it("only a real bug is 500", async () => {
    const { error } = await call("bug");
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
  });
});
