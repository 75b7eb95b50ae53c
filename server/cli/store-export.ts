import path from "node:path";
import { exportStore } from "../db/store-transfer";
import { configOrExit } from "./bootstrap";
import { connectConfiguredStore } from "./store-connect";

/**
 * npm run store:export -- <dir>
 * Writes every collection of the configured store (embedded or MongoDB) to <dir> as Extended JSON
 * lines plus manifest.json, for `npm run store:import` into the other engine. Customer fields stay
 * encrypted: the target needs the same ENCRYPTION_KEY (and JWT_SECRET for live sessions).
 */
const dir = process.argv[2];
if (!dir || dir.startsWith("-")) {
  console.error("usage: npm run store:export -- <empty or new directory>");
  process.exit(1);
}
const config = configOrExit();
const store = await connectConfiguredStore(config, "store:export");
try {
  const manifest = await exportStore(store.db, path.resolve(dir), store.kind);
  for (const [name, count] of Object.entries(manifest.collections)) console.log(`  ${name}: ${count}`);
  const total = Object.values(manifest.collections).reduce((a, b) => a + b, 0);
  console.log(`store:export — ${total} documents from the ${store.kind} store in ${path.resolve(dir)}`);
  console.log("Encrypted customer fields need the same ENCRYPTION_KEY on the target. Keep the export private.");
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    `store:export failed — ${code === "EEXIST" ? `${dir} already holds an export; use a new directory` : (error as Error).message}`,
  );
  process.exitCode = 1;
} finally {
  await store.close();
}
