import type { TranscriptEntry } from "../../../server/concierge/messages";
import type { ReplyExpectation } from "../../../server/domain/business-hours";
import type { ConversationMode, StylistIdentity } from "../../../server/domain/conversation-mode";

/** The handoff as session.start reported it, and up to which transcript entry that report holds. */
export interface HandoffStart {
  mode: ConversationMode;
  expectation?: ReplyExpectation | undefined;
  shopperSeenSeq: number;
  stylistSeenSeq: number;
  /** The last seq of the transcript session.start returned. */
  atSeq: number;
}

/**
 * Who answers now, derived from the transcript on top of the session's start — so it follows every
 * change live on any instance (the transcript reaches all of them): a ticket confirmation means a
 * stylist will join, a stylist's reply that one has, a status line that the ticket ended or reopened,
 * and "Back to the concierge" that the shopper went back.
 */
export function currentMode(entries: readonly TranscriptEntry[], start: Pick<HandoffStart, "mode" | "atSeq">): ConversationMode {
  let mode = start.mode;
  for (const e of entries) {
    if (e.seq <= start.atSeq) continue;
    const m = e.message;
    if (m.type === "ticket_confirmation" && mode === "bot") mode = "waiting_for_human";
    else if (m.type === "stylist_reply") mode = "human";
    else if (m.type === "handoff_status") mode = m.mode;
    else if (m.type === "command" && m.kind === "return_to_concierge") mode = "bot";
  }
  return mode;
}

/** The stylist the shopper is talking to: whoever replied last. */
export function currentStylist(entries: readonly TranscriptEntry[]): StylistIdentity | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const m = entries[i]!.message;
    if (m.type === "stylist_reply") {
      const initials = m.stylistInitials ?? (m.stylistName.trim()[0] ?? "?").toUpperCase();
      return { name: m.stylistName, initials, color: m.stylistColor ?? "#374151" };
    }
  }
  return undefined;
}

/** Stylist replies after the shopper's read mark (the launcher's badge). */
export function unreadReplies(entries: readonly TranscriptEntry[], seenSeq: number): number {
  return entries.filter((e) => e.seq > seenSeq && e.message.type === "stylist_reply").length;
}

/** The shopper's newest message a stylist has read (where "Seen" goes), if any. */
export function seenShopperSeq(entries: readonly TranscriptEntry[], stylistSeenSeq: number): number | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.role === "shopper" && e.message.type === "text") return e.seq <= stylistSeenSeq ? e.seq : undefined;
  }
  return undefined;
}
