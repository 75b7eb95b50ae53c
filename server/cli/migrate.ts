import { connectStore } from "../db/client";
import { applyIndexes } from "../db/indexes";
import { configOrExit } from "./bootstrap";

/** npm run migrate:up — creates every declared index on the configured store (idempotent). */
const config = configOrExit();
const store = await connectStore({ mongodbUri: config.mongodb?.uri, mongodbDbName: config.mongodb?.dbName, dataDir: config.dataDir });
try {
  const applied = await applyIndexes(store.db);
  for (const { collection, index } of applied) console.log(`  ${collection}: ${index}`);
  console.log(`migrate:up — ${applied.length} indexes in place on the ${store.kind} store`);
} finally {
  await store.close();
}
