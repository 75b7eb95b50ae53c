import type { AppConfig } from "../config";
import { connectStore, StoreInUseError, type Store } from "../db/client";

/**
 * The configured store for an operations command; a running app on the embedded store is a clear
 * refusal (exit 1) unless `whenInUse` handles it (it must exit).
 */
export async function connectConfiguredStore(
  config: Readonly<AppConfig>,
  command: string,
  whenInUse?: (error: StoreInUseError) => never,
): Promise<Store> {
  try {
    return await connectStore({
      mongodbUri: config.mongodb?.uri,
      mongodbDbName: config.mongodb?.dbName,
      dataDir: config.dataDir,
      ...(config.mongodb
        ? {
            mongo: {
              serverSelectionTimeoutMs: config.mongodb.serverSelectionTimeoutMs,
              operationTimeoutMs: config.mongodb.operationTimeoutMs,
            },
          }
        : {}),
    });
  } catch (error) {
    if (error instanceof StoreInUseError) {
      if (whenInUse) whenInUse(error);
      console.error(
        `${command} — the app is running on the embedded store in ${error.dir}. Stop it first (the embedded store is single-process).`,
      );
    } else console.error(`${command} — ${(error as Error).message}`);
    process.exit(1);
  }
}
