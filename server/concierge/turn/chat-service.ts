import { randomBytes } from "node:crypto";
import { DEFAULT_LANGUAGE, type Language } from "../../domain/i18n/languages";
import type { ConversationEngine } from "./conversation-engine";
import { describeAction } from "./describe-action";
import type { ConciergeDeps, TurnInput } from "./types";
import type { ChatAction, ConciergeMessage, TranscriptEntry } from "../messages";
import type { ConversationState } from "../state";
import { DeltaCoalescer } from "../../platform/async-queue";
import { KeyedLock } from "../../platform/keyed-lock";
import { maskContactDetails } from "../../platform/pii";
import type { Logger } from "../../platform/logger";
import type { Metrics } from "../../platform/metrics";
import { recordTurnResolution } from "../../platform/metrics-record";
import type { AnalyticsService } from "../../services/analytics-service";
import type { ConversationService } from "../../services/conversation-service";

export type ChatInput = { text: string } | { action: ChatAction };

export interface TurnOutcome {
  entries: TranscriptEntry[];
  /** The conversation's language after the turn. */
  language: Language;
  engine: "rules" | "llm";
  intent?: string;
  fallbackReason?: string;
  lastSeq: number;
}

export type TurnEvent = { type: "delta"; text: string } | { type: "reset" };

/** A turn in progress (or recently finished), so a stream can attach, drop and resume. */
export interface TurnHandle {
  turnId: string;
  sessionId: string;
  shopperEntry: TranscriptEntry;
  /** Text streamed so far (for a late or reconnecting subscriber). */
  textSoFar(): string;
  subscribe(listener: (event: TurnEvent) => void): () => void;
  done: Promise<TurnOutcome>;
  finished(): boolean;
}

const TURN_RETENTION_MS = 5 * 60 * 1000;
const HISTORY_FOR_PROMPT = 30;

/** One shopper turn: store the input, let the engine answer, store the answer, all in sequence. */
export class ChatService {
  private readonly lock = new KeyedLock();
  private readonly turns = new Map<string, TurnHandle>();

  constructor(
    private readonly conversations: ConversationService,
    private readonly engine: ConversationEngine,
    private readonly deps: ConciergeDeps,
    private readonly analytics: AnalyticsService,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    /** Called after a shopper's turn is stored (e.g. a ticket waiting on the customer moves on). */
    private readonly onShopperTurn: (conversationId: string) => Promise<void> = async () => undefined,
  ) {}

  /** Runs a whole turn and returns the new transcript entries (shopper's first). */
  async send(sessionId: string, input: ChatInput, ip = "unknown"): Promise<TurnOutcome> {
    const handle = await this.start(sessionId, input, ip);
    const outcome = await handle.done;
    return { ...outcome, entries: [handle.shopperEntry, ...outcome.entries] };
  }

  /** Starts a turn; the answer streams to subscribers and is stored even if nobody listens. */
  async start(sessionId: string, input: ChatInput, ip = "unknown"): Promise<TurnHandle> {
    const conversation = await this.conversations.bySession(sessionId);
    const turnInput: TurnInput = "text" in input ? { kind: "text", text: input.text } : { kind: "action", action: input.action };
    const history = (await this.conversations.transcript(conversation._id)).slice(-HISTORY_FOR_PROMPT);
    // Transcripts keep no typed emails or phone numbers (the engine still sees the original text), and a
    // tap or a form is stored as a command line with the label the shopper saw, not as words they never wrote.
    const shopperMessage: ConciergeMessage =
      turnInput.kind === "text"
        ? { type: "text", text: maskContactDetails(turnInput.text, { email: "[email provided]", phone: "[phone provided]" }) }
        : describeAction(turnInput.action, history);
    const [shopperEntry] = await this.conversations.append(conversation._id, [{ role: "shopper", message: shopperMessage }]);
    if (conversation.handoff)
      await this.onShopperTurn(conversation._id).catch((error: unknown) =>
        this.logger.warn({ err: error }, "ticket update after shopper turn failed"),
      );

    const listeners = new Set<(event: TurnEvent) => void>();
    let text = "";
    let finished = false;
    const broadcast = (event: TurnEvent) => {
      for (const l of listeners) l(event);
    };
    const coalescer = new DeltaCoalescer((chunk) => broadcast({ type: "delta", text: chunk }));
    const turnId = `t_${randomBytes(12).toString("base64url")}`;

    const done = this.lock.run(conversation._id, async (): Promise<TurnOutcome> => {
      const fresh = await this.conversations.bySession(sessionId);
      const before = fresh.state as ConversationState;
      const ctx = {
        sessionId,
        ip,
        conversationId: fresh._id,
        state: before,
        deps: this.deps,
        now: new Date(),
        language: before.language ?? DEFAULT_LANGUAGE,
      };
      try {
        const result = await this.engine.handle(ctx, turnInput, history, {
          onDelta: (d) => {
            text += d;
            coalescer.push(d);
          },
          onReset: () => {
            text = "";
            coalescer.discard();
            broadcast({ type: "reset" });
          },
        });
        coalescer.flush();
        const entries = await this.conversations.append(
          fresh._id,
          result.messages.map((message) => ({ role: "concierge" as const, message })),
        );
        // Only what this turn changed is written, on top of the CURRENT state (an identify or an
        // order verification that happened meanwhile is kept).
        await this.conversations.applyTurn(fresh._id, before, result.state, result.intent);
        this.recordTurn(sessionId, fresh._id, turnInput, result.intent, result.engine);
        recordTurnResolution(this.metrics, {
          messages: result.messages,
          engine: result.engine,
          ...(result.intent ? { intent: result.intent } : {}),
          ...(turnInput.kind === "action" ? { actionKind: turnInput.action.kind } : {}),
        });
        return {
          entries,
          language: result.state.language ?? before.language ?? DEFAULT_LANGUAGE,
          engine: result.engine,
          ...(result.intent ? { intent: result.intent } : {}),
          ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
          lastSeq: entries[entries.length - 1]?.seq ?? shopperEntry!.seq,
        };
      } catch (error) {
        coalescer.discard();
        this.logger.error({ err: error, conversationId: fresh._id }, "chat turn failed");
        const entries = await this.conversations.append(fresh._id, [
          {
            role: "system",
            message: {
              type: "notice",
              level: "error",
              code: "error",
              text: "Sorry — something went wrong on our side. Please try again.",
              retryable: true,
            },
          },
        ]);
        return {
          entries,
          language: before.language ?? DEFAULT_LANGUAGE,
          engine: "rules",
          lastSeq: entries[entries.length - 1]?.seq ?? shopperEntry!.seq,
        };
      } finally {
        finished = true;
      }
    });

    const handle: TurnHandle = {
      turnId,
      sessionId,
      shopperEntry: shopperEntry!,
      textSoFar: () => text,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      done,
      finished: () => finished,
    };
    this.turns.set(turnId, handle);
    void done.finally(() => setTimeout(() => this.turns.delete(turnId), TURN_RETENTION_MS).unref());
    return handle;
  }

  /** A recent turn of this session, for streaming and resuming. */
  turn(turnId: string, sessionId: string): TurnHandle | undefined {
    const handle = this.turns.get(turnId);
    return handle && handle.sessionId === sessionId ? handle : undefined;
  }

  private recordTurn(sessionId: string, conversationId: string, input: TurnInput, intent: string | undefined, engine: "rules" | "llm") {
    if (input.kind !== "text" || !intent) return;
    this.metrics.intentDetected.inc({ intent, engine });
    const events: Array<{
      type: "intent_detected" | "intent_chooser_shown";
      sessionId: string;
      conversationId: string;
      intent: string;
      engine: "rules" | "llm";
    }> = [{ type: "intent_detected", sessionId, conversationId, intent, engine }];
    if (intent === "clarify") {
      this.metrics.intentChooserShown.inc();
      events.push({ type: "intent_chooser_shown", sessionId, conversationId, intent, engine });
    }
    void this.analytics.recordMany(events);
  }
}
