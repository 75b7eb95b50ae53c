/**
 * A scriptable, OpenAI-compatible chat-completions server for tests.
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
}

export type Script =
  | ({
      kind: "reply";
      content: string;
      usage?: ScriptUsage;
      /** Defaults to "stop". */
      finishReason?: "stop" | "length" | "content_filter";
    } & StreamingOptions)
  | ({
      kind: "tool_calls";
      /** `arguments` is the raw JSON text sent to the client; it may be malformed on purpose. */
      calls: Array<{ name: string; arguments: string; id?: string }>;
      content?: string;
      usage?: ScriptUsage;
    } & StreamingOptions)
  | {
      kind: "error";
      status: 429 | 500 | 502 | 503 | 400 | 401 | 403 | 404 | 422;
      retryAfterSeconds?: number;
      message?: string;
    }
  /** Accept the request and never answer, until the client aborts or the server closes. */
  | { kind: "hang" }
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
  /** The script this request consumed, if any (401s and unparseable bodies consume none). */
  script: Script["kind"] | null;
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
  /** Ids served by GET /v1/models (default: deepseek-v4-flash, deepseek-chat). */
  models?: string[];
}

type Reply = Extract<Script, { kind: "reply" | "tool_calls" }>;

export async function startOpenAiTestServer(options: OpenAiTestServerOptions = {}): Promise<OpenAiTestServer> {
  const models = options.models ?? ["deepseek-v4-flash", "deepseek-chat"];
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
      const record: RecordedRequest = { method, path, headers: req.headers, body, script: null, receivedAt: Date.now() };
      requests.push(record);
      if (!authorized(req)) return sendUnauthorized(res);
      if (!parsedOk) return sendError(res, 400, "The request body is not valid JSON.", "invalid_request_error");
      const script = queue.shift();
      if (!script) {
        return sendError(res, 500, "openai-test-server: no script was queued for this request", "server_error");
      }
      record.script = script.kind;
      return runScript(script, body, res);
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

  async function runScript(script: Script, body: RecordedBody, res: ServerResponse): Promise<void> {
    const streaming = body.stream === true;
    switch (script.kind) {
      case "reply":
      case "tool_calls":
        return streaming ? streamReply(script, body, res) : sendJson(res, 200, completionBody(script, body));
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

  async function streamReply(script: Reply, body: RecordedBody, res: ServerResponse): Promise<void> {
    const base = chunkBase(body);
    const includeUsage = body.stream_options?.include_usage === true;
    const delay = script.chunkDelayMs ?? 0;
    const size = Math.max(1, script.chunkSize ?? 4);
    startSse(res);
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

    if (!(await send(chunk({ role: "assistant", content: "" })))) return;
    const content = script.kind === "reply" ? script.content : (script.content ?? "");
    let sentDeltas = 0;
    for (const piece of splitText(content, size)) {
      if (script.stallAfterDeltas !== undefined && sentDeltas >= script.stallAfterDeltas) return; // stall: leave it open
      if (!(await send(chunk({ content: piece })))) return;
      sentDeltas += 1;
    }
    if (script.stallAfterDeltas !== undefined && sentDeltas >= script.stallAfterDeltas) return;
    if (script.kind === "tool_calls") {
      for (const [index, call] of script.calls.entries()) {
        const id = call.id ?? toolCallId();
        const head = { index, id, type: "function", function: { name: call.name, arguments: "" } };
        if (!(await send(chunk({ tool_calls: [head] })))) return;
        for (const piece of splitText(call.arguments, size)) {
          if (!(await send(chunk({ tool_calls: [{ index, function: { arguments: piece } }] })))) return;
        }
      }
    }
    const finish = script.kind === "reply" ? (script.finishReason ?? "stop") : "tool_calls";
    if (!(await send(chunk({}, finish)))) return;
    if (includeUsage) {
      if (!(await send({ ...base, choices: [], usage: usageFor(script, body) }))) return;
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
      const full = JSON.stringify(completionBody({ kind: "reply", content: script.content }, body));
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
  sendError(
    res,
    401,
    "Authentication Fails, no or invalid Authorization: Bearer <api key> header.",
    "authentication_error",
    "invalid_api_key",
  );
}

function errorTypeFor(status: number): { type: string; code: string | null } {
  if (status === 429) return { type: "rate_limit_error", code: "rate_limit_exceeded" };
  if (status === 401) return { type: "authentication_error", code: "invalid_api_key" };
  if (status === 403) return { type: "permission_error", code: null };
  if (status === 404) return { type: "invalid_request_error", code: "not_found" };
  if (status >= 500) return { type: "server_error", code: null };
  return { type: "invalid_request_error", code: null };
}

function defaultErrorMessage(status: number): string {
  switch (status) {
    case 429:
      return "Rate limit reached for requests. Please retry after a short wait.";
    case 500:
      return "The server had an error while processing your request.";
    case 502:
      return "Bad gateway.";
    case 503:
      return "The server is overloaded or not ready yet.";
    case 400:
      return "Invalid request.";
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
  return Math.max(1, Math.ceil(text.length / 4));
}

function usageFor(script: Reply, body: RecordedBody) {
  const completionText =
    (script.kind === "reply" ? script.content : (script.content ?? "")) +
    (script.kind === "tool_calls" ? script.calls.map((c) => c.name + c.arguments).join("") : "");
  const prompt = script.usage?.prompt_tokens ?? estimateTokens(JSON.stringify(body.messages ?? []));
  const completion = script.usage?.completion_tokens ?? estimateTokens(completionText);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: script.usage?.total_tokens ?? prompt + completion };
}

function completionBody(script: Reply, body: RecordedBody) {
  const toolCalls =
    script.kind === "tool_calls"
      ? script.calls.map((c) => ({ id: c.id ?? toolCallId(), type: "function", function: { name: c.name, arguments: c.arguments } }))
      : undefined;
  const content = script.kind === "reply" ? script.content : (script.content ?? null);
  return {
    id: completionId(),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: modelOf(body),
    system_fingerprint: "fp_aurora_test",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: script.kind === "tool_calls" ? "tool_calls" : (script.finishReason ?? "stop"),
      },
    ],
    usage: usageFor(script, body),
  };
}

/** Splits text into pieces of at most `size` code points (never splitting a surrogate pair). */
export function splitText(text: string, size: number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(""));
  return pieces;
}
