import { describe, expect, it } from "vitest";
import type { ConciergeMessage, TranscriptEntry } from "../../../server/concierge/messages";
import { firstAnswerAfter, submittedForms } from "./transcript";

let seq = 0;
const entry = (role: TranscriptEntry["role"], message: ConciergeMessage): TranscriptEntry => ({
  seq: ++seq,
  role,
  at: "2026-12-04T10:00:00.000Z",
  message,
});

describe("submittedForms", () => {
  it("closes the newest open form with the command that submitted it, and leaves a retry form open", () => {
    seq = 0;
    const entries = [
      entry("concierge", { type: "order_lookup_form", purpose: "track" }),
      entry("shopper", { type: "command", kind: "order_lookup", label: "Looked up order GG-12002" }),
      entry("concierge", { type: "order_lookup_form", purpose: "track", orderNumber: "GG-12002", error: "not found" }),
      entry("concierge", { type: "csat_prompt", question: "How did I do?" }),
      entry("shopper", { type: "command", kind: "search", label: "Gold" }),
      entry("shopper", { type: "command", kind: "submit_csat", label: "Rated 5 out of 5" }),
    ];
    expect(submittedForms(entries)).toEqual({ 1: "Looked up order GG-12002", 4: "Rated 5 out of 5" });
  });

  it("finds the first answer after a turn, skipping the shopper's own line", () => {
    seq = 0;
    const entries = [
      entry("concierge", { type: "text", text: "Hi" }),
      entry("shopper", { type: "command", kind: "search", label: "Gold" }),
      entry("concierge", { type: "text", text: "Here are gold rings." }),
    ];
    expect(firstAnswerAfter(entries, 1)?.seq).toBe(3);
    expect(firstAnswerAfter(entries, 3)).toBeUndefined();
  });
});
