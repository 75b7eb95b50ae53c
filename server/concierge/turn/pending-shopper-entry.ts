import type { ConciergeMessage, MessageRole, TranscriptEntry } from "../messages";
import type { ConversationService } from "../../services/conversation-service";

type Item = { role: MessageRole; message: ConciergeMessage };

/**
 * A turn's shopper message until it is in the transcript: stored on its own when something needs it
 * there early (the model is about to be asked, text streams, another turn is under way), otherwise
 * together with the answer in one write. Either way it is stored once, before the answer.
 */
export class PendingShopperEntry {
  private storing: Promise<TranscriptEntry> | undefined;
  private entryStored: TranscriptEntry | undefined;
  private resolveStored!: (entry: TranscriptEntry) => void;
  /** Resolves with the stored entry, however it was written. */
  readonly stored: Promise<TranscriptEntry>;

  constructor(
    private readonly conversationId: string,
    private readonly message: ConciergeMessage,
    private readonly conversations: Pick<ConversationService, "append">,
  ) {
    this.stored = new Promise((resolve) => (this.resolveStored = resolve));
  }

  /** The stored entry, once it is stored. */
  entry(): TranscriptEntry | undefined {
    return this.entryStored;
  }

  /**
   * Stores the message now, on its own (at most once); resolves with its entry. A failed write is
   * forgotten, so the next write of the turn (its answer, or its error notice) carries the message again.
   */
  store(): Promise<TranscriptEntry> {
    if (!this.storing) {
      const storing = this.conversations.append(this.conversationId, [this.item()]).then(([entry]) => this.settle(entry!));
      this.storing = storing;
      storing.catch(() => {
        if (this.storing === storing) this.storing = undefined;
      });
    }
    return this.storing;
  }

  /** {@link store} without waiting (a failure surfaces where the turn next writes). */
  storeSoon(): void {
    this.store().catch(() => undefined);
  }

  /**
   * Appends `messages` after the shopper's message and returns their entries (not the shopper's): in the
   * same write when the shopper's message is not stored yet. When that write fails nothing is taken as
   * stored, so a later call (the turn's error notice) writes the shopper's message again with its own.
   */
  async appendWith(
    messages: readonly Item[],
    write: (items: readonly Item[]) => Promise<TranscriptEntry[]> = (items) => this.conversations.append(this.conversationId, items),
  ): Promise<TranscriptEntry[]> {
    if (this.storing) {
      await this.storing;
      return write(messages);
    }
    const written = write([this.item(), ...messages]);
    const storing = written.then(([entry]) => this.settle(entry!));
    this.storing = storing;
    try {
      return (await written).slice(1);
    } catch (error) {
      storing.catch(() => undefined);
      if (this.storing === storing) this.storing = undefined;
      throw error;
    }
  }

  private item(): Item {
    return { role: "shopper", message: this.message };
  }

  private settle(entry: TranscriptEntry): TranscriptEntry {
    this.entryStored = entry;
    this.resolveStored(entry);
    return entry;
  }
}
