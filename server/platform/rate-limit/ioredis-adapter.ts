import type { Redis as IoRedis } from "ioredis";
import { ScriptShaMap, isNoScriptError } from "./lua";

/**
 * The subset of `@upstash/redis`'s `Redis` that `@upstash/ratelimit` 2.2 calls for a single-region
 * limiter (checked in its dist code): `evalsha` and, on NOSCRIPT, `eval` for every algorithm;
 * `get`/`set`/`del` for dynamic limits. (`multi`, `sadd`, `hset`… belong to deny lists, analytics
 * and the multi-region limiter, none of which this app enables.)
 *
 * Scripts lose their `#!lua flags=allow-key-locking` line, which Redis 7.0 rejects; EVALSHA by the
 * library's hash (of the original text) is translated to the stripped script's hash, so after the
 * first call every check is one round trip.
 */
export class IoRedisUpstashAdapter {
  private readonly scripts = new ScriptShaMap();

  constructor(private readonly redis: IoRedis) {}

  /**
   * Fails at once while the connection is known to be down, instead of queueing the command until
   * the caller's timeout: during an outage every check then costs nothing. (While first connecting,
   * commands wait in ioredis's offline queue, bounded by the limiter's timeout.)
   */
  private usable(): void {
    const status = this.redis.status;
    if (status === "reconnecting" || status === "close" || status === "end") throw new Error(`Redis connection is ${status}`);
  }

  async eval(script: string, keys: string[], args: unknown[]): Promise<unknown> {
    this.usable();
    // EVAL also caches the script in Redis, so later EVALSHA calls by its hash succeed.
    const { stripped } = this.scripts.register(script);
    return await this.redis.eval(stripped, keys.length, ...keys, ...args.map(toArg));
  }

  async evalsha(sha: string, keys: string[], args: unknown[]): Promise<unknown> {
    this.usable();
    const known = this.scripts.lookup(sha);
    const argv = args.map(toArg);
    if (!known) return await this.redis.evalsha(sha, keys.length, ...keys, ...argv);
    try {
      return await this.redis.evalsha(known.sha, keys.length, ...keys, ...argv);
    } catch (error) {
      // Redis restarted (empty script cache): load it again.
      if (!isNoScriptError(error)) throw error;
      return await this.redis.eval(known.script, keys.length, ...keys, ...argv);
    }
  }

  async scriptLoad(script: string): Promise<string> {
    this.usable();
    const { stripped, original } = this.scripts.register(script);
    await this.redis.script("LOAD", stripped);
    return original;
  }

  async get(key: string): Promise<string | null> {
    this.usable();
    return this.redis.get(key);
  }

  async set(key: string, value: string | number): Promise<"OK"> {
    this.usable();
    await this.redis.set(key, String(value));
    return "OK";
  }

  async del(...keys: string[]): Promise<number> {
    this.usable();
    return keys.length === 0 ? 0 : this.redis.del(...keys);
  }
}

function toArg(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : String(value);
}
