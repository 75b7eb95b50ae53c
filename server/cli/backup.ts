import path from "node:path";
import { EmbeddedStoreError } from "../db/embedded/errors";
import { backupEmbeddedStore } from "../db/embedded/backup";
import { configOrExit } from "./bootstrap";

/**
 * npm run backup -- <dir> — a consistent copy of the embedded store into a new (or empty)
 * directory, safe while the app is running. Exit codes: 0 done; 1 failed (message on stderr);
 * 2 the app uses MongoDB (the mongodump/mongorestore commands are printed instead).
 */
const USAGE = "usage: npm run backup -- <new-or-empty-directory>";
const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("-h") || args.includes("--help")) {
  console.log(USAGE);
  process.exit(0);
}
const target = args[0];
if (!target || args.length > 1 || target.startsWith("-")) {
  console.error(USAGE);
  process.exit(1);
}

const config = configOrExit();
if (config.mongodb) {
  const archive = path.resolve(target, `${config.mongodb.dbName}.archive.gz`);
  console.log(
    [
      "This app uses MongoDB (MONGODB_URI is set): back it up with MongoDB's own tools, not this command.",
      "",
      "  # backup",
      `  mongodump --uri="$MONGODB_URI" --db=${config.mongodb.dbName} --gzip --archive=${archive}`,
      "",
      "  # restore (replaces the collections it contains)",
      `  mongorestore --uri="$MONGODB_URI" --nsInclude='${config.mongodb.dbName}.*' --drop --gzip --archive=${archive}`,
      "",
      "Keep ENCRYPTION_KEY and JWT_SECRET with the backup: encrypted customer fields cannot be read without the key.",
      "See README.md (Backups).",
    ].join("\n"),
  );
  process.exit(2);
}

const storeDir = path.join(config.dataDir, "store");
try {
  const started = Date.now();
  const { targetDir, manifest, warnings } = await backupEmbeddedStore(storeDir, target, {
    secretsFile: path.join(config.dataDir, "secrets.json"),
  });
  for (const c of manifest.collections) {
    const torn = c.tornBytesExcluded > 0 ? ` (left out ${c.tornBytesExcluded} bytes of a write in progress)` : "";
    console.log(`  ${c.name.padEnd(28)} ${String(c.documents).padStart(8)} documents  ${String(c.lines).padStart(8)} lines${torn}`);
  }
  console.log(
    `backup — ${manifest.collections.length} collections of ${storeDir} copied to ${targetDir} and verified in ${Date.now() - started} ms` +
      (manifest.secrets ? " (with secrets.json)" : ""),
  );
  for (const warning of warnings) console.warn(`WARNING: ${warning}`);
  console.log(`Restore with: npm run restore -- ${targetDir}   (stop the app first)`);
} catch (error) {
  console.error(`backup failed: ${error instanceof EmbeddedStoreError ? error.message : String((error as Error)?.stack ?? error)}`);
  process.exit(1);
}
