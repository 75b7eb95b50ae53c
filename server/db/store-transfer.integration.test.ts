import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectStore, type Store } from "./client";
import { COLLECTIONS } from "./collections";
import { applyIndexes } from "./indexes";
import { exportStore, importStore, ImportRefusedError, reviveNedbDates } from "./store-transfer";

const mongoUri = process.env.TEST_MONGODB_URI;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function embedded(): Promise<Store> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "transfer-"));
  const store = await connectStore({ dataDir: dir });
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return store;
}

describe("store:export / store:import", () => {
  it("moves every collection with dates intact, refuses a non-empty target without --force, and verifies counts", async () => {
    const source = await embedded();
    await applyIndexes(source.db);
    const at = new Date(Date.UTC(2026, 10, 1, 12, 30));
    await source.db.collection(COLLECTIONS.orders).insertOne({ _id: "GG-1" as never, placedAt: at, items: [{ n: 1 }] });
    await source.db
      .collection(COLLECTIONS.conversationMessages)
      .insertMany(Array.from({ length: 1_200 }, (_, i) => ({ _id: `c:${i}` as never, conversationId: "c", seq: i + 1, createdAt: at })));
    await source.db.collection("legacyNotes").insertOne({ _id: "x" as never, note: "kept" });
    const dir = await mkdtemp(path.join(os.tmpdir(), "transfer-out-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const manifest = await exportStore(source.db, path.join(dir, "export"), "embedded");
    expect(manifest.collections).toMatchObject({ orders: 1, conversationMessages: 1_200, legacyNotes: 1, products: 0 });
    expect(await readFile(path.join(dir, "export", "orders.jsonl"), "utf8")).toContain('"$date"');

    const target = mongoUri
      ? await connectStore({ mongodbUri: mongoUri, mongodbDbName: `aurora_transfer_${Date.now()}`, dataDir: os.tmpdir() })
      : await embedded();
    if (mongoUri) cleanups.push(async () => (await target.db.dropDatabase(), await target.close()));
    const report = await importStore(target.db, path.join(dir, "export"));
    expect(report.mismatches).toEqual([]);
    const order = await target.db.collection(COLLECTIONS.orders).findOne({ _id: "GG-1" as never });
    expect(order?.placedAt).toBeInstanceOf(Date);
    expect((order?.placedAt as Date).toISOString()).toBe(at.toISOString());
    expect(await target.db.collection(COLLECTIONS.conversationMessages).countDocuments({})).toBe(1_200);

    await expect(importStore(target.db, path.join(dir, "export"))).rejects.toBeInstanceOf(ImportRefusedError);
    const forced = await importStore(target.db, path.join(dir, "export"), { force: true });
    expect(forced.collections.orders).toEqual({ expected: 1, imported: 1 });
  });

  it("reads nedb's own $$date values as dates", () => {
    const revived = reviveNedbDates({ at: { $$date: 0 }, list: [{ $$date: 1000 }], other: { a: 1 } }) as Record<string, unknown>;
    expect(revived.at).toEqual(new Date(0));
    expect((revived.list as Date[])[0]).toEqual(new Date(1000));
    expect(revived.other).toEqual({ a: 1 });
  });
});
