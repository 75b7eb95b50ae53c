import { randomBytes } from "node:crypto";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from "node:net";
import { Redis as UpstashRedis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  findRedisServer,
  startRedisServer,
  startUpstashRestServer,
  type RedisServerProcess,
  type UpstashRestServer,
} from "../../testing/upstash-rest-server";
import { createRateLimiter, type RateLimiter } from "./limiter";
import { describeLimiterContract } from "./limiter.contract";

const redisBinary = findRedisServer();
// CI installs redis-server (scripts/install-test-deps.sh): there a missing server is a failure, not a skip.
if (process.env.CI && !redisBinary) throw new Error("redis-server not found; the test setup must install Debian's redis-server package");
if (!redisBinary) {
  console.warn("[rate-limit] redis-server is not installed: skipping the Redis and Upstash-REST rate-limit tests (CI installs it).");
}

const prefix = () => `test:${randomBytes(6).toString("hex")}`;

describe.skipIf(!redisBinary)("rate limiter on a real redis-server", () => {
  let redis: RedisServerProcess;
  let rest: UpstashRestServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    rest = await startUpstashRestServer({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await rest?.close();
    await redis?.kill();
  });

  describeLimiterContract("plain Redis through ioredis", {
    make: ({ onDecision }) => {
      const limiter = createRateLimiter({ redisUrl: redis.url, prefix: prefix(), onDecision });
      expect(limiter.backend).toBe("redis");
      return limiter;
    },
  });

  describeLimiterContract("Upstash REST (@upstash/redis → test server → redis-server)", {
    make: ({ onDecision }) => {
      const limiter = createRateLimiter({
        upstashUrl: rest.url,
        upstashToken: rest.token,
        redisUrl: "redis://unused:1",
        prefix: prefix(),
        onDecision,
      });
      expect(limiter.backend).toBe("upstash");
      return limiter;
    },
  });

  describe("the Upstash REST test server", () => {
    const client = () => new UpstashRedis({ url: rest.url, token: rest.token, enableTelemetry: false, retry: { retries: 0 } });

    it("speaks single commands with base64-encoded results (the client's default)", async () => {
      const redisClient = client();
      const key = `${prefix()}:s`;
      await redisClient.set(key, "héllo ✨ world");
      expect(await redisClient.get(key)).toBe("héllo ✨ world");
      expect(await redisClient.incr(`${key}:n`)).toBe(1);
      await redisClient.rpush(`${key}:l`, "a", "b", "c");
      expect(await redisClient.lrange(`${key}:l`, 0, -1)).toEqual(["a", "b", "c"]);
      expect(await redisClient.get(`${key}:missing`)).toBeNull();
    });

    it("answers raw JSON without the encoding header, and 400 { error } for a Redis error", async () => {
      const key = `${prefix()}:raw`;
      const post = (body: unknown, headers: Record<string, string> = {}) =>
        fetch(rest.url, { method: "POST", headers: { authorization: `Bearer ${rest.token}`, ...headers }, body: JSON.stringify(body) });
      expect(await (await post(["SET", key, "plain"])).json()).toEqual({ result: "OK" });
      expect(await (await post(["GET", key])).json()).toEqual({ result: "plain" });
      expect(await (await post(["GET", key], { "Upstash-Encoding": "base64" })).json()).toEqual({
        result: Buffer.from("plain").toString("base64"),
      });
      const bad = await post(["INCR", key]);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/not an integer/);
    });

    it("requires the bearer token", async () => {
      const res = await fetch(rest.url, { method: "POST", headers: { authorization: "Bearer wrong" }, body: JSON.stringify(["PING"]) });
      expect(res.status).toBe(401);
      await expect(
        new UpstashRedis({ url: rest.url, token: "wrong", retry: { retries: 0 }, enableTelemetry: false }).get("x"),
      ).rejects.toThrow(/Unauthorized/);
    });

    it("runs /pipeline and /multi-exec", async () => {
      const key = `${prefix()}:p`;
      const pipe = client().pipeline();
      pipe.set(key, "1");
      pipe.incr(key);
      pipe.get(key);
      expect(await pipe.exec()).toEqual(["OK", 2, 2]);
      const tx = client().multi();
      tx.incr(key);
      tx.incr(key);
      expect(await tx.exec()).toEqual([3, 4]);
    });

    it("strips `#!lua flags=…` from EVAL and SCRIPT LOAD and keeps EVALSHA working by the original hash", async () => {
      const redisClient = client();
      const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])";
      const key = `${prefix()}:lua`;
      expect(await redisClient.eval(script, [key], ["2"])).toBe(2);
      const sha = await redisClient.scriptLoad(script);
      expect(sha).toMatch(/^[0-9a-f]{40}$/);
      expect(await redisClient.evalsha(sha, [key], ["3"])).toBe(5);
    });

    it("lets @upstash/ratelimit settle into one EVALSHA round trip per check", async () => {
      const limiter = createRateLimiter({ upstashUrl: rest.url, upstashToken: rest.token, prefix: prefix() });
      await limiter.limit("support_ip", "ip:warm");
      const before = rest.commands.length;
      for (let i = 0; i < 5; i++) await limiter.limit("support_ip", "ip:warm");
      expect(rest.commands.slice(before)).toEqual(["EVALSHA", "EVALSHA", "EVALSHA", "EVALSHA", "EVALSHA"]);
      await limiter.close();
    });
  });
});

describe.skipIf(!redisBinary)("rate limiter fail modes when the backend dies", () => {
  let redis: RedisServerProcess;
  let rest: UpstashRestServer;
  const limiters: RateLimiter[] = [];
  const logs = { error: vi.fn(), info: vi.fn() };
  const decisions: string[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    rest = await startUpstashRestServer({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await Promise.all(limiters.map((l) => l.close()));
    await rest?.close();
    await redis?.kill();
  });

  async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = performance.now();
    const value = await work();
    return { value, ms: performance.now() - started };
  }

  it("fails open or closed per policy within the time bound, for plain Redis and Upstash REST, logging once per burst", async () => {
    const make = (kind: "redis" | "upstash") => {
      const limiter = createRateLimiter({
        ...(kind === "redis" ? { redisUrl: redis.url } : { upstashUrl: rest.url, upstashToken: rest.token }),
        prefix: prefix(),
        timeoutMs: 300,
        logger: logs,
        onDecision: (policy, outcome) => decisions.push(`${kind}:${policy}:${outcome}`),
      });
      limiters.push(limiter);
      return limiter;
    };
    const viaRedis = make("redis");
    const viaUpstash = make("upstash");
    // Both work while Redis is up.
    expect((await viaRedis.limit("support_ip", "ip:1")).outcome).toBe("allowed");
    expect((await viaUpstash.limit("support_ip", "ip:1")).outcome).toBe("allowed");
    expect(logs.error).not.toHaveBeenCalled();

    await redis.kill();

    for (const limiter of [viaRedis, viaUpstash]) {
      const open = await timed(() => limiter.limit("support_ip", "ip:1", { failMode: "open" }));
      expect(open.value).toMatchObject({ success: true, outcome: "failed_open", failedOpen: true });
      expect(open.ms).toBeLessThan(2000);

      const closed = await timed(() => limiter.limit("chat_session", "sid:1"));
      expect(closed.value).toMatchObject({ success: false, outcome: "failed_closed", failedClosed: true, remaining: 0 });
      expect(closed.ms).toBeLessThan(2000);

      const peek = await timed(() => limiter.peek("order_lookup_failures_order", "order:x"));
      expect(peek.value.outcome).toBe("failed_closed");
      expect(peek.ms).toBeLessThan(2000);

      // Refund and clear swallow the failure.
      await expect(limiter.refund("order_lookup_failures_order", "order:x")).resolves.toBeUndefined();
      await expect(limiter.clear("dashboard_login", "email:x")).resolves.toBeUndefined();
    }

    // A burst of failures, one log line per backend (each limiter logs its own burst).
    for (let i = 0; i < 5; i++) await viaRedis.limit("support_ip", "ip:1", { failMode: "open" });
    expect(logs.error).toHaveBeenCalledTimes(2);
    const [fields, message] = logs.error.mock.calls[0] as [Record<string, unknown>, string];
    expect(message).toMatch(/fail mode/);
    expect(typeof fields.reason).toBe("string");
    expect(JSON.stringify(logs.error.mock.calls)).not.toMatch(/ip:1|sid:1|order:x/);
    expect(decisions).toContain("redis:support_ip:failed_open");
    expect(decisions).toContain("upstash:chat_session:failed_closed");
  });

  it("also fails per policy when the Upstash endpoint itself is unreachable", async () => {
    const limiter = createRateLimiter({ upstashUrl: "http://127.0.0.1:9", upstashToken: "t", timeoutMs: 300 });
    limiters.push(limiter);
    const open = await timed(() => limiter.limit("support_ip", "ip:1", { failMode: "open" }));
    expect(open.value.outcome).toBe("failed_open");
    expect(open.ms).toBeLessThan(2000);
    expect((await limiter.limit("dashboard_login", "email:x")).outcome).toBe("failed_closed");
  });
});

describe("rate limiter against a backend that accepts connections and never answers", () => {
  const sockets = new Set<Socket>();
  let tcp: NetServer;
  let http: HttpServer;
  let tcpPort = 0;
  let httpPort = 0;
  const limiters: RateLimiter[] = [];

  beforeAll(async () => {
    tcp = createNetServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    http = createHttpServer(() => undefined); // requests hang
    http.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    tcpPort = (tcp.address() as AddressInfo).port;
    httpPort = (http.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await Promise.all(limiters.map((l) => l.close()));
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  it.each([
    ["plain Redis", () => ({ redisUrl: `redis://127.0.0.1:${tcpPort}` })],
    ["Upstash REST", () => ({ upstashUrl: `http://127.0.0.1:${httpPort}`, upstashToken: "t" })],
  ])("%s: cuts every call off at timeoutMs and applies the fail mode", async (_name, backend) => {
    const limiter = createRateLimiter({ ...backend(), timeoutMs: 250 });
    limiters.push(limiter);
    const started = performance.now();
    const [open, closed] = await Promise.all([
      limiter.limit("support_ip", "ip:1", { failMode: "open" }),
      limiter.limit("order_lookup_failures_session", "ip:1"),
    ]);
    const ms = performance.now() - started;
    expect(open.outcome).toBe("failed_open");
    expect(closed.outcome).toBe("failed_closed");
    expect(ms).toBeGreaterThanOrEqual(200);
    expect(ms).toBeLessThan(1000);
  });
});
