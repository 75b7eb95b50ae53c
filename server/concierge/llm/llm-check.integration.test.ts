import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOpenAiTestServer, type OpenAiTestServer, type Script } from "../../testing/openai-test-server";
import { formatLlmCheck, runLlmCheck, type LlmCheckConfig } from "./llm-check";

let server: OpenAiTestServer;
beforeAll(async () => {
  server = await startOpenAiTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function config(overrides: Partial<LlmCheckConfig> = {}): LlmCheckConfig {
  return {
    apiKey: "sk-live-secret-1234",
    baseUrl: server.baseURL,
    model: "deepseek-v4-flash",
    timeoutMs: 5_000,
    maxRetries: 0,
    thinking: "disabled",
    firstTokenMs: 3_000,
    turnTimeoutMs: 8_000,
    maxOutputTokens: 400,
    reasoningTokens: 2_000,
    pricesPerMTok: { input: 0.14, cachedInput: 0.0028, output: 0.28 },
    ...overrides,
  };
}

const toolCall: Script = { kind: "tool_calls", calls: [{ name: "get_store_hours", arguments: "{}" }] };

describe("npm run llm:check", () => {
  it.each(["disabled", "enabled"] as const)("reports a working tool round with thinking %s", async (thinking) => {
    server.enqueue(toolCall, { kind: "reply", content: "We are open Monday to Saturday, 10:00–18:00." });
    const report = await runLlmCheck(config({ thinking }));
    const text = formatLlmCheck(report);
    expect(report.ok).toBe(true);
    expect(text).toContain("tool call: get_store_hours({})");
    expect(text).toContain("tool round accepted");
    expect(text).toContain(thinking === "enabled" ? "reasoning_content received" : "no reasoning in the answer");
    expect(text).toMatch(/LLM check passed\.$/);
    expect(text).not.toContain("sk-live-secret");
    expect(server.requests[1]!.refused).toBeUndefined();
    expect(server.requests[0]!.body.thinking).toEqual({ type: thinking });
  });

  it.each([
    [401, "auth_failed", "DEEPSEEK_API_KEY"],
    [402, "insufficient_balance", "top it up"],
    [400, "bad_request", "DEEPSEEK_MODEL"],
  ] as const)("explains an HTTP %i (%s)", async (status, reason, hint) => {
    server.enqueue({ kind: "error", status });
    const report = await runLlmCheck(config());
    expect(report.ok).toBe(false);
    const text = formatLlmCheck(report);
    expect(text).toContain(reason);
    expect(text).toContain(hint);
    expect(text).toMatch(/LLM check FAILED\.$/);
  });

  it("warns when the model skips the tool, and fails without a key", async () => {
    server.enqueue({ kind: "reply", content: "We are open every day." });
    const skipped = await runLlmCheck(config());
    expect(skipped.ok).toBe(true);
    expect(skipped.lines.some((l) => l.status === "warn" && l.text.includes("without calling the tool"))).toBe(true);
    const noKey = await runLlmCheck(config({ apiKey: undefined }));
    expect(noKey.ok).toBe(false);
    expect(server.requests).toHaveLength(1);
  });
});
