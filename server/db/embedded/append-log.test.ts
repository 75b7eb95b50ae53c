import { describe, expect, it } from "vitest";
import { AppendLog } from "./append-log";
import { EmbeddedStoreUnavailableError } from "./errors";
import type { DataFileHandle } from "./file-io";

/** An in-memory data file whose syncs complete only when the test says so. */
function fakeFile() {
  const calls: string[] = [];
  let content = Buffer.alloc(0);
  let durable = 0;
  const syncs: Array<() => void> = [];
  let failNext: NodeJS.ErrnoException | null = null;
  const handle: DataFileHandle = {
    async append(data) {
      calls.push(`write ${data.length}`);
      if (failNext) {
        const error = failNext;
        failNext = null;
        content = Buffer.concat([content, data.subarray(0, 3)]); // a partial write before the failure
        throw error;
      }
      content = Buffer.concat([content, data]);
    },
    datasync() {
      calls.push("sync");
      return new Promise<void>((resolve) =>
        syncs.push(() => {
          durable = content.length;
          resolve();
        }),
      );
    },
    async truncate(length) {
      calls.push(`truncate ${length}`);
      content = content.subarray(0, length);
    },
    readSync: () => 0,
    size: () => content.length,
    async close() {
      calls.push("close");
    },
  };
  return {
    handle,
    calls,
    text: () => content.toString("utf8"),
    durableText: () => content.subarray(0, durable).toString("utf8"),
    /** Completes the oldest pending sync. */
    completeSync: async () => {
      for (let i = 0; i < 20 && syncs.length === 0; i++) await new Promise((r) => setImmediate(r));
      syncs.shift()?.();
      await new Promise((r) => setImmediate(r));
    },
    failNextWrite(code: string) {
      failNext = Object.assign(new Error(`${code}: simulated`), { code });
    },
  };
}

const line = (s: string) => Buffer.from(`${s}\n`);

describe("AppendLog group commit", () => {
  it("writes concurrent appends as one write and one sync, and acknowledges only after the sync", async () => {
    const file = fakeFile();
    const log = new AppendLog(file.handle, "test.db", 0);
    const acked: number[] = [];
    const offsets = [0, 1, 2, 3, 4].map((i) => log.append(line(`r${i}`)));
    expect(offsets).toEqual([0, 3, 6, 9, 12]);
    const waits = offsets.map((offset, i) => log.durable(offset + 3).then(() => acked.push(i)));
    await new Promise((r) => setImmediate(r));
    expect(file.calls).toEqual(["write 15", "sync"]);
    expect(acked).toEqual([]); // written but not yet synced: nobody is acknowledged

    // Appends arriving while the sync is in flight form the next batch.
    const late = [5, 6].map((i) => log.append(line(`r${i}`)));
    const lateWaits = late.map((offset) => log.durable(offset + 3));
    await file.completeSync();
    await Promise.all(waits);
    expect(acked.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(file.durableText()).toBe("r0\nr1\nr2\nr3\nr4\n");
    await file.completeSync();
    await Promise.all(lateWaits);
    expect(file.calls).toEqual(["write 15", "sync", "write 6", "sync"]);
    expect(log.stats).toEqual({ batches: 2, records: 7 });
    expect(file.durableText()).toBe("r0\nr1\nr2\nr3\nr4\nr5\nr6\n");
  });

  it("fails stop on a full disk: the batch and everything after it are rejected with a typed error and the partial write is cut", async () => {
    const file = fakeFile();
    const log = new AppendLog(file.handle, "test.db", 0);
    await Promise.all([log.durable(log.append(line("ok")) + 3), file.completeSync()]);
    file.failNextWrite("ENOSPC");
    const failing = log.durable(log.append(line("lost")) + 5);
    await expect(failing).rejects.toBeInstanceOf(EmbeddedStoreUnavailableError);
    await expect(failing).rejects.toMatchObject({ code: "STORE_UNAVAILABLE", reason: "disk_full", errno: "ENOSPC" });
    expect(() => log.append(line("after"))).toThrow(EmbeddedStoreUnavailableError);
    await expect(log.durable()).rejects.toMatchObject({ reason: "disk_full" });
    await log.abandon();
    expect(file.calls).toContain("truncate 3");
    expect(file.text()).toBe("ok\n");
  });
});
