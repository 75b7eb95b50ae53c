import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from "node:fs";
import path from "node:path";

export interface GeneratedSecrets {
  JWT_SECRET: string;
  ENCRYPTION_KEY: string;
}

const FILE_NAME = "secrets.json";

/**
 * Development only: secrets that were not configured are generated once and kept in DATA_DIR
 * (mode 0600), so sessions and encrypted data stay readable across restarts.
 */
export function loadOrCreateDevSecrets(dataDir: string): GeneratedSecrets {
  const file = path.join(dataDir, FILE_NAME);
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<GeneratedSecrets>;
    if (typeof parsed.JWT_SECRET === "string" && typeof parsed.ENCRYPTION_KEY === "string") {
      return { JWT_SECRET: parsed.JWT_SECRET, ENCRYPTION_KEY: parsed.ENCRYPTION_KEY };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secrets: GeneratedSecrets = {
    JWT_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
  };
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  const fd = openSync(tmp, "r");
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, file);
  return secrets;
}
