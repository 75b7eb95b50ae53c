import { EventEmitter } from "node:events";
import type { ChangeStreamOptions, Db, Document } from "mongodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startChangeStreamFeed, type ChangeStreamLike } from "./change-stream-feed";
import type { MessageDoc } from "./repositories/conversations";

/** A change stream the test drives: emits changes, errors and closes like the driver's. */
class FakeStream extends EventEmitter implements ChangeStreamLike {
  closed = false;
  constructor(readonly options: ChangeStreamOptions) {
    super();
  }
  async close() {
    this.closed = true;
  }
  insert(seq: number) {
    const doc: MessageDoc = {
      _id: `c1:${seq}`,
      conversationId: "c1",
      seq,
      role: "stylist",
      message: { type: "text", text: "hi" },
      createdAt: new Date(),
    };
    this.emit("change", { _id: { _data: `token-${seq}` }, operationType: "insert", fullDocument: doc });
  }
  invalidate() {
    this.emit("change", { _id: { _data: "token-invalidate" }, operationType: "invalidate" });
    this.emit("close");
  }
}

const silent = { info: () => undefined, warn: () => undefined };

function harness(extra: { supported?: boolean } = {}) {
  const streams: FakeStream[] = [];
  const delivered: number[] = [];
  const gaps = vi.fn();
  const feed = startChangeStreamFeed({} as Db, (doc) => delivered.push(doc.seq), silent, {
    openStream: (_pipeline: Document[], options) => {
      const s = new FakeStream(options);
      streams.push(s);
      return s;
    },
    supportsChangeStreams: async () => extra.supported ?? true,
    onGap: gaps,
    backoff: { initialMs: 100, maxMs: 1_000 },
    random: () => 1,
  });
  return { streams, delivered, gaps, feed };
}

async function until(check: () => boolean) {
  await vi.waitFor(() => {
    if (!check()) throw new Error("not yet");
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("change-stream feed", () => {
  it("reopens after an invalidate (close without error) starting after the invalidate, and asks followers to re-read", async () => {
    const h = harness();
    await until(() => h.streams.length === 1);
    h.streams[0]!.insert(1);
    h.streams[0]!.invalidate();
    expect(h.gaps).toHaveBeenCalledTimes(1);
    await until(() => h.streams.length === 2);
    expect(h.streams[1]!.options).toEqual({ startAfter: { _data: "token-invalidate" } });
    h.streams[1]!.insert(2);
    expect(h.delivered).toEqual([1, 2]);
    await h.feed.stop();
  });

  it("resumes after an error from its last token, so no event in between is lost", async () => {
    const h = harness();
    await until(() => h.streams.length === 1);
    h.streams[0]!.insert(5);
    h.streams[0]!.emit("error", Object.assign(new Error("connection reset"), { code: 6 }));
    h.streams[0]!.emit("close");
    await until(() => h.streams.length === 2);
    expect(h.streams[0]!.closed).toBe(true);
    expect(h.streams[1]!.options).toEqual({ resumeAfter: { _data: "token-5" } });
    expect(h.gaps).not.toHaveBeenCalled();
    await h.feed.stop();
  });

  it("a token the server cannot resume from (history lost) reopens afresh and reports the gap", async () => {
    const h = harness();
    await until(() => h.streams.length === 1);
    h.streams[0]!.insert(5);
    h.streams[0]!.emit("error", Object.assign(new Error("resume point no longer in the oplog"), { code: 286 }));
    await until(() => h.streams.length === 2);
    expect(h.streams[1]!.options).toEqual({});
    expect(h.gaps).toHaveBeenCalledTimes(1);
    await h.feed.stop();
  });

  it("backs off exponentially between failed reopens and resets after a delivered change", async () => {
    vi.useFakeTimers();
    const h = harness();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.streams).toHaveLength(1);
    const fail = (i: number) => h.streams[i]!.emit("error", Object.assign(new Error("boom"), { code: 6 }));
    fail(0);
    await vi.advanceTimersByTimeAsync(99);
    expect(h.streams).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.streams).toHaveLength(2); // 100 ms
    fail(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(h.streams).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.streams).toHaveLength(3); // 200 ms
    fail(2);
    await vi.advanceTimersByTimeAsync(400);
    expect(h.streams).toHaveLength(4); // 400 ms
    expect(h.feed.state().failures).toBe(3);
    h.streams[3]!.insert(1);
    expect(h.feed.state().failures).toBe(0);
    await h.feed.stop();
  });

  it("stops for good on a standalone server, found by hello or by error code (not by message text)", async () => {
    const standalone = harness({ supported: false });
    await new Promise((r) => setTimeout(r, 20));
    expect(standalone.streams).toHaveLength(0);
    await standalone.feed.stop();

    const h = harness();
    await until(() => h.streams.length === 1);
    h.streams[0]!.emit("error", Object.assign(new Error("something else entirely"), { code: 40573 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.streams).toHaveLength(1);
    await h.feed.stop();
  });
});
