import type { ConversationState } from "../domain/conversation-state";
import { DEFAULT_LANGUAGE, type Language } from "../domain/i18n/languages";
import type { ConversationsRepository } from "../db/repositories/conversations";
import type { ConversationService } from "./conversation-service";

/**
 * The rating prompt, asked once per conversation and only when a journey has truly ended: after a
 * stylist resolved the ticket, or a short pause after a completed self-service journey (the shopper
 * did not carry on). Never while a stylist has the conversation, never twice: the claim on
 * `csatAsked` is one atomic state write.
 */
export class CsatPrompts {
  constructor(
    private readonly repo: ConversationsRepository,
    private readonly conversations: ConversationService,
    /** The question in the shopper's language (from the message catalog). */
    private readonly question: (language: Language) => string,
  ) {}

  /** Asks now (after a resolved ticket). True when this call put the prompt in the transcript. */
  ask(conversationId: string): Promise<boolean> {
    return this.claimAndAsk(conversationId);
  }

  /**
   * Asks if a completed journey's pause is over (`state.csatDueAt` ≤ now) and the shopper has not
   * carried on since (their next turn clears it). Cheap when nothing is due: one read, no write.
   */
  async askIfDue(conversationId: string, now = new Date()): Promise<boolean> {
    const doc = await this.repo.findById(conversationId);
    const state = doc?.state as ConversationState | undefined;
    if (!state?.csatDueAt || state.csatAsked || Date.parse(state.csatDueAt) > now.getTime()) return false;
    return this.claimAndAsk(conversationId, now);
  }

  private async claimAndAsk(conversationId: string, dueBy?: Date): Promise<boolean> {
    const doc = await this.repo.findById(conversationId);
    if (!doc || (doc.mode ?? "bot") !== "bot") return false;
    let won = false;
    const state = await this.conversations.updateState(conversationId, (current) => {
      const due = !dueBy || (current.csatDueAt !== undefined && Date.parse(current.csatDueAt) <= dueBy.getTime());
      won = !current.csatAsked && due;
      if (!won) return current;
      const { csatDueAt: _due, ...rest } = current;
      return { ...rest, csatAsked: true };
    });
    if (!won) return false;
    await this.conversations.append(conversationId, [
      { role: "concierge", message: { type: "csat_prompt", question: this.question(state.language ?? DEFAULT_LANGUAGE) } },
    ]);
    return true;
  }
}
