import { createLogger } from "../platform/logger";
import { createRuntime } from "../runtime";
import { configOrExit } from "./bootstrap";

/** npm run seed — loads (or refreshes) the GlowGlitch demo catalog and orders on the configured store. */
const config = configOrExit();
const runtime = await createRuntime({ ...config, seedDemoData: false }, createLogger({ level: "warn" }), {
  seedOnStart: false,
  backgroundTasks: false,
});
try {
  const report = await runtime.services.demoData.seed();
  console.log(`seed — ${report.products} products and ${report.orders} orders written to the ${runtime.store.kind} store`);
} finally {
  await runtime.close();
}
