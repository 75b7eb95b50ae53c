import path from "node:path";
import { parseArgs } from "node:util";
import { importStore, ImportRefusedError } from "../db/store-transfer";
import { configOrExit } from "./bootstrap";
import { connectConfiguredStore } from "./store-connect";

/**
 * npm run store:import -- <dir> [--force]
 * Loads an export (npm run store:export) into the configured store. Refuses a store that already
 * holds data unless --force (which replaces the exported collections), builds the indexes first and
 * verifies every collection's count. Run it with the app stopped (embedded) or before switching
 * traffic (MongoDB).
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: "boolean", default: false } } });
const dir = positionals[0];
if (!dir) {
  console.error("usage: npm run store:import -- <export directory> [--force]");
  process.exit(1);
}
const config = configOrExit();
const store = await connectConfiguredStore(config, "store:import");
try {
  const report = await importStore(store.db, path.resolve(dir), { force: values.force });
  for (const [name, { expected, imported }] of Object.entries(report.collections)) {
    console.log(`  ${name}: ${imported}${imported === expected ? "" : ` (expected ${expected})`}`);
  }
  if (report.mismatches.length > 0) {
    console.error(`store:import — counts differ: ${report.mismatches.join("; ")}`);
    process.exitCode = 1;
  } else console.log(`store:import — every collection verified on the ${store.kind} store`);
} catch (error) {
  console.error(`store:import ${error instanceof ImportRefusedError ? "refused" : "failed"} — ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await store.close();
}
