import { randomId } from "../../platform/random-id";
import { DEFAULT_LANGUAGE, type Language } from "../../domain/i18n/languages";
import type { ConversationEngine } from "./conversation-engine";
import { describeAction, needsOfferedLabel } from "./describe-action";
import type { ConciergeDeps, TurnInput } from "./types";
import type { ChatAction, ConciergeMessage, TranscriptEntry } from "../messages";
import type { ConversationState } from "../state";
import { DeltaCoalescer } from "../../platform/async-queue";
import { PendingShopperEntry } from "./pending-shopper-entry";
import { KeyedLock } from "../../platform/keyed-lock";
import { maskContactDetails } from "../../platform/pii";
import type { Logger } from "../../platform/logger";
import type { Metrics } from "../../platform/metrics";
import { recordTurnResolution } from "../../platform/metrics-record";
import type { ChatTurnsRepository } from "../../db/repositories/chat-turns";
import type { AnalyticsService } from "../../services/analytics-service";
import type { ConversationService } from "../../services/conversation-service";
import type { CsatPrompts } from "../../services/csat-prompts";
import { modeOf, type HandoffService } from "../../services/handoff-service";
import type { ConversationDoc } from "../../db/repositories/conversations";
import { detectLanguage } from "../understanding/language";
import { acknowledgement, alreadyWithStylist } from "../journeys/handoff";

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

/** An analytics event a turn collected, written with the turn's others when it ends. */
type TurnAnalyticsEvent = Parameters<AnalyticsService["recordMany"]>[0][number];

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
/** How often a running turn's text is written for other instances, and how often they read it. */
const TURN_PROGRESS_INTERVAL_MS = 250;
/** A turn gets a record for other instances once it has run this long. */
const TURN_RECORD_AFTER_MS = 250;
/** A turn still running after this long stores the shopper's message on its own (else it goes with the answer). */
const SHOPPER_ALONE_AFTER_MS = 250;
/** A running turn whose record has not moved for this long belongs to an instance that went away. */
const TURN_ABANDONED_MS = 30_000;

/** What a stream attached to a turn running on another instance sees. */
export type RemoteTurnEvent = TurnEvent | { type: "done"; lastSeq: number; engine: "rules" | "llm" };
const HISTORY_FOR_PROMPT = 30;
/** How far back a tapped chip's label is looked for (chips are tapped from the latest answers). */
const OFFERED_LABEL_LOOKBACK = 12;

/** The human handoff as a turn sees it: who answers, the acknowledgement, and the rating prompt's timing. */
export interface TurnHandoff {
  handoff: Pick<HandoffService, "expectation" | "shopperReturned" | "claimAcknowledgement">;
  csat: Pick<CsatPrompts, "askIfDue">;
  /** The pause after a completed self-service journey before the rating prompt. */
  csatDelayMs: number;
}

/** Journeys a shopper completes on their own (the rating prompt follows them after a pause). */
const SELF_SERVICE_JOURNEYS = new Set(["timeline", "rma", "subscription"]);

/** While a stylist has the conversation, these actions are for the stylist too: the concierge says so instead. */
function asksForStylist(action: ChatAction): boolean {
  return (
    action.kind === "request_stylist" ||
    action.kind === "submit_escalation" ||
    (action.kind === "quick_link" && action.link === "stylist") ||
    (action.kind === "choose_intent" && action.intent === "stylist_contact")
  );
}

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
    /** Where running turns are recorded for other instances (a stream may reconnect to any of them). */
    private readonly turnRecords?: ChatTurnsRepository,
    /** The human handoff (conversation modes); without it every turn goes to the engine. */
    private readonly handoff?: TurnHandoff,
  ) {}

  /** Runs a whole turn and returns the new transcript entries (shopper's first). */
  async send(sessionId: string, input: ChatInput, ip = "unknown"): Promise<TurnOutcome> {
    // Nobody can stream a turn answered in one call (its id never leaves the server): no turn record.
    const handle = await this.start(sessionId, input, ip, { streamable: false });
    const outcome = await handle.done;
    return { ...outcome, entries: [handle.shopperEntry, ...outcome.entries] };
  }

  /**
   * Starts a turn; the answer streams to subscribers and is stored even if nobody listens. Resolves once
   * the shopper's message is stored: when the rule engine answers at once (every structured action, every
   * turn without a model) it is stored together with the answer, in one write; a turn that goes to the
   * model stores it before the model is asked (so it is in the transcript, and on screen elsewhere, while
   * the model works), as does a turn queued behind another, one a stylist has, and one still running after
   * {@link SHOPPER_ALONE_AFTER_MS}.
   */
  async start(sessionId: string, input: ChatInput, ip = "unknown", options: { streamable?: boolean } = {}): Promise<TurnHandle> {
    const conversation = await this.conversations.bySession(sessionId);
    const turnInput: TurnInput = "text" in input ? { kind: "text", text: input.text } : { kind: "action", action: input.action };
    // Transcripts keep no typed emails or phone numbers (the engine still sees the original text), and a
    // tap or a form is stored as a command line with the label the shopper saw, not as words they never wrote.
    const shopperMessage: ConciergeMessage =
      turnInput.kind === "text"
        ? { type: "text", text: maskContactDetails(turnInput.text, { email: "[email provided]", phone: "[phone provided]" }) }
        : describeAction(
            turnInput.action,
            needsOfferedLabel(turnInput.action)
              ? await this.conversations.latestTranscript(conversation._id, OFFERED_LABEL_LOOKBACK, conversation.lastSeq)
              : [],
          );
    const shopper = new PendingShopperEntry(conversation._id, shopperMessage, this.conversations);
    // Stored with the answer only when nothing else is under way in the conversation: no turn running or
    // queued (it would hold this message back until it ends) and no stylist (who sees typed words live).
    const together = !conversation.handoff && modeOf(conversation) === "bot" && !this.lock.busy(conversation._id);
    // …and only while the turn is quick: one still running after a moment (a slow order lookup) stores it on its
    // own, so the shopper's message is on screen (and chat.start answers) without waiting for the answer.
    const alone = together ? setTimeout(() => shopper.storeSoon(), SHOPPER_ALONE_AFTER_MS) : undefined;
    if (!together) {
      await shopper.store();
      if (conversation.handoff)
        await this.onShopperTurn(conversation._id).catch((error: unknown) =>
          this.logger.warn({ err: error }, "ticket update after shopper turn failed"),
        );
    }
    // The history before this turn: read only when the model answers, newest first with a limit, and at most once.
    let historyRead: Promise<readonly TranscriptEntry[]> | undefined;
    const history = () =>
      (historyRead ??= shopper
        .store()
        .then((entry) =>
          this.conversations
            .latestTranscript(conversation._id, HISTORY_FOR_PROMPT, entry.seq - 1)
            .then((entries) => entries.filter((e) => e.seq < entry.seq).slice(-HISTORY_FOR_PROMPT)),
        ));

    const listeners = new Set<(event: TurnEvent) => void>();
    // What subscribers have been sent (the coalescer may still hold more): a stream that attaches later
    // starts from exactly this, so the text still in the coalescer reaches it once, not twice.
    let shown = "";
    let finished = false;
    const broadcast = (event: TurnEvent) => {
      for (const l of listeners) l(event);
    };
    const turnId = `t_${randomId(12)}`;
    const record = this.turnRecord(turnId, sessionId, conversation._id, shopper.stored, options.streamable !== false);
    const coalescer = new DeltaCoalescer((chunk) => {
      shown += chunk;
      broadcast({ type: "delta", text: chunk });
      record.progress(shown);
    });

    // The conversation as read above is still current unless something happened to it since: another turn
    // running or queued, another message stored before this one, or a ticket moved on. Only then read it again.
    // (A message stored with its answer was stored by nothing else: the conversation is as read.)
    const readAgain =
      !together &&
      (this.lock.busy(conversation._id) || Boolean(conversation.handoff) || shopper.entry()!.seq !== (conversation.lastSeq ?? 0) + 1);
    const done = this.lock.run(conversation._id, async (): Promise<TurnOutcome> => {
      let fresh = readAgain ? await this.conversations.bySession(sessionId) : conversation;
      const now = new Date();
      // The mode is enforced here, before either engine: while a stylist has the conversation the
      // concierge stays silent (one acknowledgement aside) and only answers structured requests.
      if (this.handoff && turnInput.kind === "action" && turnInput.action.kind === "return_to_concierge") {
        await this.handoff.handoff.shopperReturned(fresh._id, now);
        fresh = await this.conversations.bySession(sessionId);
      }
      if (this.handoff && modeOf(fresh) !== "bot") {
        const held = await this.heldTurn(fresh, turnInput, now);
        if (held) {
          const entries = await shopper.appendWith(held.messages);
          const lastSeq = entries[entries.length - 1]?.seq ?? shopper.entry()!.seq;
          await record.finish(lastSeq, "rules");
          finished = true;
          return { entries, language: held.language, engine: "rules", lastSeq };
        }
      }
      const before = fresh.state as ConversationState;
      // Carrying on cancels a pending rating prompt (the journey had not ended after all).
      const { csatDueAt: _pending, ...current } = before;
      // The turn's analytics events are collected and written in one batch when it ends (one write, not one per journey step).
      const turnEvents: TurnAnalyticsEvent[] = [];
      const deps: ConciergeDeps = {
        ...this.deps,
        analytics: {
          record: async (type, fields = {}, at = new Date()) => {
            turnEvents.push({ type, ...fields, at });
          },
        },
      };
      const ctx = {
        sessionId,
        ip,
        conversationId: fresh._id,
        state: current as ConversationState,
        deps,
        now,
        language: before.language ?? DEFAULT_LANGUAGE,
      };
      try {
        const result = await this.engine.handle(ctx, turnInput, history, {
          onDelta: (d) => {
            shopper.storeSoon(); // streamed text (the model's): the shopper's message is in the transcript first
            coalescer.push(d);
          },
          onReset: () => {
            shown = "";
            coalescer.discard();
            broadcast({ type: "reset" });
          },
        });
        coalescer.flush();
        record.progress("");
        const journey = recordTurnResolution(this.metrics, {
          messages: result.messages,
          engine: result.engine,
          ...(result.intent ? { intent: result.intent } : {}),
          ...(turnInput.kind === "action" ? { actionKind: turnInput.action.kind } : {}),
        });
        // A self-service journey just ended: ask for a rating after a pause, unless the shopper carries on.
        const rateLater =
          this.handoff !== undefined &&
          modeOf(fresh) === "bot" &&
          journey !== undefined &&
          SELF_SERVICE_JOURNEYS.has(journey) &&
          !result.state.csatAsked &&
          !before.csatAsked;
        const after = rateLater
          ? { ...result.state, csatDueAt: new Date(now.getTime() + this.handoff!.csatDelayMs).toISOString() }
          : result.state;
        // The answer (with the shopper's message when it is not stored yet), and only what this turn changed in
        // the state, written on top of the CURRENT state (an identify or an order verification that happened
        // meanwhile is kept): one update when the state is as read.
        const answer = result.messages.map((message) => ({ role: "concierge" as const, message }));
        const entries = await shopper.appendWith(answer, (messages) =>
          this.conversations.appendTurn(fresh._id, messages, { before, after, intent: result.intent, known: fresh }),
        );
        if (rateLater) this.scheduleRating(fresh._id);
        await this.recordTurn(sessionId, fresh._id, turnInput, result.intent, result.engine, turnEvents);
        const lastSeq = entries[entries.length - 1]?.seq ?? shopper.entry()!.seq;
        await record.finish(lastSeq, result.engine);
        return {
          entries,
          language: result.state.language ?? before.language ?? DEFAULT_LANGUAGE,
          engine: result.engine,
          ...(result.intent ? { intent: result.intent } : {}),
          ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
          lastSeq,
        };
      } catch (error) {
        coalescer.discard();
        this.logger.error({ err: error, conversationId: fresh._id }, "chat turn failed");
        await this.analytics.recordMany(turnEvents); // what the turn did before it failed (an order lookup) still counts
        const entries = await shopper.appendWith([
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
        const lastSeq = entries[entries.length - 1]?.seq ?? shopper.entry()!.seq;
        await record.finish(lastSeq, "rules");
        return { entries, language: before.language ?? DEFAULT_LANGUAGE, engine: "rules", lastSeq };
      } finally {
        finished = true;
      }
    });
    // A turn that fails before the shopper's message is stored fails the call (below), not the process.
    done.then(
      () => clearTimeout(alone),
      () => clearTimeout(alone),
    );
    const shopperEntry = await Promise.race([shopper.stored, done.then(() => shopper.stored)]);

    const handle: TurnHandle = {
      turnId,
      sessionId,
      shopperEntry,
      textSoFar: () => shown,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      done,
      finished: () => finished,
    };
    // Only a turn a stream can attach to is kept (chat.send's id never leaves the server); once it
    // ends, what is kept is a small record of it, not this scope (its conversation, history, engine state).
    if (options.streamable !== false) {
      this.turns.set(turnId, handle);
      void done.then((outcome) => this.keepFinished(handle, shown, outcome));
    }
    return handle;
  }

  /** Keeps a finished turn for late or reconnecting streams for a while, as plain values. */
  private keepFinished(running: TurnHandle, text: string, outcome: TurnOutcome): void {
    const { turnId, sessionId, shopperEntry } = running;
    const done = Promise.resolve(outcome);
    this.turns.set(turnId, {
      turnId,
      sessionId,
      shopperEntry,
      textSoFar: () => text,
      subscribe: () => () => undefined,
      done,
      finished: () => true,
    });
    setTimeout(() => this.turns.delete(turnId), TURN_RETENTION_MS).unref();
  }

  /**
   * A turn while a stylist has the conversation (mode waiting_for_human or human): typed words are for
   * the stylist (the ticket view shows them live), so the concierge answers at most once, with when a
   * reply can be expected; asking for a stylist again is answered with "one already has it". Other
   * structured requests (track an order, browse) go to the engine as usual: returns undefined.
   */
  private async heldTurn(
    conversation: ConversationDoc,
    input: TurnInput,
    now: Date,
  ): Promise<{ messages: Array<{ role: "concierge"; message: ConciergeMessage }>; language: TurnOutcome["language"] } | undefined> {
    const state = conversation.state as ConversationState;
    const language = input.kind === "text" ? detectLanguage(input.text, state.language).language : (state.language ?? DEFAULT_LANGUAGE);
    if (input.kind === "action") {
      if (!asksForStylist(input.action)) return undefined;
      return { messages: [{ role: "concierge", message: { type: "text", text: alreadyWithStylist(language) } }], language };
    }
    const ack = await this.handoff!.handoff.claimAcknowledgement(conversation._id);
    const text = acknowledgement(language, this.handoff!.handoff.expectation(now));
    return { messages: ack ? [{ role: "concierge", message: { type: "text", text } }] : [], language };
  }

  /** Delivers the rating prompt after the pause if the shopper is still idle (else their next visit does). */
  private scheduleRating(conversationId: string): void {
    const ports = this.handoff!;
    setTimeout(() => {
      ports.csat.askIfDue(conversationId).catch((error: unknown) => this.logger.warn({ err: error }, "delayed rating prompt failed"));
    }, ports.csatDelayMs + 25).unref();
  }

  /**
   * The turn's record for other instances: created once the turn has run for 250 ms (a turn answered
   * sooner — every rules turn — writes none: its answer is in the transcript before a stream could
   * reconnect elsewhere), its text written at most every 250 ms while it streams, and its end.
   * Failures are logged, never fail the turn (the transcript is the truth).
   */
  private turnRecord(turnId: string, sessionId: string, conversationId: string, shopper: Promise<TranscriptEntry>, streamable: boolean) {
    const repo = streamable ? this.turnRecords : undefined;
    if (!repo) return { progress: (_text: string) => undefined, finish: async (_seq: number, _engine: "rules" | "llm") => undefined };
    const warn = (error: unknown) => this.logger.warn({ err: error }, "chat turn record write failed");
    let writing: Promise<void> | undefined;
    const begin = () =>
      (writing ??= shopper.then((entry) => repo.start({ _id: turnId, sessionId, conversationId, shopperSeq: entry.seq })).catch(warn));
    const beginTimer = setTimeout(begin, TURN_RECORD_AFTER_MS);
    let latest: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      if (latest === undefined) return;
      const text = latest;
      latest = undefined;
      writing = begin()
        .then(() => repo.progress(turnId, text))
        .catch(warn);
    };
    return {
      progress: (text: string) => {
        if (!text) return;
        latest = text;
        timer ??= setTimeout(flush, TURN_PROGRESS_INTERVAL_MS);
      },
      finish: async (lastSeq: number, engine: "rules" | "llm") => {
        clearTimeout(beginTimer);
        if (timer) clearTimeout(timer);
        latest = undefined;
        if (!writing) return; // never recorded: the turn ended before anyone elsewhere could follow it
        await writing;
        await repo.finish(turnId, lastSeq, engine).catch(warn);
      },
    };
  }

  /**
   * Follows a turn that runs (or ran) on another instance, from its record: its text as it grows,
   * then `done` with the last seq it stored (its messages arrive on the session's channel).
   * Undefined when no instance knows the turn.
   */
  async followRemoteTurn(turnId: string, sessionId: string, signal?: AbortSignal): Promise<AsyncGenerator<RemoteTurnEvent> | undefined> {
    const repo = this.turnRecords;
    if (!repo) return undefined;
    const first = await repo.find(turnId);
    if (!first || first.sessionId !== sessionId) return undefined;
    const conversations = this.conversations;
    return (async function* () {
      let doc = first;
      let shown = "";
      while (doc.status === "running" && !signal?.aborted) {
        if (doc.text !== shown) {
          if (doc.text.startsWith(shown)) yield { type: "delta", text: doc.text.slice(shown.length) } as RemoteTurnEvent;
          else {
            yield { type: "reset" } as RemoteTurnEvent;
            if (doc.text) yield { type: "delta", text: doc.text } as RemoteTurnEvent;
          }
          shown = doc.text;
        }
        if (Date.now() - doc.updatedAt.getTime() > TURN_ABANDONED_MS) break; // its instance went away
        await new Promise((resolve) => setTimeout(resolve, TURN_PROGRESS_INTERVAL_MS));
        doc = (await repo.find(turnId)) ?? doc;
      }
      if (signal?.aborted) return;
      // A turn that never finished (its instance went away) ends at whatever the conversation holds.
      const lastSeq =
        doc.status === "done"
          ? (doc.lastSeq ?? doc.shopperSeq)
          : ((await conversations.byId(doc.conversationId))?.lastSeq ?? doc.shopperSeq);
      yield { type: "done", lastSeq, engine: doc.engine ?? "rules" } as RemoteTurnEvent;
    })();
  }

  /** A recent turn of this session, for streaming and resuming. */
  turn(turnId: string, sessionId: string): TurnHandle | undefined {
    const handle = this.turns.get(turnId);
    return handle && handle.sessionId === sessionId ? handle : undefined;
  }

  /** The turn's analytics in one write (it never fails the turn): what its journeys recorded, then the intent detected. */
  private async recordTurn(
    sessionId: string,
    conversationId: string,
    input: TurnInput,
    intent: string | undefined,
    engine: "rules" | "llm",
    events: TurnAnalyticsEvent[],
  ) {
    if (input.kind === "text" && intent) {
      this.metrics.intentDetected.inc({ intent, engine });
      events.push({ type: "intent_detected", sessionId, conversationId, intent, engine });
      if (intent === "clarify") {
        this.metrics.intentChooserShown.inc();
        events.push({ type: "intent_chooser_shown", sessionId, conversationId, intent, engine });
      }
    }
    await this.analytics.recordMany(events);
  }
}
