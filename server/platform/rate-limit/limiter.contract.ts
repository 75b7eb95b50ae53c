/**
 * The behaviour every rate-limiter backend must show, run against memory, plain Redis (ioredis)
 * and the Upstash REST protocol (test server → redis-server). Imported by the *.test.ts files.
 *
 * Time: `Date` is faked and frozen at the start of a window (only `Date`: timers stay real), which
 * makes window boundaries deterministic. `@upstash/ratelimit` reads `Date.now()` and passes it to
 * its Lua script, so the Redis backends follow the fake clock too.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RateLimiter, RateLimitOutcome } from "./limiter";
import { RATE_LIMIT_POLICIES, type PolicyName } from "./policies";

export interface ContractHooks {
  /** A fresh limiter; keys must not collide with earlier tests (use a unique prefix). */
  make(options: { onDecision: (policy: PolicyName, outcome: RateLimitOutcome) => void }): RateLimiter | Promise<RateLimiter>;
}

const MINUTE = 60_000;
/** A window-aligned instant (a multiple of 15 min and 1 h too). */
const T0 = Math.floor(Date.parse("2031-03-04T05:00:00Z") / (60 * MINUTE)) * 60 * MINUTE;

export function describeLimiterContract(name: string, hooks: ContractHooks) {
  describe(`rate limiter contract: ${name}`, () => {
    let limiter: RateLimiter;
    let decisions: Array<[PolicyName, RateLimitOutcome]>;
    let keySeq = 0;
    const key = (label: string) => `ip:test-${label}-${Date.now()}-${++keySeq}-${Math.random().toString(36).slice(2, 8)}`;

    beforeEach(async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(T0);
      decisions = [];
      limiter = await hooks.make({ onDecision: (p, o) => decisions.push([p, o]) });
    });
    afterEach(async () => {
      vi.useRealTimers();
      await limiter.close();
    });

    it("allows 100 calls in a minute and limits the 101st, counting remaining down to 0", async () => {
      const k = key("hundred");
      vi.setSystemTime(T0 + 5_000);
      for (let i = 1; i <= 100; i++) {
        const r = await limiter.limit("support_ip", k);
        expect(r).toMatchObject({ success: true, outcome: "allowed", limit: 100, remaining: 100 - i });
        expect(r.reset).toBe(T0 + MINUTE);
      }
      const refused = await limiter.limit("support_ip", k);
      expect(refused).toMatchObject({ success: false, outcome: "limited", limit: 100, remaining: 0, reset: T0 + MINUTE });
      expect(refused.failedOpen).toBeUndefined();
      expect(decisions.filter(([, o]) => o === "allowed")).toHaveLength(100);
      expect(decisions.at(-1)).toEqual(["support_ip", "limited"]);
    });

    it("keeps separate keys and separate policies independent", async () => {
      const a = key("a");
      const b = key("b");
      for (let i = 0; i < 30; i++) await limiter.limit("chat_session", a);
      expect((await limiter.limit("chat_session", a)).success).toBe(false);
      expect(await limiter.limit("chat_session", b)).toMatchObject({ success: true, remaining: 29 });
      // Same key string, another policy.
      expect(await limiter.limit("support_ip", a)).toMatchObject({ success: true, remaining: 99 });
    });

    it("slides: the previous window counts in proportion to its overlap, refused calls consume nothing", async () => {
      const k = key("slide");
      for (let i = 0; i < 100; i++) await limiter.limit("support_ip", k);
      for (let i = 0; i < 5; i++) expect((await limiter.limit("support_ip", k)).success).toBe(false);

      // Still the same window at its very end: all 100 count.
      vi.setSystemTime(T0 + MINUTE - 1);
      expect((await limiter.limit("support_ip", k)).success).toBe(false);

      // Halfway into the next window: floor(100 × 0.5) = 50 of the previous window still count.
      vi.setSystemTime(T0 + MINUTE + 30_000);
      expect(await limiter.peek("support_ip", k)).toMatchObject({ success: true, remaining: 50, reset: T0 + 2 * MINUTE });
      for (let i = 1; i <= 50; i++) expect(await limiter.limit("support_ip", k)).toMatchObject({ success: true, remaining: 50 - i });
      expect(await limiter.limit("support_ip", k)).toMatchObject({ success: false, remaining: 0 });

      // Three quarters into the window after: floor(50 × 0.25) = 12 of its previous window count.
      vi.setSystemTime(T0 + 2 * MINUTE + 45_000);
      expect(await limiter.peek("support_ip", k)).toMatchObject({ remaining: 88 });

      // Two full windows later nothing counts.
      vi.setSystemTime(T0 + 4 * MINUTE);
      expect(await limiter.peek("support_ip", k)).toMatchObject({ success: true, remaining: 100 });
    });

    it("peek reads without consuming; refund gives a unit back; clear forgets the key", async () => {
      const k = key("peek");
      expect(await limiter.peek("order_lookup_failures_order", k)).toMatchObject({ success: true, remaining: 5, limit: 5 });
      for (let i = 0; i < 5; i++) await limiter.limit("order_lookup_failures_order", k);
      expect(await limiter.peek("order_lookup_failures_order", k)).toMatchObject({ success: false, remaining: 0, reset: T0 + 60 * MINUTE });
      expect(await limiter.peek("order_lookup_failures_order", k)).toMatchObject({ success: false, remaining: 0 });

      await limiter.refund("order_lookup_failures_order", k);
      expect(await limiter.peek("order_lookup_failures_order", k)).toMatchObject({ success: true, remaining: 1 });
      expect((await limiter.limit("order_lookup_failures_order", k)).success).toBe(true);
      expect((await limiter.limit("order_lookup_failures_order", k)).success).toBe(false);

      await limiter.clear("order_lookup_failures_order", k);
      expect(await limiter.peek("order_lookup_failures_order", k)).toMatchObject({ success: true, remaining: 5 });
    });

    it("uses each policy's own limit and window", async () => {
      const k = key("policies");
      for (const [policy, { limit, windowMs }] of Object.entries(RATE_LIMIT_POLICIES) as Array<
        [PolicyName, { limit: number; windowMs: number }]
      >) {
        const first = await limiter.limit(policy, k);
        expect(first, policy).toMatchObject({ success: true, limit, remaining: limit - 1, reset: T0 + windowMs });
      }
    });

    it("counts concurrent calls exactly (no lost updates)", async () => {
      const k = key("concurrent");
      const results = await Promise.all(Array.from({ length: 40 }, () => limiter.limit("chat_session", k)));
      expect(results.filter((r) => r.success)).toHaveLength(30);
      expect(results.filter((r) => !r.success)).toHaveLength(10);
      expect(new Set(results.filter((r) => r.success).map((r) => r.remaining)).size).toBe(30);
    });
  });
}
