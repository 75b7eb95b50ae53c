// `npm run bench -- --profile`: CPU profiles of the server process, one per bench row, taken through
// the V8 inspector of a child started with `--inspect=127.0.0.1:0` (Chrome DevTools protocol over
// the WebSocket the child prints on stderr). Node 20 needs `--experimental-websocket` for the global
// WebSocket; run.mjs re-executes itself with it when profiling. Open a `.cpuprofile` in Chrome
// DevTools (Performance → Load profile) or VS Code.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The inspector URL a child printed on stderr ("Debugger listening on ws://…"), or undefined. */
export function inspectorUrl(stderrText) {
  return /Debugger listening on (ws:\/\/\S+)/.exec(stderrText)?.[1];
}

export class CpuProfiler {
  #ws;
  #nextId = 1;
  #pending = new Map();

  static async connect(url) {
    const profiler = new CpuProfiler();
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
    });
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data));
      const waiter = message.id === undefined ? undefined : profiler.#pending.get(message.id);
      if (!waiter) return;
      profiler.#pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${message.error.message} (${message.error.code})`));
      else waiter.resolve(message.result);
    });
    profiler.#ws = ws;
    await profiler.#send("Profiler.enable");
    await profiler.#send("Profiler.setSamplingInterval", { interval: 200 });
    return profiler;
  }

  #send(method, params = {}) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  start() {
    return this.#send("Profiler.start");
  }

  /** Stops the running profile and writes it to `<dir>/<name>.cpuprofile`; returns the path. */
  async stopTo(dir, name) {
    const { profile } = await this.#send("Profiler.stop");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^A-Za-z0-9_.-]+/g, "-")}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  }

  close() {
    this.#ws?.close();
  }
}
