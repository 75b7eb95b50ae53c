// npm run bench — measures the ARCHITECTURE.md budgets against the BUILT app in one run and prints
// one table (plus test-results/bench.json). Requires `npm run build` first; builds nothing itself.
// Informational: it never fails on a timing (exit 0 after printing); exit 1 only if it cannot run.
//
//   - loader / widget-frame gzipped sizes vs 2.28 KB / 120 KB;
//   - support.products.search and a rules-engine chat.send turn at 50 concurrent keep-alive
//     connections: req/s, p50/p99 and server CPU µs per request, each as a ratio against a bare
//     tRPC fetch-adapter `ping` query (scripts/bench/bare-trpc.mjs) measured with the same load generator
//     in windows alternating with the row's (BENCH_ROUNDS × BENCH_ROUND_MS after a BENCH_WARMUP_MS
//     warm-up; the CPU ratio is the median of the rounds' ratios, the table shows their range);
//   - the widget frame page (/widget, server-rendered, compressed as a browser asks): the same figures, no budget;
//   - concurrent session.events SSE streams held (all connected and each receiving), server CPU and RSS;
//   - RSS after 10,000 conversations (session.start);
//   - cost vs stored data: stores seeded directly with 1,000 and 100,000 conversations of 10 messages
//     (BENCH_STORE_SIZES; clones of a real conversation, through scripts/bench/seed-conversations.ts),
//     then a rules chat.send turn and session.start measured on each (CPU per request, median of
//     BENCH_SCALING_ROUNDS alternating rounds after a warm-up; ratio between the sizes), the embedded store's start-up time and RSS per stored conversation
//     (scripts/bench/store-probe.ts), and store file bytes vs live data after the chat churn.
//
// `npm run bench -- --profile` also writes one V8 CPU profile of the server per load row to
// test-results/bench-profiles/<row>.cpuprofile (taken through the inspector; see profiler.mjs).
//
// The app runs as a child process on the embedded defaults (temp DATA_DIR, NODE_ENV=production,
// secrets via env, random port, LOG_LEVEL=warn) with RATE_LIMIT_ENABLED=false: its per-IP limit
// (100 support calls/min) would otherwise refuse almost all of the load from 127.0.0.1.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { startNodeFlags } from "../start-command.mjs";
import { CpuProfiler, inspectorUrl } from "./profiler.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
process.chdir(ROOT);

const PROFILE = process.argv.includes("--profile");
const PROFILE_DIR = "test-results/bench-profiles";
if (PROFILE && typeof WebSocket === "undefined") {
  // Node 20 has the WebSocket client the inspector connection needs behind a flag.
  const rerun = spawnSync(process.execPath, ["--experimental-websocket", fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(rerun.status ?? 1);
}

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
// 5 s: in the first seconds of load V8 still compiles the turn's code on background threads (≈ 0.8 s of
// optimizing compiles in a 5 s window after a 1 s warm-up), which the process CPU counts; the rows report
// what a running server pays per request.
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 5_000);
/** Each load row: this many measurement windows of ROUND_MS, alternating with the baseline's. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2_500);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const STREAM_STEPS = (process.env.BENCH_STREAMS ?? "500,1000").split(",").map(Number);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
// Time caps keep the whole run near 90 s; a capped phase reports how far it got.
const CONVERSATIONS_MAX_MS = Number(process.env.BENCH_CONVERSATIONS_MAX_MS ?? 30_000);
const FANOUT_MAX_MS = Number(process.env.BENCH_FANOUT_MAX_MS ?? 5_000);
const CHAT_SESSIONS = 200;
const STORE_SIZES = (process.env.BENCH_STORE_SIZES ?? "1000,100000")
  .split(",")
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const SCALING_DURATION_MS = Number(process.env.BENCH_SCALING_DURATION_MS ?? 3_000);
const SCALING_ROUNDS = Number(process.env.BENCH_SCALING_ROUNDS ?? 3);
const MESSAGES_PER_CONVERSATION = 10;
// One set of secrets for every app the bench starts: seeded stores move between them.
const SECRETS = { JWT_SECRET: randomBytes(32).toString("base64url"), ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const CLK_TCK = 100; // Linux USER_HZ (getconf CLK_TCK); /proc/<pid>/stat times are in these ticks
const BUDGETS = {
  loaderGzipBytes: 2335,
  frameGzipBytes: 120 * 1024,
  wireBytes: 130 * 1024,
  cpuRatio: 2,
  streamsPerCore: 500,
  storeScalingRatio: 1.25,
  rssPerConversationBytes: 4 * 1024,
  startupMsPer100k: 5_000,
};

for (const file of ["build/server/main.js", "build/index.js", "public/widget.js"]) {
  if (!existsSync(file)) {
    console.error(`bench: ${file} is missing — run \`npm run build\` first (the bench measures the built app and builds nothing itself).`);
    process.exit(1);
  }
}
if (!existsSync("/proc/self/stat")) {
  console.error("bench: needs Linux /proc to read the server's CPU time and RSS.");
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Child processes and /proc
// ---------------------------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function cpuMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // after "(comm) ": field 3 is index 0, so utime (14) is index 11 and stime (15) index 12
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLK_TCK;
}

function rssBytes(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : NaN;
}

const children = new Set();
function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
}
process.on("exit", stopAll);
process.on("SIGINT", () => process.exit(130));

async function waitHealthy(url, child, outputRef, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`child exited early (${child.exitCode}):\n${outputRef()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy:\n${outputRef()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function startApp({ dataDir = mkdtempSync(path.join(tmpdir(), "aurora-bench-")), profile = PROFILE } = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(DEEPSEEK_|MONGODB_|UPSTASH_|REDIS_URL|CONCIERGE_)/.test(key)) delete env[key];
  Object.assign(env, {
    NODE_ENV: "production",
    ...SECRETS,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_ORIGIN: origin,
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    SEED_DEMO_DATA: "true",
    RATE_LIMIT_ENABLED: "false",
    // Every held stream comes from 127.0.0.1: lift the per-address cap on live streams (default 60).
    LIVE_STREAMS_PER_IP: "100000",
  });
  let output = "";
  // Started as `npm start` starts it (its node flags), plus the inspector when profiling.
  const args = [...startNodeFlags(), ...(profile ? ["--inspect=127.0.0.1:0"] : []), "build/server/main.js"];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.stdout.on("data", (d) => (output = (output + d).slice(-20_000)));
  child.stderr.on("data", (d) => (output = (output + d).slice(-20_000)));
  await waitHealthy(`${origin}/api/health`, child, () => output);
  const startMs = performance.now() - t0;
  const profiler = profile ? await CpuProfiler.connect(inspectorUrl(output)) : undefined;
  return { port, origin, dataDir, child, startMs, profiler, output: () => output };
}

/** Runs `measure` with the app's CPU profiler recording when profiling (one .cpuprofile per row). */
async function profiled(app, row, measure) {
  if (!app.profiler) return measure();
  await app.profiler.start();
  try {
    return await measure();
  } finally {
    const file = await app.profiler.stopTo(PROFILE_DIR, row);
    (results.profiles ??= []).push(file);
  }
}

async function startBaseline() {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/bench/bare-trpc.mjs"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  await waitHealthy(`http://127.0.0.1:${port}/trpc/ping`, child, () => output);
  return { port, child };
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

// ---------------------------------------------------------------------------------------------
// HTTP client
// ---------------------------------------------------------------------------------------------

/**
 * One request; resolves with status 0 on a network error. A keep-alive socket the server closed while
 * it sat idle (its keep-alive timeout) is retried once on a new socket, as Node's http docs advise
 * (`request.reusedSocket`): the server never saw that request.
 */
async function request(agent, port, spec) {
  const res = await requestOnce(agent, port, spec);
  return res.staleSocket ? requestOnce(agent, port, spec) : res;
}

function requestOnce(agent, port, { method = "GET", path: p, headers = {}, body }) {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: p,
        agent,
        headers: payload ? { "content-type": "application/json", "content-length": payload.length, ...headers } : headers,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", (error) => resolve({ status: 0, error }));
      },
    );
    req.on("error", (error) => resolve({ status: 0, error, staleSocket: req.reusedSocket && error.code === "ECONNRESET" }));
    if (payload) req.write(payload);
    req.end();
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Closed-loop load: CONCURRENCY workers on a keep-alive agent, each sending its next request as
 * soon as the previous answers. Only the measurement window (after the warm-up) counts.
 */
async function load({ port, pid, next, warmupMs = WARMUP_MS, durationMs = DURATION_MS }) {
  const WARMUP_MS = warmupMs;
  const DURATION_MS = durationMs;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY, maxFreeSockets: CONCURRENCY });
  const started = Date.now();
  const measureFrom = started + WARMUP_MS;
  const stopAt = measureFrom + DURATION_MS;
  let cpuStart;
  let windowStart;
  const latencies = [];
  const statuses = {};
  let i = 0;
  const startWindow = setTimeout(() => {
    cpuStart = cpuMicros(pid);
    windowStart = performance.now();
  }, WARMUP_MS);
  let cpuEnd;
  let windowEnd;
  const endWindow = setTimeout(() => {
    cpuEnd = cpuMicros(pid);
    windowEnd = performance.now();
  }, WARMUP_MS + DURATION_MS);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < stopAt) {
        const spec = next(i++);
        const t0 = performance.now();
        const res = await request(agent, port, spec);
        const t1 = performance.now();
        // Count requests that completed inside the window.
        if (windowStart !== undefined && windowEnd === undefined) {
          latencies.push(t1 - t0);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        }
      }
    }),
  );
  clearTimeout(startWindow);
  clearTimeout(endWindow);
  cpuEnd ??= cpuMicros(pid);
  windowEnd ??= performance.now();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const seconds = (windowEnd - windowStart) / 1000;
  const ok = Object.entries(statuses).reduce((n, [s, c]) => (s.startsWith("2") ? n + c : n), 0);
  return {
    requests: latencies.length,
    ok,
    statuses,
    reqPerSec: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuMicrosPerRequest: latencies.length > 0 ? (cpuEnd - cpuStart) / latencies.length : NaN,
    serverCpuCores: (cpuEnd - cpuStart) / 1e6 / seconds,
  };
}

/** Two load windows of the same row as one: the mean of each figure, and both CPU figures kept (`windows`). */
function meanOfWindows(...windows) {
  const mean = (key) => windows.reduce((sum, w) => sum + w[key], 0) / windows.length;
  return {
    requests: windows.reduce((sum, w) => sum + w.requests, 0),
    ok: windows.reduce((sum, w) => sum + w.ok, 0),
    statuses: windows[0].statuses,
    reqPerSec: mean("reqPerSec"),
    p50Ms: mean("p50Ms"),
    p99Ms: mean("p99Ms"),
    cpuMicrosPerRequest: mean("cpuMicrosPerRequest"),
    serverCpuCores: mean("serverCpuCores"),
    windows: windows.map((w) => w.cpuMicrosPerRequest),
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A request generator whose index keeps counting across the windows it is used in. */
function counted(next) {
  let n = 0;
  return () => next(n++);
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` at a time; no new task after `deadline` (epoch ms). */
async function pool(n, concurrency, task, deadline = Infinity) {
  let next = 0;
  const results = new Array(n);
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      for (let i = next++; i < n && Date.now() < deadline; i = next++) results[i] = await task(i);
    }),
  );
  return results;
}

function trpcData(res) {
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body?.toString("utf8").slice(0, 300) ?? res.error?.message}`);
  return JSON.parse(res.body.toString("utf8")).result.data;
}

async function startSessions(agent, port, n, prefix) {
  return pool(n, CONCURRENCY, async (i) => {
    const res = await request(agent, port, {
      method: "POST",
      path: "/api/trpc/session.start",
      body: { visitorId: `${prefix}${String(i).padStart(6, "0")}` },
    });
    return trpcData(res).sessionToken;
  });
}

// ---------------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------------

/** Bytes actually received for a URL (the compressed body, as a browser asking for br/gzip gets it). */
function wireBytes(url, encoding = "br, gzip") {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { "accept-encoding": encoding } }, (res) => {
      let n = 0;
      res.on("data", (chunk) => (n += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode, bytes: n, encoding: res.headers["content-encoding"] ?? "identity" }));
    });
    req.on("error", reject);
  });
}

async function sizes(app) {
  const loader = readFileSync("public/widget.js");
  const loaderGzip = gzipSync(loader, { level: 9 }).length;
  const page = await fetch(`${app.origin}/widget?host=${encodeURIComponent(app.origin)}&vid=benchvisitor1`);
  const html = await page.text();
  const refs = new Set();
  let note = "";
  if (page.ok) {
    for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
    for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
      const href = /\bhref="([^"]+)"/.exec(m[0]);
      if (href) refs.add(href[1]);
    }
    // Remix's inline module script imports the entry and route modules.
    for (const m of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
      for (const imp of m[1].matchAll(/(?:import\s*(?:[^"']*?\s*from\s*)?|import\()\s*["']([^"']+\.js)["']/g)) refs.add(imp[1]);
    }
  } else {
    note = `widget page answered HTTP ${page.status}`;
  }
  const files = [];
  for (const ref of refs) {
    const url = new URL(ref, app.origin);
    if (url.origin !== app.origin) continue;
    const res = await fetch(url);
    if (!res.ok) continue;
    const body = Buffer.from(await res.arrayBuffer());
    const wire = await wireBytes(url);
    files.push({
      path: url.pathname,
      bytes: body.length,
      gzipBytes: gzipSync(body, { level: 9 }).length,
      wireBytes: wire.bytes,
      encoding: wire.encoding,
    });
  }
  const frameGzip = files.reduce((n, f) => n + f.gzipBytes, 0);
  // On the wire, as a browser receives it (brotli where accepted): the frame page itself, its scripts
  // and stylesheets, and the loader; the measure the issue's budget is about.
  const framePage = await wireBytes(`${app.origin}/widget?host=${encodeURIComponent(app.origin)}&vid=benchvisitor1`);
  const styles = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]);
  let styleWire = 0;
  for (const href of styles) styleWire += (await wireBytes(new URL(href, app.origin))).bytes;
  const loaderWire = await wireBytes(`${app.origin}/widget.js`);
  const scriptsWire = files.reduce((n, f) => n + f.wireBytes, 0);
  return {
    loader: { bytes: loader.length, gzipBytes: loaderGzip, wireBytes: loaderWire.bytes, encoding: loaderWire.encoding },
    frame: {
      gzipBytes: page.ok ? frameGzip : NaN,
      files,
      note,
      wire: {
        page: framePage.bytes,
        scripts: scriptsWire,
        styles: styleWire,
        total: framePage.bytes + scriptsWire + styleWire + loaderWire.bytes,
      },
    },
  };
}

/** Holds session.events streams for the conversations' sessions (tokens from the conversations phase). */
async function streams(app, agent, conversationTokens) {
  const max = Math.max(...STREAM_STEPS);
  const tokens = conversationTokens.filter(Boolean).slice(0, max);
  if (tokens.length < max) tokens.push(...(await startSessions(agent, app.port, max - tokens.length, "benchstream")));
  const open = [];
  let received = 0;
  let failed = 0;
  const steps = [];
  const hold = async (n) => {
    const start = open.length;
    await pool(n - start, 100, async (k) => {
      const token = tokens[start + k];
      await new Promise((resolve) => {
        const entry = { req: undefined, res: undefined, got: false, events: 0 };
        const req = http.request(
          {
            host: "127.0.0.1",
            port: app.port,
            path: `/api/trpc/session.events?input=${encodeURIComponent(JSON.stringify({ afterSeq: 0 }))}`,
            headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
            agent: false,
          },
          (res) => {
            entry.res = res;
            if (res.statusCode !== 200) {
              failed++;
              res.resume();
              return resolve();
            }
            let buffered = "";
            res.on("data", (chunk) => {
              buffered += chunk;
              entry.events += (String(chunk).match(/"seq":/g) ?? []).length;
              if (!entry.got && buffered.includes('"seq":1')) {
                entry.got = true;
                received++;
                buffered = "";
                resolve();
              }
            });
            res.on("error", () => undefined);
            res.on("close", () => {
              entry.closed = true;
              if (!entry.got) resolve();
            });
          },
        );
        entry.req = req;
        req.on("error", () => {
          failed++;
          resolve();
        });
        req.end();
        open.push(entry);
      });
    });
    // Held: every stream still open after a 2 s idle hold; the server's CPU and RSS while holding.
    const cpu0 = cpuMicros(app.child.pid);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 2_000));
    const idleCores = (cpuMicros(app.child.pid) - cpu0) / 1e6 / ((performance.now() - t0) / 1000);
    const held = open.filter((e) => e.got && !e.closed).length;
    steps.push({ target: n, held, receivingFirstEvent: received, failed, idleServerCores: idleCores, rssBytes: rssBytes(app.child.pid) });
  };
  for (const n of STREAM_STEPS) await hold(n);

  // Fan-out while all streams are held: one rules-engine turn per session; every stream must get it.
  const before = open.reduce((n, e) => n + e.events, 0);
  const cpu0 = cpuMicros(app.child.pid);
  const t0 = performance.now();
  let turns = 0;
  await pool(
    tokens.length,
    CONCURRENCY,
    async (i) => {
      const res = await request(agent, app.port, {
        method: "POST",
        path: "/api/trpc/chat.send",
        headers: { authorization: `Bearer ${tokens[i]}` },
        body: { action: { kind: "quick_link", link: "design_ideas" } },
      });
      if (res.status === 200) turns++;
    },
    Date.now() + FANOUT_MAX_MS,
  );
  const deadline = Date.now() + 3_000;
  const withTurn = () => open.filter((e) => e.events >= 3).length;
  while (withTurn() < turns && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMicros(app.child.pid) - cpu0;
  const events = open.reduce((n, e) => n + e.events, 0) - before;
  const fanout = {
    turns,
    streamsWithNewEvents: withTurn(),
    eventsDelivered: events,
    seconds,
    cpuMicrosPerEvent: events > 0 ? cpu / events : NaN,
    serverCores: cpu / 1e6 / seconds,
  };
  for (const e of open) e.req?.destroy();
  await new Promise((r) => setTimeout(r, 500));
  return { steps, fanout };
}

async function conversations(app, keepTokens) {
  const tokens = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const rssBefore = rssBytes(app.child.pid);
  const t0 = performance.now();
  let failures = 0;
  let done = 0;
  const marks = []; // elapsed ms at every 1000th conversation: shows whether session.start slows as the store grows
  const cpu0 = cpuMicros(app.child.pid);
  await pool(
    CONVERSATIONS,
    CONCURRENCY,
    async (i) => {
      const res = await request(agent, app.port, {
        method: "POST",
        path: "/api/trpc/session.start",
        body: { visitorId: `benchconv${String(i).padStart(7, "0")}` },
      });
      if (res.status !== 200) failures++;
      else if (i < keepTokens) tokens[i] = trpcData(res).sessionToken;
      if (++done % 1000 === 0) marks.push(Math.round(performance.now() - t0));
    },
    Date.now() + CONVERSATIONS_MAX_MS,
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpuMicrosPerConversation = (cpuMicros(app.child.pid) - cpu0) / Math.max(1, done);
  agent.destroy();
  global.gc?.();
  await new Promise((r) => setTimeout(r, 500));
  return {
    tokens,
    target: CONVERSATIONS,
    conversations: done,
    capped: done < CONVERSATIONS,
    failures,
    seconds,
    perSecond: done / seconds,
    cpuMicrosPerConversation,
    msAtEvery1000: marks,
    rssBeforeBytes: rssBefore,
    rssAfterBytes: rssBytes(app.child.pid),
  };
}

const CHAT_TURNS = [
  { text: "gold hoops under 300" },
  { action: { kind: "quick_link", link: "gifts_under_300" } },
  { text: "what is your return policy?" },
];

/** The chat load's i-th request: rules-engine turns round-robin over the sessions. */
function chatTurn(tokens) {
  return (i) => ({
    method: "POST",
    path: "/api/trpc/chat.send",
    headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
    body: CHAT_TURNS[Math.floor(i / tokens.length) % CHAT_TURNS.length],
  });
}

/** Runs a TypeScript helper in scripts/bench with tsx; returns its JSON output line. */
function runHelper(script, args, { gc = false } = {}) {
  const result = spawnSync(process.execPath, [...(gc ? ["--expose-gc"] : []), "--import", "tsx", `scripts/bench/${script}`, ...args], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed (${result.status}):\n${result.stderr}`);
  const last = result.stdout.trim().split("\n").pop();
  return JSON.parse(last);
}

/** A real conversation of at least MESSAGES_PER_CONVERSATION messages, made through the API, in a stopped store. */
async function templateStore() {
  const app = await startApp({ profile: false });
  const agent = new http.Agent({ keepAlive: true });
  try {
    const started = trpcData(
      await request(agent, app.port, { method: "POST", path: "/api/trpc/session.start", body: { visitorId: "benchtemplate01" } }),
    );
    let messages = started.messages?.length ?? 1;
    const script = [
      { text: "gold rings under 500" },
      { text: "cheaper" },
      { action: { kind: "quick_link", link: "gifts_under_300" } },
      { text: "what is your return policy?" },
      { text: "dainty silver chain for my mom around 200" },
      { text: "how long does shipping take?" },
    ];
    for (let i = 0; messages < MESSAGES_PER_CONVERSATION && i < 12; i++) {
      const data = trpcData(
        await request(agent, app.port, {
          method: "POST",
          path: "/api/trpc/chat.send",
          headers: { authorization: `Bearer ${started.sessionToken}` },
          body: script[i % script.length],
        }),
      );
      messages += data.entries.length;
    }
    if (messages < MESSAGES_PER_CONVERSATION) throw new Error(`the template conversation has only ${messages} messages`);
  } finally {
    agent.destroy();
    await stopChild(app.child);
  }
  return app.dataDir;
}

/** Cost vs stored data: seeded stores of each size, measured side by side. */
async function storeScaling() {
  const out = { sizes: [] };
  process.stderr.write("bench: store scaling — a template conversation through the API…\n");
  const template = await templateStore();
  const stores = [];
  try {
    for (const size of STORE_SIZES) {
      const dataDir = mkdtempSync(path.join(tmpdir(), `aurora-bench-${size}-`));
      cpSync(path.join(template, "store"), path.join(dataDir, "store"), { recursive: true });
      rmSync(path.join(dataDir, "store", "LOCK"), { force: true });
      process.stderr.write(`bench: seeding ${size} conversations of ${MESSAGES_PER_CONVERSATION} messages…\n`);
      const seeded = runHelper("seed-conversations.ts", [path.join(dataDir, "store"), String(size), String(MESSAGES_PER_CONVERSATION)]);
      const probe = runHelper("store-probe.ts", [path.join(dataDir, "store")], { gc: true });
      stores.push({ size, dataDir, seeded, probe });
    }
    // Both apps run at once and the measurement windows alternate, so drift on this shared machine
    // hits every size alike.
    for (const store of stores) {
      process.stderr.write(`bench: starting the app on ${store.size} stored conversations…\n`);
      store.app = await startApp({ dataDir: store.dataDir });
      store.rssAfterStartBytes = rssBytes(store.app.child.pid);
      store.agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      store.tokens = await startSessions(store.agent, store.app.port, CHAT_SESSIONS, `benchscale${store.size}x`);
      store.chat = [];
      store.session = [];
    }
    let visitor = 0;
    // A short unmeasured pass first, so every measured round runs on warmed-up (JIT-compiled) code.
    for (const store of stores) {
      await load({ port: store.app.port, pid: store.app.child.pid, next: chatTurn(store.tokens), warmupMs: 0, durationMs: 1_500 });
      await load({
        port: store.app.port,
        pid: store.app.child.pid,
        next: () => ({
          method: "POST",
          path: "/api/trpc/session.start",
          body: { visitorId: `benchwarm${String(visitor++).padStart(8, "0")}` },
        }),
        warmupMs: 0,
        durationMs: 1_500,
      });
    }
    for (let round = 0; round < SCALING_ROUNDS; round++) {
      for (const kind of ["chat", "session"]) {
        for (const store of stores) {
          process.stderr.write(
            `bench: ${kind === "chat" ? "chat.send" : "session.start"} on ${store.size} conversations (round ${round + 1})…\n`,
          );
          const next =
            kind === "chat"
              ? chatTurn(store.tokens)
              : () => ({
                  method: "POST",
                  path: "/api/trpc/session.start",
                  body: { visitorId: `benchscale${String(visitor++).padStart(8, "0")}` },
                });
          const measure = () =>
            load({ port: store.app.port, pid: store.app.child.pid, next, warmupMs: 1_000, durationMs: SCALING_DURATION_MS });
          store[kind].push(
            round === 0
              ? await profiled(store.app, `${kind === "chat" ? "chat-send" : "session-start"}-${store.size}-conversations`, measure)
              : await measure(),
          );
        }
      }
    }
    for (const store of stores) {
      store.rssAfterLoadBytes = rssBytes(store.app.child.pid);
      store.agent.destroy();
      store.exitCode = await stopChild(store.app.child);
      // After the app's own churn (every turn rewrites its conversation document): file vs live data.
      store.after = runHelper("store-probe.ts", [path.join(store.dataDir, "store")], { gc: true });
      // The median of the rounds: one round disturbed by another job on this shared machine does not decide.
      out.sizes.push({
        conversations: store.size,
        seedSeconds: store.seeded.seconds,
        storeOpenMs: store.probe.openMs,
        storeRssBytes: store.probe.rssBytes,
        storeHeapBytes: store.probe.heapUsedBytes,
        appStartMs: store.app.startMs,
        appRssAfterStartBytes: store.rssAfterStartBytes,
        appRssAfterLoadBytes: store.rssAfterLoadBytes,
        chatCpuMicros: median(store.chat.map((r) => r.cpuMicrosPerRequest)),
        sessionCpuMicros: median(store.session.map((r) => r.cpuMicrosPerRequest)),
        chat: store.chat,
        session: store.session,
        files: store.after.files,
        afterChurn: store.after.collections,
      });
    }
  } finally {
    for (const store of stores) {
      if (store.app) await stopChild(store.app.child);
      rmSync(store.dataDir, { recursive: true, force: true });
    }
    rmSync(template, { recursive: true, force: true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

const benchStarted = Date.now();
const results = {
  startedAt: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  config: {
    CONCURRENCY,
    WARMUP_MS,
    DURATION_MS,
    ROUNDS,
    ROUND_MS,
    STREAM_STEPS,
    CONVERSATIONS,
    STORE_SIZES,
    SCALING_DURATION_MS,
    SCALING_ROUNDS,
    PROFILE,
  },
};
let app;
let baseline;
try {
  process.stderr.write("bench: starting the built app and the bare tRPC baseline…\n");
  [app, baseline] = await Promise.all([startApp(), startBaseline()]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  results.sizes = await sizes(app);

  process.stderr.write(`bench: baseline ping (${CONCURRENCY} connections, ${WARMUP_MS} ms warm-up + ${DURATION_MS} ms)…\n`);
  const pingBaseline = (options = {}) =>
    load({ port: baseline.port, pid: baseline.child.pid, next: () => ({ path: "/trpc/ping" }), ...options });
  // The machine's speed drifts and bursts during a run (a shared VM): each load row is measured in
  // BENCH_ROUNDS windows alternating with windows of the baseline, and its CPU ratio is the median of
  // the rounds' ratios. This first window warms the baseline up.
  const baselineWindows = [await pingBaseline()];
  const interleaved = async (rowLoad) => {
    const rows = [];
    const bases = [];
    for (let round = 0; round < ROUNDS; round++) {
      rows.push(await rowLoad({ warmupMs: round === 0 ? WARMUP_MS : 500, durationMs: ROUND_MS }));
      bases.push(await pingBaseline({ warmupMs: 500, durationMs: ROUND_MS }));
    }
    baselineWindows.push(...bases);
    const result = meanOfWindows(...rows);
    result.baseline = meanOfWindows(...bases);
    result.cpuRatios = rows.map((r, i) => r.cpuMicrosPerRequest / bases[i].cpuMicrosPerRequest);
    result.cpuRatio = median(result.cpuRatios);
    return result;
  };

  process.stderr.write("bench: support.products.search…\n");
  const searchPath = `/api/trpc/support.products.search?input=${encodeURIComponent(JSON.stringify({ query: "gold rings", maxPrice: 500 }))}`;
  trpcData(await request(agent, app.port, { path: searchPath }));
  results.search = await profiled(app, "search", () =>
    interleaved((window) => load({ port: app.port, pid: app.child.pid, next: () => ({ path: searchPath }), ...window })),
  );

  process.stderr.write(`bench: chat.send (rules engine, ${CHAT_SESSIONS} sessions)…\n`);
  const chatTokens = await startSessions(agent, app.port, CHAT_SESSIONS, "benchchat");
  const nextTurn = counted(chatTurn(chatTokens));
  results.chat = await profiled(app, "chat-send", () =>
    interleaved((window) => load({ port: app.port, pid: app.child.pid, next: nextTurn, ...window })),
  );
  results.chat.sessions = CHAT_SESSIONS;

  process.stderr.write("bench: session.start (a new visitor each call)…\n");
  // A new visitor each call, across the rounds too.
  const nextVisitor = counted((i) => ({
    method: "POST",
    path: "/api/trpc/session.start",
    body: { visitorId: `benchstart${String(i).padStart(8, "0")}` },
  }));
  results.sessionStart = await profiled(app, "session-start", () =>
    interleaved((window) => load({ port: app.port, pid: app.child.pid, next: nextVisitor, ...window })),
  );

  process.stderr.write("bench: the widget frame page (/widget, compressed as a browser asks)…\n");
  const framePath = `/widget?host=${encodeURIComponent(app.origin)}&vid=benchframe0001`;
  const frameHeaders = { "accept-encoding": "gzip, deflate, br" };
  const frame = await request(agent, app.port, { path: framePath, headers: frameHeaders });
  if (frame.status !== 200 || frame.body.length < 1000)
    throw new Error(`bench: the widget page answered ${frame.status}, ${frame.body.length} bytes`);
  results.framePage = await profiled(app, "widget-page", () =>
    interleaved((window) =>
      load({ port: app.port, pid: app.child.pid, next: () => ({ path: framePath, headers: frameHeaders }), ...window }),
    ),
  );
  results.baseline = meanOfWindows(...baselineWindows);
  await stopChild(baseline.child);

  process.stderr.write(`bench: ${CONVERSATIONS} conversations (capped at ${CONVERSATIONS_MAX_MS / 1000} s)…\n`);
  const { tokens: conversationTokens, ...conversationResults } = await profiled(app, "session-start-burst", () =>
    conversations(app, Math.max(...STREAM_STEPS)),
  );
  results.conversations = conversationResults;

  process.stderr.write(`bench: holding ${STREAM_STEPS.join(" → ")} session.events streams…\n`);
  results.streams = await profiled(app, "session-events-streams", () => streams(app, agent, conversationTokens));
  agent.destroy();
  results.appExitCode = await stopChild(app.child);
  rmSync(app.dataDir, { recursive: true, force: true });
  app = undefined;

  if (STORE_SIZES.length > 0) results.storeScaling = await storeScaling();
} catch (error) {
  results.error = String(error?.stack ?? error);
  process.stderr.write(`bench: ${results.error}\n${app?.output() ?? ""}\n`);
} finally {
  if (app) {
    results.appExitCode = await stopChild(app.child);
    rmSync(app.dataDir, { recursive: true, force: true });
  }
  if (baseline) await stopChild(baseline.child);
}
results.seconds = (Date.now() - benchStarted) / 1000;

// ---------------------------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------------------------

const kb = (b) => (Number.isFinite(b) ? `${(b / 1024).toFixed(1)} KB` : "n/a");
const mb = (b) => (Number.isFinite(b) ? `${(b / 1024 / 1024).toFixed(0)} MB` : "n/a");
const num = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const verdict = (ok) => (ok === undefined ? "" : ok ? "ok" : "OVER");
const rows = [];
const row = (what, value, baselineValue = "", r = "", budget = "", status = "") =>
  rows.push([what, value, baselineValue, r, budget, status]);
const s = results.sizes;
if (s) {
  row(
    "loader public/widget.js (gzip -9)",
    kb(s.loader.gzipBytes),
    "",
    "",
    "≤ 2.28 KB",
    verdict(s.loader.gzipBytes <= BUDGETS.loaderGzipBytes),
  );
  row(`loader on the wire (${s.loader.encoding})`, kb(s.loader.wireBytes), "", "", "", "");
  row(
    `widget frame JS, ${s.frame.files.length} files (gzip -9)`,
    kb(s.frame.gzipBytes) + (s.frame.note ? ` (${s.frame.note})` : ""),
    "",
    "",
    "≤ 120 KB",
    Number.isFinite(s.frame.gzipBytes) ? verdict(s.frame.gzipBytes <= BUDGETS.frameGzipBytes) : "",
  );
  if (s.frame.wire) {
    row(
      `widget cold open on the wire: page ${kb(s.frame.wire.page)} + scripts ${kb(s.frame.wire.scripts)} + CSS ${kb(s.frame.wire.styles)} + loader`,
      kb(s.frame.wire.total),
      "",
      "",
      "≤ 130 KB",
      verdict(s.frame.wire.total <= BUDGETS.wireBytes),
    );
  }
}
const b = results.baseline;
for (const [name, r, budget] of [
  ["support.products.search", results.search, 2],
  [`chat.send rules turn (${CHAT_SESSIONS} sessions)`, results.chat, 4],
  ["session.start (new visitor)", results.sessionStart, 3],
  ["widget frame page (/widget, br)", results.framePage, undefined],
]) {
  if (!r || !b) continue;
  const errors = r.requests - r.ok;
  // The CPU ratio: the median of the row's rounds, each against the baseline window right after it.
  const near = r.baseline ?? b;
  const cpuRatio = r.cpuRatio ?? ratio(r.cpuMicrosPerRequest, near.cpuMicrosPerRequest);
  row(
    `${name}: req/s${errors ? ` (${errors} non-2xx: ${JSON.stringify(r.statuses)})` : ""}`,
    num(r.reqPerSec),
    num(b.reqPerSec),
    `${num(ratio(r.reqPerSec, b.reqPerSec), 2)}×`,
  );
  row(
    `${name}: p50 / p99 ms`,
    `${num(r.p50Ms, 1)} / ${num(r.p99Ms, 1)}`,
    `${num(b.p50Ms, 1)} / ${num(b.p99Ms, 1)}`,
    `${num(ratio(r.p50Ms, b.p50Ms), 1)}× / ${num(ratio(r.p99Ms, b.p99Ms), 1)}×`,
  );
  row(
    `${name}: server CPU µs/request`,
    num(r.cpuMicrosPerRequest),
    near.windows ? `${num(near.cpuMicrosPerRequest)} (${near.windows.map((w) => num(w)).join(" → ")})` : num(near.cpuMicrosPerRequest),
    r.cpuRatios ? `${num(cpuRatio, 2)}× (${num(Math.min(...r.cpuRatios), 2)}–${num(Math.max(...r.cpuRatios), 2)})` : `${num(cpuRatio, 2)}×`,
    budget === undefined ? "" : `≤ ${budget}× baseline`,
    budget === undefined ? "" : verdict(Number.isFinite(cpuRatio) ? cpuRatio <= budget : undefined),
  );
}
if (results.streams) {
  for (const step of results.streams.steps) {
    row(
      `session.events SSE streams held (target ${step.target})`,
      `${step.held} held, ${step.receivingFirstEvent} received, ${step.failed} failed`,
      "",
      "",
      `≥ ${BUDGETS.streamsPerCore}/core`,
      verdict(step.held >= Math.min(step.target, BUDGETS.streamsPerCore) && step.held === step.target),
    );
    row(
      `  …while holding ${step.target}: server CPU idle / RSS`,
      `${num(step.idleServerCores * 100, 1)}% of a core / ${mb(step.rssBytes)}`,
    );
  }
  const f = results.streams.fanout;
  row(
    `  …a turn to held sessions (≤ ${FANOUT_MAX_MS / 1000} s): events delivered`,
    `${f.eventsDelivered} events; ${f.streamsWithNewEvents} streams got their turn of ${f.turns} sent, in ${num(f.seconds, 1)} s`,
  );
  row(`  …server CPU µs per delivered event (incl. the turns)`, num(f.cpuMicrosPerEvent), "", "", "tRPC SSE ≈ 160 µs/event");
}
if (results.conversations) {
  const c = results.conversations;
  row(
    `RSS after ${c.conversations} conversations (session.start)${c.capped ? ` — CAPPED at ${CONVERSATIONS_MAX_MS / 1000} s of ${c.target}` : ""}`,
    `${mb(c.rssAfterBytes)} (was ${mb(c.rssBeforeBytes)}; ${num(c.perSecond)}/s, ${num(c.cpuMicrosPerConversation)} µs CPU each${c.failures ? `, ${c.failures} failed` : ""})`,
  );
  if (c.msAtEvery1000.length > 1) {
    const per = c.msAtEvery1000.map((ms, i) => ms - (c.msAtEvery1000[i - 1] ?? 0));
    row("  …ms per 1000 conversations, first → last", `${per[0]} → ${per[per.length - 1]}`);
  }
}
const sc = results.storeScaling;
if (sc && sc.sizes.length > 0) {
  const small = sc.sizes[0];
  const large = sc.sizes[sc.sizes.length - 1];
  const n = (x) => x.toLocaleString("en-US");
  for (const z of sc.sizes) {
    row(
      `store of ${n(z.conversations)} conversations × ${MESSAGES_PER_CONVERSATION} messages: seeded / store start-up / app healthy`,
      `${num(z.seedSeconds, 1)} s / ${num(z.storeOpenMs)} ms / ${num(z.appStartMs)} ms`,
    );
  }
  if (sc.sizes.length > 1) {
    const perConversation = (large.storeRssBytes - small.storeRssBytes) / (large.conversations - small.conversations);
    const appPerConversation = (large.appRssAfterStartBytes - small.appRssAfterStartBytes) / (large.conversations - small.conversations);
    for (const [what, key] of [
      ["rules chat.send", "chatCpuMicros"],
      ["session.start", "sessionCpuMicros"],
    ]) {
      const r = ratio(large[key], small[key]);
      row(
        `${what} server CPU µs, ${n(small.conversations)} → ${n(large.conversations)} stored conversations`,
        `${num(small[key])} → ${num(large[key])}`,
        b ? `${num(ratio(small[key], b.cpuMicrosPerRequest), 1)}× → ${num(ratio(large[key], b.cpuMicrosPerRequest), 1)}×` : "",
        `${num(r, 2)}×`,
        `≤ ${BUDGETS.storeScalingRatio}×`,
        verdict(Number.isFinite(r) ? r <= BUDGETS.storeScalingRatio : undefined),
      );
    }
    row(
      `RSS per stored conversation (store alone; app after start-up)`,
      `${num(perConversation / 1024, 2)} KB; ${num(appPerConversation / 1024, 2)} KB`,
      "",
      "",
      `≤ ${BUDGETS.rssPerConversationBytes / 1024} KB`,
      verdict(
        Number.isFinite(perConversation) ? Math.max(perConversation, appPerConversation) <= BUDGETS.rssPerConversationBytes : undefined,
      ),
    );
  }
  const startBudget = (BUDGETS.startupMsPer100k * Math.max(large.conversations, 100_000)) / 100_000;
  row(
    `embedded store start-up, ${n(large.conversations)} conversations (from checkpoints)`,
    `${num(large.storeOpenMs)} ms`,
    "",
    "",
    `≤ ${num(startBudget / 1000, 0)} s`,
    verdict(Number.isFinite(large.storeOpenMs) ? large.storeOpenMs <= startBudget : undefined),
  );
  for (const z of sc.sizes) {
    const conv = z.afterChurn?.conversations;
    const totalLive = Object.values(z.afterChurn ?? {}).reduce((a, c) => a + (c.liveBytes ?? 0), 0);
    row(
      `  …after the chat churn (${n(z.conversations)}): store data files vs live data; conversations`,
      `${mb(z.files?.dataBytes)} for ${mb(totalLive)} live (${num(ratio(z.files?.dataBytes, totalLive), 2)}×); ` +
        (conv ? `${kb(conv.fileBytes)} for ${kb(conv.liveBytes)} (${num(ratio(conv.fileBytes, conv.liveBytes), 2)}×)` : "n/a"),
      "",
      "",
      "≤ 2× live (compaction)",
    );
  }
}
if (results.profiles?.length) console.error(`bench: CPU profiles written:\n  ${results.profiles.join("\n  ")}`);
const header = ["measure", "value", "baseline (bare tRPC)", "ratio", "budget", ""];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
console.log(
  `\nAurora Concierge bench — ${results.startedAt}, ${results.cpus}× ${results.cpuModel ?? "cpu"}, Node ${process.version}; ` +
    `${CONCURRENCY} connections; each load row ${WARMUP_MS / 1000} s warm-up + ${ROUNDS} × ${ROUND_MS / 1000} s alternating with the baseline; rate limits off (RATE_LIMIT_ENABLED=false)`,
);
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
if (results.error) console.log(`\nThe bench stopped early: ${results.error.split("\n")[0]}`);
console.log(`\n(${num(results.seconds, 1)} s; informational — never fails on a timing; JSON in test-results/bench.json)`);
mkdirSync("test-results", { recursive: true });
writeFileSync("test-results/bench.json", `${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
