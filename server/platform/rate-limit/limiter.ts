import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Redis as IoRedis } from "ioredis";
import { IoRedisUpstashAdapter } from "./ioredis-adapter";
import { MemorySlidingWindow } from "./memory";
import {
  RATE_LIMIT_POLICIES,
  createKeyHasher,
  type FailMode,
  type KeyHasher,
  type PolicyName,
  type PolicyTable,
  type RateLimitPolicy,
} from "./policies";

export type RateLimitOutcome = "allowed" | "limited" | "failed_open" | "failed_closed";
export type RateLimitBackendKind = "upstash" | "redis" | "memory";

export interface RateLimitResult {
  policy: PolicyName;
  /** The call may proceed (allowed, or the backend failed and the policy fails open). */
  success: boolean;
  limit: number;
  /** Units left in the sliding window after this call (a guess when the backend failed). */
  remaining: number;
  /** When the current window ends (ms since the epoch): some quota is available again by then. */
  reset: number;
  outcome: RateLimitOutcome;
  /** Set when the backend failed and the policy let the call through. */
  failedOpen?: boolean;
  /** Set when the backend failed and the policy refused the call. */
  failedClosed?: boolean;
}

export interface LimitOptions {
  /** Overrides the policy's fail mode for this call (support_ip differs per procedure). */
  failMode?: FailMode;
}

export interface RateLimiter {
  readonly backend: RateLimitBackendKind;
  /** The limits it applies (the response headers describe these). */
  readonly policies?: PolicyTable;
  /** Hash for emails and order numbers in keys (HMAC-SHA256 with `keySecret`, else SHA-256). */
  readonly hashKey: KeyHasher;
  /** Consumes one unit for `key` under `policy` (nothing when refused). */
  limit(policy: PolicyName, key: string, options?: LimitOptions): Promise<RateLimitResult>;
  /** Reads the state without consuming: `success` is `remaining > 0`. */
  peek(policy: PolicyName, key: string, options?: LimitOptions): Promise<RateLimitResult>;
  /** Gives back one unit consumed by `limit` (a reservation that turned out not to count). Never throws. */
  refund(policy: PolicyName, key: string): Promise<void>;
  /** Forgets everything counted for `key` (e.g. after a successful dashboard login). Never throws. */
  clear(policy: PolicyName, key: string): Promise<void>;
  /** One bounded round trip to the backend, for `/api/health?check=deps`. Never throws. */
  check(): Promise<"ok" | "error">;
  close(): Promise<void>;
}

export interface RateLimiterLogger {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface CreateRateLimiterOptions {
  upstashUrl?: string | undefined;
  upstashToken?: string | undefined;
  redisUrl?: string | undefined;
  /**
   * Secret for the keyed hash of emails and order numbers in keys (production: the encryption key;
   * a purpose-specific key is derived from it). Without it keys use plain SHA-256 — see createKeyHasher.
   */
  keySecret?: string | undefined;
  /** Key prefix (default "aurora:rl"); each policy adds `:<policy name>`. */
  prefix?: string;
  logger?: RateLimiterLogger;
  /** Called for every `limit`/`peek` decision (metrics: a counter labelled by policy and outcome). */
  onDecision?: (policy: PolicyName, outcome: RateLimitOutcome) => void;
  /** Upper bound of every backend call, after which the policy's fail mode applies (default 500 ms). */
  timeoutMs?: number;
  /** Replaces the policy table (tests use short windows). */
  policies?: PolicyTable;
  /** Clock for the memory backend (tests). */
  now?: () => number;
  /** While the backend keeps failing, log again at most this often (default 30 s). */
  logIntervalMs?: number;
}

/** What a backend answers; errors and timeouts are handled above it. */
interface Counts {
  success: boolean;
  limit: number;
  remaining: number;
  reset: number;
}

interface Backend {
  kind: RateLimitBackendKind;
  /** Answers in this process (no network): it cannot hang, so calls get no timeout timer. */
  inProcess?: boolean;
  limit(policy: RateLimitPolicy, key: string, rate: number): Promise<Counts>;
  peek(policy: RateLimitPolicy, key: string): Promise<Counts>;
  clear(policy: RateLimitPolicy, key: string): Promise<void>;
  close(): Promise<void>;
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`rate limiter backend did not answer within ${ms} ms`);
    this.name = "TimeoutError";
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
  });
  promise.catch(() => undefined); // a late failure after the timeout is not unhandled
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A short, key-free description of a backend error for logs. */
function describeError(error: unknown): string {
  if (error instanceof TimeoutError) return "timeout";
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.replace(/,? command was: [\s\S]*$/, "").slice(0, 200);
}

/** `@upstash/ratelimit` over an Upstash REST client or the ioredis adapter: one limiter per policy. */
function upstashAlgorithmBackend(
  kind: "upstash" | "redis",
  redis: unknown,
  policies: PolicyTable,
  prefix: string,
  close: () => Promise<void>,
): Backend {
  const limiters = new Map<PolicyName, Ratelimit>();
  const limiterFor = (policy: RateLimitPolicy) => {
    let limiter = limiters.get(policy.name);
    if (!limiter) {
      limiter = new Ratelimit({
        redis: redis as ConstructorParameters<typeof Ratelimit>[0]["redis"],
        limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowMs} ms`),
        prefix: `${prefix}:${policy.name}`,
        // Our own timeout applies the policy's fail mode; the library's would always fail open.
        timeout: 0,
        // Deterministic across instances and backends (the in-process block cache would answer
        // "limited" after a clear()/refund() elsewhere).
        ephemeralCache: false,
        analytics: false,
        enableProtection: false,
        enableTelemetry: false,
      });
      limiters.set(policy.name, limiter);
    }
    return limiter;
  };
  return {
    kind,
    async limit(policy, key, rate) {
      const r = await limiterFor(policy).limit(key, rate === 1 ? undefined : { rate });
      return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset };
    },
    async peek(policy, key) {
      const r = await limiterFor(policy).getRemaining(key);
      return { success: r.remaining > 0, limit: r.limit, remaining: r.remaining, reset: r.reset };
    },
    async clear(policy, key) {
      await limiterFor(policy).resetUsedTokens(key);
    },
    close,
  };
}

function memoryBackend(now: () => number): Backend {
  const store = new MemorySlidingWindow(now);
  return {
    kind: "memory",
    inProcess: true,
    limit: async (policy, key, rate) => store.limit(`${policy.name}:${key}`, policy.limit, policy.windowMs, rate),
    peek: async (policy, key) => store.peek(`${policy.name}:${key}`, policy.limit, policy.windowMs),
    clear: async (policy, key) => store.clear(`${policy.name}:${key}`),
    close: async () => store.clearAll(),
  };
}

/** Logs a failing backend once per burst (then at most every `intervalMs`), and its recovery. */
class BurstLog {
  private failing = false;
  private lastLoggedAt = 0;
  private suppressed = 0;

  constructor(
    private readonly backend: RateLimitBackendKind,
    private readonly logger: RateLimiterLogger | undefined,
    private readonly intervalMs: number,
  ) {}

  failure(reason: string, policy?: PolicyName) {
    const now = Date.now();
    if (!this.failing || now - this.lastLoggedAt >= this.intervalMs) {
      this.logger?.error(
        { backend: this.backend, reason, policy, suppressedSinceLastLog: this.suppressed },
        "rate limiter backend unavailable; applying each policy's fail mode",
      );
      this.lastLoggedAt = now;
      this.suppressed = 0;
    } else {
      this.suppressed += 1;
    }
    this.failing = true;
  }

  success() {
    if (!this.failing) return;
    this.logger?.info({ backend: this.backend, suppressedSinceLastLog: this.suppressed }, "rate limiter backend recovered");
    this.failing = false;
    this.suppressed = 0;
  }
}

/**
 * The app's rate limiter. Backend, by configuration:
 *  - Upstash REST (`upstashUrl` + `upstashToken`): `@upstash/redis` + `@upstash/ratelimit` slidingWindow;
 *  - plain Redis (`redisUrl`): the same algorithm through ioredis and {@link IoRedisUpstashAdapter};
 *  - memory otherwise: the same algorithm in process (single instance only).
 * Every backend call is bounded by `timeoutMs`; an error or timeout applies the policy's fail mode.
 */
export function createRateLimiter(options: CreateRateLimiterOptions = {}): RateLimiter {
  const policies = options.policies ?? RATE_LIMIT_POLICIES;
  const prefix = options.prefix ?? "aurora:rl";
  const timeoutMs = options.timeoutMs ?? 500;
  const now = options.now ?? Date.now;

  let backend: Backend;
  let log: BurstLog;
  if (options.upstashUrl && options.upstashToken) {
    const redis = new UpstashRedis({
      url: options.upstashUrl,
      token: options.upstashToken,
      // One attempt, aborted at the deadline (a function, so an abort rejects instead of
      // resolving as a fake "Aborted" result).
      retry: { retries: 0 },
      signal: () => AbortSignal.timeout(timeoutMs),
      enableTelemetry: false,
      readYourWrites: false,
    });
    backend = upstashAlgorithmBackend("upstash", redis, policies, prefix, async () => undefined);
    log = new BurstLog("upstash", options.logger, options.logIntervalMs ?? 30_000);
  } else if (options.redisUrl) {
    const redis = new IoRedis(options.redisUrl, {
      commandTimeout: timeoutMs,
      connectTimeout: Math.max(1000, timeoutMs * 2),
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    log = new BurstLog("redis", options.logger, options.logIntervalMs ?? 30_000);
    redis.on("error", (error: unknown) => log.failure(describeError(error)));
    backend = upstashAlgorithmBackend("redis", new IoRedisUpstashAdapter(redis), policies, prefix, async () => {
      redis.disconnect();
    });
  } else {
    backend = memoryBackend(now);
    log = new BurstLog("memory", options.logger, options.logIntervalMs ?? 30_000);
  }

  const policyFor = (name: PolicyName): RateLimitPolicy => {
    const policy = policies[name];
    if (!policy) throw new Error(`Unknown rate-limit policy: ${name}`);
    return policy;
  };

  /** A backend call bounded by the timeout (the policy's fail mode applies past it). */
  const bounded = <T>(call: Promise<T>): Promise<T> => (backend.inProcess ? call : withTimeout(call, timeoutMs));

  async function decide(
    name: PolicyName,
    run: (policy: RateLimitPolicy) => Promise<Counts>,
    limitOptions: LimitOptions | undefined,
  ): Promise<RateLimitResult> {
    const policy = policyFor(name);
    let result: RateLimitResult;
    try {
      const counts = await bounded(run(policy));
      log.success();
      result = { policy: name, ...counts, outcome: counts.success ? "allowed" : "limited" };
    } catch (error) {
      log.failure(describeError(error), name);
      const open = (limitOptions?.failMode ?? policy.failMode) === "open";
      const reset = now() + policy.windowMs;
      result = open
        ? { policy: name, success: true, limit: policy.limit, remaining: policy.limit, reset, outcome: "failed_open", failedOpen: true }
        : { policy: name, success: false, limit: policy.limit, remaining: 0, reset, outcome: "failed_closed", failedClosed: true };
    }
    try {
      options.onDecision?.(name, result.outcome);
    } catch {
      // metrics must never break a request
    }
    return result;
  }

  async function quietly(name: PolicyName, run: (policy: RateLimitPolicy) => Promise<unknown>): Promise<void> {
    try {
      await bounded(run(policyFor(name)));
      log.success();
    } catch (error) {
      log.failure(describeError(error), name);
    }
  }

  return {
    backend: backend.kind,
    policies,
    hashKey: createKeyHasher(options.keySecret),
    limit: (name, key, limitOptions) => decide(name, (p) => backend.limit(p, key, 1), limitOptions),
    peek: (name, key, limitOptions) => decide(name, (p) => backend.peek(p, key), limitOptions),
    refund: (name, key) => quietly(name, (p) => backend.limit(p, key, -1)),
    clear: (name, key) => quietly(name, (p) => backend.clear(p, key)),
    async check() {
      try {
        await withTimeout(backend.peek(policyFor("support_ip"), "health:probe"), timeoutMs);
        return "ok";
      } catch {
        return "error";
      }
    },
    close: () => backend.close(),
  };
}
