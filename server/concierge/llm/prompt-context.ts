/**
 * The messages one LLM turn starts from: the stable system prompt (cacheable), the recent transcript as
 * the model should read it (typed messages summarised, contact details masked), the turn's context
 * (language, pieces on screen with their ids, a form still open) and the shopper's words.
 */
import { maskContactDetails } from "../../platform/pii";
import type { TranscriptEntry } from "../messages";
import type { TurnContext } from "../turn/types";
import type { LlmMessage } from "./llm-client";
import { contextPrompt, systemPrompt } from "./prompts";

const HISTORY_ENTRIES = 12;
const MAX_SHOPPER_TEXT = 1_000;

/** Contact details never reach a prompt (prices and ranges are not phone numbers). */
export function redactForPrompt(text: string): string {
  return maskContactDetails(text);
}

function describe(entry: TranscriptEntry): string {
  const m = entry.message;
  switch (m.type) {
    case "text":
      return m.text;
    case "command":
      return `[chose: ${m.label}]`;
    case "product_cards":
      return `[showed products: ${m.products.map((p) => `${p.name} (id ${p.id})`).join("; ")}]`;
    case "shortlist":
      return `[showed saved pieces: ${m.products.map((p) => `${p.name} (id ${p.id})`).join("; ")}]`;
    case "order_timeline":
      return `[showed order ${m.orderNumber}: ${m.statusLabel}]`;
    case "stylist_reply":
      return "[a stylist replied]";
    default:
      return `[showed ${m.type.replace(/_/g, " ")}]`;
  }
}

export function historyToPrompt(history: readonly TranscriptEntry[]): LlmMessage[] {
  return history.slice(-HISTORY_ENTRIES).map((entry) => ({
    role: entry.role === "shopper" ? ("user" as const) : ("assistant" as const),
    content: redactForPrompt(describe(entry)),
  }));
}

/** What the open form is for, in words the model can use ("the app is showing…"). */
function openForm(ctx: TurnContext): string | undefined {
  const pending = ctx.state.pendingOrder;
  if (!ctx.state.awaiting || !pending) return undefined;
  const what = { track: "track", return: `start a ${pending.returnKind ?? "return"} for`, subscribe: "get updates about" }[pending.purpose];
  const order = pending.orderNumber ? ` order ${pending.orderNumber}` : " an order";
  return `The app is showing a secure form so the shopper can ${what}${order}; it stays open. Help with anything else meanwhile.`;
}

export function promptMessages(ctx: TurnContext, text: string, history: readonly TranscriptEntry[]): LlmMessage[] {
  return [
    { role: "system", content: systemPrompt(ctx.deps.storeName) },
    ...historyToPrompt(history),
    {
      role: "system",
      content: contextPrompt({
        language: ctx.language,
        onScreen: (ctx.state.shown ?? []).map((c) => ({ id: c.id, name: c.name })),
        openForm: openForm(ctx),
        lastTopic: ctx.state.lastTopic,
      }),
    },
    { role: "user", content: redactForPrompt(text.slice(0, MAX_SHOPPER_TEXT)) },
  ];
}
