import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Metrics } from "../../platform/metrics";
import type { LlmClient } from "./llm-client";
import { parseToolArguments } from "./tool-schema";
import type { ConciergeMessage, TranscriptEntry } from "../messages";
import type { ConversationState } from "../state";
import { runSearch } from "../journeys/discovery";
import { orderFlow } from "../journeys/orders";
import { lookupFailure, proofFromState, requesterOf } from "../journeys/proofs";
import { escalationForm } from "../journeys/escalation";
import { showShortlist } from "../journeys/shortlist";
import type { FlowResult, TurnContext } from "../turn/types";
import { toStatusView } from "../../services/order-view";
import { systemPrompt } from "./prompts";
import { maskContactDetails as redactForPrompt } from "../../platform/pii";
import { isToolName, TOOL_DEFINITIONS, TOOL_SCHEMAS, type ToolName } from "./tools";

export const MAX_TOOL_ROUNDS = 3;
export const MAX_TOOL_CALLS_PER_TURN = 6;
export const TURN_TOKEN_BUDGET = 8_000;
export const MAX_OUTPUT_TOKENS = 400;
const HISTORY_ENTRIES = 12;

export type LlmTurnOutcome = { ok: true; result: FlowResult } | { ok: false; reason: string; detail: string; streamedText: boolean };

interface ToolOutcome {
  /** What the model sees (data only, no customer PII). */
  result: unknown;
  /** Typed messages the server composes from the tool's effect. */
  messages: ConciergeMessage[];
  state: ConversationState;
}

/** Plain text only: no markup, no HTML, bounded length. */
export function toPlainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, "")
    .replace(/[*_`#>]{1,3}/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/[ \t]+/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .slice(0, 1200);
}

/** True when the model's answer quotes our instructions. */
export function leaksPrompt(text: string, storeName: string): boolean {
  const rules = systemPrompt(storeName)
    .split("\n")
    .filter((l) => l.length > 40);
  const lower = text.toLowerCase();
  return rules.some((rule) => {
    const words = rule
      .toLowerCase()
      .replace(/^\d+\.\s*/, "")
      .split(/\s+/);
    for (let i = 0; i + 8 <= words.length; i++) if (lower.includes(words.slice(i, i + 8).join(" "))) return true;
    return false;
  });
}

function historyToPrompt(history: readonly TranscriptEntry[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  for (const entry of history.slice(-HISTORY_ENTRIES)) {
    const m = entry.message;
    let content: string | undefined;
    if (m.type === "text") content = m.text;
    else if (m.type === "command") content = `[chose: ${m.label}]`;
    else if (m.type === "product_cards") content = `[showed products: ${m.products.map((p) => p.name).join("; ")}]`;
    else if (m.type === "order_timeline") content = `[showed order ${m.orderNumber}: ${m.statusLabel}]`;
    else if (m.type === "stylist_reply") content = `[stylist replied]`;
    else content = `[showed ${m.type.replace(/_/g, " ")}]`;
    const role = entry.role === "shopper" ? "user" : "assistant";
    out.push({ role, content: redactForPrompt(content) });
  }
  return out;
}

const structuredOnly = (messages: ConciergeMessage[]) => messages.filter((m) => m.type !== "text");

/**
 * The DeepSeek engine: tool calling over the same services as the rule engine. The server executes
 * tools, composes every card and form itself (grounding), and never performs a side effect: those
 * tools only put a confirmation form in front of the shopper.
 */
export class LlmEngine {
  constructor(
    private readonly client: LlmClient,
    private readonly metrics: Metrics,
  ) {}

  get enabled(): boolean {
    return this.client.enabled;
  }

  async handleText(
    ctx: TurnContext,
    text: string,
    history: readonly TranscriptEntry[],
    onDelta?: (text: string) => void,
  ): Promise<LlmTurnOutcome> {
    const messages: ChatCompletionMessageParam[] = [
      { role: "system", content: systemPrompt(ctx.deps.storeName) },
      ...historyToPrompt(history),
      { role: "user", content: redactForPrompt(text.slice(0, 1000)) },
    ];
    let state = ctx.state;
    const ui: ConciergeMessage[] = [];
    let toolCalls = 0;
    let tokens = 0;
    let streamed = false;
    const fail = (reason: string, detail: string): LlmTurnOutcome => ({ ok: false, reason, detail, streamedText: streamed });
    const forward = onDelta
      ? (d: string) => {
          streamed = true;
          onDelta(d);
        }
      : undefined;

    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      const request = { messages, tools: TOOL_DEFINITIONS, maxTokens: MAX_OUTPUT_TOKENS };
      const res = forward ? await this.client.stream(request, forward) : await this.client.complete(request);
      this.metrics.llmLatency.observe(res.latencyMs / 1000);
      this.metrics.llmRequests.inc({ outcome: res.ok ? "ok" : res.reason });
      this.metrics.llmCircuitState.set({ closed: 0, half_open: 1, open: 2 }[this.client.circuitState()] ?? 0);
      if (!res.ok) return fail(res.reason, res.detail);
      tokens += res.usage.promptTokens + res.usage.completionTokens;
      this.metrics.llmTokens.inc({ kind: "prompt" }, res.usage.promptTokens);
      this.metrics.llmTokens.inc({ kind: "completion" }, res.usage.completionTokens);

      if (res.toolCalls.length === 0) {
        const answer = toPlainText(res.content);
        if (leaksPrompt(answer, ctx.deps.storeName)) return fail("prompt_leak", "the answer quoted the system prompt");
        if (!answer && ui.length === 0) return fail("malformed_response", "empty answer");
        return { ok: true, result: { messages: [...(answer ? [{ type: "text" as const, text: answer }] : []), ...ui], state } };
      }
      toolCalls += res.toolCalls.length;
      if (toolCalls > MAX_TOOL_CALLS_PER_TURN) return fail("tool_limit", `more than ${MAX_TOOL_CALLS_PER_TURN} tool calls`);
      messages.push({
        role: "assistant",
        content: res.content || null,
        tool_calls: res.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } })),
      });
      for (const call of res.toolCalls) {
        if (!isToolName(call.name)) {
          this.metrics.toolCalls.inc({ tool: "unknown", outcome: "rejected" });
          return fail("malformed_tool_call", "unknown tool");
        }
        const outcome = await this.execute(call.name, call.arguments, { ...ctx, state });
        this.metrics.toolCalls.inc({ tool: call.name, outcome: outcome ? "ok" : "rejected" });
        if (!outcome) return fail("malformed_tool_call", `invalid arguments for ${call.name}`);
        ui.push(...outcome.messages);
        state = outcome.state;
        messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(outcome.result) });
      }
      if (tokens > TURN_TOKEN_BUDGET) return fail("token_budget", `${tokens} tokens`);
    }
    return fail("tool_limit", `no answer after ${MAX_TOOL_ROUNDS} rounds`);
  }

  /** Validates, authorises and runs one tool; null when the call is not acceptable. */
  private async execute(name: ToolName, rawArgs: string, ctx: TurnContext): Promise<ToolOutcome | null> {
    switch (name) {
      case "search_products": {
        const args = parseToolArguments(TOOL_SCHEMAS.search_products, rawArgs);
        if (!args.ok) return null;
        const a = args.value;
        const flow = await runSearch(ctx, {
          ...(a.query ? { query: a.query } : {}),
          ...(a.category ? { category: a.category } : {}),
          ...(a.metals ? { metals: a.metals } : {}),
          ...(a.styleTags ? { styleTags: a.styleTags } : {}),
          ...(a.minPriceUsd !== undefined ? { minPriceCents: Math.round(a.minPriceUsd * 100) } : {}),
          ...(a.maxPriceUsd !== undefined ? { maxPriceCents: Math.round(a.maxPriceUsd * 100) } : {}),
          ...(a.readyToShip ? { readyToShip: true } : {}),
          ...(a.sort ? { sort: a.sort } : {}),
        });
        const cards = flow.messages.find((m) => m.type === "product_cards");
        const products = cards?.type === "product_cards" ? cards.products : [];
        return {
          result: {
            products: products.map((p) => ({
              id: p.id,
              name: p.name,
              spec: p.spec,
              priceUsd: p.priceCents / 100,
              readyToShip: p.readyToShip,
            })),
            relaxedFilters: cards?.type === "product_cards" ? (cards.relaxed ?? []) : [],
          },
          messages: structuredOnly(flow.messages),
          state: flow.state,
        };
      }
      case "get_order_status": {
        const args = parseToolArguments(TOOL_SCHEMAS.get_order_status, rawArgs);
        if (!args.ok) return null;
        const orderNumber = args.value.orderNumber.toUpperCase();
        let order = null;
        if (proofFromState(ctx.state, orderNumber, ctx.now)) {
          try {
            order = await ctx.deps.orderAccess.open(requesterOf(ctx), orderNumber, undefined, ctx.now);
          } catch (error) {
            const failure = lookupFailure(error);
            if (failure?.kind === "refused")
              return { result: { error: "lookups_paused" }, messages: [{ type: "text", text: failure.message }], state: ctx.state };
            if (failure?.kind !== "not_found") throw error;
          }
        }
        if (!order) {
          const flow = await orderFlow(ctx, "track", orderNumber);
          return {
            result: { verificationRequired: true, note: "The app is showing the shopper a secure form to confirm the order's email." },
            messages: structuredOnly(flow.messages),
            state: flow.state,
          };
        }
        const view = toStatusView(order);
        return {
          result: {
            orderNumber: view.orderNumber,
            status: view.statusLabel,
            carrier: view.carrier ?? null,
            estimatedDelivery: view.estimatedDelivery ?? null,
          },
          messages: [{ type: "order_timeline", ...view }],
          state: { ...ctx.state, lastIntent: "track_order" },
        };
      }
      case "start_return": {
        const args = parseToolArguments(TOOL_SCHEMAS.start_return, rawArgs);
        if (!args.ok) return null;
        const flow = await orderFlow(ctx, "return", args.value.orderNumber?.toUpperCase(), {
          returnKind: args.value.kind,
          ...(args.value.ringSize ? { ringSize: args.value.ringSize } : {}),
        });
        return {
          result: { shown: flow.messages.map((m) => m.type).filter((t) => t !== "text"), note: "The shopper confirms in the app." },
          messages: structuredOnly(flow.messages),
          state: flow.state,
        };
      }
      case "request_stylist": {
        const args = parseToolArguments(TOOL_SCHEMAS.request_stylist, rawArgs);
        if (!args.ok) return null;
        const flow = await escalationForm(ctx, args.value.reason);
        return { result: { shown: "escalation_form" }, messages: structuredOnly(flow.messages), state: flow.state };
      }
      case "update_shortlist": {
        const args = parseToolArguments(TOOL_SCHEMAS.update_shortlist, rawArgs);
        if (!args.ok) return null;
        if (args.value.action === "show") {
          const flow = await showShortlist(ctx);
          const list = flow.messages.find((m) => m.type === "shortlist");
          return {
            result: { saved: list?.type === "shortlist" ? list.products.map((p) => p.name) : [] },
            messages: structuredOnly(flow.messages),
            state: flow.state,
          };
        }
        const product = args.value.productId ? await ctx.deps.catalog.getById(args.value.productId) : null;
        if (!product) return null; // a product id not in the catalog is never shown
        return {
          result: { offered: product.name, note: "The shopper taps Save to confirm." },
          messages: [
            {
              type: "refine_chips",
              chips: [{ label: `Save ${product.name}`.slice(0, 60), action: { kind: "shortlist_add", productId: product.id } }],
            },
          ],
          state: ctx.state,
        };
      }
      case "subscribe_order_updates": {
        const args = parseToolArguments(TOOL_SCHEMAS.subscribe_order_updates, rawArgs);
        if (!args.ok) return null;
        const flow = await orderFlow(ctx, "subscribe", args.value.orderNumber?.toUpperCase(), { channel: args.value.channel });
        return {
          result: { shown: flow.messages.map((m) => m.type).filter((t) => t !== "text"), note: "The shopper gives consent in the app." },
          messages: structuredOnly(flow.messages),
          state: flow.state,
        };
      }
    }
  }
}
