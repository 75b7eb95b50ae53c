import type { ChatAction, ConciergeMessage, TranscriptEntry } from "../concierge/messages";
import type { TestRuntime } from "./test-runtime";

/** Drives a widget session through the router exactly as the widget does (bearer token). */
export async function startWidgetSession(
  t: TestRuntime,
  input: { visitorId?: string; identityToken?: string; resumeToken?: string; greeting?: string } = {},
) {
  const started = await t.caller().session.start(input);
  if (!started.enabled) throw new Error("concierge disabled for this visitor");
  const caller = t.caller({ headers: { authorization: `Bearer ${started.sessionToken}` } });
  const send = async (input: string | ChatAction) => {
    const res = await caller.chat.send(typeof input === "string" ? { text: input } : { action: input });
    return { ...res, concierge: res.entries.filter((e: TranscriptEntry) => e.role !== "shopper").map((e: TranscriptEntry) => e.message) };
  };
  return { started, caller, send };
}

export function ofType<T extends ConciergeMessage["type"]>(messages: ConciergeMessage[], type: T): Extract<ConciergeMessage, { type: T }> {
  const found = messages.find((m) => m.type === type);
  if (!found) throw new Error(`expected a ${type} message, got ${messages.map((m) => m.type).join(", ")}`);
  return found as Extract<ConciergeMessage, { type: T }>;
}

export function textOf(messages: ConciergeMessage[]): string {
  return messages
    .filter((m) => m.type === "text")
    .map((m) => (m as { text: string }).text)
    .join(" ");
}

/** Asserts a non-empty set of cards that are all gold rings at or under $500 in the given catalog. */
export function expectOnlyGoldRingsUnder500(
  cards: { products: Array<{ id: string }> },
  catalog: ReadonlyMap<string, { category: string; metal: string; priceCents: number }>,
): void {
  if (cards.products.length === 0) throw new Error("expected product cards, got none");
  for (const card of cards.products) {
    const p = catalog.get(card.id);
    if (!p) throw new Error(`card ${card.id} is not in the catalog`);
    if (p.category !== "ring" || !p.metal.includes("gold") || p.priceCents > 50_000) {
      throw new Error(`card ${card.id} is not a gold ring under $500 (${p.category}, ${p.metal}, ${p.priceCents})`);
    }
  }
}
