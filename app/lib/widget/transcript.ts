import type { ChatAction, ConciergeMessage, TranscriptEntry } from "../../../server/concierge/messages";

/** Which form each submitting action closes. */
const FORM_OF: Partial<Record<ChatAction["kind"], ConciergeMessage["type"]>> = {
  order_lookup: "order_lookup_form",
  confirm_return: "return_options",
  submit_escalation: "escalation_form",
  subscribe_updates: "subscription_form",
  submit_csat: "csat_prompt",
};
const FORM_TYPES = new Set(Object.values(FORM_OF));

/**
 * Forms the shopper already submitted, read from the transcript itself: the newest open form of a
 * kind is closed by the next command that submits it, and shows that command's label as its summary
 * ("Looked up order GG-12002") — on this device or any other.
 */
export function submittedForms(entries: readonly TranscriptEntry[]): Record<number, string> {
  const open = new Map<ConciergeMessage["type"], number>();
  const done: Record<number, string> = {};
  for (const entry of entries) {
    const m = entry.message;
    if (FORM_TYPES.has(m.type)) open.set(m.type, entry.seq);
    else if (m.type === "command") {
      const form = FORM_OF[m.kind];
      const seq = form ? open.get(form) : undefined;
      if (form && seq !== undefined) {
        done[seq] = m.label;
        open.delete(form);
      }
    }
  }
  return done;
}

/** The first concierge/stylist entry after `afterSeq` (where focus goes when a turn is answered). */
export function firstAnswerAfter(entries: readonly TranscriptEntry[], afterSeq: number): TranscriptEntry | undefined {
  return entries.find((e) => e.seq > afterSeq && e.role !== "shopper");
}
