import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LlmTurnOutcome } from "../llm/engine";
import { createMetrics } from "../../platform/metrics";
import { startOpenAiTestServer, type OpenAiTestServer } from "../../testing/openai-test-server";
import { scriptedModel } from "../../testing/scripted-model";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { evaluateConversations, formatConversationReport } from "./conversation-eval";
import { CONVERSATIONS } from "./conversations";
import { formatLlmSummary, percentile, summariseLlmRun } from "./llm-eval-report";

/** eval:llm's machinery in CI on a slice of the tuning set: the scripted model in thinking mode, faults on. */
describe("eval:llm (scripted model, thinking enabled)", () => {
  let server: OpenAiTestServer;
  let t: TestRuntime;
  const metrics = createMetrics();
  const outcomes: LlmTurnOutcome[] = [];

  beforeAll(async () => {
    server = await startOpenAiTestServer({ responder: scriptedModel({ latencyScale: 0.1, slowFirstTokenMs: 3_000 }) });
    t = await createTestRuntime(
      {
        DEEPSEEK_API_KEY: "scripted",
        DEEPSEEK_BASE_URL: server.baseURL,
        DEEPSEEK_THINKING: "enabled",
        DEEPSEEK_FIRST_TOKEN_MS: "2000",
        DEEPSEEK_TURN_TIMEOUT_MS: "8000",
      },
      {},
      { metrics, onLlmTurn: (o) => outcomes.push(o) },
    );
  });
  afterAll(async () => {
    await t.cleanup();
    await server.close();
  });

  it("runs conversations through the LLM engine and reports accuracy, fallbacks, first tokens and cost", async () => {
    const slice = CONVERSATIONS.filter((_, i) => i % 6 === 0);
    const report = await evaluateConversations(slice, t, { concurrency: 4 });
    const summary = await summariseLlmRun(outcomes, metrics, report.turns);
    const text = `${formatConversationReport("slice", report)}\n${formatLlmSummary(summary)}`;
    expect(report.turns, text).toBeGreaterThan(20);
    expect(summary.llmTurns, text).toBeGreaterThan(report.turns / 2);
    // A plausible model on the tools gets most turns right; its mistakes are caught, not shown.
    expect(report.turnsOk / report.turns, text).toBeGreaterThanOrEqual(0.75);
    expect(summary.answeredByLlm / summary.llmTurns, text).toBeGreaterThanOrEqual(0.8);
    expect(summary.firstToken.samples, text).toBeGreaterThan(0);
    expect(summary.firstText.p50Ms, text).toBeGreaterThanOrEqual(summary.firstToken.p50Ms);
    expect(summary.tokens.reasoning, text).toBeGreaterThan(0);
    expect(summary.costUsd, text).toBeGreaterThan(0);
    expect(text).toMatch(/time to first token: p50 \d+ ms · p95 \d+ ms/);
    // Every thinking-mode tool round passed its reasoning back: DeepSeek's rule never refused a request.
    expect(server.requests.filter((r) => r.refused)).toEqual([]);
    expect(
      server.requests.some((r) => r.body.messages?.some((m) => m.role === "assistant" && typeof m.reasoning_content === "string")),
    ).toBe(true);
  });

  it("percentile is nearest-rank", () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
  });
});
