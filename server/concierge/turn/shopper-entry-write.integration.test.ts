/**
 * When a turn's shopper message is stored: with the answer, in one write, when the rule engine answers at
 * once; on its own and first when the model is asked (it is in the transcript while the model works), when
 * another turn is under way, or when the turn fails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { LlmClient, LlmResult } from "../llm/llm-client";
import type { TranscriptEntry } from "../messages";
import { createMetrics } from "../../platform/metrics";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { startWidgetSession } from "../../testing/widget-client";

let t: TestRuntime;
/** What the transcript held when the model was asked, and a gate the test opens to let it answer. */
let seenByModel: TranscriptEntry[] | undefined;
let release: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();
let conversationOf: () => string = () => "";

const model: LlmClient = {
  enabled: true,
  model: "fake",
  thinking: false,
  circuit: null,
  circuitState: () => "closed",
  complete: () => Promise.reject(new Error("not used")),
  async stream(_req, onDelta): Promise<LlmResult> {
    seenByModel = await t.runtime.services.conversations.transcript(conversationOf());
    await gate;
    onDelta("Happy to help.");
    const usage = { promptTokens: 1, completionTokens: 1, reasoningTokens: 0, cachedPromptTokens: 0 };
    return {
      ok: true,
      content: "Happy to help.",
      toolCalls: [],
      usage,
      latencyMs: 1,
      firstTokenMs: 1,
      attempts: 1,
      finishReason: "stop",
      model: "fake",
    };
  },
};

beforeAll(async () => {
  t = await createTestRuntime({ DEEPSEEK_API_KEY: "sk-test" }, {}, { llmClient: model, metrics: createMetrics() });
});
afterAll(() => t.cleanup());
afterEach(() => vi.restoreAllMocks());

async function session() {
  const w = await startWidgetSession(t);
  const conversation = await t.runtime.services.conversations.bySession(w.started.enabled ? w.started.sessionId : "");
  conversationOf = () => conversation._id;
  return { ...w, conversationId: conversation._id };
}

const roles = (entries: TranscriptEntry[]) => entries.map((e) => `${e.seq}:${e.role}`);

describe("the shopper's message of a turn", () => {
  it("is written with the rule engine's answer in one conversation update", async () => {
    const w = await session();
    const repo = t.runtime.repositories.conversations;
    const alone = vi.spyOn(repo, "appendMessages");
    const withState = vi.spyOn(repo, "appendMessagesWithState");
    const sent = await w.caller.chat.send({ action: { kind: "quick_link", link: "gifts_under_300" } });
    expect(sent.engine).toBe("rules");
    expect(alone).not.toHaveBeenCalled();
    expect(withState).toHaveBeenCalledTimes(1);
    expect(withState.mock.calls[0]![1].map((m) => m.role)).toEqual(["shopper", ...sent.entries.slice(1).map(() => "concierge")]);
    const stored = await t.runtime.services.conversations.transcript(w.conversationId);
    expect(roles(stored).slice(-sent.entries.length)).toEqual(roles(sent.entries));
    expect(sent.entries[0]!.seq).toBe(sent.entries[1]!.seq - 1);
  });

  it("is in the transcript before the model is asked, and chat.start answers before the model does", async () => {
    const w = await session();
    gate = new Promise((resolve) => (release = resolve));
    const started = await w.caller.chat.start({ text: "hello, what can you do for me today?" });
    expect(started.shopperEntry.role).toBe("shopper");
    await vi.waitFor(() => expect(seenByModel).toBeDefined());
    expect(seenByModel!.at(-1)).toEqual(started.shopperEntry);
    const handle = t.runtime.services.chat.turn(started.turnId, w.started.enabled ? w.started.sessionId : "")!;
    expect(handle.finished()).toBe(false); // the model is still held at the gate
    release();
    const outcome = await handle.done;
    expect(outcome.engine).toBe("llm");
    expect(outcome.entries[0]!.seq).toBe(started.shopperEntry.seq + 1);
    seenByModel = undefined;
  });

  it("of a turn queued behind a running one is stored at once, and the answers keep the order of the turns", async () => {
    const w = await session();
    gate = new Promise((resolve) => (release = resolve));
    const first = await w.caller.chat.start({ text: "hello, what can you do for me today?" });
    await vi.waitFor(() => expect(seenByModel).toBeDefined());
    const second = await w.caller.chat.start({ action: { kind: "quick_link", link: "gifts_under_300" } });
    expect(second.shopperEntry.seq).toBe(first.shopperEntry.seq + 1);
    const sessionId = w.started.enabled ? w.started.sessionId : "";
    expect(t.runtime.services.chat.turn(first.turnId, sessionId)!.finished()).toBe(false);
    release();
    const one = await t.runtime.services.chat.turn(first.turnId, sessionId)!.done;
    const two = await t.runtime.services.chat.turn(second.turnId, sessionId)!.done;
    expect(one.entries[0]!.seq).toBe(second.shopperEntry.seq + 1);
    expect(two.entries[0]!.seq).toBeGreaterThan(one.lastSeq);
    seenByModel = undefined;
  });

  it("is stored with the error notice when the answer cannot be written, exactly once", async () => {
    const w = await session();
    vi.spyOn(t.runtime.services.conversations, "appendTurn").mockRejectedValueOnce(new Error("disk full"));
    const sent = await w.caller.chat.send({ action: { kind: "quick_link", link: "gifts_under_300" } });
    expect(sent.entries.map((e) => e.role)).toEqual(["shopper", "system"]);
    expect(sent.entries[1]!.message).toMatchObject({ type: "notice", level: "error", retryable: true });
    const stored = await t.runtime.services.conversations.transcript(w.conversationId);
    expect(stored.filter((e) => e.role === "shopper")).toHaveLength(1);
    expect(roles(stored).slice(-2)).toEqual(roles(sent.entries));
  });

  it("fails the call, storing nothing, when nothing can be written", async () => {
    const w = await session();
    const before = await t.runtime.services.conversations.transcript(w.conversationId);
    vi.spyOn(t.runtime.services.conversations, "appendTurn").mockRejectedValueOnce(new Error("disk full"));
    vi.spyOn(t.runtime.services.conversations, "append").mockRejectedValueOnce(new Error("disk full"));
    await expect(w.caller.chat.send({ action: { kind: "quick_link", link: "gifts_under_300" } })).rejects.toThrow();
    expect(await t.runtime.services.conversations.transcript(w.conversationId)).toEqual(before);
  });
});

describe("a rules turn that runs long", () => {
  it("stores the shopper's message on its own after a moment, and chat.start answers then, not at the end", async () => {
    const w = await session();
    const engine = (t.runtime.services.chat as unknown as { engine: { handle: (...args: unknown[]) => Promise<unknown> } }).engine;
    const handle = engine.handle.bind(engine);
    let finish: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    vi.spyOn(engine, "handle").mockImplementationOnce(async (...args: unknown[]) => {
      await slow; // a slow order lookup, say
      return handle(...args);
    });
    const startedAt = Date.now();
    const started = await w.caller.chat.start({ action: { kind: "quick_link", link: "gifts_under_300" } });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(200);
    const stored = await t.runtime.services.conversations.transcript(w.conversationId);
    expect(stored.at(-1)).toEqual(started.shopperEntry);
    const turn = t.runtime.services.chat.turn(started.turnId, w.started.enabled ? w.started.sessionId : "")!;
    expect(turn.finished()).toBe(false);
    finish();
    const outcome = await turn.done;
    expect(outcome.entries[0]!.seq).toBe(started.shopperEntry.seq + 1);
    expect((await t.runtime.services.conversations.transcript(w.conversationId)).filter((e) => e.role === "shopper")).toHaveLength(1);
  });
});
