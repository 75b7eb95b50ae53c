import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRateLimiter } from "../platform/rate-limit/limiter";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { INVALID_LOGIN_MESSAGE } from "./dashboard-auth-service";
import { DashboardSignInService } from "./dashboard-sign-in-service";

let t: TestRuntime;
let signIn: DashboardSignInService;
const PASSWORD = "correct-horse-battery-staple";

beforeEach(async () => {
  t = await createTestRuntime();
  signIn = t.runtime.services.dashboardSignIn;
  await t.runtime.services.dashboardAuth.createUser({ email: "lou@store.example", role: "stylist", password: PASSWORD });
});
afterEach(async () => {
  await t.cleanup();
});

describe("dashboard sign-in", () => {
  it("answers a wrong password and an unknown email with the same message", async () => {
    const wrong = await signIn.attempt({ email: "lou@store.example", password: "nope-nope-nope", ip: "192.0.2.1" });
    const unknown = await signIn.attempt({ email: "nobody@store.example", password: "nope-nope-nope", ip: "192.0.2.1" });
    expect(wrong).toEqual({ ok: false, status: 401, reason: "invalid", message: INVALID_LOGIN_MESSAGE });
    expect(unknown).toEqual(wrong);
  });

  it("tells a locked account it is locked and for how long — and an unknown email locks identically", async () => {
    const outcomes = [];
    for (const email of ["lou@store.example", "ghost@store.example"]) {
      let last;
      for (let i = 0; i < 5; i++) last = await signIn.attempt({ email, password: `wrong-${i}-xxxxxxxx`, ip: `192.0.2.${i + 10}` });
      outcomes.push(last);
      const after = await signIn.attempt({ email, password: PASSWORD, ip: "192.0.2.50" });
      expect(after).toMatchObject({ ok: false, status: 423, reason: "locked" });
      expect((after as { message: string }).message).toMatch(/locked after too many failed sign-ins\. Try again in 15 minutes/);
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
  });

  it("limits failed sign-ins per address across accounts (password spraying), not successful ones", async () => {
    const ip = "198.51.100.66";
    for (let i = 0; i < 5; i++) expect((await signIn.attempt({ email: "lou@store.example", password: PASSWORD, ip })).ok).toBe(true);
    for (let i = 0; i < 30; i++) {
      const r = await signIn.attempt({ email: `victim${i}@store.example`, password: "Winter2026!", ip });
      expect(r.ok).toBe(false);
    }
    const refused = await signIn.attempt({ email: "lou@store.example", password: PASSWORD, ip });
    expect(refused).toMatchObject({ ok: false, status: 429, reason: "throttled" });
    expect((refused as { message: string }).message).toMatch(/from your network/);
    expect((await signIn.attempt({ email: "lou@store.example", password: PASSWORD, ip: "198.51.100.67" })).ok).toBe(true);
  });

  it("a rate-limiter outage is reported as an outage (503), never as a wrong password", async () => {
    const down = new DashboardSignInService(
      t.runtime.services.dashboardAuth,
      createRateLimiter({ redisUrl: "redis://127.0.0.1:1", timeoutMs: 150, logger: { error: () => undefined, info: () => undefined } }),
    );
    const outcome = await down.attempt({ email: "lou@store.example", password: PASSWORD, ip: "192.0.2.1" });
    expect(outcome).toMatchObject({ ok: false, status: 503, reason: "unavailable" });
    expect((outcome as { message: string }).message).not.toBe(INVALID_LOGIN_MESSAGE);
  });
});
