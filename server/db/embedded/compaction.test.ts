import { copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EmbeddedCollection } from "./index";
import { tempStores } from "./testing/tmp-store";

const stores = tempStores();
afterEach(() => stores.cleanup());

interface Item {
  _id: string;
  n: number;
  version: number;
  tag: string;
  payload: string;
}

async function fileSize(dir: string, name: string): Promise<number> {
  return (await stat(path.join(dir, `${name}.db`))).size;
}

/** 60 documents, each updated `rounds` times, a third deleted: mostly dead lines. */
async function churn(col: EmbeddedCollection, rounds: number) {
  await col.createIndex({ tag: 1 });
  await col.insertMany(
    Array.from({ length: 60 }, (_, n) => ({
      _id: `d${String(n).padStart(2, "0")}`,
      n,
      version: 0,
      tag: `t${n % 3}`,
      payload: "p".repeat(200),
    })),
  );
  for (let r = 1; r <= rounds; r++) {
    await Promise.all(Array.from({ length: 60 }, (_, n) => col.updateOne({ n }, { $set: { version: r, tag: `t${(n + r) % 3}` } })));
  }
  await col.deleteMany({ n: { $gte: 40 } });
}

async function expectIntact(col: EmbeddedCollection, rounds: number) {
  const docs = await col.find<Item>({}).toArray();
  expect(docs.map((d) => d.n)).toEqual(Array.from({ length: 40 }, (_, n) => n));
  for (const d of docs) {
    expect(d.version).toBe(rounds);
    expect(d.tag).toBe(`t${(d.n + rounds) % 3}`);
  }
  for (const tag of ["t0", "t1", "t2"]) {
    const viaIndex = (await col.find<Item>({ tag }).toArray()).map((d) => d._id);
    expect(viaIndex).toEqual(docs.filter((d) => d.tag === tag).map((d) => d._id));
  }
}

describe("compaction", () => {
  it("keeps the file proportional to live data, with every document intact (also with no cache: every read from disk)", async () => {
    for (const cacheBytes of [8 * 1024 * 1024, 0]) {
      const dir = await stores.dir();
      const store = await stores.open({ dir, cacheBytes, compactionMinDeadBytes: 8 * 1024 });
      const col = store.db().collection("items");
      await churn(col, 15);
      await store.compact("items"); // let any automatic compaction in flight finish, then once more
      const stats = store.stats().items!;
      expect(stats.compactions).toBeGreaterThanOrEqual(2);
      expect(stats.fileBytes).toBeLessThanOrEqual(stats.liveBytes + 200);
      expect(await fileSize(dir, "items")).toBe(stats.fileBytes);
      await expectIntact(col, 15);
      // Writes after a compaction land at the right offsets too.
      await col.updateOne({ n: 3 }, { $set: { version: 15, extra: true } });
      expect(await col.findOne({ n: 3 })).toMatchObject({ n: 3, extra: true });
      await store.close();
      const reopened = await stores.open({ dir, cacheBytes });
      await expectIntact(reopened.db().collection("items"), 15);
      expect(reopened.db().collection("items")).toBeDefined();
    }
  });

  it("compacts on its own once dead lines outweigh live ones", async () => {
    const dir = await stores.dir();
    const store = await stores.open({ dir, compactionMinDeadBytes: 4 * 1024, compactionRatio: 2 });
    const col = store.db().collection("items");
    await churn(col, 10);
    // Every operation checks afterwards; background compaction then brings the file back under 2× live data.
    const settled = () => {
      const s = store.stats().items!;
      return s.compactions > 0 && (s.fileBytes <= s.liveBytes * 2 || s.fileBytes - s.liveBytes < 4 * 1024);
    };
    const deadline = Date.now() + 10_000;
    while (!settled() && Date.now() < deadline) {
      await col.findOne({ n: 1 });
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(settled()).toBe(true);
    await expectIntact(col, 10);
  });

  it("a crash before the switch loses nothing: the half-written temp file is ignored and removed", async () => {
    const dir = await stores.dir();
    const store = await stores.open({ dir });
    await churn(store.db().collection("items"), 5);
    await store.close();
    const before = await readFile(path.join(dir, "items.db"));
    await writeFile(path.join(dir, "items.db.compact"), before.subarray(0, Math.floor(before.length / 3)));
    const reopened = await stores.open({ dir });
    await expectIntact(reopened.db().collection("items"), 5);
    expect((await readdir(dir)).filter((f) => f.endsWith(".compact"))).toEqual([]);
  });

  it("a crash after the switch loses nothing: a checkpoint of the old file is not trusted", async () => {
    const dir = await stores.dir();
    const store = await stores.open({ dir });
    await churn(store.db().collection("items"), 5);
    await store.close();
    const stale = path.join(await stores.dir(), "stale.ckpt");
    await copyFile(path.join(dir, "items.db.ckpt"), stale);
    const second = await stores.open({ dir });
    await second.compact("items");
    await second.close();
    // As if the process died after the rename, before the new checkpoint was written.
    await copyFile(stale, path.join(dir, "items.db.ckpt"));
    const third = await stores.open({ dir });
    await expectIntact(third.db().collection("items"), 5);
    expect(third.stats().items?.lastLoad?.fromCheckpoint).toBe(false);
  });
});

describe("checkpoints", () => {
  it("start-up restores the checkpoint and reads only the lines written after it", async () => {
    const dir = await stores.dir();
    const store = await stores.open({ dir });
    await churn(store.db().collection("items"), 3);
    await store.close();

    const second = await stores.open({ dir });
    const col = second.db().collection("items");
    await expectIntact(col, 3);
    expect(second.stats().items?.lastLoad).toMatchObject({ fromCheckpoint: true, scannedBytes: 0 });
    // More writes after the checkpoint, then a "crash": copy the files while the store is open.
    await Promise.all(Array.from({ length: 40 }, (_, n) => col.updateOne({ n }, { $set: { version: 4, tag: `t${(n + 4) % 3}` } })));
    await col.insertOne({ _id: "z-new", n: 99, version: 4, tag: "t9", payload: "" });
    await col.deleteOne({ _id: "z-new" });
    const copy = await stores.dir();
    for (const file of await readdir(dir)) if (file !== "LOCK") await copyFile(path.join(dir, file), path.join(copy, file));
    const crashed = await stores.open({ dir: copy });
    await expectIntact(crashed.db().collection("items"), 4);
    expect(crashed.stats().items?.lastLoad?.fromCheckpoint).toBe(true);
    expect(crashed.stats().items?.lastLoad?.scannedBytes).toBeGreaterThan(0);
    expect(await crashed.db().collection("items").findOne({ _id: "z-new" })).toBeNull();
  });

  it("a checkpoint taken with other indexes is not used", async () => {
    const dir = await stores.dir();
    const store = await stores.open({ dir });
    await churn(store.db().collection("items"), 2);
    await store.close();
    const saved = path.join(await stores.dir(), "saved");
    await mkdir(saved);
    await copyFile(path.join(dir, "items.db.ckpt"), path.join(saved, "items.db.ckpt"));
    const second = await stores.open({ dir });
    await second.db().collection("items").dropIndex("tag_1");
    await second.db().collection("items").createIndex({ version: 1 });
    await second.close();
    await copyFile(path.join(saved, "items.db.ckpt"), path.join(dir, "items.db.ckpt"));
    const third = await stores.open({ dir });
    const col = third.db().collection("items");
    expect(await col.countDocuments({ version: 2 })).toBe(40);
    expect(third.stats().items?.lastLoad?.fromCheckpoint).toBe(false);
    await expectIntact(col, 2);
  });
});
