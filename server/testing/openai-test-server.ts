/**
 * A scriptable chat-completions server for tests that behaves like DeepSeek's API (OpenAI-compatible).
 *
 *   const server = await startOpenAiTestServer();
 *   server.enqueue({ kind: "reply", content: "Hello" });
 *   const client = new OpenAI({ apiKey: "test", baseURL: server.baseURL });
 *   ...
 *   await server.close();
 *
 * Every `POST /v1/chat/completions` is recorded in `requests` and consumes the next queued
 * {@link Script} (first in, first out). With nothing queued it answers 500 with an OpenAI-shaped
 * error saying so, which makes a missing `enqueue` obvious in a failing test.
 *
 * Scripts that produce a completion honour `stream: true` with OpenAI's SSE chunk format
 * (`chat.completion.chunk`, role chunk, small content deltas, tool-call deltas split by `index`,
 * a `finish_reason` chunk, a usage chunk when `stream_options.include_usage` is set, `[DONE]`).
 *
 * DeepSeek's rules are enforced the way its API documents them:
 *  - thinking mode is ON unless the body says `thinking: {"type": "disabled"}`; answers then carry
 *    `reasoning_content` (streamed as `reasoning_content` deltas before the content), and the reasoning
 *    counts towards `max_tokens` (an answer that does not fit ends with finish_reason "length");
 *  - in thinking mode every assistant message with `tool_calls` must carry its `reasoning_content`
 *    back, or the request is refused with DeepSeek's 400 ("The reasoning_content in the thinking mode
 *    must be passed back to the API."); `logprobs` is refused too;
 *  - DeepSeek's error codes and bodies (400, 401, 402 Insufficient Balance, 422, 429, 500, 503);
 *  - while a request waits (`queueMs`), streams get SSE keep-alive comments (`: keep-alive`) and plain
 *    requests get blank lines, as DeepSeek sends under load;
 *  - usage carries `prompt_cache_hit_tokens`/`prompt_cache_miss_tokens` (the prefix shared with the previous
 *    request) and `completion_tokens_details.reasoning_tokens`.
 *
 * With `responder`, a request that finds the queue empty asks it for a script (a scripted model).
 *
 * Only node:http; listens on 127.0.0.1 with a random port. `close()` destroys every open socket
 * (including hung requests and keep-alive connections) and clears pending timers.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ScriptUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

interface StreamingOptions {
  /** Delay between SSE chunks, to make streaming observable (default 0: chunks still go out as separate writes). */
  chunkDelayMs?: number;
  /** Maximum characters per content / arguments delta when streaming (default 4). */
  chunkSize?: number;
  /**
   * Streaming only: after this many content deltas, stop sending and keep the connection open
   * (a stalled stream), until the client aborts or the server closes. Ignored by drop_mid_stream.
   */
  stallAfterDeltas?: number;
  /**
   * Wait this long before answering (the request is queued upstream). Streams get `: keep-alive` comments
   * meanwhile, plain requests blank lines, every `keepAliveIntervalMs` (default 50).
   */
  queueMs?: number;
  keepAliveIntervalMs?: number;
}

export type Script =
  | ({
      kind: "reply";
      content: string;
      usage?: ScriptUsage;
      /** Defaults to "stop". */
      finishReason?: "stop" | "length" | "content_filter";
      /** The reasoning_content in thinking mode (a short default is made up when absent; ignored with thinking off). */
      reasoning?: string;
    } & StreamingOptions)
  | ({
      kind: "tool_calls";
      /** `arguments` is the raw JSON text sent to the client; it may be malformed on purpose. */
      calls: Array<{ name: string; arguments: string; id?: string }>;
      content?: string;
      usage?: ScriptUsage;
      reasoning?: string;
    } & StreamingOptions)
  | {
      kind: "error";
      status: 429 | 500 | 502 | 503 | 400 | 401 | 402 | 403 | 404 | 422;
      retryAfterSeconds?: number;
      message?: string;
    }
  /**
   * Accept the request and never answer, until the client aborts or the server closes. With `keepAlive`,
   * keep the connection busy the way DeepSeek does under load (keep-alive comments or blank lines).
   */
  | { kind: "hang"; keepAlive?: boolean; keepAliveIntervalMs?: number }
  /**
   * Start answering, then destroy the socket. Streaming requests get the role chunk and about
   * half of `content` as deltas first; non-streaming requests get a truncated JSON body.
   */
  | ({ kind: "drop_mid_stream"; content: string } & StreamingOptions)
  /** Answer exactly this body (e.g. a 200 without `choices`, or broken JSON) — for malformed-response tests. */
  | { kind: "raw"; status?: number; body: string; contentType?: string; headers?: Record<string, string> };

/** The loosely typed JSON body of a chat-completions request, as the server parsed it. */
export interface RecordedBody {
  model?: string;
  messages?: Array<Record<string, unknown>>;
  tools?: Array<Record<string, unknown>>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number;
  max_completion_tokens?: number;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (`{}` when the body was not valid JSON). */
  body: RecordedBody;
  /** The script this request consumed, if any (401s, protocol errors and unparseable bodies consume none). */
  script: Script["kind"] | null;
  /** Thinking mode for this request (DeepSeek's default: on unless `thinking.type` is "disabled"). */
  thinking: boolean;
  /** Why the server refused the request on its own (a DeepSeek protocol rule), if it did. */
  refused?: string;
  receivedAt: number;
}

export interface OpenAiTestServer {
  /** e.g. `http://127.0.0.1:PORT/v1` — pass as `baseURL` to the OpenAI SDK. */
  baseURL: string;
  /** Every POST /v1/chat/completions received, in order (including rejected ones). */
  requests: RecordedRequest[];
  enqueue(...scripts: Script[]): void;
  /** Number of queued scripts not consumed yet. */
  pending(): number;
  /** Requests whose response is still open (streaming, hung…). Goes back to 0 once clients abort. */
  inFlight(): number;
  /** Clears the queue and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export interface OpenAiTestServerOptions {
  /** Ids served by GET /v1/models (default: deepseek-v4-flash, deepseek-v4-pro). */
  models?: string[];
  /** Asked for a script when the queue is empty (a scripted model); undefined → the "no script" 500. */
  responder?: (body: RecordedBody, request: RecordedRequest) => Script | undefined;
}

/** DeepSeek's answer when a thinking-mode tool exchange comes back without its reasoning. */
export const REASONING_REQUIRED_MESSAGE = "The reasoning_content in the thinking mode must be passed back to the API.";

/** Thinking mode as DeepSeek decides it: on unless the body turns it off. */
export function thinkingRequested(body: RecordedBody): boolean {
  const thinking = body.thinking as { type?: unknown } | undefined;
  return !(thinking && typeof thinking === "object" && thinking.type === "disabled");
}

/** The DeepSeek protocol rule a request breaks, if any (checked before any script runs). */
export function protocolViolation(body: RecordedBody): string | undefined {
  if (!thinkingRequested(body)) return undefined;
  for (const message of body.messages ?? []) {
    const calls = message.tool_calls;
    if (message.role === "assistant" && Array.isArray(calls) && calls.length > 0 && typeof message.reasoning_content !== "string") {
      return REASONING_REQUIRED_MESSAGE;
    }
  }
  if (body.logprobs || body.top_logprobs) return "logprobs is not supported in the thinking mode.";
  return undefined;
}

type Reply = Extract<Script, { kind: "reply" | "tool_calls" }>;

export async function startOpenAiTestServer(options: OpenAiTestServerOptions = {}): Promise<OpenAiTestServer> {
  const models = options.models ?? ["deepseek-v4-flash", "deepseek-v4-pro"];
  /** The previous request's serialized prompt, for DeepSeek's prefix cache accounting. */
  let previousPrompt = "";
  const queue: Script[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const open = new Set<ServerResponse>();
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = createServer((req, res) => {
    open.add(res);
    const forget = () => open.delete(res);
    res.on("close", forget);
    res.on("finish", forget);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendError(res, 500, `test server failure: ${err instanceof Error ? err.message : String(err)}`, "server_error");
      } else {
        res.destroy();
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/\/+$/, "");
    const method = req.method ?? "GET";
    const rawBody = await readBody(req);

    if (method === "POST" && path === "/v1/chat/completions") {
      let body: RecordedBody = {};
      let parsedOk = true;
      try {
        const parsed: unknown = JSON.parse(rawBody);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as RecordedBody;
        else parsedOk = false;
      } catch {
        parsedOk = false;
      }
      const thinking = thinkingRequested(body);
      const record: RecordedRequest = { method, path, headers: req.headers, body, script: null, thinking, receivedAt: Date.now() };
      requests.push(record);
      if (!authorized(req)) return sendUnauthorized(res);
      if (!parsedOk) return sendError(res, 400, "Invalid request body: not valid JSON.", "invalid_request_error", "invalid_request_error");
      const violation = protocolViolation(body);
      if (violation) {
        record.refused = violation;
        return sendError(res, 400, violation, "invalid_request_error", "invalid_request_error");
      }
      const prompt = JSON.stringify(body.messages ?? []);
      const cachedTokens = Math.floor(commonPrefix(prompt, previousPrompt) / 4 / 64) * 64;
      previousPrompt = prompt;
      const script = queue.shift() ?? options.responder?.(body, record);
      if (!script) {
        return sendError(res, 500, "openai-test-server: no script was queued for this request", "server_error");
      }
      record.script = script.kind;
      return runScript(script, body, res, { thinking, cachedTokens });
    }

    if (method === "GET" && path === "/v1/models") {
      if (!authorized(req)) return sendUnauthorized(res);
      return sendJson(res, 200, {
        object: "list",
        data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "aurora-test" })),
      });
    }

    return sendError(res, 404, `Unknown route: ${method} ${url.pathname}`, "invalid_request_error", "not_found");
  }

  /** Waits `ms` sending keep-alives (SSE comments, or blank lines for plain requests); false if the client left. */
  async function queued(res: ServerResponse, streaming: boolean, ms: number, interval: number): Promise<boolean> {
    if (streaming) startSse(res);
    else {
      res.writeHead(200, { "content-type": "application/json", "x-request-id": `req_${randomBytes(8).toString("hex")}` });
      res.flushHeaders();
    }
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (closed || res.destroyed) return false;
      res.write(streaming ? ": keep-alive\n\n" : "\n");
      await sleep(Math.max(1, Math.min(interval, until - Date.now())));
    }
    return !(closed || res.destroyed);
  }

  async function runScript(script: Script, body: RecordedBody, res: ServerResponse, ctx: AnswerContext): Promise<void> {
    const streaming = body.stream === true;
    switch (script.kind) {
      case "reply":
      case "tool_calls": {
        const answer = shapeAnswer(script, body, ctx);
        if (script.queueMs) {
          if (!(await queued(res, streaming, script.queueMs, script.keepAliveIntervalMs ?? 50))) return;
          if (!streaming) {
            res.end(JSON.stringify(completionBody(answer, body)));
            return;
          }
        }
        return streaming ? streamReply(script, answer, body, res) : sendJson(res, 200, completionBody(answer, body));
      }
      case "error": {
        const headers: Record<string, string> = {};
        if (script.retryAfterSeconds !== undefined) headers["retry-after"] = String(script.retryAfterSeconds);
        // The SDK's own retry logic honours x-should-retry; we leave the default status-based behaviour.
        const { type, code } = errorTypeFor(script.status);
        return sendError(res, script.status, script.message ?? defaultErrorMessage(script.status), type, code, headers);
      }
      case "hang":
        // Keep the response open; `close()` or the client's abort ends it.
        res.socket?.setTimeout(0);
        if (script.keepAlive) await queued(res, streaming, 24 * 3600_000, script.keepAliveIntervalMs ?? 50);
        return;
      case "drop_mid_stream":
        return dropMidStream(script, body, res, streaming);
      case "raw": {
        res.writeHead(script.status ?? 200, {
          "content-type": script.contentType ?? "application/json",
          "content-length": Buffer.byteLength(script.body),
          ...script.headers,
        });
        res.end(script.body);
        return;
      }
    }
  }

  async function streamReply(script: Reply, answer: Answer, body: RecordedBody, res: ServerResponse): Promise<void> {
    const base = chunkBase(body);
    const includeUsage = body.stream_options?.include_usage === true;
    const delay = script.chunkDelayMs ?? 0;
    const size = Math.max(1, script.chunkSize ?? 4);
    if (!res.headersSent) startSse(res);
    const send = async (payload: unknown) => {
      if (closed || res.destroyed || res.writableEnded) return false;
      res.write(`data: ${JSON.stringify(payload)}\n\n`);
      if (delay > 0) await sleep(delay);
      else await new Promise<void>((resolve) => setImmediate(resolve));
      return !(closed || res.destroyed);
    };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });

    const first =
      answer.reasoning !== undefined ? { role: "assistant", content: null, reasoning_content: "" } : { role: "assistant", content: "" };
    if (!(await send(chunk(first)))) return;
    for (const piece of splitText(answer.reasoning ?? "", size * 2)) {
      if (!(await send(chunk({ reasoning_content: piece })))) return;
    }
    let sentDeltas = 0;
    for (const piece of splitText(answer.content ?? "", size)) {
      if (script.stallAfterDeltas !== undefined && sentDeltas >= script.stallAfterDeltas) return; // stall: leave it open
      if (!(await send(chunk({ content: piece })))) return;
      sentDeltas += 1;
    }
    if (script.stallAfterDeltas !== undefined && sentDeltas >= script.stallAfterDeltas) return;
    for (const [index, call] of (answer.calls ?? []).entries()) {
      const head = { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
      if (!(await send(chunk({ tool_calls: [head] })))) return;
      for (const piece of splitText(call.arguments, size)) {
        if (!(await send(chunk({ tool_calls: [{ index, function: { arguments: piece } }] })))) return;
      }
    }
    if (!(await send(chunk({}, answer.finishReason)))) return;
    if (includeUsage) {
      if (!(await send({ ...base, choices: [], usage: answer.usage }))) return;
    }
    if (!res.destroyed) res.end("data: [DONE]\n\n");
  }

  async function dropMidStream(
    script: Extract<Script, { kind: "drop_mid_stream" }>,
    body: RecordedBody,
    res: ServerResponse,
    streaming: boolean,
  ): Promise<void> {
    if (!streaming) {
      const answer = shapeAnswer({ kind: "reply", content: script.content }, body, { thinking: false, cachedTokens: 0 });
      const full = JSON.stringify(completionBody(answer, body));
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(full) });
      res.write(full.slice(0, Math.floor(full.length / 2)));
      await sleep(20);
      res.destroy();
      return;
    }
    const base = chunkBase(body);
    const delay = script.chunkDelayMs ?? 0;
    const size = Math.max(1, script.chunkSize ?? 4);
    startSse(res);
    const pieces = splitText(script.content, size);
    const sent = pieces.slice(0, Math.max(1, Math.ceil(pieces.length / 2)));
    const frames = [{ role: "assistant", content: "" }, ...sent.map((piece) => ({ content: piece }))];
    for (const delta of frames) {
      if (closed || res.destroyed) return;
      res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] })}\n\n`);
      await sleep(delay);
    }
    // Give the client a moment to read what was sent, then cut the connection without ending the response.
    await sleep(20);
    res.destroy();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...scripts) => {
      queue.push(...scripts);
    },
    pending: () => queue.length,
    inFlight: () => open.size,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      for (const res of open) res.destroy();
      await done;
      open.clear();
    },
  };
}

// ---------------------------------------------------------------------------------------------

function authorized(req: IncomingMessage): boolean {
  const header = req.headers.authorization ?? "";
  return /^Bearer\s+\S+/i.test(header);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-request-id": `req_${randomBytes(8).toString("hex")}`,
    ...headers,
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param: null, code } }, headers);
}

function sendUnauthorized(res: ServerResponse): void {
  sendError(res, 401, "Authentication Fails, Your api key: ****-key is invalid", "authentication_error", "invalid_request_error");
}

/** DeepSeek's error bodies: `{error: {message, type, param, code}}`. */
function errorTypeFor(status: number): { type: string; code: string | null } {
  if (status === 429) return { type: "rate_limit_error", code: "rate_limit_reached" };
  if (status === 401) return { type: "authentication_error", code: "invalid_request_error" };
  if (status === 402) return { type: "unknown_error", code: "invalid_request_error" };
  if (status === 403) return { type: "permission_error", code: null };
  if (status === 404) return { type: "invalid_request_error", code: "not_found" };
  if (status >= 500) return { type: "server_error", code: null };
  return { type: "invalid_request_error", code: "invalid_request_error" };
}

/** DeepSeek's documented descriptions of its error codes. */
function defaultErrorMessage(status: number): string {
  switch (status) {
    case 400:
      return "Invalid Format: the request body is not valid.";
    case 401:
      return "Authentication Fails: the API key is wrong.";
    case 402:
      return "Insufficient Balance";
    case 422:
      return "Invalid Parameters: the request contains invalid parameters.";
    case 429:
      return "Rate Limit Reached: you are sending requests too quickly.";
    case 500:
      return "Server Error: our server encountered an issue.";
    case 502:
      return "Bad gateway.";
    case 503:
      return "Server Overloaded: the server is overloaded due to high traffic.";
    default:
      return `HTTP ${status}`;
  }
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-request-id": `req_${randomBytes(8).toString("hex")}`,
  });
  res.flushHeaders();
}

function completionId(): string {
  return `chatcmpl-${randomBytes(12).toString("hex")}`;
}

function toolCallId(): string {
  return `call_${randomBytes(12).toString("hex")}`;
}

function modelOf(body: RecordedBody): string {
  return typeof body.model === "string" && body.model ? body.model : "unknown-model";
}

function chunkBase(body: RecordedBody) {
  return {
    id: completionId(),
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: modelOf(body),
    system_fingerprint: "fp_aurora_test",
  };
}

function estimateTokens(text: string): number {
  return text ? Math.max(1, Math.ceil(text.length / 4)) : 0;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

interface AnswerContext {
  thinking: boolean;
  /** Prompt tokens served from the (emulated) context cache. */
  cachedTokens: number;
}

/** What a reply or tool-call script becomes once thinking mode and max_tokens are applied. */
interface Answer {
  content: string | null;
  reasoning?: string;
  calls?: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string;
  usage: Record<string, unknown>;
}

function lastUserText(body: RecordedBody): string {
  const users = (body.messages ?? []).filter((m) => m.role === "user");
  const content = users[users.length - 1]?.content;
  return typeof content === "string" ? content : "";
}

/** Applies thinking mode (reasoning first) and the `max_tokens` budget (reasoning counts) to a script. */
function shapeAnswer(script: Reply, body: RecordedBody, ctx: AnswerContext): Answer {
  const reasoning = ctx.thinking
    ? (script.reasoning ?? `The shopper wrote "${lastUserText(body).slice(0, 60)}". I should use the store's tools and answer briefly.`)
    : undefined;
  let content = script.kind === "reply" ? script.content : (script.content ?? "");
  let calls =
    script.kind === "tool_calls"
      ? script.calls.map((c) => ({ id: c.id ?? toolCallId(), name: c.name, arguments: c.arguments }))
      : undefined;
  let finishReason: string = script.kind === "reply" ? (script.finishReason ?? "stop") : "tool_calls";
  const reasoningTokens = estimateTokens(reasoning ?? "");
  const budget = typeof body.max_tokens === "number" ? body.max_tokens : Number.POSITIVE_INFINITY;
  const callTokens = estimateTokens((calls ?? []).map((c) => c.name + c.arguments).join(""));
  if (reasoningTokens + estimateTokens(content) + callTokens > budget) {
    // Out of tokens: the reasoning comes first, then as much content as fits, and no (half) tool call.
    const left = Math.max(0, budget - reasoningTokens);
    content = Array.from(content)
      .slice(0, left * 4)
      .join("");
    calls = undefined;
    finishReason = "length";
  }
  const completionTokens = script.usage?.completion_tokens ?? reasoningTokens + estimateTokens(content) + (calls ? callTokens : 0);
  const promptTokens = script.usage?.prompt_tokens ?? Math.max(1, estimateTokens(JSON.stringify(body.messages ?? [])));
  const cached = Math.min(ctx.cachedTokens, promptTokens);
  return {
    content: content || (calls ? null : ""),
    ...(reasoning !== undefined ? { reasoning } : {}),
    ...(calls ? { calls } : {}),
    finishReason,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: script.usage?.total_tokens ?? promptTokens + completionTokens,
      prompt_cache_hit_tokens: cached,
      prompt_cache_miss_tokens: promptTokens - cached,
      ...(reasoning !== undefined ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
    },
  };
}

function completionBody(answer: Answer, body: RecordedBody) {
  const toolCalls = answer.calls?.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
  return {
    id: completionId(),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: modelOf(body),
    system_fingerprint: "fp_aurora_test",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: answer.content,
          ...(answer.reasoning !== undefined ? { reasoning_content: answer.reasoning } : {}),
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: answer.usage,
  };
}

/** Splits text into pieces of at most `size` code points (never splitting a surrogate pair). */
export function splitText(text: string, size: number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(""));
  return pieces;
}
