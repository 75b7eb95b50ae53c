import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./limiter";
import { describeLimiterContract } from "./limiter.contract";
import { MemorySlidingWindow } from "./memory";
import { RATE_LIMIT_POLICIES, clientIpKey, createKeyHasher, procedureRateLimits, rateLimitKeys } from "./policies";

describeLimiterContract("memory", {
  make: ({ onDecision }) => {
    const limiter = createRateLimiter({ onDecision });
    expect(limiter.backend).toBe("memory");
    return limiter;
  },
});

describe("MemorySlidingWindow", () => {
  it("matches the sliding-window counter formula at every point of a window", () => {
    let now = 1_000_000 * 60_000; // window-aligned
    const store = new MemorySlidingWindow(() => now);
    for (let i = 0; i < 80; i++) store.limit("k", 100, 60_000);
    for (const elapsed of [0, 1, 6_000, 15_000, 29_999, 45_000, 59_999]) {
      now = 1_000_001 * 60_000 + elapsed;
      const expected = 100 - Math.floor((1 - elapsed / 60_000) * 80);
      expect(store.peek("k", 100, 60_000).remaining, `elapsed ${elapsed}`).toBe(expected);
    }
  });

  it("sweeps stale keys as it is used", () => {
    let now = 0;
    const store = new MemorySlidingWindow(() => now);
    for (let i = 0; i < 500; i++) store.limit(`k${i}`, 10, 1_000);
    expect(store.size).toBe(500);
    now = 10_000;
    for (let i = 0; i < 600; i++) store.limit("fresh", 10_000, 1_000);
    expect(store.size).toBe(1);
  });

  it("never refunds below zero", () => {
    const store = new MemorySlidingWindow(() => 0);
    store.limit("k", 5, 1_000, -3);
    expect(store.peek("k", 5, 1_000).remaining).toBe(5);
  });
});

describe("createRateLimiter (memory)", () => {
  it("uses an injected clock and returns the documented result shape", async () => {
    let now = 7 * 60_000;
    const limiter = createRateLimiter({ now: () => now });
    const r = await limiter.limit("dashboard_login", "email:x");
    expect(r).toEqual({ policy: "dashboard_login", success: true, limit: 10, remaining: 9, reset: 15 * 60_000, outcome: "allowed" });
    now += 15 * 60_000 * 2;
    expect((await limiter.peek("dashboard_login", "email:x")).remaining).toBe(10);
  });

  it("applies a policy table override (short windows for tests)", async () => {
    const limiter = createRateLimiter({
      policies: { ...RATE_LIMIT_POLICIES, support_ip: { ...RATE_LIMIT_POLICIES.support_ip, limit: 2 } },
    });
    expect((await limiter.limit("support_ip", "ip:1")).success).toBe(true);
    expect((await limiter.limit("support_ip", "ip:1")).success).toBe(true);
    expect((await limiter.limit("support_ip", "ip:1")).success).toBe(false);
  });

  it("hashes key identifiers with HMAC under keySecret, SHA-256 without", () => {
    const keyed = createRateLimiter({ keySecret: "k".repeat(32) });
    expect(keyed.hashKey("email", "a@b.c")).toBe(createKeyHasher("k".repeat(32))("email", "a@b.c"));
    expect(createRateLimiter().hashKey("email", "a@b.c")).toBe(createKeyHasher()("email", "a@b.c"));
    expect(keyed.hashKey("email", "a@b.c")).not.toBe(createRateLimiter().hashKey("email", "a@b.c"));
  });

  it("never lets a throwing onDecision break a decision", async () => {
    const limiter = createRateLimiter({
      onDecision: () => {
        throw new Error("metrics down");
      },
    });
    expect((await limiter.limit("support_ip", "ip:1")).success).toBe(true);
  });
});

describe("policies", () => {
  it("declares the runbook's numbers", () => {
    expect(RATE_LIMIT_POLICIES.support_ip).toMatchObject({ limit: 100, windowMs: 60_000 });
    expect(RATE_LIMIT_POLICIES.chat_session).toMatchObject({ limit: 30, windowMs: 60_000, failMode: "closed" });
    expect(RATE_LIMIT_POLICIES.order_lookup_failures_order).toMatchObject({
      limit: 5,
      windowMs: 3_600_000,
      failMode: "closed",
      counts: "failed_lookups",
    });
    expect(RATE_LIMIT_POLICIES.order_lookup_failures_session).toMatchObject({
      limit: 5,
      windowMs: 3_600_000,
      failMode: "closed",
      counts: "failed_lookups",
    });
    expect(RATE_LIMIT_POLICIES.dashboard_login).toMatchObject({ limit: 10, windowMs: 900_000, failMode: "closed" });
  });

  it("fails open only for catalog browsing and own-session reads; mutations always fail closed", () => {
    expect(procedureRateLimits("support.products.search", "query")?.rules).toEqual([
      { policy: "support_ip", failMode: "open", keyBy: "ip" },
    ]);
    expect(procedureRateLimits("support.orders.status", "mutation")).toEqual({
      rules: [{ policy: "support_ip", failMode: "closed", keyBy: "ip" }],
    });
    expect(procedureRateLimits("support.products.search", "mutation")?.rules[0]?.failMode).toBe("closed");
    expect(procedureRateLimits("session.start", "mutation")?.rules[0]?.failMode).toBe("closed");
    expect(procedureRateLimits("chat.send", "mutation")?.rules).toEqual([
      { policy: "support_ip", failMode: "closed", keyBy: "ip" },
      { policy: "chat_session", failMode: "closed", keyBy: "session" },
    ]);
    expect(procedureRateLimits("chat.stream", "subscription")?.rules[0]?.failMode).toBe("open");
    expect(procedureRateLimits("dashboard.tickets.list", "query")?.rules).toEqual([
      { policy: "dashboard_ip", failMode: "open", keyBy: "ip" },
    ]);
    expect(procedureRateLimits("dashboard.tickets.reply", "mutation")?.rules[0]?.failMode).toBe("closed");
    expect(procedureRateLimits("supportx.y", "query")).toBeNull();
  });

  it("never puts a raw email or order number in a key; keyed hashes differ per secret", () => {
    const sha = createKeyHasher();
    const keyed = createKeyHasher("s".repeat(32));
    const other = createKeyHasher("t".repeat(32));
    const emailKey = rateLimitKeys.account(" Ada@Example.com ", keyed);
    expect(emailKey).not.toContain("ada");
    expect(emailKey).toBe(rateLimitKeys.account("ada@example.com", keyed));
    expect(emailKey).not.toBe(rateLimitKeys.account("ada@example.com", other));
    expect(rateLimitKeys.account("ada@example.com", sha)).not.toBe(emailKey);
    const orderKey = rateLimitKeys.order("gg-12002", keyed);
    expect(orderKey).not.toContain("12002");
    expect(orderKey).toBe(rateLimitKeys.order("GG-12002", keyed));
    expect(orderKey).toMatch(/^order:[A-Za-z0-9_-]{32}$/);
  });

  it("keys IPv4 by address and IPv6 by /64", () => {
    expect(clientIpKey("203.0.113.9")).toBe("203.0.113.9");
    expect(clientIpKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(clientIpKey("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1::/64");
    expect(clientIpKey("2001:0db8:0000:0001:ffff:ffff:ffff:ffff")).toBe("2001:db8:0:1::/64");
    expect(clientIpKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientIpKey("::1")).toBe("0:0:0:0::/64");
    expect(clientIpKey("not an ip\n")).toBe("not_an_ip");
    expect(rateLimitKeys.session("sid-1/../x")).toBe("sid:sid-1____x");
  });
});
