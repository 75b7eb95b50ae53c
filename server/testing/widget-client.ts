import type { ChatAction, ConciergeMessage, TranscriptEntry } from "../concierge/messages";
import type { TestRuntime } from "./test-runtime";

/** Drives a widget session through the router exactly as the widget does (bearer token). */
export async function startWidgetSession(t: TestRuntime, input: { visitorId?: string; identityToken?: string; resumeToken?: string } = {}) {
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
  return messages.filter((m) => m.type === "text").map((m) => (m as { text: string }).text).join(" ");
}
