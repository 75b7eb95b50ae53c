/**
 * A small circuit breaker for the LLM transport.
 *
 *   closed ──(N consecutive failures, or failure rate ≥ threshold over the last W calls)──▶ open
 *   open ──(cooldownMs elapsed; observed lazily on the next state()/acquire())──▶ half_open
 *   half_open ──(the single trial call succeeds)──▶ closed
 *   half_open ──(the single trial call fails)──▶ open (a fresh cooldown)
 *   any ──(a permit is tripped: the upstream says we are misconfigured, e.g. 401/402)──▶ open (a longer cooldown)
 *
 * Callers take a permit before each call and settle it exactly once:
 *
 *   const permit = breaker.acquire();
 *   if (!permit) return shortCircuit();
 *   … permit.success() | permit.failure() | permit.release()   // release = outcome says nothing about the upstream
 *
 * Settling is idempotent (the first settle wins). Outcomes of permits issued before the last state
 * change are ignored for transitions, so a slow call that started while closed cannot reopen or close
 * a breaker that has since moved on.
 */

export type CircuitState = "closed" | "open" | "half_open";

export interface CircuitStateChange {
  from: CircuitState;
  to: CircuitState;
  /** Human-readable cause, e.g. "5 consecutive failures", "cooldown elapsed", "trial call succeeded". */
  reason: string;
  /** `now()` at the transition. */
  at: number;
}

export interface CircuitBreakerOptions {
  /** Consecutive failures (while closed) that open the circuit. Default 5. */
  failureThreshold?: number;
  /** Failure rate over the sliding window that opens the circuit (0 < r ≤ 1; default 0.5; set 1 to effectively rely on consecutive failures only). */
  failureRateThreshold?: number;
  /** Number of most recent calls the failure rate is computed over. Default 20. */
  windowSize?: number;
  /** The failure rate is only considered once the window holds at least this many calls. Default 10. */
  minimumCalls?: number;
  /** How long the circuit stays open before allowing one trial call. Default 30 000 ms. */
  cooldownMs?: number;
  /** How long a tripped circuit (misconfiguration) stays open before one trial call. Default 300 000 ms. */
  misconfiguredCooldownMs?: number;
  /** Clock in ms (default Date.now). Inject in tests to move past the cooldown. */
  now?: () => number;
  /** Called synchronously on every transition (errors thrown by the callback are swallowed). */
  onStateChange?: (change: CircuitStateChange) => void;
}

export interface CircuitPermit {
  /** The call reached the upstream and got a usable answer. */
  success(): void;
  /** The call failed for a transport / upstream reason (timeout, 5xx, 429, network, malformed, stream cut). */
  failure(): void;
  /** The outcome says nothing about upstream health (caller abort, caller bug): free the slot, change nothing. */
  release(): void;
  /**
   * The upstream says this deployment is misconfigured (bad key, no balance, a request it will always reject):
   * open at once, for `misconfiguredCooldownMs`, whatever the counters say. Retrying every turn only wastes calls.
   */
  trip(reason: string): void;
}

export interface CircuitStats {
  state: CircuitState;
  consecutiveFailures: number;
  /** Outcomes in the sliding window (true = failure). */
  windowCalls: number;
  windowFailures: number;
  /** When open: ms until a trial call is allowed; otherwise 0. */
  retryInMs: number;
  /** When open because a permit was tripped: the reason given (else undefined). */
  trippedBy?: string;
}

export interface CircuitBreaker {
  state(): CircuitState;
  /** A permit for one call, or null when the call must be short-circuited (open, or half-open with a trial in flight). */
  acquire(): CircuitPermit | null;
  stats(): CircuitStats;
  /** Back to closed with clean counters (fires onStateChange if the state changes). */
  reset(): void;
}

export const CIRCUIT_DEFAULTS = {
  failureThreshold: 5,
  failureRateThreshold: 0.5,
  windowSize: 20,
  minimumCalls: 10,
  cooldownMs: 30_000,
  misconfiguredCooldownMs: 300_000,
} as const;

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const failureThreshold = positiveInt(options.failureThreshold, CIRCUIT_DEFAULTS.failureThreshold, "failureThreshold");
  const windowSize = positiveInt(options.windowSize, CIRCUIT_DEFAULTS.windowSize, "windowSize");
  const minimumCalls = Math.min(positiveInt(options.minimumCalls, CIRCUIT_DEFAULTS.minimumCalls, "minimumCalls"), windowSize);
  const failureRateThreshold = options.failureRateThreshold ?? CIRCUIT_DEFAULTS.failureRateThreshold;
  if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
    throw new RangeError(`failureRateThreshold must be in (0, 1], got ${failureRateThreshold}`);
  }
  const cooldownMs = options.cooldownMs ?? CIRCUIT_DEFAULTS.cooldownMs;
  if (!(cooldownMs >= 0) || !Number.isFinite(cooldownMs)) throw new RangeError(`cooldownMs must be ≥ 0, got ${cooldownMs}`);
  const misconfiguredCooldownMs = options.misconfiguredCooldownMs ?? CIRCUIT_DEFAULTS.misconfiguredCooldownMs;
  if (!(misconfiguredCooldownMs >= 0) || !Number.isFinite(misconfiguredCooldownMs)) {
    throw new RangeError(`misconfiguredCooldownMs must be ≥ 0, got ${misconfiguredCooldownMs}`);
  }
  const now = options.now ?? Date.now;

  let current: CircuitState = "closed";
  /** Bumped on every transition; permits remember the generation they were issued in. */
  let generation = 0;
  let openedAt = 0;
  /** The cooldown of the current open period (longer when tripped). */
  let openFor = cooldownMs;
  let trippedBy: string | undefined;
  let consecutiveFailures = 0;
  let window: boolean[] = [];
  let trialInFlight = false;

  function transition(to: CircuitState, reason: string, tripped?: string): void {
    const from = current;
    if (from === to && !(to === "open" && tripped)) return;
    current = to;
    generation += 1;
    trialInFlight = false;
    if (to === "open") {
      openedAt = now();
      openFor = tripped ? misconfiguredCooldownMs : cooldownMs;
      trippedBy = tripped;
    } else if (to === "closed") trippedBy = undefined;
    if (to === "closed") {
      consecutiveFailures = 0;
      window = [];
    }
    if (options.onStateChange) {
      try {
        options.onStateChange({ from, to, reason, at: now() });
      } catch {
        // Metrics hooks must never break the call path.
      }
    }
  }

  function refresh(): void {
    if (current === "open" && now() - openedAt >= openFor) transition("half_open", "cooldown elapsed");
  }

  function record(failed: boolean): void {
    window.push(failed);
    if (window.length > windowSize) window.shift();
    consecutiveFailures = failed ? consecutiveFailures + 1 : 0;
    if (!failed) return;
    if (consecutiveFailures >= failureThreshold) {
      transition("open", `${consecutiveFailures} consecutive failures`);
      return;
    }
    if (window.length >= minimumCalls) {
      const failures = window.filter(Boolean).length;
      if (failures / window.length >= failureRateThreshold) {
        transition("open", `failure rate ${failures}/${window.length} ≥ ${failureRateThreshold}`);
      }
    }
  }

  function issue(isTrial: boolean): CircuitPermit {
    const issuedIn = generation;
    let settled = false;
    const settle = (outcome: "success" | "failure" | "release" | "trip", reason = "") => {
      if (settled) return;
      settled = true;
      // A misconfiguration is a verdict on this deployment, not on one moment of the upstream: it always opens.
      if (outcome === "trip") {
        transition("open", `misconfigured: ${reason}`, reason || "misconfigured");
        return;
      }
      if (issuedIn !== generation) return; // stale: the breaker moved on since this call started
      if (isTrial) {
        if (outcome === "success") transition("closed", "trial call succeeded");
        else if (outcome === "failure") transition("open", "trial call failed");
        else trialInFlight = false;
        return;
      }
      if (current !== "closed" || outcome === "release") return;
      record(outcome === "failure");
    };
    return {
      success: () => settle("success"),
      failure: () => settle("failure"),
      release: () => settle("release"),
      trip: (reason: string) => settle("trip", reason),
    };
  }

  return {
    state() {
      refresh();
      return current;
    },
    acquire() {
      refresh();
      if (current === "closed") return issue(false);
      if (current === "half_open" && !trialInFlight) {
        trialInFlight = true;
        return issue(true);
      }
      return null;
    },
    stats() {
      refresh();
      return {
        state: current,
        consecutiveFailures,
        windowCalls: window.length,
        windowFailures: window.filter(Boolean).length,
        retryInMs: current === "open" ? Math.max(0, openedAt + openFor - now()) : 0,
        ...(current === "open" && trippedBy ? { trippedBy } : {}),
      };
    },
    reset() {
      transition("closed", "reset");
      consecutiveFailures = 0;
      window = [];
      trialInFlight = false;
    },
  };
}

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return v;
}
