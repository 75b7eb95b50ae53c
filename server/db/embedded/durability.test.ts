import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { isStoreUnavailableError } from "../client";
import { EmbeddedStoreUnavailableError } from "./errors";
import { openEmbeddedStore } from "./index";
import { faultyIo } from "./testing/faulty-io";
import { tempStores } from "./testing/tmp-store";

const stores = tempStores();
afterEach(() => stores.cleanup());
const here = path.dirname(fileURLToPath(import.meta.url));

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("group commit", () => {
  it("acknowledges N concurrent inserts only after the one sync that covers them", async () => {
    const io = faultyIo();
    const store = await stores.open({ fileIo: io });
    const col = store.db().collection("items");
    await col.insertOne({ _id: "warm-up" });
    const before = io.syncs.get("items.db") ?? 0;

    io.holdSyncs = true;
    const acked = new Set<number>();
    const writes = Array.from({ length: 50 }, (_, i) => col.insertOne({ _id: `i${i}`, n: i }).then(() => acked.add(i)));
    await until(() => io.heldSyncs() === 1, "the first sync to start");
    await new Promise((r) => setTimeout(r, 20));
    expect(acked.size).toBe(0); // written, not yet synced: no insert is acknowledged
    io.holdSyncs = false;
    io.release();
    await Promise.all(writes);
    expect(acked.size).toBe(50);
    // One sync for the whole burst (a second one only if some inserts queued after the first began).
    const syncs = (io.syncs.get("items.db") ?? 0) - before;
    expect(syncs).toBeGreaterThanOrEqual(1);
    expect(syncs).toBeLessThanOrEqual(2);
    expect(await col.countDocuments()).toBe(51);
  });

  it("reads wait for the writes they could see to be durable", async () => {
    const io = faultyIo();
    const store = await stores.open({ fileIo: io });
    const col = store.db().collection("items");
    await col.insertOne({ _id: "a" });
    io.holdSyncs = true;
    const write = col.insertOne({ _id: "b" });
    await until(() => io.heldSyncs() === 1, "the sync to start");
    let read: string[] | undefined;
    const reading = col
      .find({})
      .toArray()
      .then((docs) => (read = docs.map((d) => d._id as string)));
    await new Promise((r) => setTimeout(r, 20));
    expect(read).toBeUndefined();
    io.holdSyncs = false;
    io.release();
    await Promise.all([write, reading]);
    expect(read).toEqual(["a", "b"]);
  });

  it("every concurrently acknowledged write and update survives SIGKILL, also across compactions", { timeout: 40_000 }, async () => {
    const dir = await stores.dir();
    const fixture = path.join(here, "testing", "churn-writer.fixture.ts");
    const inserted: string[] = [];
    const versions = new Map<string, number>();
    let compactions = 0;
    let stderr = "";
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", fixture, dir], { stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    try {
      let pending = "";
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          const [kind, id, n] = line.split(" ");
          if (kind === "ins") inserted.push(id as string);
          else if (kind === "ver") versions.set(id as string, Math.max(versions.get(id as string) ?? 0, Number(n)));
          else if (kind === "compacted") compactions = Number(id);
        }
      });
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      await Promise.race([
        until(() => compactions >= 3 && inserted.length >= 200, "three compactions and 200 inserts", 30_000),
        exited.then((status) => {
          throw new Error(`churn writer exited early (${String(status)}): ${stderr}`);
        }),
      ]);
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    }
    const ackedInserts = [...inserted];
    const ackedVersions = new Map(versions);
    const store = await stores.open({ dir });
    const docs = store.db().collection<{ _id: string; version: number }>("docs");
    const found = new Set((await docs.find({ _id: { $in: ackedInserts } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
    expect(ackedInserts.filter((id) => !found.has(id))).toEqual([]);
    for (const [id, version] of ackedVersions) {
      const doc = await docs.findOne({ _id: id });
      expect(doc?.version, id).toBeGreaterThanOrEqual(version);
    }
    // No compaction temp file survives a restart, and the unique index still holds.
    expect((await readdir(dir)).filter((f) => f.includes(".compact"))).toEqual([]);
    await expect(store.db().collection("docs").insertOne({ _id: "dup", key: ackedInserts[0] })).rejects.toMatchObject({ code: 11000 });
  });
});

describe("documents read back from the file", () => {
  it("round-trip large documents, non-ASCII text and ids that need escaping, with no cache and after reopening", async () => {
    const dir = await stores.dir();
    const docs = [
      { _id: "big", text: "x".repeat(200_000), at: new Date("2024-03-04T05:06:07.089Z") },
      { _id: "ünïcødé-ид-💎", text: "Bague en or rosé — 18 carats ✨", nested: { list: [new Date(0), "é"] } },
      { _id: 'quote"and\\backslash', text: "line\nbreak", n: 1.5 },
    ];
    const store = await stores.open({ dir, cacheBytes: 0 });
    const col = store.db().collection("mixed");
    await col.insertMany(docs.map((d) => structuredClone(d)));
    for (const d of docs) expect(await col.findOne({ _id: d._id })).toEqual(d);
    await col.updateOne({ _id: "big" }, { $set: { text: "y".repeat(100_000) } });
    await store.close();
    await rm(path.join(dir, "mixed.db.ckpt")); // rebuild from the data file's lines
    const reopened = await stores.open({ dir, cacheBytes: 0 });
    const again = reopened.db().collection("mixed");
    expect(await again.findOne({ _id: "big" })).toEqual({ ...docs[0], text: "y".repeat(100_000) });
    expect(await again.findOne({ _id: docs[1]!._id })).toEqual(docs[1]);
    expect(await again.findOne({ _id: docs[2]!._id })).toEqual(docs[2]);
    expect(reopened.stats().mixed?.lastLoad?.fromCheckpoint).toBe(false);
  });
});

describe("store files", () => {
  it("are created 0600 (and the store directory 0700), also narrowing what older versions created", async () => {
    const dir = path.join(await stores.dir(), "store");
    await mkdir(dir, { mode: 0o755 });
    await writeFile(path.join(dir, "legacy.db"), '{"_id":"a"}\n', { mode: 0o644 });
    const store = await stores.open({ dir, checkpointMinBytes: 1 });
    const col = store.db().collection("things");
    expect(await store.db().collection("legacy").countDocuments()).toBe(1);
    await col.createIndex({ k: 1 }, { unique: true });
    for (let i = 0; i < 20; i++) await col.insertOne({ k: i });
    await store.close();
    const files = await readdir(dir);
    expect(files).toEqual(expect.arrayContaining(["things.db", "things.db.ckpt", "_indexes.json", "legacy.db"]));
    for (const file of files) expect(((await stat(path.join(dir, file))).mode & 0o777).toString(8), file).toBe("600");
    expect(((await stat(dir)).mode & 0o777).toString(8)).toBe("700");
  });
});

describe("a full disk", () => {
  it("fails writes with a typed, retryable error; reads keep working; writes work again once there is space", async () => {
    const io = faultyIo();
    const store = await stores.open({ fileIo: io });
    const col = store.db().collection("orders");
    await col.insertOne({ _id: "kept", v: 1 });

    io.failWrites = "ENOSPC";
    const error = await col.insertOne({ _id: "lost", v: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedStoreUnavailableError);
    expect(error).toMatchObject({ name: "EmbeddedStoreUnavailableError", code: "STORE_UNAVAILABLE", reason: "disk_full", errno: "ENOSPC" });
    expect(isStoreUnavailableError(error)).toBe(true);
    await expect(col.updateOne({ _id: "kept" }, { $set: { v: 3 } })).rejects.toMatchObject({ reason: "disk_full" });
    // Reads are served from what is on disk.
    expect(await col.find({}).toArray()).toEqual([{ _id: "kept", v: 1 }]);

    io.failWrites = null;
    await col.insertOne({ _id: "later", v: 4 });
    expect((await col.find({}).toArray()).map((d) => d._id)).toEqual(["kept", "later"]);
    await store.close();
    const reopened = await stores.open({ dir: store.dir });
    expect((await reopened.db().collection("orders").find({}).toArray()).map((d) => d._id)).toEqual(["kept", "later"]);
  });

  it("a failed ping is a store-unavailable error", async () => {
    const store = await openEmbeddedStore({ dir: path.join(await stores.dir(), "gone") });
    await store.close();
    const error = await store.ping().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "STORE_CLOSED" });
    expect(isStoreUnavailableError(error)).toBe(true);
  });
});
