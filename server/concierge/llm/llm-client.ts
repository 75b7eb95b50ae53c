/**
 * LLM transport for the concierge: one chat-completions call (plain or streamed) over the official
 * `openai` SDK against an OpenAI-compatible endpoint (DeepSeek by default), wrapped so that it
 *
 *  - never throws for transport problems: every failure comes back as `{ ok: false, reason }`
 *    (a {@link FallbackReason}) so the caller can hand the turn to the rule engine;
 *  - is bounded in time: the SDK's per-attempt `timeout` covers each HTTP attempt up to the response
 *    headers, an overall deadline covers retries + body, and streams have an idle timeout between chunks;
 *  - is protected by a circuit breaker: after repeated upstream failures calls short-circuit
 *    with `circuit_open` without touching the network.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError } from "openai";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from "./circuit-breaker";

export const FALLBACK_REASONS = [
  "no_api_key",
  "timeout",
  "rate_limited",
  "server_error",
  "client_error",
  "network",
  "malformed_response",
  "circuit_open",
  "stream_interrupted",
  "aborted",
] as const;

export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/** Reasons that count as upstream failures for the circuit breaker. */
export const CIRCUIT_FAILURE_REASONS: ReadonlySet<FallbackReason> = new Set<FallbackReason>([
  "timeout",
  "rate_limited",
  "server_error",
  "network",
  "malformed_response",
  "stream_interrupted",
]);

export interface LlmToolCall {
  id: string;
  name: string;
  /** Raw JSON text exactly as the model produced it — may be malformed; validate with parseToolArguments. */
  arguments: string;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface LlmSuccess {
  ok: true;
  content: string;
  toolCalls: LlmToolCall[];
  usage: LlmUsage;
  latencyMs: number;
  /** "stop" | "tool_calls" | "length" | "content_filter" | … as reported upstream (null if absent). */
  finishReason: string | null;
  /** Model name the upstream reports. */
  model: string;
  /** DeepSeek thinking-mode `reasoning_content`, when present (never part of `content`, never streamed to onDelta). */
  reasoningContent?: string;
}

export interface LlmFailure {
  ok: false;
  reason: FallbackReason;
  /** Short diagnostic for logs (never shown to shoppers). */
  detail: string;
  latencyMs: number;
  /** Text already produced (and, for stream(), already passed to onDelta) before the failure; "" if none. */
  partialContent: string;
  /** HTTP status when the failure was an HTTP error response. */
  status?: number;
}

export type LlmResult = LlmSuccess | LlmFailure;

export interface LlmRequest {
  messages: ChatCompletionMessageParam[];
  tools?: ChatCompletionTool[];
  /** Sent as `max_tokens` (what DeepSeek understands). */
  maxTokens?: number;
  /** Caller cancellation (e.g. the shopper closed the chat). Gives `{ ok:false, reason:"aborted" }`. */
  signal?: AbortSignal;
  temperature?: number;
  toolChoice?: ChatCompletionToolChoiceOption;
}

export interface LlmClient {
  /** false for disabledLlmClient() (no API key configured). */
  readonly enabled: boolean;
  readonly model: string;
  complete(req: LlmRequest): Promise<LlmResult>;
  /**
   * Streams the answer: `onDelta` receives content deltas as they arrive (never tool-call or reasoning
   * text). Resolves with the accumulated result. If `onDelta` throws, the request is aborted and that
   * error is re-thrown (it is a caller bug, not an LLM failure).
   */
  stream(req: LlmRequest, onDelta: (text: string) => void): Promise<LlmResult>;
  circuitState(): CircuitState;
  /** The breaker itself (stats/reset), or null for the disabled client. */
  readonly circuit: CircuitBreaker | null;
}

export interface LlmClientOptions {
  apiKey: string;
  baseURL: string;
  model: string;
  /** Per HTTP attempt (SDK `timeout`), and idle time allowed between two stream chunks. */
  timeoutMs: number;
  /** SDK retries (honours `retry-after`); 0 in most tests. */
  maxRetries: number;
  circuit?: CircuitBreakerOptions;
  /** Clock for the circuit breaker (cooldowns). Latency is always measured with the real monotonic clock. */
  now?: () => number;
  /**
   * Hard cap on one complete()/stream() call until the first chunk (complete: until the parsed body),
   * including SDK retries and retry-after waits. Default `timeoutMs * (maxRetries + 1) + 1000`.
   */
  deadlineMs?: number;
  /** Custom fetch (tests / proxies); passed to the SDK. */
  fetch?: typeof fetch;
}

type Outcome = LlmResult;

export function createLlmClient(options: LlmClientOptions): LlmClient {
  if (!options.apiKey || !options.apiKey.trim()) return disabledLlmClient(options.model);
  const { model, timeoutMs, maxRetries } = options;
  const deadlineMs = options.deadlineMs ?? timeoutMs * (maxRetries + 1) + 1_000;
  const sdk = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: timeoutMs,
    maxRetries,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const breaker = createCircuitBreaker({ now: options.now, ...options.circuit });

  function baseParams(req: LlmRequest) {
    return {
      model,
      messages: req.messages,
      ...(req.tools && req.tools.length ? { tools: req.tools } : {}),
      ...(req.toolChoice !== undefined ? { tool_choice: req.toolChoice } : {}),
      ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    };
  }

  /** Runs one call under the breaker, the deadline and the caller's signal. */
  async function guarded(req: LlmRequest, run: (guard: Guard, started: number) => Promise<Outcome>): Promise<Outcome> {
    const started = performance.now();
    if (req.signal?.aborted) return failure("aborted", "aborted by caller before the request", started);
    const permit = breaker.acquire();
    if (!permit) {
      const { retryInMs } = breaker.stats();
      return failure("circuit_open", `circuit open; next trial in ~${Math.ceil(retryInMs / 1000)} s`, started);
    }
    const guard = createGuard(req.signal, deadlineMs);
    let settled = false;
    try {
      const outcome = await run(guard, started);
      if (outcome.ok) permit.success();
      else if (CIRCUIT_FAILURE_REASONS.has(outcome.reason)) permit.failure();
      else permit.release();
      settled = true;
      return outcome;
    } finally {
      if (!settled) permit.release(); // onDelta threw: not an upstream verdict
      guard.dispose();
    }
  }

  return {
    enabled: true,
    model,
    circuit: breaker,
    circuitState: () => breaker.state(),

    complete(req) {
      return guarded(req, async (guard, started) => {
        let completion: unknown;
        try {
          const params: ChatCompletionCreateParamsNonStreaming = { ...baseParams(req), stream: false };
          completion = await sdk.chat.completions.create(params, { signal: guard.signal });
        } catch (err) {
          return fromError(err, guard, started, "request", "");
        }
        if (guard.timedOut) return failure("timeout", `deadline of ${deadlineMs} ms exceeded`, started);
        return parseCompletion(completion, started);
      });
    },

    stream(req, onDelta) {
      return guarded(req, async (guard, started) => {
        let stream: AsyncIterable<unknown>;
        try {
          const params: ChatCompletionCreateParamsStreaming = {
            ...baseParams(req),
            stream: true,
            stream_options: { include_usage: true },
          };
          stream = await sdk.chat.completions.create(params, { signal: guard.signal });
        } catch (err) {
          return fromError(err, guard, started, "request", "");
        }

        // Headers are in: from here on the deadline becomes an idle timeout between chunks.
        guard.idle(timeoutMs);
        const acc = new StreamAccumulator();
        let callbackError: { error: unknown } | null = null;
        try {
          for await (const chunk of stream) {
            guard.touch();
            const step = acc.add(chunk);
            if (step.malformed) {
              guard.abortQuietly();
              return failure("malformed_response", step.malformed, started, acc.content);
            }
            if (step.delta) {
              try {
                onDelta(step.delta);
              } catch (error) {
                callbackError = { error };
                break; // leaving the loop aborts the underlying request
              }
            }
          }
        } catch (err) {
          return fromError(err, guard, started, "stream", acc.content);
        }
        if (callbackError) throw callbackError.error;
        // The SDK ends the iteration silently when the request is aborted, so check why it ended.
        if (guard.timedOut) {
          return failure("timeout", `no stream data for ${timeoutMs} ms`, started, acc.content);
        }
        if (guard.callerAborted) return failure("aborted", "aborted by caller during the stream", started, acc.content);
        return acc.finish(started);
      });
    },
  };
}

/** A client for when no API key is configured: every call answers `{ ok:false, reason:"no_api_key" }` at once. */
export function disabledLlmClient(model = "none"): LlmClient {
  const answer = async (): Promise<LlmResult> => ({
    ok: false,
    reason: "no_api_key",
    detail: "no LLM API key configured (DEEPSEEK_API_KEY)",
    latencyMs: 0,
    partialContent: "",
  });
  return {
    enabled: false,
    model,
    circuit: null,
    circuitState: () => "closed",
    complete: answer,
    stream: answer,
  };
}

/** Convenience for the runtime: `config.deepseek` → client (disabled when no key). */
export function llmClientFromConfig(
  deepseek: { apiKey?: string | undefined; baseUrl: string; model: string; timeoutMs: number; maxRetries: number },
  extra: Pick<LlmClientOptions, "circuit" | "now" | "deadlineMs"> = {},
): LlmClient {
  if (!deepseek.apiKey) return disabledLlmClient(deepseek.model);
  return createLlmClient({
    apiKey: deepseek.apiKey,
    baseURL: deepseek.baseUrl,
    model: deepseek.model,
    timeoutMs: deepseek.timeoutMs,
    maxRetries: deepseek.maxRetries,
    ...extra,
  });
}

// ---------------------------------------------------------------------------------------------
// Deadline / idle-timeout / caller-abort plumbing

interface Guard {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  readonly callerAborted: boolean;
  /** Replace the overall deadline with an idle timeout re-armed by touch(). */
  idle(ms: number): void;
  touch(): void;
  /** Abort the request without attributing it to the caller or a timeout. */
  abortQuietly(): void;
  dispose(): void;
}

function createGuard(callerSignal: AbortSignal | undefined, deadlineMs: number): Guard {
  const controller = new AbortController();
  let timedOut = false;
  let callerAborted = false;
  let idleMs = 0;
  const onCallerAbort = () => {
    if (timedOut) return;
    callerAborted = true;
    controller.abort(callerSignal?.reason);
  };
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const fire = () => {
    if (controller.signal.aborted) return;
    timedOut = true;
    controller.abort(new Error("LLM deadline exceeded"));
  };
  let timer: NodeJS.Timeout | undefined = setTimeout(fire, deadlineMs);
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    get callerAborted() {
      return callerAborted;
    },
    idle(ms) {
      idleMs = ms;
      clearTimeout(timer);
      timer = setTimeout(fire, idleMs);
    },
    touch() {
      if (!idleMs || controller.signal.aborted) return;
      timer?.refresh();
    },
    abortQuietly() {
      clearTimeout(timer);
      if (!controller.signal.aborted) controller.abort();
    },
    dispose() {
      clearTimeout(timer);
      timer = undefined;
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Results

function elapsed(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}

function failure(reason: FallbackReason, detail: string, started: number, partialContent = "", status?: number): LlmFailure {
  return {
    ok: false,
    reason,
    detail: detail.length > 300 ? `${detail.slice(0, 299)}…` : detail,
    latencyMs: elapsed(started),
    partialContent,
    ...(status !== undefined ? { status } : {}),
  };
}

/** Maps anything the SDK (or fetch underneath) can throw to a FallbackReason. */
function fromError(err: unknown, guard: Guard, started: number, phase: "request" | "stream", partial: string): LlmFailure {
  const message = err instanceof Error ? err.message : String(err);
  // Our own deadline and the caller's signal both surface as user aborts from the SDK's point of view.
  if (guard.timedOut) return failure("timeout", `deadline exceeded (${phase})`, started, partial);
  if (guard.callerAborted || err instanceof APIUserAbortError) {
    return failure("aborted", `aborted by caller (${phase})`, started, partial);
  }
  if (err instanceof APIConnectionTimeoutError) return failure("timeout", `request timed out: ${message}`, started, partial);
  if (err instanceof APIConnectionError) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
    return failure(phase === "stream" ? "stream_interrupted" : "network", `${message}${cause}`, started, partial);
  }
  if (err instanceof RateLimitError) return failure("rate_limited", message, started, partial, 429);
  if (err instanceof APIError) {
    const status = err.status;
    if (status === undefined) {
      // An `error` event inside an SSE stream.
      return failure(phase === "stream" ? "stream_interrupted" : "server_error", `upstream error: ${message}`, started, partial);
    }
    if (status >= 500) return failure("server_error", message, started, partial, status);
    if (status === 408) return failure("timeout", message, started, partial, status);
    return failure("client_error", message, started, partial, status);
  }
  if (err instanceof SyntaxError) return failure("malformed_response", `unparseable response: ${message}`, started, partial);
  // Body read failures after the headers (socket closed, "terminated", …) arrive as plain errors.
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : "";
  return failure(phase === "stream" ? "stream_interrupted" : "network", `${message}${cause}`, started, partial);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toUsage(value: unknown): LlmUsage | null {
  if (!isRecord(value)) return null;
  const p = value.prompt_tokens;
  const c = value.completion_tokens;
  return {
    promptTokens: typeof p === "number" && Number.isFinite(p) ? p : 0,
    completionTokens: typeof c === "number" && Number.isFinite(c) ? c : 0,
  };
}

function parseCompletion(completion: unknown, started: number): LlmResult {
  if (!isRecord(completion)) return failure("malformed_response", "response body is not a JSON object", started);
  const choices = completion.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    return failure("malformed_response", "response has no choices", started);
  }
  const choice: unknown = choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) {
    return failure("malformed_response", "choices[0].message is missing", started);
  }
  const message = choice.message;
  if (message.content !== null && message.content !== undefined && typeof message.content !== "string") {
    return failure("malformed_response", "message.content is not a string", started);
  }
  const toolCalls: LlmToolCall[] = [];
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    if (!Array.isArray(message.tool_calls)) return failure("malformed_response", "message.tool_calls is not an array", started);
    for (const [i, call] of message.tool_calls.entries()) {
      const fn = isRecord(call) ? call.function : undefined;
      if (!isRecord(call) || !isRecord(fn) || typeof fn.name !== "string" || !fn.name) {
        return failure("malformed_response", `tool_calls[${i}] has no function name`, started);
      }
      toolCalls.push({
        id: typeof call.id === "string" && call.id ? call.id : `call_${i}`,
        name: fn.name,
        arguments: typeof fn.arguments === "string" ? fn.arguments : fn.arguments === undefined ? "" : JSON.stringify(fn.arguments),
      });
    }
  }
  const reasoning = message.reasoning_content;
  return {
    ok: true,
    content: typeof message.content === "string" ? message.content : "",
    toolCalls,
    usage: toUsage(completion.usage) ?? { promptTokens: 0, completionTokens: 0 },
    latencyMs: elapsed(started),
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null,
    model: typeof completion.model === "string" ? completion.model : "",
    ...(typeof reasoning === "string" && reasoning ? { reasoningContent: reasoning } : {}),
  };
}

/** Accumulates `chat.completion.chunk`s: content, reasoning, tool-call deltas by index, finish reason, usage. */
class StreamAccumulator {
  content = "";
  private reasoning = "";
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();
  private finishReason: string | null = null;
  private usage: LlmUsage | null = null;
  private model = "";

  add(chunk: unknown): { delta?: string; malformed?: string } {
    if (!isRecord(chunk)) return { malformed: "stream chunk is not a JSON object" };
    if (typeof chunk.model === "string" && chunk.model) this.model = chunk.model;
    const usage = toUsage(chunk.usage);
    if (usage) this.usage = usage;
    const choices = chunk.choices;
    if (choices === undefined || choices === null) {
      return usage ? {} : { malformed: "stream chunk has no choices" };
    }
    if (!Array.isArray(choices)) return { malformed: "stream chunk choices is not an array" };
    const choice: unknown = choices[0];
    if (choice === undefined) return {}; // the usage-only chunk
    if (!isRecord(choice)) return { malformed: "stream choice is not an object" };
    if (typeof choice.finish_reason === "string" && choice.finish_reason) this.finishReason = choice.finish_reason;
    const delta = choice.delta;
    if (delta === undefined || delta === null) return {};
    if (!isRecord(delta)) return { malformed: "stream delta is not an object" };
    if (typeof delta.reasoning_content === "string") this.reasoning += delta.reasoning_content;
    if (Array.isArray(delta.tool_calls)) {
      for (const [position, raw] of delta.tool_calls.entries()) {
        if (!isRecord(raw)) return { malformed: "tool call delta is not an object" };
        const index = typeof raw.index === "number" ? raw.index : position;
        let entry = this.calls.get(index);
        if (!entry) {
          entry = { id: "", name: "", arguments: "" };
          this.calls.set(index, entry);
        }
        if (typeof raw.id === "string" && raw.id) entry.id = raw.id;
        const fn = raw.function;
        if (isRecord(fn)) {
          if (typeof fn.name === "string" && fn.name) entry.name = fn.name;
          if (typeof fn.arguments === "string") entry.arguments += fn.arguments;
        }
      }
    }
    if (typeof delta.content === "string" && delta.content) {
      this.content += delta.content;
      return { delta: delta.content };
    }
    return {};
  }

  finish(started: number): LlmResult {
    if (this.finishReason === null) {
      return failure("stream_interrupted", "stream ended without a finish_reason", started, this.content);
    }
    const toolCalls: LlmToolCall[] = [];
    for (const index of [...this.calls.keys()].sort((a, b) => a - b)) {
      const call = this.calls.get(index)!;
      if (!call.name) {
        return failure("malformed_response", `streamed tool call #${index} has no function name`, started, this.content);
      }
      toolCalls.push({ id: call.id || `call_${index}`, name: call.name, arguments: call.arguments });
    }
    return {
      ok: true,
      content: this.content,
      toolCalls,
      usage: this.usage ?? { promptTokens: 0, completionTokens: 0 },
      latencyMs: elapsed(started),
      finishReason: this.finishReason,
      model: this.model,
      ...(this.reasoning ? { reasoningContent: this.reasoning } : {}),
    };
  }
}
