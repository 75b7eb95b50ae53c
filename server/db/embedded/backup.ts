/**
 * Online backup and offline restore of the embedded store.
 *
 * Backup works while the app is running: it never opens the live store (the running app holds
 * `<store>/LOCK`). The engine only ever appends whole lines to `<collection>.db` (or atomically
 * replaces the file by rename when it compacts), and a write is acknowledged only after its line is
 * appended and synced,
 * so the bytes of a datafile up to its last newline are a consistent prefix that contains every
 * write acknowledged before the copy started. A partially appended last line is left out.
 *
 * Layout of a backup directory:
 *   manifest.json        written last: a backup without it is incomplete
 *   store/<name>.db      each collection, cut at its last complete line
 *   store/_indexes.json  index definitions
 *   secrets.json         DATA_DIR/secrets.json when there is one (mode 0600)
 *
 * Restore refuses a store locked by a live process, verifies the manifest's checksums, opens the
 * copy once in a temp dir next to the store (proving it loads and counting documents), fsyncs it,
 * moves the current store aside to `store.before-restore-<timestamp>` and renames the copy into place.
 */
import { createHash } from "node:crypto";
import { constants as fsConstants, promises as fs } from "node:fs";
import path from "node:path";
import { EmbeddedStoreError } from "./errors";
import { acquireDirLock } from "./lock";
import { openEmbeddedStore } from "./store";

export const BACKUP_FORMAT = "aurora-embedded-backup";
export const BACKUP_FORMAT_VERSION = 1;
const INDEX_FILE = "_indexes.json";
const SECRETS_FILE = "secrets.json";
const MANIFEST_FILE = "manifest.json";
const STORE_SUBDIR = "store";
const COLLECTION_FILE = /^([A-Za-z][A-Za-z0-9_]{0,63})\.db$/;

export interface BackupFileEntry {
  /** Path relative to the backup directory (forward slashes). */
  file: string;
  bytes: number;
  sha256: string;
}

export interface BackupCollectionEntry extends BackupFileEntry {
  name: string;
  /** Complete lines copied (header, document versions and deletions as the engine wrote them). */
  lines: number;
  /** Bytes of an unterminated last line that were left out (a write in progress). */
  tornBytesExcluded: number;
  /** Documents in the collection when the copy is loaded. */
  documents: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** Absolute path of the store that was copied. */
  source: string;
  collections: BackupCollectionEntry[];
  indexes: BackupFileEntry | null;
  secrets: BackupFileEntry | null;
}

export interface BackupOptions {
  /** The app's dev secrets file; default `<parent of storeDir>/secrets.json`. */
  secretsFile?: string;
}

export interface BackupResult {
  targetDir: string;
  manifest: BackupManifest;
  /** Human-readable warnings (e.g. the backup contains secrets). */
  warnings: string[];
}

function relative(...parts: string[]): string {
  return parts.join("/");
}

function sha256(buffer: Buffer): string {
  return createHash("sha256").update(buffer).digest("hex");
}

async function isMissing(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return false;
  } catch {
    return true;
  }
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Writes and fsyncs a new file (fails if it exists). */
async function writeDurable(file: string, content: Buffer | string, mode = 0o600): Promise<void> {
  const handle = await fs.open(file, "wx", mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  // The umask may have narrowed the mode on creation, never widened it; make it exact.
  await fs.chmod(file, mode);
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms cannot fsync directories; renames are still atomic.
  }
}

/**
 * Reads a datafile through one handle (a concurrent compaction replaces the file by rename, so the
 * handle keeps seeing one consistent version) and cuts it after its last newline.
 */
async function readCompleteLines(file: string): Promise<{ content: Buffer; torn: number } | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await handle.read(buffer, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const keep = buffer.subarray(0, read).lastIndexOf(0x0a) + 1;
    return { content: buffer.subarray(0, keep), torn: read - keep };
  } finally {
    await handle.close();
  }
}

function countLines(content: Buffer): number {
  let lines = 0;
  for (let i = content.indexOf(0x0a); i !== -1; i = content.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

async function assertEmptyOrMissingDir(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") throw new EmbeddedStoreError("INVALID_ARGUMENT", `Backup target ${dir} is a file, not a directory`);
    throw error;
  }
  if (entries.length > 0) {
    throw new EmbeddedStoreError(
      "INVALID_ARGUMENT",
      `Backup target ${dir} is not empty (${entries.length} entries): choose a new or empty directory`,
    );
  }
}

/** Opens a copy of a store directory (never the original) and counts documents per collection. */
async function countDocumentsInCopy(storeFiles: Map<string, Buffer>, names: string[], scratchParent: string): Promise<Map<string, number>> {
  const scratch = await fs.mkdtemp(path.join(scratchParent, ".aurora-verify-"));
  try {
    for (const [file, content] of storeFiles) await fs.writeFile(path.join(scratch, file), content, { mode: 0o600 });
    const store = await openEmbeddedStore({ dir: scratch, ttlSweepIntervalMs: 24 * 60 * 60 * 1000 });
    try {
      const counts = new Map<string, number>();
      for (const name of names) counts.set(name, await store.db().collection(name).countDocuments({}));
      return counts;
    } finally {
      await store.close();
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Copies a (possibly running) embedded store into `targetDir`, which must be new or empty.
 * See the module comment for the layout and the consistency guarantee.
 */
export async function backupEmbeddedStore(storeDir: string, targetDir: string, options: BackupOptions = {}): Promise<BackupResult> {
  const source = path.resolve(storeDir);
  const target = path.resolve(targetDir);
  const secretsFile = path.resolve(options.secretsFile ?? path.join(path.dirname(source), SECRETS_FILE));
  const sourceStat = await fs.stat(source).catch(() => null);
  if (!sourceStat?.isDirectory()) throw new EmbeddedStoreError("INVALID_ARGUMENT", `No embedded store at ${source}`);
  if (target === source || target.startsWith(source + path.sep)) {
    throw new EmbeddedStoreError("INVALID_ARGUMENT", `Backup target ${target} must not be inside the store ${source}`);
  }
  await assertEmptyOrMissingDir(target);
  const startedAt = new Date();

  // 1. Snapshot every datafile (each cut at its last complete line), then the index catalog.
  const names = (await fs.readdir(source))
    .map((entry) => COLLECTION_FILE.exec(entry)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
  const copies = new Map<string, { content: Buffer; torn: number }>();
  for (const name of names) {
    const copy = await readCompleteLines(path.join(source, `${name}.db`));
    if (copy) copies.set(name, copy); // a collection dropped meanwhile is simply absent
  }
  const indexes = await readIfExists(path.join(source, INDEX_FILE));
  if (indexes) {
    try {
      JSON.parse(indexes.toString("utf8"));
    } catch (error) {
      throw new EmbeddedStoreError("IO_ERROR", `${path.join(source, INDEX_FILE)} is not valid JSON: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const secrets = await readIfExists(secretsFile);

  // 2. Verify the copy loads, on a scratch copy (loading may compact or checkpoint; the backup stays byte-exact).
  const storeFiles = new Map<string, Buffer>();
  for (const [name, copy] of copies) storeFiles.set(`${name}.db`, copy.content);
  if (indexes) storeFiles.set(INDEX_FILE, indexes);
  // Checkpoints make the verification open fast. They stay out of the backup itself; one that does
  // not match the copied data file (another generation, or covering more than was copied) is ignored.
  for (const name of copies.keys()) {
    const checkpoint = await readIfExists(path.join(source, `${name}.db.ckpt`));
    if (checkpoint) storeFiles.set(`${name}.db.ckpt`, checkpoint);
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  let documents: Map<string, number>;
  try {
    documents = await countDocumentsInCopy(storeFiles, [...copies.keys()], path.dirname(target));
  } catch (error) {
    throw new EmbeddedStoreError("IO_ERROR", `The copy of ${source} does not open: ${(error as Error).message}`, { cause: error });
  }

  // 3. Write the backup; the manifest goes last, so a backup with a manifest is complete.
  await fs.mkdir(path.join(target, STORE_SUBDIR), { recursive: true, mode: 0o700 });
  const collections: BackupCollectionEntry[] = [];
  for (const [name, copy] of copies) {
    const file = relative(STORE_SUBDIR, `${name}.db`);
    await writeDurable(path.join(target, file), copy.content);
    collections.push({
      name,
      file,
      bytes: copy.content.length,
      sha256: sha256(copy.content),
      lines: countLines(copy.content),
      tornBytesExcluded: copy.torn,
      documents: documents.get(name) ?? 0,
    });
  }
  let indexEntry: BackupFileEntry | null = null;
  if (indexes) {
    const file = relative(STORE_SUBDIR, INDEX_FILE);
    await writeDurable(path.join(target, file), indexes);
    indexEntry = { file, bytes: indexes.length, sha256: sha256(indexes) };
  }
  let secretsEntry: BackupFileEntry | null = null;
  const warnings: string[] = [];
  if (secrets) {
    await writeDurable(path.join(target, SECRETS_FILE), secrets, 0o600);
    secretsEntry = { file: SECRETS_FILE, bytes: secrets.length, sha256: sha256(secrets) };
    warnings.push(
      `This backup contains ${SECRETS_FILE} (the key that decrypts customer contact details and signs sessions): store it like a password (encrypted, access-controlled).`,
    );
  } else {
    warnings.push(
      `There is no ${secretsFile}: the secrets come from the environment. Keep ENCRYPTION_KEY with this backup — encrypted customer fields cannot be read without it.`,
    );
  }
  await fsyncDir(path.join(target, STORE_SUBDIR));
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: startedAt.toISOString(),
    source,
    collections,
    indexes: indexEntry,
    secrets: secretsEntry,
  };
  await writeDurable(path.join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, 0o600);
  await fsyncDir(target);
  await fs.chmod(target, 0o700).catch(() => undefined);
  return { targetDir: target, manifest, warnings };
}

// ---------------------------------------------------------------------------------------------
// Restore
// ---------------------------------------------------------------------------------------------

export interface RestoreOptions {
  /** The app's dev secrets file; default `<parent of storeDir>/secrets.json`. */
  secretsFile?: string;
  /** Replace an existing, different secrets file with the backup's (the old one is kept aside). */
  withSecrets?: boolean;
  /**
   * The existing secrets file was generated moments ago by this very process (reading the dev
   * config creates one) and protects no data yet: treat it as absent.
   */
  existingSecretsIsFresh?: boolean;
  /** Clock for the `.before-restore-<timestamp>` names (tests). */
  now?: () => Date;
}

export type SecretsOutcome =
  | "restored" // the data dir had no secrets file; the backup's is in place
  | "replaced" // --with-secrets: the backup's replaced a different one (kept aside)
  | "unchanged" // identical to the backup's
  | "kept_existing" // different, kept (no --with-secrets)
  | "none_in_backup";

export interface RestoreResult {
  storeDir: string;
  /** Where the previous store was moved, or null when there was none. */
  previousStoreDir: string | null;
  documents: Record<string, number>;
  secrets: SecretsOutcome;
  previousSecretsFile: string | null;
  warnings: string[];
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid holding `<storeDir>/LOCK` if that process is alive, else null. */
export async function liveLockOwner(storeDir: string): Promise<number | null> {
  const raw = await fs.readFile(path.join(storeDir, "LOCK"), "utf8").catch(() => "");
  const pid = Number.parseInt(raw, 10);
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : null;
}

/** Reads and validates a backup's manifest, then checks every file's size and sha256. */
export async function verifyBackup(backupDir: string): Promise<BackupManifest> {
  const dir = path.resolve(backupDir);
  const raw = await readIfExists(path.join(dir, MANIFEST_FILE));
  if (!raw) throw new EmbeddedStoreError("INVALID_ARGUMENT", `${dir} is not a complete backup: ${MANIFEST_FILE} is missing`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(raw.toString("utf8")) as BackupManifest;
  } catch (error) {
    throw new EmbeddedStoreError("INVALID_ARGUMENT", `${path.join(dir, MANIFEST_FILE)} is not valid JSON`, { cause: error });
  }
  if (manifest?.format !== BACKUP_FORMAT || !Array.isArray(manifest.collections)) {
    throw new EmbeddedStoreError("INVALID_ARGUMENT", `${path.join(dir, MANIFEST_FILE)} is not an embedded-store backup manifest`);
  }
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new EmbeddedStoreError(
      "INVALID_ARGUMENT",
      `Backup format version ${String(manifest.formatVersion)} is not supported (expected ${BACKUP_FORMAT_VERSION})`,
    );
  }
  const entries: BackupFileEntry[] = [
    ...manifest.collections,
    ...(manifest.indexes ? [manifest.indexes] : []),
    ...(manifest.secrets ? [manifest.secrets] : []),
  ];
  const problems: string[] = [];
  for (const entry of entries) {
    const file = path.resolve(dir, entry.file);
    if (!file.startsWith(dir + path.sep)) {
      problems.push(`${entry.file}: outside the backup directory`);
      continue;
    }
    const content = await readIfExists(file);
    if (!content) problems.push(`${entry.file}: missing`);
    else if (content.length !== entry.bytes) problems.push(`${entry.file}: ${content.length} bytes, manifest says ${entry.bytes}`);
    else if (sha256(content) !== entry.sha256) problems.push(`${entry.file}: sha256 does not match the manifest`);
  }
  for (const collection of manifest.collections) {
    if (collection.file !== relative(STORE_SUBDIR, `${collection.name}.db`) || !COLLECTION_FILE.test(`${collection.name}.db`)) {
      problems.push(`${collection.file}: unexpected collection file name`);
    }
  }
  if (problems.length > 0) {
    throw new EmbeddedStoreError("CORRUPT_DATA", `Backup ${dir} failed verification:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return manifest;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces the (stopped) embedded store at `storeDir` with a verified backup. See the module comment.
 */
export async function restoreEmbeddedStore(backupDir: string, storeDir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const backup = path.resolve(backupDir);
  const store = path.resolve(storeDir);
  const parent = path.dirname(store);
  const secretsFile = path.resolve(options.secretsFile ?? path.join(parent, SECRETS_FILE));
  const now = options.now ?? (() => new Date());

  const owner = await liveLockOwner(store);
  if (owner !== null) {
    throw new EmbeddedStoreError(
      "STORE_LOCKED",
      `The store at ${store} is open by running process ${owner}${owner === process.pid ? " (this process)" : ""}: stop the app before restoring`,
    );
  }
  const manifest = await verifyBackup(backup);
  await fs.mkdir(parent, { recursive: true });

  // 1. Build the new store in a temp dir next to the current one (same filesystem → atomic rename).
  const staging = await fs.mkdtemp(path.join(parent, `.${path.basename(store)}.restore-`));
  let documents: Record<string, number>;
  try {
    const files = [...manifest.collections, ...(manifest.indexes ? [manifest.indexes] : [])];
    for (const entry of files) {
      const content = await fs.readFile(path.join(backup, entry.file));
      await writeDurable(path.join(staging, path.basename(entry.file)), content);
    }
    // Opening proves it loads (and takes the staging dir's lock, so nobody else uses it meanwhile).
    const opened = await openEmbeddedStore({ dir: staging, ttlSweepIntervalMs: 24 * 60 * 60 * 1000 });
    documents = {};
    try {
      for (const collection of manifest.collections) {
        documents[collection.name] = await opened.db().collection(collection.name).countDocuments({});
      }
    } finally {
      await opened.close();
    }
    const mismatched = manifest.collections.filter((c) => documents[c.name] !== c.documents);
    if (mismatched.length > 0) {
      throw new EmbeddedStoreError(
        "CORRUPT_DATA",
        `The restored copy does not match the manifest: ${mismatched.map((c) => `${c.name} has ${documents[c.name]} documents, expected ${c.documents}`).join("; ")}`,
      );
    }
    // Opening may have compacted files or written checkpoints; make everything durable before the swap.
    for (const entry of await fs.readdir(staging)) await fsyncFile(path.join(staging, entry));
    await fsyncDir(staging);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  }

  // 2. Swap: lock the current store while moving it aside, so the app cannot start on it meanwhile.
  let previousStoreDir: string | null = null;
  const stamped = stamp(now());
  try {
    if (!(await isMissing(store))) {
      const lock = await acquireDirLock(store);
      previousStoreDir = `${store}.before-restore-${stamped}`;
      for (let n = 2; !(await isMissing(previousStoreDir)); n++) previousStoreDir = `${store}.before-restore-${stamped}-${n}`;
      try {
        await fs.rename(store, previousStoreDir);
      } catch (error) {
        await lock.release();
        throw error;
      }
      // The lock file moved with the directory; remove it there (stale once we exit anyway).
      await fs.rm(path.join(previousStoreDir, "LOCK"), { force: true });
    }
    await fs.rename(staging, store);
    await fsyncDir(parent);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw new EmbeddedStoreError(
      "IO_ERROR",
      `Could not put the restored store in place at ${store}: ${(error as Error).message}${previousStoreDir ? ` (the previous store is at ${previousStoreDir})` : ""}`,
      { cause: error },
    );
  }

  // 3. Secrets: the backup's key is needed to decrypt the restored customer fields.
  const warnings: string[] = [];
  let secrets: SecretsOutcome = "none_in_backup";
  let previousSecretsFile: string | null = null;
  if (manifest.secrets) {
    const fromBackup = await fs.readFile(path.join(backup, manifest.secrets.file));
    const existing = await readIfExists(secretsFile);
    const install = async () => {
      const tmp = `${secretsFile}.restore-${process.pid}`;
      await fs.rm(tmp, { force: true });
      await writeDurable(tmp, fromBackup, 0o600);
      await fs.rename(tmp, secretsFile);
      await fsyncDir(path.dirname(secretsFile));
    };
    if (!existing || options.existingSecretsIsFresh) {
      await install();
      secrets = "restored";
    } else if (existing.equals(fromBackup)) {
      secrets = "unchanged";
    } else if (options.withSecrets) {
      previousSecretsFile = `${secretsFile}.before-restore-${stamped}`;
      for (let n = 2; !(await isMissing(previousSecretsFile)); n++) previousSecretsFile = `${secretsFile}.before-restore-${stamped}-${n}`;
      await writeDurable(previousSecretsFile, existing, 0o600);
      await install();
      secrets = "replaced";
    } else {
      secrets = "kept_existing";
      warnings.push(
        `${secretsFile} differs from the backup's and was kept. Customer fields encrypted before the backup only decrypt with the backup's key: ` +
          `if this data dir's key is not the one the backup was made with, run the restore again with --with-secrets (the current file is kept aside).`,
      );
    }
  } else {
    warnings.push(
      "The backup has no secrets.json: the app must run with the same ENCRYPTION_KEY (and JWT_SECRET) as when the backup was made.",
    );
  }
  return { storeDir: store, previousStoreDir, documents, secrets, previousSecretsFile, warnings };
}
