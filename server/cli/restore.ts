import { statSync } from "node:fs";
import path from "node:path";
import { EmbeddedStoreError } from "../db/embedded/errors";
import { restoreEmbeddedStore, type SecretsOutcome } from "../db/embedded/backup";
import { configOrExit } from "./bootstrap";

/**
 * npm run restore -- <backup-dir> [--with-secrets] — replaces the embedded store with a backup made
 * by `npm run backup`. The app must be stopped. The current store is kept at
 * `<DATA_DIR>/store.before-restore-<timestamp>`.
 *
 * secrets.json (the dev key file in DATA_DIR): restored only when DATA_DIR has none, because
 * replacing a key can make data encrypted with it unreadable. With --with-secrets the backup's
 * file replaces a different one (which is kept as secrets.json.before-restore-<timestamp>). When
 * JWT_SECRET/ENCRYPTION_KEY are set in the environment (production) the file is not used at all.
 *
 * Exit codes: 0 restored; 1 failed (bad usage, I/O); 2 the app uses MongoDB (use mongorestore);
 * 3 the store is open by a running process; 4 the backup is incomplete or fails its checksums.
 */
const USAGE = "usage: npm run restore -- <backup-directory> [--with-secrets]";
const processStartMs = Date.now() - process.uptime() * 1000;
const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("-h") || args.includes("--help")) {
  console.log(USAGE);
  process.exit(0);
}
const withSecrets = args.includes("--with-secrets");
const positional = args.filter((a) => a !== "--with-secrets");
const source = positional[0];
if (!source || positional.length > 1 || source.startsWith("-")) {
  console.error(USAGE);
  process.exit(1);
}

const config = configOrExit();
if (config.mongodb) {
  const archive = path.resolve(source, `${config.mongodb.dbName}.archive.gz`);
  console.log(
    [
      "This app uses MongoDB (MONGODB_URI is set): restore it with mongorestore, not this command.",
      "",
      `  mongorestore --uri="$MONGODB_URI" --nsInclude='${config.mongodb.dbName}.*' --drop --gzip --archive=${archive}`,
      "",
      '(made with: mongodump --uri="$MONGODB_URI" --db=' + config.mongodb.dbName + ` --gzip --archive=${archive})`,
      "See README.md (Backups).",
    ].join("\n"),
  );
  process.exit(2);
}

const secretsFile = path.join(config.dataDir, "secrets.json");
// Reading a development config creates DATA_DIR/secrets.json when it is missing; a file this very
// process just created protects no data, so it counts as "no secrets yet".
let existingSecretsIsFresh = false;
if (config.secrets.generated) {
  try {
    const stat = statSync(secretsFile);
    existingSecretsIsFresh = Math.max(stat.birthtimeMs, stat.mtimeMs) >= processStartMs - 1_000;
  } catch {
    existingSecretsIsFresh = false;
  }
}

const SECRETS_MESSAGES: Record<SecretsOutcome, string> = {
  restored: `secrets.json restored from the backup into ${secretsFile} (mode 0600)`,
  replaced: `secrets.json replaced by the backup's (--with-secrets)`,
  unchanged: "secrets.json is the same as the backup's",
  kept_existing: "secrets.json kept (differs from the backup's; see the warning)",
  none_in_backup: "the backup has no secrets.json",
};

try {
  const result = await restoreEmbeddedStore(source, path.join(config.dataDir, "store"), {
    secretsFile,
    withSecrets,
    existingSecretsIsFresh,
  });
  for (const [name, count] of Object.entries(result.documents)) console.log(`  ${name.padEnd(28)} ${String(count).padStart(8)} documents`);
  console.log(`restore — ${path.resolve(source)} is now the store at ${result.storeDir}`);
  if (result.previousStoreDir) console.log(`  the previous store was moved to ${result.previousStoreDir}`);
  console.log(
    `  ${SECRETS_MESSAGES[result.secrets]}${result.previousSecretsFile ? `; the previous one is at ${result.previousSecretsFile}` : ""}`,
  );
  if (!config.secrets.generated) {
    console.log(
      "  note: JWT_SECRET/ENCRYPTION_KEY come from the environment, which wins over secrets.json: it must hold the key the backup was made with.",
    );
  }
  for (const warning of result.warnings) console.warn(`WARNING: ${warning}`);
} catch (error) {
  const message = error instanceof EmbeddedStoreError ? error.message : String((error as Error)?.stack ?? error);
  console.error(`restore failed: ${message}`);
  if (error instanceof EmbeddedStoreError && error.code === "STORE_LOCKED") process.exit(3);
  if (error instanceof EmbeddedStoreError && error.code === "CORRUPT_DATA") process.exit(4);
  if (error instanceof EmbeddedStoreError && error.code === "INVALID_ARGUMENT") process.exit(4);
  process.exit(1);
}
