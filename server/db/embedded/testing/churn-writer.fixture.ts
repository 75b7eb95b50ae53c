/**
 * Child process for the SIGKILL tests of group commit and compaction: opens the store in argv[2]
 * with tiny compaction thresholds, then forever runs rounds of 16 CONCURRENT writes — new documents
 * and new versions of existing ones (so the file keeps filling with dead lines and compacts) —
 * printing each acknowledged write:
 *   "ins <id>"            after insertOne resolved
 *   "ver <id> <version>"  after an update to that version resolved
 *   "compacted <n>"       when the collection has compacted n times so far
 */
import { openEmbeddedStore } from "../index";

const dir = process.argv[2];
if (!dir) throw new Error("usage: churn-writer.fixture.ts <dir>");

const store = await openEmbeddedStore({ dir, compactionMinDeadBytes: 16 * 1024, compactionRatio: 1.5, checkpointMinBytes: 32 * 1024 });
const docs = store.db().collection("docs");
await docs.createIndex({ key: 1 }, { unique: true });
process.stdout.write("ready\n");

const payload = "x".repeat(300);
let compactions = 0;
for (let round = 0; ; round++) {
  await Promise.all(
    Array.from({ length: 16 }, async (_, i) => {
      if (i < 4) {
        const id = `d-${round}-${i}`;
        await docs.insertOne({ _id: id, key: id, version: 0, payload });
        process.stdout.write(`ins ${id}\n`);
      } else {
        // New versions of a small set of hot documents: mostly dead lines.
        const id = `hot-${i}`;
        const after = await docs.findOneAndUpdate(
          { _id: id },
          { $inc: { version: 1 }, $set: { payload }, $setOnInsert: { key: id } },
          { upsert: true, returnDocument: "after" },
        );
        process.stdout.write(`ver ${id} ${String(after?.version)}\n`);
      }
    }),
  );
  const done = store.stats().docs?.compactions ?? 0;
  if (done !== compactions) {
    compactions = done;
    process.stdout.write(`compacted ${done}\n`);
  }
}
