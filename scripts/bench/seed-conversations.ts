/**
 * Bench helper: grows an embedded store (stopped app) to N stored conversations by cloning one real
 * conversation already in it — its conversation document and its first M transcript messages — with
 * fresh ids, sessions and creation times spread over the last 90 days. Writes through the engine's
 * public API (insertMany in batches), so the files are exactly what the app itself would write.
 *
 *   node --import tsx scripts/bench/seed-conversations.ts <storeDir> <conversations> [messagesEach=10]
 *
 * Prints one JSON line: { conversations, messages, seconds }.
 */
import { randomBytes } from "node:crypto";
import { openEmbeddedStore } from "../../server/db/embedded/index";

type Doc = Record<string, unknown> & { _id: string };

const [dir, targetArg, messagesArg] = process.argv.slice(2);
const target = Number(targetArg);
const perConversation = Number(messagesArg ?? 10);
if (!dir || !Number.isInteger(target) || target < 1 || !Number.isInteger(perConversation) || perConversation < 1) {
  console.error("usage: seed-conversations.ts <storeDir> <conversations> [messagesEach=10]");
  process.exit(2);
}

const started = performance.now();
const store = await openEmbeddedStore({ dir, ttlSweepIntervalMs: 24 * 60 * 60 * 1000 });
try {
  const conversations = store.db().collection<Doc>("conversations");
  const messages = store.db().collection<Doc>("conversationMessages");
  const template = (await conversations.find({ lastSeq: { $gte: perConversation } }, { sort: { lastSeq: -1 }, limit: 1 }).toArray())[0];
  if (!template) throw new Error(`no conversation with at least ${perConversation} messages to clone in ${dir}`);
  const templateMessages = await messages.find({ conversationId: template._id }, { sort: { seq: 1 }, limit: perConversation }).toArray();
  let have = await conversations.countDocuments({});
  const now = Date.now();
  const batchSize = 500;
  let inserted = 0;
  while (have < target) {
    const n = Math.min(batchSize, target - have);
    const convBatch: Doc[] = [];
    const msgBatch: Doc[] = [];
    for (let i = 0; i < n; i++) {
      const id = `conv_${randomBytes(12).toString("base64url")}`;
      const createdAt = new Date(now - Math.floor(Math.random() * 90 * 24 * 3600 * 1000));
      // Shallow copies are enough: the engine validates and copies every document it stores.
      convBatch.push({
        ...template,
        _id: id,
        sessionId: `s_${randomBytes(16).toString("base64url")}`,
        visitorId: `seed${randomBytes(8).toString("hex")}`,
        lastSeq: templateMessages.length,
        createdAt,
        updatedAt: createdAt,
      });
      for (const m of templateMessages) {
        msgBatch.push({ ...m, _id: `${id}:${String(m.seq)}`, conversationId: id, createdAt });
      }
    }
    await conversations.insertMany(convBatch);
    await messages.insertMany(msgBatch);
    have += n;
    inserted += n;
  }
  console.log(
    JSON.stringify({
      conversations: have,
      inserted,
      messagesEach: templateMessages.length,
      seconds: (performance.now() - started) / 1000,
    }),
  );
} finally {
  await store.close();
}
