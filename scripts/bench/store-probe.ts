/**
 * Bench helper: opens a (stopped) embedded store, loads every collection, and reports how long that
 * took and how much memory the loaded store holds; then closes it.
 *
 *   node --expose-gc --import tsx scripts/bench/store-probe.ts <storeDir>
 *
 * Prints one JSON line: { openMs, rssBytes, rssBeforeBytes, heapUsedBytes, collections: {name: {documents, fileBytes}} }.
 */
import { statSync } from "node:fs";
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
const store = await openEmbeddedStore({ dir, ttlSweepIntervalMs: 24 * 60 * 60 * 1000 });
const collections: Record<string, { documents: number; fileBytes: number }> = {};
for (const info of await store.db().listCollections().toArray()) {
  const documents = await store.db().collection(info.name).estimatedDocumentCount();
  let fileBytes = 0;
  try {
    fileBytes = statSync(path.join(dir, `${info.name}.db`)).size;
  } catch {
    // no data file yet
  }
  collections[info.name] = { documents, fileBytes };
}
const openMs = performance.now() - t0;
gc();
await new Promise((r) => setTimeout(r, 100));
gc();
const { rss, heapUsed } = process.memoryUsage();
console.log(JSON.stringify({ openMs, rssBytes: rss, rssBeforeBytes: rssBefore, heapUsedBytes: heapUsed, collections }));
await store.close();
