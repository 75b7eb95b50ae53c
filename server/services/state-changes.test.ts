import { describe, expect, it } from "vitest";
import type { ConversationState } from "../domain/conversation-state";
import { stateChanges } from "./conversation-service";

const state = (s: Record<string, unknown>) => s as ConversationState;

describe("stateChanges (what a turn changed, applied on top of the current state)", () => {
  const shown = [{ id: "p1" }, { id: "p2" }];
  const before = state({ language: "en", shown, lastIntent: "find_product", awaiting: "orderNumber" });

  it("applies changed and removed fields and keeps what the turn left alone, even if it changed meanwhile", () => {
    const after = state({ ...before, lastIntent: "track_order", awaiting: undefined });
    const current = state({ ...before, language: "es", verifiedOrder: "GG-1001" });
    expect(stateChanges(before, after)(current)).toEqual({
      language: "es",
      shown,
      lastIntent: "track_order",
      verifiedOrder: "GG-1001",
    });
  });

  it("treats a rebuilt but equal value as unchanged, and a changed nested value as changed", () => {
    const current = state({ ...before, shown: [{ id: "p9" }] });
    expect(stateChanges(before, state({ ...before, shown: [{ id: "p1" }, { id: "p2" }] }))(current).shown).toEqual([{ id: "p9" }]);
    expect(stateChanges(before, state({ ...before, shown: [{ id: "p3" }] }))(current).shown).toEqual([{ id: "p3" }]);
  });
});
