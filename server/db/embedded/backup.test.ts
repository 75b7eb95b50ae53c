import { spawn } from "node:child_process";
import { appendFile, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { backupEmbeddedStore, restoreEmbeddedStore, verifyBackup, type BackupManifest } from "./backup";
import { openEmbeddedStore, type EmbeddedStore } from "./index";
import { makeTempDir } from "./testing/tmp-store";

const dirs: string[] = [];
const open: EmbeddedStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A data dir (`<tmp>/data/store` + `<tmp>/data/secrets.json`) and a place for backups. */
async function layout() {
  const root = await makeTempDir("embedded-backup-");
  dirs.push(root);
  const dataDir = path.join(root, "data");
  await mkdir(dataDir, { recursive: true });
  return { root, dataDir, storeDir: path.join(dataDir, "store"), target: path.join(root, "backup") };
}

async function openStore(dir: string): Promise<EmbeddedStore> {
  const store = await openEmbeddedStore({ dir, ttlSweepIntervalMs: 60_000 });
  open.push(store);
  return store;
}

async function closeStore(store: EmbeddedStore): Promise<void> {
  await store.close();
  open.splice(open.indexOf(store), 1);
}

async function seed(storeDir: string): Promise<void> {
  const store = await openStore(storeDir);
  const db = store.db();
  await db.collection("products").createIndex({ sku: 1 }, { unique: true });
  await db.collection("products").insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `p${i}`, sku: `SKU-${i}`, price: i * 100 })));
  await db.collection("products").updateOne({ _id: "p1" }, { $set: { price: 1 } });
  await db.collection("products").deleteOne({ _id: "p2" });
  await db.collection("tickets").insertOne({ _id: "t1", email: "enc:v1:abc", createdAt: new Date("2026-01-01T00:00:00Z") });
  await closeStore(store);
}

describe("backupEmbeddedStore", () => {
  it("copies every collection, the index catalog and secrets, with a verifiable manifest", async () => {
    const { dataDir, storeDir, target } = await layout();
    await seed(storeDir);
    await writeFile(path.join(dataDir, "secrets.json"), JSON.stringify({ JWT_SECRET: "j".repeat(40), ENCRYPTION_KEY: "k".repeat(40) }), {
      mode: 0o600,
    });

    const { manifest, warnings } = await backupEmbeddedStore(storeDir, target);
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.collections.map((c) => [c.name, c.documents])).toEqual([
      ["products", 19],
      ["tickets", 1],
    ]);
    for (const c of manifest.collections) {
      expect(c.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(c.lines).toBeGreaterThanOrEqual(c.documents);
      expect(c.tornBytesExcluded).toBe(0);
    }
    expect(manifest.indexes?.file).toBe("store/_indexes.json");
    expect(manifest.secrets?.file).toBe("secrets.json");
    expect((await stat(path.join(target, "secrets.json"))).mode & 0o777).toBe(0o600);
    expect(warnings.join("\n")).toMatch(/contains secrets\.json/);
    expect((await readdir(target)).sort()).toEqual(["manifest.json", "secrets.json", "store"]);
    // Nothing left behind next to the target (the verification ran on a scratch copy).
    expect((await readdir(path.dirname(target))).filter((e) => e.startsWith(".aurora-verify-"))).toEqual([]);
    await expect(verifyBackup(target)).resolves.toMatchObject({ collections: manifest.collections });

    // The copy is a working store with the unique index.
    const copyDir = path.join(path.dirname(target), "copy");
    await mkdir(copyDir);
    for (const f of await readdir(path.join(target, "store")))
      await writeFile(path.join(copyDir, f), await readFile(path.join(target, "store", f)));
    const copy = await openStore(copyDir);
    expect(await copy.db().collection("products").findOne({ _id: "p1" })).toMatchObject({ price: 1 });
    expect(await copy.db().collection("products").findOne({ _id: "p2" })).toBeNull();
    await expect(copy.db().collection("products").insertOne({ sku: "SKU-3" })).rejects.toMatchObject({ code: 11000 });
  });

  it("warns when there is no secrets file (the key lives in the environment)", async () => {
    const { storeDir, target } = await layout();
    await seed(storeDir);
    const { manifest, warnings } = await backupEmbeddedStore(storeDir, target);
    expect(manifest.secrets).toBeNull();
    expect(warnings.join("\n")).toMatch(/ENCRYPTION_KEY/);
  });

  it("refuses a non-empty target and a target inside the store", async () => {
    const { storeDir, target } = await layout();
    await seed(storeDir);
    await mkdir(target);
    await writeFile(path.join(target, "something"), "x");
    await expect(backupEmbeddedStore(storeDir, target)).rejects.toThrow(/not empty/);
    await expect(backupEmbeddedStore(storeDir, path.join(storeDir, "inner"))).rejects.toThrow(/must not be inside the store/);
    await expect(backupEmbeddedStore(path.join(storeDir, "missing"), path.join(target, "x"))).rejects.toThrow(/No embedded store/);
  });

  it("leaves out a partially appended last line", async () => {
    const { storeDir, target } = await layout();
    await seed(storeDir);
    const torn = '{"_id":"half","sku":"SKU-ha';
    await appendFile(path.join(storeDir, "tickets.db"), torn);
    const { manifest } = await backupEmbeddedStore(storeDir, target);
    const tickets = manifest.collections.find((c) => c.name === "tickets");
    expect(tickets).toMatchObject({ documents: 1, tornBytesExcluded: torn.length });
    const copied = await readFile(path.join(target, "store", "tickets.db"), "utf8");
    expect(copied.endsWith("\n")).toBe(true);
    expect(copied).not.toContain("half");
  });

  it("works while the store is open and being written: every write acknowledged before the backup is in it", async () => {
    const { storeDir, target } = await layout();
    const store = await openStore(storeDir);
    const items = store.db().collection("items");
    const counters = store.db().collection("counters");
    await items.createIndex({ seq: 1 }, { unique: true });
    const acked: string[] = [];
    const deleted = new Set<string>();
    let counter = 0;
    let stop = false;
    const writer = (async () => {
      for (let seq = 0; !stop; seq++) {
        await items.insertOne({ _id: `i${seq}`, seq, payload: "x".repeat(300) });
        acked.push(`i${seq}`);
        if (seq % 3 === 0) await items.updateOne({ _id: `i${seq}` }, { $set: { updated: true } });
        if (seq % 7 === 0 && seq > 0) {
          await items.deleteOne({ _id: `i${seq - 1}` });
          deleted.add(`i${seq - 1}`);
        }
        const after = await counters.findOneAndUpdate({ _id: "writes" }, { $inc: { n: 1 } }, { upsert: true, returnDocument: "after" });
        counter = after?.n as number;
      }
    })();
    while (acked.length < 200) await new Promise((r) => setTimeout(r, 5));
    const before = new Set(acked);
    const counterBefore = counter;

    const { manifest } = await backupEmbeddedStore(storeDir, target);
    const ackedDuring = acked.length - before.size;
    stop = true;
    await writer;

    expect(ackedDuring).toBeGreaterThan(0); // the writer really ran during the backup
    const copyDir = path.join(path.dirname(target), "copy");
    await mkdir(copyDir);
    for (const f of await readdir(path.join(target, "store")))
      await writeFile(path.join(copyDir, f), await readFile(path.join(target, "store", f)));
    const copy = await openStore(copyDir);
    const ids = new Set((await copy.db().collection("items").find({}).toArray()).map((d) => d._id as string));
    // A piece deleted while the backup ran may be gone from it (the copy is a later point in time); nothing else may be.
    const missing = [...before].filter((id) => !ids.has(id) && !deleted.has(id));
    expect(missing).toEqual([]);
    expect(ids.size).toBe(manifest.collections.find((c) => c.name === "items")?.documents);
    const copiedCounter = (await copy.db().collection("counters").findOne({ _id: "writes" }))?.n as number;
    expect(copiedCounter).toBeGreaterThanOrEqual(counterBefore);
    const updated = await copy.db().collection("items").findOne({ _id: "i3" });
    expect(updated).toMatchObject({ updated: true });
  });

  it("copies a store held open by another process (LOCK held by a live pid)", async () => {
    const { storeDir, target } = await layout();
    await seed(storeDir);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.resolve("server/db/embedded/testing/crash-writer.fixture.ts"), storeDir],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    try {
      let out = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d) => {
          out += String(d);
          if ((out.match(/^ack /gm) ?? []).length >= 50) resolve();
        });
        child.once("exit", (code) => reject(new Error(`writer exited ${code}`)));
      });
      const ackedBefore = [...out.matchAll(/^ack (\S+)$/gm)].map((m) => m[1]);
      expect(await readFile(path.join(storeDir, "LOCK"), "utf8")).toBe(String(child.pid));
      const { manifest } = await backupEmbeddedStore(storeDir, target);
      expect(manifest.collections.find((c) => c.name === "products")?.documents).toBe(19);
      const items = manifest.collections.find((c) => c.name === "items");
      expect(items?.documents).toBeGreaterThanOrEqual(ackedBefore.length);
      const copied = await readFile(path.join(target, "store", "items.db"), "utf8");
      for (const id of ackedBefore) expect(copied).toContain(`"${id}"`);
    } finally {
      child.kill("SIGKILL");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    }
  });
});

describe("restoreEmbeddedStore", () => {
  it("round trip: the restored store has exactly the backed-up data; the old store is kept aside", async () => {
    const { dataDir, storeDir, target } = await layout();
    await seed(storeDir);
    await backupEmbeddedStore(storeDir, target);

    // Changes after the backup: they must be gone after the restore.
    const store = await openStore(storeDir);
    await store.db().collection("products").deleteMany({});
    await store.db().collection("later").insertOne({ _id: "after-backup" });
    await closeStore(store);

    const result = await restoreEmbeddedStore(target, storeDir, { now: () => new Date("2026-02-03T04:05:06.789Z") });
    expect(result.documents).toEqual({ products: 19, tickets: 1 });
    expect(result.previousStoreDir).toBe(`${storeDir}.before-restore-2026-02-03T04-05-06-789Z`);
    expect((await readdir(dataDir)).sort()).toEqual(["store", "store.before-restore-2026-02-03T04-05-06-789Z"]);
    expect(await readdir(result.previousStoreDir as string)).not.toContain("LOCK");

    const restored = await openStore(storeDir);
    const db = restored.db();
    expect(await db.collection("products").countDocuments({})).toBe(19);
    expect(await db.collection("tickets").findOne({ _id: "t1" })).toMatchObject({ createdAt: new Date("2026-01-01T00:00:00Z") });
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(["products", "tickets"]);
    await expect(db.collection("products").insertOne({ sku: "SKU-5" })).rejects.toMatchObject({ code: 11000 });
    await closeStore(restored);
    const previous = await openStore(result.previousStoreDir as string);
    expect(await previous.db().collection("later").countDocuments({})).toBe(1);
  });

  it("restores into a data dir without a store", async () => {
    const { storeDir, target, root } = await layout();
    await seed(storeDir);
    await backupEmbeddedStore(storeDir, target);
    const fresh = path.join(root, "fresh", "store");
    const result = await restoreEmbeddedStore(target, fresh);
    expect(result.previousStoreDir).toBeNull();
    expect(await (await openStore(fresh)).db().collection("products").countDocuments({})).toBe(19);
  });

  it("refuses while the store is open by a live process", async () => {
    const { storeDir, target } = await layout();
    await seed(storeDir);
    await backupEmbeddedStore(storeDir, target);
    const store = await openStore(storeDir);
    await expect(restoreEmbeddedStore(target, storeDir)).rejects.toMatchObject({ code: "STORE_LOCKED" });
    expect(await store.db().collection("products").countDocuments({})).toBe(19);
    await closeStore(store);
    // A LOCK left by a dead process does not block it.
    await writeFile(path.join(storeDir, "LOCK"), "999999999");
    await expect(restoreEmbeddedStore(target, storeDir)).resolves.toMatchObject({ documents: { products: 19 } });
  });

  it("refuses a backup that is incomplete or fails its checksums, and leaves the store untouched", async () => {
    const { storeDir, target } = await layout();
    await seed(storeDir);
    await backupEmbeddedStore(storeDir, target);
    const file = path.join(target, "store", "products.db");
    const original = await readFile(file);
    await writeFile(file, Buffer.concat([original.subarray(0, original.length - 2), Buffer.from("X\n")]));
    await expect(restoreEmbeddedStore(target, storeDir)).rejects.toThrow(/products\.db: sha256 does not match/);
    await writeFile(file, original);
    const manifestFile = path.join(target, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as BackupManifest;
    await rm(manifestFile);
    await expect(restoreEmbeddedStore(target, storeDir)).rejects.toThrow(/manifest\.json is missing/);
    await writeFile(manifestFile, JSON.stringify({ ...manifest, formatVersion: 99 }));
    await expect(restoreEmbeddedStore(target, storeDir)).rejects.toThrow(/format version 99/);
    expect((await readdir(path.dirname(storeDir))).sort()).toEqual(["store"]);
  });

  it("restores secrets.json only when the data dir has none, or with --with-secrets", async () => {
    const { dataDir, storeDir, target } = await layout();
    await seed(storeDir);
    const secretsFile = path.join(dataDir, "secrets.json");
    const backedUp = JSON.stringify({ JWT_SECRET: "a".repeat(40), ENCRYPTION_KEY: "b".repeat(40) });
    await writeFile(secretsFile, backedUp, { mode: 0o600 });
    await backupEmbeddedStore(storeDir, target);

    await rm(secretsFile);
    expect((await restoreEmbeddedStore(target, storeDir)).secrets).toBe("restored");
    expect(await readFile(secretsFile, "utf8")).toBe(backedUp);
    expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);

    expect((await restoreEmbeddedStore(target, storeDir)).secrets).toBe("unchanged");

    const other = JSON.stringify({ JWT_SECRET: "c".repeat(40), ENCRYPTION_KEY: "d".repeat(40) });
    await writeFile(secretsFile, other, { mode: 0o600 });
    const kept = await restoreEmbeddedStore(target, storeDir);
    expect(kept.secrets).toBe("kept_existing");
    expect(kept.warnings.join("\n")).toMatch(/--with-secrets/);
    expect(await readFile(secretsFile, "utf8")).toBe(other);

    const replaced = await restoreEmbeddedStore(target, storeDir, { withSecrets: true });
    expect(replaced.secrets).toBe("replaced");
    expect(await readFile(secretsFile, "utf8")).toBe(backedUp);
    expect(await readFile(replaced.previousSecretsFile as string, "utf8")).toBe(other);

    await writeFile(secretsFile, other, { mode: 0o600 });
    expect((await restoreEmbeddedStore(target, storeDir, { existingSecretsIsFresh: true })).secrets).toBe("restored");
    expect(await readFile(secretsFile, "utf8")).toBe(backedUp);
  });
});
