import type { AppConfig } from "../config";
import { createLogger } from "../platform/logger";
import { createRuntime, type Runtime } from "../runtime";

/**
 * A runtime for an operations command: no seeding, no background work; logs (including audit
 * lines) go to stderr so stdout stays for the command's own output. On the embedded store the app
 * must be stopped first (the data directory is single-process).
 */
export async function openOperationsRuntime(config: Readonly<AppConfig>, command: string): Promise<Runtime> {
  try {
    return await createRuntime({ ...config, seedDemoData: false }, createLogger({ level: "info", destination: process.stderr }), {
      seedOnStart: false,
      backgroundTasks: false,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "STORE_LOCKED") {
      console.error(`${command} — the embedded store in ${config.dataDir} is in use by a running app: stop it first (or use MONGODB_URI)`);
      process.exit(1);
    }
    throw error;
  }
}
