/**
 * Child process for the SIGKILL durability test: opens the store in argv[2], then inserts
 * documents and bumps an upserted counter forever, printing each acknowledged write:
 *   "ack <id>"       after insertOne resolved
 *   "count <n>"      after the counter upsert resolved with value n
 */
import { openEmbeddedStore } from "../index";

const dir = process.argv[2];
if (!dir) throw new Error("usage: crash-writer.fixture.ts <dir>");

const store = await openEmbeddedStore({ dir });
const items = store.db().collection("items");
const counters = store.db().collection("counters");
await items.createIndex({ seq: 1 }, { unique: true });
await counters.createIndex({ key: 1 }, { unique: true });
process.stdout.write("ready\n");

for (let seq = 0; ; seq++) {
  const id = `item-${process.pid}-${seq}`;
  await items.insertOne({ _id: id, seq: `${process.pid}-${seq}`, at: new Date(), payload: "x".repeat(200) });
  process.stdout.write(`ack ${id}\n`);
  if (seq % 5 === 0) {
    const counter = await counters.findOneAndUpdate(
      { key: "writes" },
      { $inc: { n: 1 }, $setOnInsert: { createdAt: new Date() } },
      { upsert: true, returnDocument: "after" },
    );
    process.stdout.write(`count ${String(counter?.n)}\n`);
  }
}
