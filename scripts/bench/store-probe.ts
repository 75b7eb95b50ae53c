/**
 * Bench helper: opens a (stopped) embedded store, loads every collection, and reports how long that
 * took, how much memory the loaded store holds, and per collection its documents, live bytes and
 * file bytes; then closes it (which writes checkpoints, as the app's shutdown does).
 *
 *   node --expose-gc --import tsx scripts/bench/store-probe.ts <storeDir>
 *
 * Prints one JSON line: { openMs, openCpuMs (all threads), rssBytes, rssBeforeBytes, heapUsedBytes, files: {dataBytes, checkpointBytes},
 *   collections: {name: {documents, liveBytes, fileBytes, fromCheckpoint, scannedBytes, loadMs}} }.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { openEmbeddedStore } from "../../server/db/embedded/index";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: store-probe.ts <storeDir>");
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const store = await openEmbeddedStore({ dir, ttlSweepIntervalMs: 24 * 60 * 60 * 1000 });
for (const info of await store.db().listCollections().toArray()) await store.db().collection(info.name).estimatedDocumentCount();
const openMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const openCpuMs = (cpu.user + cpu.system) / 1000;
gc();
await new Promise((r) => setTimeout(r, 100));
gc();
const { rss, heapUsed } = process.memoryUsage();
const collections: Record<string, unknown> = {};
// (stats() is missing in engines before 2026-12-04; the probe still reports time and memory there)
const stats = typeof store.stats === "function" ? store.stats() : {};
for (const [name, s] of Object.entries(stats)) {
  collections[name] = {
    documents: s.documents,
    liveBytes: s.liveBytes,
    fileBytes: s.fileBytes,
    fromCheckpoint: s.lastLoad?.fromCheckpoint ?? false,
    scannedBytes: s.lastLoad?.scannedBytes ?? 0,
    loadMs: s.lastLoad?.ms ?? 0,
  };
}
const files = { dataBytes: 0, checkpointBytes: 0 };
for (const entry of readdirSync(dir)) {
  const size = statSync(path.join(dir, entry)).size;
  if (entry.endsWith(".db")) files.dataBytes += size;
  else if (entry.endsWith(".ckpt")) files.checkpointBytes += size;
}
console.log(JSON.stringify({ openMs, openCpuMs, rssBytes: rss, rssBeforeBytes: rssBefore, heapUsedBytes: heapUsed, files, collections }));
await store.close();
