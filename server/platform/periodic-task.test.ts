import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startPeriodicTask } from "./periodic-task";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("startPeriodicTask", () => {
  it("runs after the first delay and then every interval, never overlapping, and reports failures", async () => {
    let runs = 0;
    let release: (() => void) | undefined;
    const errors: unknown[] = [];
    const task = startPeriodicTask({
      firstDelayMs: 1_000,
      intervalMs: 10_000,
      run: () => {
        runs++;
        if (runs === 2) return Promise.reject(new Error("boom"));
        return new Promise<void>((resolve) => (release = resolve));
      },
      onError: (e) => errors.push(e),
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(20_000); // still running: the interval skips
    expect(runs).toBe(1);
    release!();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(2);
    expect(errors).toEqual([new Error("boom")]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(3);
    const stopping = task.stop();
    release!();
    await stopping;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(3);
  });
});
