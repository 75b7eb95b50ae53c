/**
 * A stream that attaches to a running LLM turn (the widget's stream reconnected) starts from the text already
 * sent and then gets every later delta: the answer arrives exactly once, even when part of it was still
 * waiting in the delta coalescer at the moment it attached.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LlmClient, LlmResult } from "../llm/llm-client";
import { createMetrics } from "../../platform/metrics";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { startWidgetSession, textOf } from "../../testing/widget-client";

const SENTENCES = ["Happy to help with that. ", "I can look for rings or track an order. ", "Just tell me what you need."];

let t: TestRuntime;
let turnKnown: () => void = () => undefined;
const known = new Promise<void>((resolve) => (turnKnown = resolve));
let attach: () => void = () => undefined;

/** A model that streams two sentences back to back, lets the test attach, then streams the third. */
const model: LlmClient = {
  enabled: true,
  model: "fake",
  thinking: false,
  circuit: null,
  circuitState: () => "closed",
  complete: () => Promise.reject(new Error("not used")),
  async stream(_req, onDelta): Promise<LlmResult> {
    await known; // the test has the turn's id
    onDelta(SENTENCES[0]!);
    onDelta(SENTENCES[1]!);
    attach(); // synchronously: both sentences are still in the coalescer (it flushes on a timer)
    await new Promise((resolve) => setTimeout(resolve, 100));
    onDelta(SENTENCES[2]!);
    const usage = { promptTokens: 1, completionTokens: 1, reasoningTokens: 0, cachedPromptTokens: 0 };
    return {
      ok: true,
      content: SENTENCES.join(""),
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

describe("a stream attaching to a running turn", () => {
  it("gets the text sent so far and then the rest, never a piece twice", async () => {
    const w = await startWidgetSession(t);
    const { turnId } = await w.caller.chat.start({ text: "hello, what can you do?" });
    const handle = t.runtime.services.chat.turn(turnId, w.started.enabled ? w.started.sessionId : "")!;
    let late = "";
    attach = () => {
      // What chat.stream does for a subscriber that arrives mid-turn.
      late = handle.textSoFar();
      handle.subscribe((event) => {
        if (event.type === "delta") late += event.text;
        if (event.type === "reset") late = "";
      });
    };
    turnKnown();
    const outcome = await handle.done;
    expect(outcome.engine).toBe("llm");
    const stored = textOf(outcome.entries.map((e) => e.message));
    expect(stored).toBe(SENTENCES.join(""));
    expect(late).toBe(stored);
  });
});
