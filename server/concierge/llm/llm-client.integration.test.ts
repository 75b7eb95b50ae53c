import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startOpenAiTestServer, type OpenAiTestServer } from "../../testing/openai-test-server";
import type { CircuitStateChange } from "./circuit-breaker";
import {
  createLlmClient,
  disabledLlmClient,
  FALLBACK_REASONS,
  llmClientFromConfig,
  type LlmClientOptions,
  type LlmFailure,
  type LlmResult,
  type LlmSuccess,
} from "./llm-client";
import { parseToolArguments, zodToTool } from "./tool-schema";

let server: OpenAiTestServer;

beforeAll(async () => {
  server = await startOpenAiTestServer();
});
afterEach(() => {
  expect(server.pending(), "every queued script should be consumed").toBe(0);
  server.reset();
});
afterAll(() => server.close());

const MODEL = "deepseek-v4-flash";
const messages = [
  { role: "system" as const, content: "You are Aurora, a jewelry concierge." },
  { role: "user" as const, content: "Show me gold hoops under $300" },
];

function client(overrides: Partial<LlmClientOptions> = {}) {
  return createLlmClient({ apiKey: "sk-test", baseURL: server.baseURL, model: MODEL, timeoutMs: 2_000, maxRetries: 0, ...overrides });
}

function ok(result: LlmResult): LlmSuccess {
  if (!result.ok) throw new Error(`expected success, got ${result.reason}: ${result.detail}`);
  return result;
}

function failed(result: LlmResult): LlmFailure {
  if (result.ok) throw new Error(`expected failure, got success: ${result.content}`);
  return result;
}

const searchTool = zodToTool(
  "search_products",
  "Search the catalog",
  z.object({ query: z.string().min(1), maxPrice: z.number().positive().optional() }),
);

describe("LlmClient.complete", () => {
  it("returns content, usage and latency for a plain reply, sending model/messages/tools/max_tokens", async () => {
    server.enqueue({ kind: "reply", content: "Here are three gold hoops.", usage: { prompt_tokens: 42, completion_tokens: 7 } });
    const result = ok(await client().complete({ messages, tools: [searchTool], maxTokens: 256 }));
    expect(result).toMatchObject({
      content: "Here are three gold hoops.",
      toolCalls: [],
      usage: { promptTokens: 42, completionTokens: 7 },
      finishReason: "stop",
      model: MODEL,
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const body = server.requests[0]!.body;
    expect(body).toMatchObject({ model: MODEL, messages, max_tokens: 256, tools: [searchTool] });
    expect(body.stream).toBeFalsy();
    expect(server.requests[0]!.headers.authorization).toBe("Bearer sk-test");
  });

  it("returns tool calls with raw arguments (malformed ones untouched)", async () => {
    server.enqueue({
      kind: "tool_calls",
      calls: [
        { id: "call_1", name: "search_products", arguments: '{"query":"gold hoops","maxPrice":300}' },
        { id: "call_2", name: "search_products", arguments: '{"query": "rings", ' },
      ],
    });
    const result = ok(await client().complete({ messages, tools: [searchTool] }));
    expect(result.finishReason).toBe("tool_calls");
    expect(result.content).toBe("");
    expect(result.toolCalls).toEqual([
      { id: "call_1", name: "search_products", arguments: '{"query":"gold hoops","maxPrice":300}' },
      { id: "call_2", name: "search_products", arguments: '{"query": "rings", ' },
    ]);
    const schema = z.object({ query: z.string().min(1), maxPrice: z.number().positive().optional() });
    expect(parseToolArguments(schema, result.toolCalls[0]!.arguments)).toEqual({
      ok: true,
      value: { query: "gold hoops", maxPrice: 300 },
    });
    const bad = parseToolArguments(schema, result.toolCalls[1]!.arguments);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/not valid JSON/);
  });

  it("429 with maxRetries 0 → rate_limited (status kept)", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfterSeconds: 30 });
    const result = failed(await client().complete({ messages }));
    expect(result).toMatchObject({ reason: "rate_limited", status: 429, partialContent: "" });
    expect(server.requests).toHaveLength(1);
  });

  it("429 with retry-after 0 and maxRetries 1 → the SDK retries and succeeds", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfterSeconds: 0 }, { kind: "reply", content: "Second time lucky" });
    const started = Date.now();
    const result = ok(await client({ maxRetries: 1 }).complete({ messages }));
    expect(result.content).toBe("Second time lucky");
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("500 / 502 / 503 → server_error; 409 → client_error", async () => {
    const c = client();
    for (const status of [500, 502, 503] as const) {
      server.enqueue({ kind: "error", status, message: `boom ${status}` });
      const result = failed(await c.complete({ messages }));
      expect(result.reason).toBe("server_error");
      expect(result.status).toBe(status);
      expect(result.detail).toContain(`boom ${status}`);
    }
    server.enqueue({ kind: "raw", status: 409, body: JSON.stringify({ error: { message: "conflict", type: "invalid_request_error" } }) });
    expect(failed(await c.complete({ messages }))).toMatchObject({ reason: "client_error", status: 409 });
    expect(c.circuitState()).toBe("closed");
  });

  it.each([
    [400, "bad_request"],
    [422, "bad_request"],
    [402, "insufficient_balance"],
    [401, "auth_failed"],
  ] as const)(
    "HTTP %i means misconfigured (%s): the circuit opens at once and later calls never reach the network",
    async (status, reason) => {
      const c = client({ circuit: { failureThreshold: 100, misconfiguredCooldownMs: 60_000 } });
      server.enqueue({ kind: "error", status });
      expect(failed(await c.complete({ messages }))).toMatchObject({ reason, status });
      expect(c.circuitState()).toBe("open");
      expect(c.circuit?.stats().trippedBy).toBe(reason);
      const next = failed(await c.stream({ messages }, () => {}));
      expect(next.reason).toBe("circuit_open");
      expect(next.detail).toContain(`misconfigured: ${reason}`);
      expect(server.requests).toHaveLength(1);
    },
  );

  it("401 without a usable key → auth_failed", async () => {
    const noAuth = createLlmClient({
      apiKey: "sk-test",
      baseURL: server.baseURL,
      model: MODEL,
      timeoutMs: 2_000,
      maxRetries: 0,
      // Strip the Authorization header the SDK adds, as a misconfigured proxy would.
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete("authorization");
        return fetch(input, { ...init, headers });
      },
    });
    const result = failed(await noAuth.complete({ messages }));
    expect(result).toMatchObject({ reason: "auth_failed", status: 401 });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("a hung server past a 300 ms timeout → timeout quickly, without leaking the socket", async () => {
    server.enqueue({ kind: "hang" });
    const started = Date.now();
    const result = failed(await client({ timeoutMs: 300 }).complete({ messages }));
    const took = Date.now() - started;
    expect(result.reason).toBe("timeout");
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2_000);
    await expect.poll(() => server.inFlight()).toBe(0);
  });

  it("an answer without choices, or that is not JSON → malformed_response", async () => {
    server.enqueue(
      { kind: "raw", body: JSON.stringify({ id: "chatcmpl-x", object: "chat.completion", model: MODEL, choices: [] }) },
      { kind: "raw", body: '{"id": "chatcmpl-x", "choices": [' },
      { kind: "raw", body: "<html>gateway</html>", contentType: "text/html" },
      {
        kind: "raw",
        body: JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: 42 }, finish_reason: "stop" }] }),
      },
    );
    const c = client();
    for (let i = 0; i < 4; i++) {
      expect(failed(await c.complete({ messages })).reason).toBe("malformed_response");
    }
  });

  it("connection refused → network", async () => {
    const dead = await startOpenAiTestServer();
    const baseURL = dead.baseURL;
    await dead.close();
    const result = failed(await client({ baseURL }).complete({ messages }));
    expect(result.reason).toBe("network");
  });

  it("a response cut in the middle of the body → network", async () => {
    server.enqueue({ kind: "drop_mid_stream", content: "This answer will never arrive in full, sorry." });
    const result = failed(await client().complete({ messages }));
    expect(result.reason).toBe("network");
  });

  it("caller abort → aborted (and not counted by the circuit)", async () => {
    server.enqueue({ kind: "hang" });
    const c = client({ circuit: { failureThreshold: 1 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = failed(await c.complete({ messages, signal: controller.signal }));
    expect(result.reason).toBe("aborted");
    expect(c.circuitState()).toBe("closed");
    // An already-aborted signal never reaches the network.
    const before = server.requests.length;
    expect(failed(await c.complete({ messages, signal: AbortSignal.abort() })).reason).toBe("aborted");
    expect(server.requests.length).toBe(before);
    await expect.poll(() => server.inFlight()).toBe(0);
  });
});

describe("LlmClient.stream", () => {
  it("delivers several deltas whose concatenation is the content, and sends stream_options.include_usage", async () => {
    const text = "Our 14k gold hoops start at $189 and come in three sizes.";
    server.enqueue({ kind: "reply", content: text, usage: { prompt_tokens: 30, completion_tokens: 14 } });
    const deltas: string[] = [];
    const result = ok(await client().stream({ messages }, (d) => deltas.push(d)));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(text);
    expect(result).toMatchObject({ content: text, toolCalls: [], finishReason: "stop", usage: { promptTokens: 30, completionTokens: 14 } });
    expect(server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("delivers deltas as they arrive (before the stream ends)", async () => {
    server.enqueue({ kind: "reply", content: "one two three four", chunkDelayMs: 40 });
    const arrivals: number[] = [];
    const started = Date.now();
    const result = ok(await client().stream({ messages }, () => arrivals.push(Date.now() - started)));
    const total = Date.now() - started;
    expect(result.content).toBe("one two three four");
    expect(arrivals[0]!).toBeLessThan(total - 100);
  });

  it("reassembles streamed tool calls (arguments split across chunks), without passing them to onDelta", async () => {
    server.enqueue({
      kind: "tool_calls",
      content: "Let me look.",
      calls: [
        { id: "call_x", name: "search_products", arguments: '{"query":"pearl earrings","maxPrice":150}' },
        { name: "get_policy", arguments: '{"topic":"returns"}' },
      ],
      chunkSize: 3,
    });
    const deltas: string[] = [];
    const result = ok(await client().stream({ messages, tools: [searchTool] }, (d) => deltas.push(d)));
    expect(deltas.join("")).toBe("Let me look.");
    expect(result.finishReason).toBe("tool_calls");
    expect(result.toolCalls).toHaveLength(2);
    expect(result.toolCalls[0]).toEqual({ id: "call_x", name: "search_products", arguments: '{"query":"pearl earrings","maxPrice":150}' });
    expect(result.toolCalls[1]!.name).toBe("get_policy");
    expect(result.toolCalls[1]!.id).toMatch(/^call_/);
    expect(JSON.parse(result.toolCalls[1]!.arguments)).toEqual({ topic: "returns" });
  });

  it("streams malformed tool-call arguments back raw", async () => {
    server.enqueue({ kind: "tool_calls", calls: [{ name: "search_products", arguments: '{"query": tiaras}' }] });
    const result = ok(await client().stream({ messages }, () => {}));
    expect(result.toolCalls[0]!.arguments).toBe('{"query": tiaras}');
    const parsed = parseToolArguments(z.object({ query: z.string() }), result.toolCalls[0]!.arguments);
    expect(parsed.ok).toBe(false);
  });

  it("a connection dropped mid-stream → stream_interrupted with the partial content already delivered", async () => {
    const text = "Pearls are timeless and pair well with white gold settings.";
    server.enqueue({ kind: "drop_mid_stream", content: text, chunkSize: 5 });
    const deltas: string[] = [];
    const result = failed(await client().stream({ messages }, (d) => deltas.push(d)));
    expect(result.reason).toBe("stream_interrupted");
    expect(deltas.length).toBeGreaterThan(0);
    expect(result.partialContent).toBe(deltas.join(""));
    expect(text.startsWith(result.partialContent)).toBe(true);
    expect(result.partialContent.length).toBeLessThan(text.length);
  });

  it("a stream that stalls after the headers → stream_stalled, partial content kept", async () => {
    server.enqueue({ kind: "reply", content: "slow slow slow", chunkSize: 5, stallAfterDeltas: 1 });
    const started = Date.now();
    const result = failed(await client({ timeoutMs: 300 }).stream({ messages }, () => {}));
    expect(result.reason).toBe("stream_stalled");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result.partialContent).toBe("slow ");
    await expect.poll(() => server.inFlight()).toBe(0);
  });

  it("a hung server before any byte → timeout", async () => {
    server.enqueue({ kind: "hang" });
    const result = failed(await client({ timeoutMs: 300 }).stream({ messages }, () => {}));
    expect(["timeout", "first_token_timeout"]).toContain(result.reason);
    await expect.poll(() => server.inFlight()).toBe(0);
  });

  it("HTTP errors map the same way as complete()", async () => {
    server.enqueue({ kind: "error", status: 503 }, { kind: "error", status: 429 });
    const c = client();
    expect(failed(await c.stream({ messages }, () => {})).reason).toBe("server_error");
    expect(failed(await c.stream({ messages }, () => {})).reason).toBe("rate_limited");
  });

  it("caller abort mid-stream → aborted with partialContent", async () => {
    server.enqueue({ kind: "reply", content: "a b c d e f g h i j", chunkSize: 2, chunkDelayMs: 30 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const result = failed(
      await client().stream({ messages, signal: controller.signal }, (d) => {
        deltas.push(d);
        if (deltas.length === 2) controller.abort();
      }),
    );
    expect(result.reason).toBe("aborted");
    expect(result.partialContent).toBe(deltas.join(""));
    await expect.poll(() => server.inFlight()).toBe(0);
  });

  it("an onDelta that throws aborts the request and rethrows", async () => {
    server.enqueue({ kind: "reply", content: "abcdefghijkl", chunkDelayMs: 20 });
    const c = client({ circuit: { failureThreshold: 1 } });
    await expect(
      c.stream({ messages }, () => {
        throw new Error("render failed");
      }),
    ).rejects.toThrow("render failed");
    expect(c.circuitState()).toBe("closed");
    await expect.poll(() => server.inFlight()).toBe(0);
  });
});

describe("circuit breaker integration", () => {
  it("opens after N failures, short-circuits without a request, half-opens after the cooldown, closes on success", async () => {
    let now = 1_000_000;
    const changes: CircuitStateChange[] = [];
    const c = client({
      now: () => now,
      circuit: { failureThreshold: 3, cooldownMs: 30_000, onStateChange: (ch) => changes.push(ch) },
    });
    server.enqueue({ kind: "error", status: 500 }, { kind: "error", status: 502 }, { kind: "error", status: 503 });
    for (let i = 0; i < 3; i++) expect(failed(await c.complete({ messages })).reason).toBe("server_error");
    expect(c.circuitState()).toBe("open");
    expect(server.requests).toHaveLength(3);

    const shortCircuited = failed(await c.complete({ messages }));
    expect(shortCircuited.reason).toBe("circuit_open");
    expect(shortCircuited.latencyMs).toBeLessThan(50);
    expect(failed(await c.stream({ messages }, () => {})).reason).toBe("circuit_open");
    expect(server.requests).toHaveLength(3); // no network call while open

    now += 30_000;
    expect(c.circuitState()).toBe("half_open");
    server.enqueue({ kind: "reply", content: "back online" });
    expect(ok(await c.complete({ messages })).content).toBe("back online");
    expect(c.circuitState()).toBe("closed");
    expect(server.requests).toHaveLength(4);
    expect(changes.map((ch) => `${ch.from}->${ch.to}`)).toEqual(["closed->open", "open->half_open", "half_open->closed"]);
  });

  it("a failed trial re-opens the circuit", async () => {
    let now = 0;
    const c = client({ now: () => now, circuit: { failureThreshold: 1, cooldownMs: 1_000 } });
    server.enqueue({ kind: "error", status: 502 });
    expect(failed(await c.complete({ messages })).reason).toBe("server_error");
    expect(c.circuitState()).toBe("open");
    now += 1_000;
    server.enqueue({ kind: "error", status: 500 });
    expect(failed(await c.complete({ messages })).reason).toBe("server_error");
    expect(c.circuitState()).toBe("open");
    expect(failed(await c.complete({ messages })).reason).toBe("circuit_open");
    await expect.poll(() => server.inFlight()).toBe(0);
  });

  it("other client errors and aborts do not open the circuit; timeouts, 429s and stream cuts do", async () => {
    const c = client({ timeoutMs: 300, circuit: { failureThreshold: 3, failureRateThreshold: 1 } });
    const conflict = { kind: "raw", status: 409, body: JSON.stringify({ error: { message: "conflict" } }) } as const;
    server.enqueue(conflict, conflict, conflict);
    for (let i = 0; i < 3; i++) await c.complete({ messages });
    expect(c.circuitState()).toBe("closed");
    server.enqueue({ kind: "error", status: 429 }, { kind: "hang" }, { kind: "drop_mid_stream", content: "abcdefgh" });
    expect(failed(await c.complete({ messages })).reason).toBe("rate_limited");
    expect(failed(await c.complete({ messages })).reason).toBe("timeout");
    expect(failed(await c.stream({ messages }, () => {})).reason).toBe("stream_interrupted");
    expect(c.circuitState()).toBe("open");
    await expect.poll(() => server.inFlight()).toBe(0);
  });
});

describe("disabled client and config helper", () => {
  it("disabledLlmClient always answers no_api_key without a request", async () => {
    const c = disabledLlmClient();
    expect(c.enabled).toBe(false);
    expect(failed(await c.complete({ messages })).reason).toBe("no_api_key");
    const deltas: string[] = [];
    expect(failed(await c.stream({ messages }, (d) => deltas.push(d))).reason).toBe("no_api_key");
    expect(deltas).toEqual([]);
    expect(c.circuitState()).toBe("closed");
    expect(server.requests).toHaveLength(0);
  });

  it("an empty key or a config without a key gives the disabled client", async () => {
    expect(createLlmClient({ apiKey: " ", baseURL: server.baseURL, model: MODEL, timeoutMs: 1_000, maxRetries: 0 }).enabled).toBe(false);
    const cfg = { apiKey: undefined, baseUrl: "https://api.deepseek.com", model: MODEL, timeoutMs: 15_000, maxRetries: 1 };
    expect(llmClientFromConfig(cfg).enabled).toBe(false);
    const enabled = llmClientFromConfig({ ...cfg, apiKey: "sk-x", baseUrl: server.baseURL });
    expect(enabled.enabled).toBe(true);
    server.enqueue({ kind: "reply", content: "configured" });
    expect(ok(await enabled.complete({ messages })).content).toBe("configured");
  });

  it("exports the full list of fallback reasons", () => {
    expect([...FALLBACK_REASONS].sort()).toEqual(
      [
        "aborted",
        "auth_failed",
        "bad_request",
        "circuit_open",
        "client_error",
        "first_token_timeout",
        "insufficient_balance",
        "malformed_response",
        "network",
        "no_api_key",
        "rate_limited",
        "server_error",
        "stream_interrupted",
        "stream_stalled",
        "timeout",
        "turn_deadline",
      ].sort(),
    );
  });
});

describe("DeepSeek protocol", () => {
  it("thinking disabled (the default): says so explicitly and sends DeepSeek's sampling defaults", async () => {
    server.enqueue({ kind: "reply", content: "Hello." });
    const result = ok(await client().complete({ messages }));
    expect(result.reasoningContent).toBeUndefined();
    expect(server.requests[0]!.body).toMatchObject({ thinking: { type: "disabled" }, temperature: 1, top_p: 1 });
    expect(server.requests[0]!.thinking).toBe(false);
  });

  it("thinking enabled: no sampling parameters, reasoning kept apart from the content (and never streamed to onDelta)", async () => {
    const c = client({ thinking: "enabled", reasoningEffort: "high" });
    expect(c.thinking).toBe(true);
    server.enqueue({ kind: "reply", content: "Gold hoops it is.", reasoning: "The shopper wants hoops; keep it short." });
    const deltas: string[] = [];
    const result = ok(await c.stream({ messages }, (d) => deltas.push(d)));
    expect(deltas.join("")).toBe("Gold hoops it is.");
    expect(result.reasoningContent).toBe("The shopper wants hoops; keep it short.");
    expect(result.usage.reasoningTokens).toBeGreaterThan(0);
    const body = server.requests[0]!.body;
    expect(body).toMatchObject({ thinking: { type: "enabled" }, reasoning_effort: "high" });
    expect(body.temperature).toBeUndefined();
    expect(body.top_p).toBeUndefined();
  });

  it("reads DeepSeek's usage: cache hits and reasoning tokens", async () => {
    const c = client({ thinking: "enabled" });
    const long = [{ role: "system" as const, content: "x".repeat(4_000) }, ...messages];
    server.enqueue({ kind: "reply", content: "one" }, { kind: "reply", content: "two" });
    ok(await c.complete({ messages: long }));
    const second = ok(await c.complete({ messages: long }));
    expect(second.usage.cachedPromptTokens).toBeGreaterThan(0);
    expect(second.usage.cachedPromptTokens).toBeLessThanOrEqual(second.usage.promptTokens);
    expect(second.usage.reasoningTokens).toBeGreaterThan(0);
  });

  it("SSE keep-alive comments are not a first token: the deadline still fires", async () => {
    server.enqueue({ kind: "hang", keepAlive: true, keepAliveIntervalMs: 20 });
    const timing = { firstTokenMs: 300, stallMs: 300, totalMs: 5_000 };
    const started = Date.now();
    const result = failed(await client({ timeoutMs: 10_000 }).stream({ messages, timing }, () => {}));
    expect(result.reason).toBe("first_token_timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => server.inFlight()).toBe(0);
  });

  it("an answer that waited in DeepSeek's queue (keep-alives first) still arrives when it fits the deadline", async () => {
    server.enqueue({ kind: "reply", content: "Worth the wait.", queueMs: 150 }, { kind: "reply", content: "Plain too.", queueMs: 150 });
    const timing = { firstTokenMs: 3_000, stallMs: 3_000, totalMs: 5_000 };
    const c = client();
    expect(ok(await c.stream({ messages, timing }, () => {})).content).toBe("Worth the wait.");
    expect(ok(await c.complete({ messages, timing })).content).toBe("Plain too.");
  });

  it("the whole budget bounds a slow stream → turn_deadline", async () => {
    server.enqueue({ kind: "reply", content: "a slow answer that keeps trickling in", chunkSize: 2, chunkDelayMs: 60 });
    const timing = { firstTokenMs: 1_000, stallMs: 1_000, totalMs: 400 };
    const result = failed(await client().stream({ messages, timing }, () => {}));
    expect(result.reason).toBe("turn_deadline");
    expect(result.partialContent.length).toBeGreaterThan(0);
    await expect.poll(() => server.inFlight()).toBe(0);
  });

  it("retries a 503 inside the budget", async () => {
    server.enqueue({ kind: "error", status: 503 }, { kind: "reply", content: "Back." });
    const result = ok(
      await client({ maxRetries: 1 }).stream({ messages, timing: { firstTokenMs: 3_000, stallMs: 3_000, totalMs: 5_000 } }, () => {}),
    );
    expect(result.content).toBe("Back.");
    expect(result.attempts).toBe(2);
  });

  it("does not retry when retry-after would overrun the first-token deadline", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfterSeconds: 5 });
    const started = Date.now();
    const result = failed(
      await client({ maxRetries: 3 }).stream({ messages, timing: { firstTokenMs: 1_000, stallMs: 1_000, totalMs: 5_000 } }, () => {}),
    );
    expect(result.reason).toBe("rate_limited");
    expect(result.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("never retries once part of an answer arrived", async () => {
    server.enqueue({ kind: "drop_mid_stream", content: "This will be cut somewhere in the middle." });
    const result = failed(await client({ maxRetries: 2 }).stream({ messages }, () => {}));
    expect(result.reason).toBe("stream_interrupted");
    expect(server.requests).toHaveLength(1);
  });
});
