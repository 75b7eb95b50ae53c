import { ConfigError, getConfig, type AppConfig } from "../config";

/** Config for an operations command, or a readable list of problems and exit code 1. */
export function configOrExit(): Readonly<AppConfig> {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
