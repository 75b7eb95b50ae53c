import { describe, expect, it } from "vitest";
import type { TranscriptEntry } from "../concierge/messages";
import { contiguousAfter, SEQ_GAP_GRACE_MS, type ConversationsRepository, type MessageDoc } from "../db/repositories/conversations";
import { RealtimeBus } from "../platform/realtime-bus";
import { ConversationService } from "./conversation-service";

/**
 * Two instances append to one conversation: the sequence number is reserved first and the message
 * inserted after, so instance B's seq 6 can be visible (and delivered by the change stream) before
 * instance A's seq 5. A fake store with the repository's read rule stands in for MongoDB.
 */
function fakeStore() {
  const docs: MessageDoc[] = [];
  let clock = Date.now();
  const repo = {
    messagesAfter: async (_id: string, afterSeq: number) =>
      contiguousAfter(
        docs.filter((d) => d.seq > afterSeq).sort((a, b) => a.seq - b.seq),
        afterSeq,
        clock,
      ),
  } as unknown as ConversationsRepository;
  const insert = (seq: number, at = clock) => {
    const doc: MessageDoc = {
      _id: `c1:${seq}`,
      conversationId: "c1",
      seq,
      role: "concierge",
      message: { type: "text", text: `m${seq}` },
      createdAt: new Date(at),
    };
    docs.push(doc);
    return doc;
  };
  return { repo, insert, advance: (ms: number) => (clock += ms) };
}

async function take(it: AsyncGenerator<TranscriptEntry>, n: number): Promise<number[]> {
  const seqs: number[] = [];
  while (seqs.length < n) {
    const next = await it.next();
    if (next.done) break;
    seqs.push(next.value.seq);
  }
  return seqs;
}

describe("following a conversation across instances", () => {
  it("holds seq 6 back until seq 5 arrives, then hands out both in order", async () => {
    const store = fakeStore();
    const service = new ConversationService(store.repo, new RealtimeBus());
    for (const seq of [1, 2, 3, 4]) store.insert(seq);
    const controller = new AbortController();
    const follower = service.follow("c1", 4, controller.signal, 20);
    const received = take(follower, 2);
    await new Promise((r) => setTimeout(r, 10));

    service.deliverExternal(store.insert(6)); // instance B: visible and delivered first
    let settled = false;
    void received.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 80)); // several gap polls: 6 must still be held back
    expect(settled).toBe(false);

    service.deliverExternal(store.insert(5)); // instance A's insert lands
    expect(await received).toEqual([5, 6]);
    controller.abort();
  });

  it("skips a number whose insert failed once the message after it is older than the grace period", async () => {
    const store = fakeStore();
    const service = new ConversationService(store.repo, new RealtimeBus());
    store.insert(1);
    const controller = new AbortController();
    const follower = service.follow("c1", 1, controller.signal, 20);
    const received = take(follower, 1);
    await new Promise((r) => setTimeout(r, 10));
    service.deliverExternal(store.insert(3)); // 2 was reserved but never inserted
    await new Promise((r) => setTimeout(r, 50));
    store.advance(SEQ_GAP_GRACE_MS + 1);
    expect(await received).toEqual([3]);
    controller.abort();
  });

  it("a reload reads only the contiguous part while a gap is fresh (session.messages never skips 5 forever)", () => {
    const now = Date.now();
    const doc = (seq: number, at: number): MessageDoc => ({
      _id: `c:${seq}`,
      conversationId: "c",
      seq,
      role: "shopper",
      message: {},
      createdAt: new Date(at),
    });
    const docs = [doc(4, now), doc(6, now), doc(7, now)];
    expect(contiguousAfter(docs, 3, now).map((d) => d.seq)).toEqual([4]);
    expect(contiguousAfter(docs, 3, now + SEQ_GAP_GRACE_MS).map((d) => d.seq)).toEqual([4, 6, 7]);
    expect(contiguousAfter([doc(5, now)], 4, now).map((d) => d.seq)).toEqual([5]);
  });
});
