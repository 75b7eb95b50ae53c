import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime({ RATE_LIMIT_IP_PER_MINUTE: "3" });
});
afterAll(() => t.cleanup());

describe("RATE_LIMIT_IP_PER_MINUTE", () => {
  it("sets the per-address limit: the 4th call of a minute is 429, another address still passes, the headers say 3", async () => {
    const headers: Record<string, string> = {};
    const one = t.caller({ ip: "203.0.113.7", headers });
    for (let i = 0; i < 3; i++) await one.support.products.search({ query: "ring" });
    await expect(one.support.products.search({ query: "ring" })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(t.caller({ ip: "203.0.113.8" }).support.products.search({ query: "ring" })).resolves.toBeDefined();
    expect(t.runtime.rateLimiter.policies?.support_ip.limit).toBe(3);
  });
});
