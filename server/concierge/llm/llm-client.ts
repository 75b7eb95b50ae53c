/**
 * LLM transport for the concierge: one chat-completions call (plain or streamed) over the official
 * `openai` SDK against an OpenAI-compatible endpoint (DeepSeek by default), wrapped so that it
 *
 *  - speaks DeepSeek's protocol: thinking mode on or off per request (`thinking: {type}` in the body,
 *    the SDK's "extra body"), DeepSeek's sampling defaults when thinking is off (it ignores them when on),
 *    `reasoning_content` read from answers and stream deltas (never mixed into `content`);
 *  - never throws for transport problems: every failure comes back as `{ ok: false, reason }`
 *    (a {@link FallbackReason}) so the caller can hand the turn to the rule engine;
 *  - is bounded in time by the caller's budget ({@link LlmTiming}): the first chunk by a deadline, then
 *    no gap longer than the stall limit, and never past the end of the budget. SSE keep-alive comments
 *    (DeepSeek sends them while a request waits for capacity) are not chunks and never extend a deadline;
 *  - retries itself (the SDK's own retries are off) and only inside that budget: 429/5xx/connection
 *    errors before any byte of an answer, waiting `retry-after` only when it fits;
 *  - is protected by a circuit breaker: repeated upstream failures open it, and a misconfiguration
 *    (401/403 bad key, 402 no balance, 400/404/422 a request the API will always refuse) trips it at once.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError } from "openai";
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from "./circuit-breaker";

export const FALLBACK_REASONS = [
  "no_api_key",
  /** The HTTP client's own timeout (or a 408). */
  "timeout",
  /** Nothing arrived by the first-token deadline. */
  "first_token_timeout",
  /** The stream went quiet for longer than the stall limit. */
  "stream_stalled",
  /** The whole budget ran out while the answer was still coming. */
  "turn_deadline",
  "rate_limited",
  "server_error",
  /** 401/403: the API key is wrong or not allowed. */
  "auth_failed",
  /** 402: the account has no balance left. */
  "insufficient_balance",
  /** 400/404/422: a request the API will always refuse (a protocol error, an unknown model, a bad parameter). */
  "bad_request",
  /** Other 4xx (409, 413…). */
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
  "first_token_timeout",
  "stream_stalled",
  "turn_deadline",
  "rate_limited",
  "server_error",
  "network",
  "malformed_response",
  "stream_interrupted",
]);

/** Reasons that mean "this deployment is misconfigured": they trip the breaker and raise an alert. */
export const MISCONFIGURATION_REASONS: ReadonlySet<FallbackReason> = new Set<FallbackReason>([
  "auth_failed",
  "insufficient_balance",
  "bad_request",
]);

/** Failures worth another attempt when the budget allows (never after part of an answer arrived). */
const RETRYABLE_REASONS: ReadonlySet<FallbackReason> = new Set<FallbackReason>(["rate_limited", "server_error", "network"]);

export interface LlmToolCall {
  id: string;
  name: string;
  /** Raw JSON text exactly as the model produced it — may be malformed; validate with parseToolArguments. */
  arguments: string;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  /** Part of completionTokens spent on reasoning (thinking mode). */
  reasoningTokens: number;
  /** Part of promptTokens served from DeepSeek's context cache (billed at the cache-hit price). */
  cachedPromptTokens: number;
}

export interface LlmSuccess {
  ok: true;
  content: string;
  toolCalls: LlmToolCall[];
  usage: LlmUsage;
  latencyMs: number;
  /** Time until the first chunk of the answer (stream) or the whole answer (complete). */
  firstTokenMs: number;
  /** HTTP attempts made (1 without retries). */
  attempts: number;
  /** "stop" | "tool_calls" | "length" | "content_filter" | … as reported upstream (null if absent). */
  finishReason: string | null;
  /** Model name the upstream reports. */
  model: string;
  /** DeepSeek thinking-mode `reasoning_content`: never part of `content`, never passed to onDelta. */
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
  /** When the first chunk arrived (ms after the call started), if one did. */
  firstTokenMs?: number;
  attempts: number;
}

export type LlmResult = LlmSuccess | LlmFailure;

/** An assistant message as DeepSeek's thinking mode wants it back within a tool exchange. */
export type LlmAssistantMessage = ChatCompletionAssistantMessageParam & { reasoning_content?: string };
export type LlmMessage = ChatCompletionMessageParam | LlmAssistantMessage;

/** The time one call may take, relative to its start (the engine derives it from the turn's budget). */
export interface LlmTiming {
  /** The first chunk (stream) or the whole answer (complete) must arrive within this. */
  firstTokenMs: number;
  /** Longest gap between two chunks once the stream has started. */
  stallMs: number;
  /** Nothing of this call may go past this (retries included). */
  totalMs: number;
}

export interface LlmRequest {
  messages: LlmMessage[];
  tools?: ChatCompletionTool[];
  /** Sent as `max_tokens`; in thinking mode it covers the reasoning too (DeepSeek counts both). */
  maxTokens?: number;
  /** Caller cancellation (e.g. the shopper closed the chat). Gives `{ ok:false, reason:"aborted" }`. */
  signal?: AbortSignal;
  toolChoice?: ChatCompletionToolChoiceOption;
  timing?: LlmTiming;
}

export interface LlmClient {
  /** false for disabledLlmClient() (no API key configured). */
  readonly enabled: boolean;
  readonly model: string;
  /** Thinking mode is requested (answers carry reasoning that tool rounds must pass back). */
  readonly thinking: boolean;
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

export type ThinkingMode = "enabled" | "disabled";

export interface LlmClientOptions {
  apiKey: string;
  baseURL: string;
  model: string;
  /** The HTTP client's timeout per attempt, and the default budget when a request carries no timing. */
  timeoutMs: number;
  /** Our own retries inside the budget (429, 5xx, connection errors before any answer); 0 in most tests. */
  maxRetries: number;
  /** DeepSeek's thinking mode (default "disabled": the fast path). */
  thinking?: ThinkingMode;
  /** Thinking effort ("high" | "max"); only sent with thinking enabled. */
  reasoningEffort?: "high" | "max";
  /** Sampling (sent only with thinking disabled; thinking mode ignores them). */
  temperature?: number;
  topP?: number;
  circuit?: CircuitBreakerOptions;
  /** Clock for the circuit breaker (cooldowns). Latency is always measured with the real monotonic clock. */
  now?: () => number;
  /** Default first-token/answer deadline when a request carries no timing. Default `timeoutMs * (maxRetries + 1) + 1000`. */
  deadlineMs?: number;
  /** Custom fetch (tests / proxies); passed to the SDK. */
  fetch?: typeof fetch;
}

/** DeepSeek's recommended sampling for its V4 models (non-thinking mode). */
export const DEEPSEEK_SAMPLING_DEFAULTS = { temperature: 1.0, topP: 1.0 } as const;

export function createLlmClient(options: LlmClientOptions): LlmClient {
  if (!options.apiKey || !options.apiKey.trim()) return disabledLlmClient(options.model);
  const { model, timeoutMs, maxRetries } = options;
  const thinking = options.thinking === "enabled";
  const defaultTiming: LlmTiming = {
    firstTokenMs: options.deadlineMs ?? timeoutMs * (maxRetries + 1) + 1_000,
    stallMs: timeoutMs,
    totalMs: Number.POSITIVE_INFINITY,
  };
  const sdk = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: timeoutMs,
    maxRetries: 0, // retries are ours, inside the caller's budget
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const breaker = createCircuitBreaker({ now: options.now, ...options.circuit });

  function body(req: LlmRequest, stream: boolean): Record<string, unknown> {
    return {
      model,
      messages: req.messages,
      ...(req.tools && req.tools.length ? { tools: req.tools } : {}),
      ...(req.toolChoice !== undefined ? { tool_choice: req.toolChoice } : {}),
      ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
      // DeepSeek's switch (OpenAI SDK: extra body). Always explicit: thinking is ON when absent.
      thinking: { type: thinking ? "enabled" : "disabled" },
      ...(thinking
        ? options.reasoningEffort
          ? { reasoning_effort: options.reasoningEffort }
          : {}
        : {
            temperature: options.temperature ?? DEEPSEEK_SAMPLING_DEFAULTS.temperature,
            top_p: options.topP ?? DEEPSEEK_SAMPLING_DEFAULTS.topP,
          }),
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : { stream: false }),
    };
  }

  /** Runs one call (with retries) under the breaker and the caller's signal. */
  async function guarded(req: LlmRequest, attempt: (clock: Clock, attemptNo: number) => Promise<Attempt>): Promise<LlmResult> {
    const clock = startClock(req.timing ?? defaultTiming);
    if (req.signal?.aborted) return failure("aborted", "aborted by caller before the request", clock, "", undefined, 0);
    const permit = breaker.acquire();
    if (!permit) {
      const { retryInMs, trippedBy } = breaker.stats();
      const why = trippedBy ? ` (misconfigured: ${trippedBy})` : "";
      return failure("circuit_open", `circuit open${why}; next trial in ~${Math.ceil(retryInMs / 1000)} s`, clock, "", undefined, 0);
    }
    let settled = false;
    try {
      let outcome: LlmResult;
      for (let n = 1; ; n++) {
        const result = await attempt(clock, n);
        outcome = result.outcome;
        if (outcome.ok || result.receivedAny || n > maxRetries || !RETRYABLE_REASONS.has(outcome.reason)) break;
        const wait = result.retryAfterMs ?? Math.min(2_000, 150 * 2 ** (n - 1) + Math.floor(Math.random() * 100));
        // Only when another attempt can still beat the first-token deadline (and the budget).
        if (clock.elapsed() + wait + MIN_ATTEMPT_MS > Math.min(clock.timing.firstTokenMs, clock.timing.totalMs)) break;
        if (!(await sleep(wait, req.signal))) {
          outcome = failure("aborted", "aborted by caller while waiting to retry", clock);
          break;
        }
      }
      if (outcome.ok) permit.success();
      else if (MISCONFIGURATION_REASONS.has(outcome.reason)) permit.trip(outcome.reason);
      else if (CIRCUIT_FAILURE_REASONS.has(outcome.reason)) permit.failure();
      else permit.release();
      settled = true;
      return outcome;
    } finally {
      if (!settled) permit.release(); // onDelta threw: not an upstream verdict
    }
  }

  return {
    enabled: true,
    model,
    thinking,
    circuit: breaker,
    circuitState: () => breaker.state(),

    complete(req) {
      return guarded(req, async (clock, attemptNo) => {
        const guard = createGuard(req.signal, clock);
        try {
          let completion: unknown;
          try {
            completion = await sdk.chat.completions.create(body(req, false) as never, { signal: guard.signal });
          } catch (err) {
            return { outcome: fromError(err, guard, clock, "request", "", attemptNo), receivedAny: false, retryAfterMs: retryAfter(err) };
          }
          if (guard.expired) return { outcome: expiredFailure(guard, clock, "", attemptNo), receivedAny: false };
          return { outcome: parseCompletion(completion, clock, attemptNo), receivedAny: true };
        } finally {
          guard.dispose();
        }
      });
    },

    stream(req, onDelta) {
      return guarded(req, async (clock, attemptNo) => {
        const guard = createGuard(req.signal, clock);
        const acc = new StreamAccumulator();
        try {
          let stream: AsyncIterable<unknown>;
          try {
            stream = (await sdk.chat.completions.create(body(req, true) as never, {
              signal: guard.signal,
            })) as unknown as AsyncIterable<unknown>;
          } catch (err) {
            return { outcome: fromError(err, guard, clock, "request", "", attemptNo), receivedAny: false, retryAfterMs: retryAfter(err) };
          }
          let callbackError: { error: unknown } | null = null;
          try {
            for await (const chunk of stream) {
              if (acc.firstTokenMs === undefined) acc.firstTokenMs = clock.elapsed();
              guard.chunk();
              const step = acc.add(chunk);
              if (step.malformed) {
                guard.abortQuietly();
                return { outcome: failure("malformed_response", step.malformed, clock, acc, undefined, attemptNo), receivedAny: true };
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
            return { outcome: fromError(err, guard, clock, "stream", acc, attemptNo), receivedAny: acc.firstTokenMs !== undefined };
          }
          if (callbackError) throw callbackError.error;
          // The SDK ends the iteration silently when the request is aborted, so check why it ended.
          if (guard.expired) return { outcome: expiredFailure(guard, clock, acc, attemptNo), receivedAny: acc.firstTokenMs !== undefined };
          if (guard.callerAborted) {
            return {
              outcome: failure("aborted", "aborted by caller during the stream", clock, acc, undefined, attemptNo),
              receivedAny: true,
            };
          }
          return { outcome: acc.finish(clock, attemptNo), receivedAny: true };
        } finally {
          guard.dispose();
        }
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
    attempts: 0,
  });
  return {
    enabled: false,
    model,
    thinking: false,
    circuit: null,
    circuitState: () => "closed",
    complete: answer,
    stream: answer,
  };
}

/** The part of `config.deepseek` the client needs. */
export interface LlmClientConfig {
  apiKey?: string | undefined;
  baseUrl: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  thinking?: ThinkingMode;
  reasoningEffort?: "high" | "max" | undefined;
  temperature?: number;
  topP?: number;
}

/** Convenience for the runtime: `config.deepseek` → client (disabled when no key). */
export function llmClientFromConfig(
  deepseek: LlmClientConfig,
  extra: Pick<LlmClientOptions, "circuit" | "now" | "deadlineMs" | "fetch"> = {},
): LlmClient {
  if (!deepseek.apiKey) return disabledLlmClient(deepseek.model);
  return createLlmClient({
    apiKey: deepseek.apiKey,
    baseURL: deepseek.baseUrl,
    model: deepseek.model,
    timeoutMs: deepseek.timeoutMs,
    maxRetries: deepseek.maxRetries,
    ...(deepseek.thinking ? { thinking: deepseek.thinking } : {}),
    ...(deepseek.reasoningEffort ? { reasoningEffort: deepseek.reasoningEffort } : {}),
    ...(deepseek.temperature !== undefined ? { temperature: deepseek.temperature } : {}),
    ...(deepseek.topP !== undefined ? { topP: deepseek.topP } : {}),
    ...extra,
  });
}

// ---------------------------------------------------------------------------------------------
// Budget, deadlines and caller aborts

/** An attempt needs at least this long to be worth starting. */
const MIN_ATTEMPT_MS = 250;

interface Clock {
  readonly timing: LlmTiming;
  elapsed(): number;
}

function startClock(timing: LlmTiming): Clock {
  const started = performance.now();
  return { timing, elapsed: () => performance.now() - started };
}

interface Attempt {
  outcome: LlmResult;
  /** Part of an answer arrived: never retried (the shopper may have seen it). */
  receivedAny: boolean;
  retryAfterMs?: number | undefined;
}

type Expiry = "first_token" | "stall" | "total";

interface Guard {
  readonly signal: AbortSignal;
  /** Why our own timer ended the request, if it did. */
  readonly expired: Expiry | null;
  readonly callerAborted: boolean;
  /** A chunk arrived: from now on the stall limit applies (bounded by the total budget). */
  chunk(): void;
  /** Abort the request without attributing it to the caller or a timeout. */
  abortQuietly(): void;
  dispose(): void;
}

function createGuard(callerSignal: AbortSignal | undefined, clock: Clock): Guard {
  const controller = new AbortController();
  const { firstTokenMs, stallMs, totalMs } = clock.timing;
  let expired: Expiry | null = null;
  let callerAborted = false;
  const onCallerAbort = () => {
    if (expired) return;
    callerAborted = true;
    controller.abort(callerSignal?.reason);
  };
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, why: Expiry) => {
    clearTimeout(timer);
    const left = totalMs - clock.elapsed();
    const [wait, reason] = left <= ms ? [left, "total" as const] : [ms, why];
    timer = setTimeout(
      () => {
        if (controller.signal.aborted) return;
        expired = reason;
        controller.abort(new Error(`LLM ${reason} deadline exceeded`));
      },
      Math.max(0, Math.min(wait, 2_147_000_000)),
    );
  };
  arm(firstTokenMs - clock.elapsed(), "first_token");
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    get callerAborted() {
      return callerAborted;
    },
    chunk() {
      if (!controller.signal.aborted) arm(stallMs, "stall");
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

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** `retry-after-ms` / `retry-after` (seconds or an HTTP date) of an HTTP error, in ms. */
function retryAfter(err: unknown): number | undefined {
  if (!(err instanceof APIError) || !err.headers) return undefined;
  const headers = err.headers as unknown as { get?: (name: string) => string | null };
  const ms = Number(headers.get?.("retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0 && headers.get?.("retry-after-ms")) return ms;
  const raw = headers.get?.("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Results

function failure(
  reason: FallbackReason,
  detail: string,
  clock: Clock,
  partial: string | StreamAccumulator = "",
  status?: number,
  attempts = 1,
): LlmFailure {
  const partialContent = typeof partial === "string" ? partial : partial.content;
  const firstTokenMs = typeof partial === "string" ? undefined : partial.firstTokenMs;
  return {
    ok: false,
    reason,
    detail: detail.length > 300 ? `${detail.slice(0, 299)}…` : detail,
    latencyMs: Math.max(0, Math.round(clock.elapsed())),
    partialContent,
    attempts,
    ...(status !== undefined ? { status } : {}),
    ...(firstTokenMs !== undefined ? { firstTokenMs: Math.round(firstTokenMs) } : {}),
  };
}

function expiredFailure(guard: Guard, clock: Clock, partial: string | StreamAccumulator, attempts: number): LlmFailure {
  const { firstTokenMs, stallMs, totalMs } = clock.timing;
  switch (guard.expired) {
    case "stall":
      return failure("stream_stalled", `no stream data for ${stallMs} ms`, clock, partial, undefined, attempts);
    case "total":
      return failure("turn_deadline", `budget of ${totalMs} ms used up`, clock, partial, undefined, attempts);
    default:
      return failure("first_token_timeout", `no answer within ${Math.round(firstTokenMs)} ms`, clock, partial, undefined, attempts);
  }
}

/** HTTP status → reason (DeepSeek's error codes: 400, 401, 402, 422, 429, 500, 503). */
export function reasonForStatus(status: number): FallbackReason {
  if (status === 401 || status === 403) return "auth_failed";
  if (status === 402) return "insufficient_balance";
  if (status === 400 || status === 404 || status === 422) return "bad_request";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  return "client_error";
}

/** Maps anything the SDK (or fetch underneath) can throw to a FallbackReason. */
function fromError(
  err: unknown,
  guard: Guard,
  clock: Clock,
  phase: "request" | "stream",
  partial: string | StreamAccumulator,
  attempts: number,
): LlmFailure {
  const message = err instanceof Error ? err.message : String(err);
  // Our own deadline and the caller's signal both surface as user aborts from the SDK's point of view.
  if (guard.expired) return expiredFailure(guard, clock, partial, attempts);
  if (guard.callerAborted || err instanceof APIUserAbortError) {
    return failure("aborted", `aborted by caller (${phase})`, clock, partial, undefined, attempts);
  }
  if (err instanceof APIConnectionTimeoutError)
    return failure("timeout", `request timed out: ${message}`, clock, partial, undefined, attempts);
  if (err instanceof APIConnectionError) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
    return failure(phase === "stream" ? "stream_interrupted" : "network", `${message}${cause}`, clock, partial, undefined, attempts);
  }
  if (err instanceof RateLimitError) return failure("rate_limited", message, clock, partial, 429, attempts);
  if (err instanceof APIError) {
    const status = err.status;
    if (status === undefined) {
      // An `error` event inside an SSE stream.
      const reason = phase === "stream" ? "stream_interrupted" : "server_error";
      return failure(reason, `upstream error: ${message}`, clock, partial, undefined, attempts);
    }
    return failure(reasonForStatus(status), message, clock, partial, status, attempts);
  }
  if (err instanceof SyntaxError)
    return failure("malformed_response", `unparseable response: ${message}`, clock, partial, undefined, attempts);
  // Body read failures after the headers (socket closed, "terminated", …) arrive as plain errors.
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : "";
  return failure(phase === "stream" ? "stream_interrupted" : "network", `${message}${cause}`, clock, partial, undefined, attempts);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const count = (value: unknown) => (typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0);

/** OpenAI usage plus DeepSeek's `prompt_cache_hit_tokens` and `completion_tokens_details.reasoning_tokens`. */
export function toUsage(value: unknown): LlmUsage | null {
  if (!isRecord(value)) return null;
  const details = isRecord(value.completion_tokens_details) ? value.completion_tokens_details : {};
  const promptDetails = isRecord(value.prompt_tokens_details) ? value.prompt_tokens_details : {};
  return {
    promptTokens: count(value.prompt_tokens),
    completionTokens: count(value.completion_tokens),
    reasoningTokens: count(details.reasoning_tokens),
    cachedPromptTokens: count(value.prompt_cache_hit_tokens) || count(promptDetails.cached_tokens),
  };
}

const NO_USAGE: LlmUsage = { promptTokens: 0, completionTokens: 0, reasoningTokens: 0, cachedPromptTokens: 0 };

function parseCompletion(completion: unknown, clock: Clock, attempts: number): LlmResult {
  const fail = (detail: string) => failure("malformed_response", detail, clock, "", undefined, attempts);
  if (!isRecord(completion)) return fail("response body is not a JSON object");
  const choices = completion.choices;
  if (!Array.isArray(choices) || choices.length === 0) return fail("response has no choices");
  const choice: unknown = choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) return fail("choices[0].message is missing");
  const message = choice.message;
  if (message.content !== null && message.content !== undefined && typeof message.content !== "string") {
    return fail("message.content is not a string");
  }
  const toolCalls: LlmToolCall[] = [];
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    if (!Array.isArray(message.tool_calls)) return fail("message.tool_calls is not an array");
    for (const [i, call] of message.tool_calls.entries()) {
      const fn = isRecord(call) ? call.function : undefined;
      if (!isRecord(call) || !isRecord(fn) || typeof fn.name !== "string" || !fn.name) {
        return fail(`tool_calls[${i}] has no function name`);
      }
      toolCalls.push({
        id: typeof call.id === "string" && call.id ? call.id : `call_${i}`,
        name: fn.name,
        arguments: typeof fn.arguments === "string" ? fn.arguments : fn.arguments === undefined ? "" : JSON.stringify(fn.arguments),
      });
    }
  }
  const reasoning = message.reasoning_content;
  const latencyMs = Math.max(0, Math.round(clock.elapsed()));
  return {
    ok: true,
    content: typeof message.content === "string" ? message.content : "",
    toolCalls,
    usage: toUsage(completion.usage) ?? NO_USAGE,
    latencyMs,
    firstTokenMs: latencyMs,
    attempts,
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null,
    model: typeof completion.model === "string" ? completion.model : "",
    ...(typeof reasoning === "string" && reasoning ? { reasoningContent: reasoning } : {}),
  };
}

/** Accumulates `chat.completion.chunk`s: content, reasoning, tool-call deltas by index, finish reason, usage. */
class StreamAccumulator {
  content = "";
  firstTokenMs: number | undefined;
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

  finish(clock: Clock, attempts: number): LlmResult {
    if (this.finishReason === null) {
      return failure("stream_interrupted", "stream ended without a finish_reason", clock, this, undefined, attempts);
    }
    const toolCalls: LlmToolCall[] = [];
    for (const index of [...this.calls.keys()].sort((a, b) => a - b)) {
      const call = this.calls.get(index)!;
      if (!call.name) {
        return failure("malformed_response", `streamed tool call #${index} has no function name`, clock, this, undefined, attempts);
      }
      toolCalls.push({ id: call.id || `call_${index}`, name: call.name, arguments: call.arguments });
    }
    return {
      ok: true,
      content: this.content,
      toolCalls,
      usage: this.usage ?? NO_USAGE,
      latencyMs: Math.max(0, Math.round(clock.elapsed())),
      firstTokenMs: Math.round(this.firstTokenMs ?? clock.elapsed()),
      attempts,
      finishReason: this.finishReason,
      model: this.model,
      ...(this.reasoning ? { reasoningContent: this.reasoning } : {}),
    };
  }
}
