import { describe, expect, it } from "vitest";
import { createCircuitBreaker, type CircuitStateChange } from "./circuit-breaker";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function fail(breaker: ReturnType<typeof createCircuitBreaker>, times = 1) {
  for (let i = 0; i < times; i++) {
    const permit = breaker.acquire();
    expect(permit).not.toBeNull();
    permit!.failure();
  }
}

describe("circuit breaker", () => {
  it("starts closed and opens after the default 5 consecutive failures", () => {
    const changes: CircuitStateChange[] = [];
    const breaker = createCircuitBreaker({ onStateChange: (c) => changes.push(c) });
    expect(breaker.state()).toBe("closed");
    fail(breaker, 4);
    expect(breaker.state()).toBe("closed");
    fail(breaker, 1);
    expect(breaker.state()).toBe("open");
    expect(breaker.acquire()).toBeNull();
    expect(changes.map((c) => `${c.from}->${c.to}`)).toEqual(["closed->open"]);
    expect(changes[0]!.reason).toMatch(/5 consecutive failures/);
  });

  it("a success resets the consecutive-failure count", () => {
    const breaker = createCircuitBreaker({ failureThreshold: 3, failureRateThreshold: 1 });
    fail(breaker, 2);
    breaker.acquire()!.success();
    fail(breaker, 2);
    expect(breaker.state()).toBe("closed");
    fail(breaker, 1);
    expect(breaker.state()).toBe("open");
  });

  it("opens on the failure rate over the window once minimumCalls is reached", () => {
    const breaker = createCircuitBreaker({ failureThreshold: 100, failureRateThreshold: 0.5, windowSize: 10, minimumCalls: 6 });
    // alternate: never 2 consecutive failures
    for (let i = 0; i < 5; i++) {
      const p = breaker.acquire()!;
      if (i % 2 === 0) p.failure();
      else p.success();
    }
    expect(breaker.state()).toBe("closed"); // 3/5 but below minimumCalls
    breaker.acquire()!.success(); // 3/6 — success never opens
    expect(breaker.state()).toBe("closed");
    breaker.acquire()!.failure(); // 4/7 ≥ 0.5
    expect(breaker.state()).toBe("open");
    expect(breaker.stats().state).toBe("open");
  });

  it("half-opens after the cooldown, allows exactly one trial, closes on success", () => {
    const c = clock();
    const changes: string[] = [];
    const breaker = createCircuitBreaker({
      failureThreshold: 2,
      cooldownMs: 1_000,
      now: c.now,
      onStateChange: (ch) => changes.push(`${ch.from}->${ch.to}`),
    });
    fail(breaker, 2);
    expect(breaker.state()).toBe("open");
    expect(breaker.stats().retryInMs).toBe(1_000);
    c.advance(999);
    expect(breaker.acquire()).toBeNull();
    c.advance(1);
    expect(breaker.state()).toBe("half_open");
    const trial = breaker.acquire();
    expect(trial).not.toBeNull();
    expect(breaker.acquire()).toBeNull(); // only one trial in flight
    trial!.success();
    expect(breaker.state()).toBe("closed");
    expect(breaker.stats()).toMatchObject({ consecutiveFailures: 0, windowCalls: 0 });
    expect(changes).toEqual(["closed->open", "open->half_open", "half_open->closed"]);
  });

  it("re-opens with a fresh cooldown when the trial fails", () => {
    const c = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 500, now: c.now });
    fail(breaker, 1);
    c.advance(500);
    breaker.acquire()!.failure();
    expect(breaker.state()).toBe("open");
    c.advance(499);
    expect(breaker.state()).toBe("open");
    c.advance(1);
    expect(breaker.state()).toBe("half_open");
  });

  it("a released (neutral) trial frees the slot without changing state", () => {
    const c = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 10, now: c.now });
    fail(breaker, 1);
    c.advance(10);
    breaker.acquire()!.release();
    expect(breaker.state()).toBe("half_open");
    expect(breaker.acquire()).not.toBeNull();
  });

  it("released permits in the closed state count neither way", () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2 });
    fail(breaker, 1);
    for (let i = 0; i < 10; i++) breaker.acquire()!.release();
    expect(breaker.stats()).toMatchObject({ consecutiveFailures: 1, windowCalls: 1 });
    fail(breaker, 1);
    expect(breaker.state()).toBe("open");
  });

  it("settling is idempotent and stale permits do not move the breaker", () => {
    const c = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 100, now: c.now });
    const slow = breaker.acquire()!; // issued while closed
    fail(breaker, 2);
    expect(breaker.state()).toBe("open");
    slow.success(); // stale: must not close the breaker
    expect(breaker.state()).toBe("open");
    c.advance(100);
    const trial = breaker.acquire()!;
    trial.failure();
    trial.success(); // ignored: first settle wins
    expect(breaker.state()).toBe("open");
  });

  it("reset() closes and clears counters; a throwing onStateChange is swallowed", () => {
    const breaker = createCircuitBreaker({
      failureThreshold: 1,
      onStateChange: () => {
        throw new Error("metrics down");
      },
    });
    fail(breaker, 1);
    expect(breaker.state()).toBe("open");
    breaker.reset();
    expect(breaker.state()).toBe("closed");
    expect(breaker.acquire()).not.toBeNull();
  });

  it("a tripped permit (misconfiguration) opens at once for the longer cooldown, and a failed trial trips again", () => {
    const c = clock();
    const breaker = createCircuitBreaker({ now: c.now, failureThreshold: 50, cooldownMs: 100, misconfiguredCooldownMs: 1_000 });
    breaker.acquire()!.trip("auth_failed");
    expect(breaker.state()).toBe("open");
    expect(breaker.stats()).toMatchObject({ trippedBy: "auth_failed", retryInMs: 1_000 });
    c.advance(100);
    expect(breaker.state()).toBe("open"); // the ordinary cooldown is not enough
    c.advance(900);
    const trial = breaker.acquire()!;
    expect(breaker.state()).toBe("half_open");
    trial.trip("auth_failed");
    expect(breaker.stats().retryInMs).toBe(1_000);
    c.advance(1_000);
    breaker.acquire()!.success();
    expect(breaker.state()).toBe("closed");
    expect(breaker.stats().trippedBy).toBeUndefined();
  });

  it("rejects nonsensical options", () => {
    expect(() => createCircuitBreaker({ failureThreshold: 0 })).toThrow(RangeError);
    expect(() => createCircuitBreaker({ failureRateThreshold: 0 })).toThrow(RangeError);
    expect(() => createCircuitBreaker({ failureRateThreshold: 1.5 })).toThrow(RangeError);
    expect(() => createCircuitBreaker({ cooldownMs: -1 })).toThrow(RangeError);
    expect(() => createCircuitBreaker({ misconfiguredCooldownMs: -1 })).toThrow(RangeError);
  });
});
