/**
 * `npm run llm:check`: one real exchange with the configured endpoint, the way a shopper's turn uses it —
 * a streamed request with a tool, the tool's result sent back (with the round's reasoning_content in
 * thinking mode), a streamed answer — and a plain report of what works, so an operator can verify a key,
 * a model id, the thinking mode and the deadlines in one step.
 */
import { z } from "zod";
import { costUsd, type LlmPrices } from "./cost";
import { createLlmClient, type LlmClientConfig, type LlmMessage, type LlmResult, type LlmTiming, type LlmUsage } from "./llm-client";
import { zodToTool } from "./tool-schema";

export interface LlmCheckConfig extends LlmClientConfig {
  firstTokenMs: number;
  turnTimeoutMs: number;
  maxOutputTokens: number;
  reasoningTokens: number;
  pricesPerMTok: LlmPrices;
}

export type CheckStatus = "ok" | "warn" | "fail";
export interface CheckLine {
  status: CheckStatus;
  text: string;
}

export interface LlmCheckReport {
  ok: boolean;
  lines: CheckLine[];
}

const HINTS: Record<string, string> = {
  no_api_key: "set DEEPSEEK_API_KEY",
  auth_failed: "the API key was refused: check DEEPSEEK_API_KEY",
  insufficient_balance: "the account has no balance left: top it up on platform.deepseek.com",
  bad_request: "the request was refused: check DEEPSEEK_MODEL and DEEPSEEK_BASE_URL",
  client_error: "the request was refused: check DEEPSEEK_BASE_URL",
  rate_limited: "rate limited: try again shortly",
  server_error: "the API is failing or overloaded: try again shortly",
  network: "cannot reach DEEPSEEK_BASE_URL",
  timeout: "no answer in time: check DEEPSEEK_BASE_URL and the network",
  first_token_timeout: "no first token within DEEPSEEK_FIRST_TOKEN_MS: the endpoint is slow or queueing",
  stream_stalled: "the stream stalled: the endpoint is slow or overloaded",
  turn_deadline: "the exchange did not fit DEEPSEEK_TURN_TIMEOUT_MS",
  malformed_response: "the answer is not an OpenAI-compatible chat completion: check DEEPSEEK_BASE_URL",
  stream_interrupted: "the stream was cut: check proxies between here and the endpoint",
};

const STORE_HOURS = zodToTool("get_store_hours", "The store's opening hours. Takes no arguments.", z.strictObject({}));

function failLine(step: string, res: Extract<LlmResult, { ok: false }>): CheckLine {
  const status = res.status ? `HTTP ${res.status}, ` : "";
  return { status: "fail", text: `${step}: ${res.reason} (${status}${res.detail}) — ${HINTS[res.reason] ?? "see the detail"}` };
}

const addUsage = (a: LlmUsage, b: LlmUsage): LlmUsage => ({
  promptTokens: a.promptTokens + b.promptTokens,
  completionTokens: a.completionTokens + b.completionTokens,
  reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  cachedPromptTokens: a.cachedPromptTokens + b.cachedPromptTokens,
});

export async function runLlmCheck(config: LlmCheckConfig, options: { fetch?: typeof fetch } = {}): Promise<LlmCheckReport> {
  const lines: CheckLine[] = [];
  const thinking = config.thinking === "enabled";
  lines.push({
    status: "ok",
    text: `endpoint ${config.baseUrl} · model ${config.model} · thinking ${thinking ? "enabled" : "disabled"} · first token ≤ ${config.firstTokenMs} ms, turn ≤ ${config.turnTimeoutMs} ms`,
  });
  if (!config.apiKey) {
    lines.push({ status: "fail", text: `no API key — ${HINTS.no_api_key}` });
    return { ok: false, lines };
  }
  const client = createLlmClient({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    model: config.model,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...(config.thinking ? { thinking: config.thinking } : {}),
    ...(config.reasoningEffort ? { reasoningEffort: config.reasoningEffort } : {}),
    ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
    ...(config.topP !== undefined ? { topP: config.topP } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const started = performance.now();
  // The same budget as a shopper's turn: each round's first token within firstTokenMs, all of it within turnTimeoutMs.
  const timing = (): LlmTiming => {
    const left = config.turnTimeoutMs - (performance.now() - started);
    return { firstTokenMs: Math.min(config.firstTokenMs, left), stallMs: config.firstTokenMs, totalMs: left };
  };
  const maxTokens = config.maxOutputTokens + (thinking ? config.reasoningTokens : 0);
  const messages: LlmMessage[] = [
    {
      role: "system",
      content:
        "You are a jewelry store's assistant. To answer questions about opening hours, call get_store_hours, then answer in one short sentence.",
    },
    { role: "user", content: "When are you open?" },
  ];

  const first = await client.stream({ messages, tools: [STORE_HOURS], maxTokens, timing: timing() }, () => undefined);
  if (!first.ok) {
    lines.push(failLine("request with a tool", first));
    return { ok: false, lines };
  }
  lines.push({
    status: "ok",
    text: `key accepted, model "${first.model || config.model}" answered; first token after ${first.firstTokenMs} ms${first.attempts > 1 ? ` (${first.attempts} attempts)` : ""}`,
  });
  if (thinking) {
    lines.push(
      first.reasoningContent
        ? { status: "ok", text: `thinking mode: reasoning_content received (${first.usage.reasoningTokens || "?"} reasoning tokens)` }
        : { status: "warn", text: "thinking mode requested but no reasoning_content came back: is this endpoint DeepSeek's?" },
    );
  } else if (first.reasoningContent) {
    lines.push({
      status: "warn",
      text: "thinking disabled but reasoning_content came back: the endpoint ignored thinking: {type: disabled}",
    });
  } else {
    lines.push({ status: "ok", text: "thinking disabled: no reasoning in the answer (the fast path)" });
  }
  let usage = first.usage;
  const call = first.toolCalls[0];
  if (!call) {
    lines.push({ status: "warn", text: "the model answered without calling the tool, so the tool round was not verified; run again" });
  } else {
    lines.push({ status: "ok", text: `tool call: ${call.name}(${call.arguments || "{}"})` });
    messages.push({
      role: "assistant",
      content: first.content || null,
      tool_calls: first.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } })),
      ...(thinking ? { reasoning_content: first.reasoningContent ?? "" } : {}),
    });
    for (const c of first.toolCalls) {
      messages.push({ role: "tool", tool_call_id: c.id, content: JSON.stringify({ hours: "Monday to Saturday, 10:00–18:00" }) });
    }
    let answer = "";
    const second = await client.stream({ messages, tools: [STORE_HOURS], maxTokens, timing: timing() }, (d) => {
      answer += d;
    });
    if (!second.ok) {
      lines.push(failLine("tool round (the tool's result sent back)", second));
      return { ok: false, lines };
    }
    usage = addUsage(usage, second.usage);
    lines.push({
      status: "ok",
      text: `tool round accepted${thinking ? " (reasoning_content passed back)" : ""}; answer streamed: "${answer.trim().slice(0, 120)}"`,
    });
  }
  const spent = costUsd(usage, config.pricesPerMTok);
  lines.push({
    status: "ok",
    text: `usage: ${usage.promptTokens} prompt (${usage.cachedPromptTokens} cached), ${usage.completionTokens} completion (${usage.reasoningTokens} reasoning) ≈ $${spent.toFixed(6)}; whole check ${Math.round(performance.now() - started)} ms`,
  });
  return { ok: !lines.some((l) => l.status === "fail"), lines };
}

export function formatLlmCheck(report: LlmCheckReport): string {
  const mark: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗" };
  return [...report.lines.map((l) => `${mark[l.status]} ${l.text}`), report.ok ? "LLM check passed." : "LLM check FAILED."].join("\n");
}
