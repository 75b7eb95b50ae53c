import type { LlmUsage } from "./llm-client";

/** USD per million tokens: prompt tokens missing the context cache, prompt tokens hitting it, output tokens. */
export interface LlmPrices {
  input: number;
  cachedInput: number;
  output: number;
}

/** What a call's usage costs (DeepSeek bills cache hits at their own price; reasoning is output). */
export function costUsd(usage: LlmUsage, prices: LlmPrices): number {
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  return ((usage.promptTokens - cached) * prices.input + cached * prices.cachedInput + usage.completionTokens * prices.output) / 1_000_000;
}
