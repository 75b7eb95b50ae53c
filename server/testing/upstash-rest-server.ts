/**
 * Enough of Upstash's Redis REST protocol, in front of a real redis-server, for `@upstash/redis`
 * (and so `@upstash/ratelimit`) to run against it in tests:
 *
 *   const server = await startUpstashRestServer({ redisUrl: "redis://127.0.0.1:6399" });
 *   const redis = new Redis({ url: server.url, token: server.token });
 *
 * - `POST /` with a JSON array command body (`["SET","k","v"]`) → `{ "result": … }`, or HTTP 400
 *   `{ "error": "ERR …" }` when Redis answers with an error;
 * - `POST /pipeline` with an array of commands → `[{ "result": … } | { "error": … }, …]`;
 * - `POST /multi-exec` → the same, run inside MULTI/EXEC;
 * - `Authorization: Bearer <token>` is required (401 otherwise);
 * - `Upstash-Encoding: base64` → every string in a result (recursively) is base64 of its bytes,
 *   which is what `@upstash/redis` asks for and decodes by default;
 * - EVAL / EVAL_RO / SCRIPT LOAD scripts lose a leading `#!lua flags=…` line (plain Redis 7.0
 *   rejects `allow-key-locking`); EVALSHA by the original script's hash is translated to the
 *   stripped script's hash, and SCRIPT LOAD answers the original hash, as Upstash would.
 *
 * `requests` counts commands by name, so tests can assert round trips. Listens on 127.0.0.1 with a
 * random port; `close()` destroys open sockets and disconnects from Redis.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { Redis as IoRedis } from "ioredis";
import { ScriptShaMap, isNoScriptError } from "../platform/rate-limit/lua";

export interface UpstashRestServer {
  url: string;
  token: string;
  /** Commands received, upper-cased names in arrival order (pipelines contribute each command). */
  commands: string[];
  close(): Promise<void>;
}

type Reply = { result: unknown } | { error: string };

const MAX_BODY_BYTES = 1024 * 1024;

function encodeResult(value: unknown, base64: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return base64 ? value.toString("base64") : value.toString("utf8");
  if (typeof value === "string") return base64 ? Buffer.from(value, "utf8").toString("base64") : value;
  if (Array.isArray(value)) return value.map((v) => encodeResult(v, base64));
  return value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function isCommand(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && typeof value[0] === "string";
}

export async function startUpstashRestServer(options: { redisUrl: string; token?: string }): Promise<UpstashRestServer> {
  const token = options.token ?? randomBytes(16).toString("hex");
  // No offline queue: with Redis down every command fails at once ({ error }), as a real outage would.
  const redis = new IoRedis(options.redisUrl, {
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    enableOfflineQueue: false,
    retryStrategy: () => 200,
  });
  redis.on("error", () => undefined); // surfaced per command as `{ error }`
  await redis.connect();
  const scripts = new ScriptShaMap();
  const commands: string[] = [];

  /** Rewrites scripting commands for plain Redis; returns the args to send and an optional fixed answer. */
  function prepare(command: unknown[]): {
    name: string;
    args: string[];
    fixed?: unknown;
    retryEval?: { script: string; numkeysAndArgs: string[] };
  } {
    const name = String(command[0]).toUpperCase();
    const args = command.slice(1).map((a) => (a === null || a === undefined ? "" : String(a)));
    if ((name === "EVAL" || name === "EVAL_RO") && args[0] !== undefined) {
      const { stripped } = scripts.register(args[0]);
      return { name, args: [stripped, ...args.slice(1)] };
    }
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && args[0] !== undefined) {
      const known = scripts.lookup(args[0]);
      if (known) return { name, args: [known.sha, ...args.slice(1)], retryEval: { script: known.script, numkeysAndArgs: args.slice(1) } };
      return { name, args };
    }
    if (name === "SCRIPT" && String(args[0]).toUpperCase() === "LOAD" && args[1] !== undefined) {
      const { stripped, original } = scripts.register(args[1]);
      return { name, args: ["LOAD", stripped], fixed: original };
    }
    return { name, args };
  }

  async function run(command: unknown[]): Promise<Reply> {
    const { name, args, fixed, retryEval } = prepare(command);
    commands.push(name);
    try {
      let result: unknown;
      try {
        result = await redis.callBuffer(name, ...args);
      } catch (error) {
        // The script cache is empty after a Redis restart: load it again from what we remember.
        if (!retryEval || !isNoScriptError(error)) throw error;
        result = await redis.callBuffer("EVAL", retryEval.script, ...retryEval.numkeysAndArgs);
      }
      return { result: fixed ?? result };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  async function runTransaction(list: unknown[][]): Promise<Reply[]> {
    const multi = redis.multi();
    const prepared = list.map(prepare);
    for (const p of prepared) {
      commands.push(p.name);
      multi.callBuffer(p.name, ...p.args);
    }
    try {
      const results = (await multi.exec()) ?? [];
      return results.map(([error, value], i) => (error ? { error: error.message } : { result: prepared[i]?.fixed ?? value }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return list.map(() => ({ error: message }));
    }
  }

  function send(res: ServerResponse, status: number, body: unknown, base64: boolean) {
    const encode = (reply: Reply) => ("error" in reply ? reply : { result: encodeResult(reply.result, base64) });
    const payload = Array.isArray(body) ? (body as Reply[]).map(encode) : "result" in (body as object) ? encode(body as Reply) : body;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(payload));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { error: "Unauthorized" }, false);
      if (req.method !== "POST") return send(res, 405, { error: "Only POST is supported by this test server" }, false);
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return send(res, 400, { error: "ERR failed to parse command" }, false);
      }
      const path = (req.url ?? "/").split("?")[0];
      if (path === "/" || path === "") {
        if (!isCommand(body)) return send(res, 400, { error: "ERR failed to parse command" }, false);
        const reply = await run(body);
        return send(res, "error" in reply ? 400 : 200, reply, base64);
      }
      if (path === "/pipeline" || path === "/multi-exec") {
        if (!Array.isArray(body) || !body.every(isCommand)) return send(res, 400, { error: "ERR failed to parse pipeline request" }, false);
        const replies = path === "/pipeline" ? await Promise.all(body.map(run)) : await runTransaction(body);
        return send(res, 200, replies, base64);
      }
      return send(res, 404, { error: `Unknown path ${path}` }, false);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal test server error" }));
    });
  });

  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    commands,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A throwaway redis-server for tests
// ---------------------------------------------------------------------------------------------

export interface RedisServerProcess {
  url: string;
  port: number;
  /** SIGKILL, as a crash would (resolves when the process has exited). */
  kill(): Promise<void>;
}

/** The redis-server binary, or null when it is not installed (tests skip with a message). */
export function findRedisServer(): string | null {
  const candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"];
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir) candidates.push(`${dir}/redis-server`);
  return candidates.find((file) => existsSync(file)) ?? null;
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts `redis-server` on a free port (no persistence, loopback only) and waits until it accepts
 * connections. redis-server cannot pick a random port itself, so a free one is found first and
 * the start is retried if another process takes it in between.
 */
export async function startRedisServer(binary = findRedisServer()): Promise<RedisServerProcess> {
  if (!binary) throw new Error("redis-server is not installed");
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      binary,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let output = "";
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output.slice(-500)}`)), 5000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString("utf8");
          if (output.includes("Ready to accept connections")) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`));
        });
      });
    } catch (error) {
      lastError = error;
      child.kill("SIGKILL");
      await exited;
      continue;
    }
    child.stdout.resume();
    child.stderr.resume();
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
      },
    };
  }
  throw lastError instanceof Error ? lastError : new Error("redis-server did not start");
}
