import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { splitText, startOpenAiTestServer, type OpenAiTestServer } from "./openai-test-server";

let server: OpenAiTestServer;
let sdk: OpenAI;

beforeAll(async () => {
  server = await startOpenAiTestServer();
  sdk = new OpenAI({ apiKey: "sk-test", baseURL: server.baseURL, maxRetries: 0, timeout: 5_000 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

async function rawPost(body: unknown, headers: Record<string, string> = { authorization: "Bearer sk-test" }) {
  return fetch(`${server.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function sseEvents(res: Response): Promise<string[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => block.replace(/^data: /, ""));
}

describe("openai-test-server", () => {
  it("listens on 127.0.0.1 with a /v1 base URL", () => {
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("answers a plain completion through the SDK and records the request", async () => {
    server.enqueue({ kind: "reply", content: "Hello there", usage: { prompt_tokens: 11, completion_tokens: 3 } });
    const res = await sdk.chat.completions.create({ model: "deepseek-v4-flash", messages: [{ role: "user", content: "hi" }] });
    expect(res.object).toBe("chat.completion");
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res.model).toBe("deepseek-v4-flash");
    expect(res.choices[0]?.message.content).toBe("Hello there");
    expect(res.choices[0]?.finish_reason).toBe("stop");
    expect(res.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body.messages).toEqual([{ role: "user", content: "hi" }]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-test");
    expect(server.requests[0]?.script).toBe("reply");
    expect(server.pending()).toBe(0);
  });

  it("streams OpenAI-format chunks, with a usage chunk and [DONE]", async () => {
    server.enqueue({ kind: "reply", content: "Gold hoops are lovely." });
    const res = await rawPost({
      model: "m",
      messages: [],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const events = await sseEvents(res);
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.model === "m")).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    const content = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
    expect(content).toBe("Gold hoops are lovely.");
    expect(chunks.filter((c) => c.choices[0]?.delta?.content).length).toBeGreaterThan(3);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish.choices[0].finish_reason).toBe("stop");
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage.total_tokens).toBeGreaterThan(0);
  });

  it("omits the usage chunk without stream_options.include_usage", async () => {
    server.enqueue({ kind: "reply", content: "ok" });
    const events = await sseEvents(await rawPost({ model: "m", messages: [], stream: true }));
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.some((c) => c.usage)).toBe(false);
  });

  it("streams tool calls split across chunks with index, id, name then argument pieces", async () => {
    server.enqueue({
      kind: "tool_calls",
      calls: [
        { name: "search_products", arguments: '{"query":"silver ring"}', id: "call_a" },
        { name: "get_order", arguments: '{"order":"A-1"}' },
      ],
    });
    const events = await sseEvents(await rawPost({ model: "m", messages: [], stream: true }));
    const deltas = events
      .slice(0, -1)
      .map((e) => JSON.parse(e))
      .flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
    const first = deltas.filter((d: any) => d.index === 0);
    expect(first[0]).toMatchObject({ index: 0, id: "call_a", type: "function", function: { name: "search_products", arguments: "" } });
    expect(first.length).toBeGreaterThan(2);
    expect(first.map((d: any) => d.function.arguments).join("")).toBe('{"query":"silver ring"}');
    const second = deltas.filter((d: any) => d.index === 1);
    expect(second[0].id).toMatch(/^call_/);
    expect(second.map((d: any) => d.function.arguments).join("")).toBe('{"order":"A-1"}');
  });

  it("answers scripted errors in OpenAI's error shape, with retry-after", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfterSeconds: 7 });
    const res = await rawPost({ model: "m", messages: [] });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    const body = await res.json();
    expect(body.error).toMatchObject({ type: "rate_limit_error" });
    expect(typeof body.error.message).toBe("string");
  });

  it("answers 500 with a clear message when no script was queued", async () => {
    const res = await rawPost({ model: "m", messages: [] });
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toMatch(/no script was queued/);
  });

  it("rejects requests without a bearer token with 401 and consumes no script", async () => {
    server.enqueue({ kind: "reply", content: "kept" });
    const res = await rawPost({ model: "m", messages: [] }, {});
    expect(res.status).toBe(401);
    expect((await res.json()).error.type).toBe("authentication_error");
    expect(server.pending()).toBe(1);
    expect(server.requests[0]?.script).toBeNull();
    const models = await fetch(`${server.baseURL}/models`);
    expect(models.status).toBe(401);
  });

  it("lists models", async () => {
    const list = await sdk.models.list();
    expect(list.data.map((m) => m.id)).toContain("deepseek-v4-flash");
  });

  it("hangs until the client aborts, without leaving the response open", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const req = fetch(`${server.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer x", "content-type": "application/json" },
      body: "{}",
      signal: controller.signal,
    }).then(
      () => "answered",
      (e: unknown) => (e instanceof Error ? e.name : "failed"),
    );
    await expect.poll(() => server.inFlight()).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.inFlight()).toBe(1); // still hanging
    controller.abort();
    expect(await req).toBe("AbortError");
    await expect.poll(() => server.inFlight()).toBe(0);
    expect(server.requests[0]?.script).toBe("hang");
  });

  it("close() destroys hung sockets", async () => {
    const other = await startOpenAiTestServer();
    other.enqueue({ kind: "hang" });
    const req = fetch(`${other.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer x", "content-type": "application/json" },
      body: "{}",
    }).then(
      () => "answered",
      () => "failed",
    );
    await expect.poll(() => other.inFlight()).toBe(1);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await req).toBe("failed");
    expect(other.inFlight()).toBe(0);
  });

  it("thinking mode is on by default: reasoning_content in the answer, and reasoning deltas before the content", async () => {
    server.enqueue({ kind: "reply", content: "Hoops!", reasoning: "They asked for hoops." }, { kind: "reply", content: "Hoops!" });
    const plain = await (await rawPost({ model: "m", messages: [{ role: "user", content: "hoops" }] })).json();
    expect(plain.choices[0].message).toMatchObject({ content: "Hoops!", reasoning_content: "They asked for hoops." });
    expect(plain.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    const events = await sseEvents(await rawPost({ model: "m", messages: [{ role: "user", content: "hoops" }], stream: true }));
    const deltas = events.slice(0, -1).map((e) => JSON.parse(e).choices[0]?.delta ?? {});
    const firstContent = deltas.findIndex((d) => d.content);
    const lastReasoning = deltas.map((d) => Boolean(d.reasoning_content)).lastIndexOf(true);
    expect(lastReasoning).toBeGreaterThanOrEqual(0);
    expect(lastReasoning).toBeLessThan(firstContent);
    expect(server.requests.every((r) => r.thinking)).toBe(true);
  });

  it("thinking disabled: no reasoning at all", async () => {
    server.enqueue({ kind: "reply", content: "Hoops!", reasoning: "never sent" });
    const body = await (await rawPost({ model: "m", messages: [], thinking: { type: "disabled" } })).json();
    expect(body.choices[0].message.reasoning_content).toBeUndefined();
    expect(server.requests[0]!.thinking).toBe(false);
  });

  it("refuses a thinking-mode tool exchange without its reasoning_content (DeepSeek's 400), consuming no script", async () => {
    server.enqueue({ kind: "reply", content: "kept" });
    const toolRound = (extra: Record<string, unknown>) => ({
      model: "m",
      messages: [
        { role: "user", content: "gold rings" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "search", arguments: "{}" } }],
          ...extra,
        },
        { role: "tool", tool_call_id: "c1", content: "[]" },
      ],
    });
    const refused = await rawPost(toolRound({}));
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toBe("The reasoning_content in the thinking mode must be passed back to the API.");
    expect(server.pending()).toBe(1);
    const accepted = await rawPost(toolRound({ reasoning_content: "" }));
    expect(accepted.status).toBe(200);
    // Without thinking the same history is fine.
    server.enqueue({ kind: "reply", content: "fine" });
    expect((await rawPost({ ...toolRound({}), thinking: { type: "disabled" } })).status).toBe(200);
  });

  it("counts reasoning in max_tokens: an answer that does not fit ends with finish_reason length", async () => {
    server.enqueue({ kind: "reply", content: "A long answer about rings and more rings.", reasoning: "r".repeat(400) });
    const body = await (await rawPost({ model: "m", messages: [], max_tokens: 105 })).json();
    expect(body.choices[0].finish_reason).toBe("length");
    expect(body.choices[0].message.content).toBe("A long answer about ");
  });

  it("answers DeepSeek's error codes in its shape", async () => {
    for (const status of [400, 401, 402, 422, 429, 500, 503] as const) server.enqueue({ kind: "error", status });
    const seen: Array<[number, string]> = [];
    for (let i = 0; i < 7; i++) {
      const res = await rawPost({ model: "m", messages: [] });
      const body = await res.json();
      expect(typeof body.error.message).toBe("string");
      seen.push([res.status, body.error.message]);
    }
    expect(seen.map(([status]) => status)).toEqual([400, 401, 402, 422, 429, 500, 503]);
    expect(seen[2]![1]).toBe("Insufficient Balance");
  });

  it("sends keep-alive comments while a request is queued, then the answer", async () => {
    server.enqueue({ kind: "reply", content: "ok", queueMs: 120, keepAliveIntervalMs: 20 });
    const text = await (await rawPost({ model: "m", messages: [], stream: true, thinking: { type: "disabled" } })).text();
    expect(text.match(/^: keep-alive$/gm)?.length).toBeGreaterThan(2);
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
  });

  it("asks the responder when the queue is empty", async () => {
    const scripted = await startOpenAiTestServer({
      responder: (body) => ({ kind: "reply", content: `echo ${body.messages?.length ?? 0}` }),
    });
    try {
      const res = await fetch(`${scripted.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: "Bearer x", "content-type": "application/json" },
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "a" }] }),
      });
      expect((await res.json()).choices[0].message.content).toBe("echo 1");
    } finally {
      await scripted.close();
    }
  });

  it("splitText never splits surrogate pairs", () => {
    expect(splitText("💍ab💎c", 2)).toEqual(["💍a", "b💎", "c"]);
    expect(splitText("", 3)).toEqual([]);
  });
});
