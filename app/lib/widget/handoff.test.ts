import { describe, expect, it } from "vitest";
import type { ConciergeMessage, TranscriptEntry } from "../../../server/concierge/messages";
import { currentMode, currentStylist, seenShopperSeq, unreadReplies } from "./handoff";

let seq = 0;
const entry = (role: TranscriptEntry["role"], message: ConciergeMessage): TranscriptEntry => ({
  seq: ++seq,
  role,
  at: "2026-12-04T10:00:00.000Z",
  message,
});

describe("the handoff as the widget sees it", () => {
  seq = 0;
  const entries = [
    entry("concierge", { type: "text", text: "Hi!" }),
    entry("shopper", { type: "command", kind: "submit_escalation", label: "Sent contact details to a stylist" }),
    entry("concierge", { type: "ticket_confirmation", ticketId: "T-00000001", expectedResponse: "soon" }),
    entry("shopper", { type: "text", text: "hello?" }),
    entry("stylist", { type: "stylist_reply", text: "Hi Mia", stylistName: "Ava Stone", stylistInitials: "AS", stylistColor: "#1f4e79" }),
    entry("shopper", { type: "text", text: "rose gold please" }),
  ];

  it("follows the mode from the transcript after the session's start", () => {
    expect(currentMode(entries, { mode: "bot", atSeq: 1 })).toBe("human");
    expect(currentMode(entries.slice(0, 4), { mode: "bot", atSeq: 1 })).toBe("waiting_for_human");
    // What session.start already reported is not replayed.
    expect(currentMode(entries, { mode: "bot", atSeq: 6 })).toBe("bot");
    const ended = [...entries, entry("system", { type: "handoff_status", mode: "bot", reason: "resolved", stylistName: "Ava Stone" })];
    expect(currentMode(ended, { mode: "bot", atSeq: 1 })).toBe("bot");
    const left = [...entries, entry("shopper", { type: "command", kind: "return_to_concierge", label: "Back to the concierge" })];
    expect(currentMode(left, { mode: "human", atSeq: 1 })).toBe("bot");
  });

  it("names the stylist, counts unread replies and places 'Seen'", () => {
    expect(currentStylist(entries)).toEqual({ name: "Ava Stone", initials: "AS", color: "#1f4e79" });
    expect(currentStylist(entries.slice(0, 3))).toBeUndefined();
    expect(unreadReplies(entries, 2)).toBe(1);
    expect(unreadReplies(entries, 5)).toBe(0);
    expect(seenShopperSeq(entries, 6)).toBe(6);
    expect(seenShopperSeq(entries, 5)).toBeUndefined(); // the newest one is not read yet
  });
});
