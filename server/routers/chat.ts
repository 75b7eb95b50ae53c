import { z } from "zod";
import { chatActionSchema, type TranscriptEntry } from "../concierge/messages";
import type { Language } from "../domain/i18n/languages";
import { AsyncQueue } from "../platform/async-queue";
import type { TurnEvent } from "../concierge/turn/chat-service";
import { router, widgetProcedure } from "../trpc/procedures";

export const chatInput = z.union([
  z.strictObject({ text: z.string().trim().min(1, "say something").max(1000, "must be at most 1000 characters") }),
  z.strictObject({ action: chatActionSchema }),
]);

export type ChatStreamEvent =
  TurnEvent | { type: "message"; entry: TranscriptEntry } | { type: "done"; lastSeq: number; engine: "rules" | "llm"; language?: Language };

export const chatRouter = router({
  /** One shopper turn (typed text or a UI action) → the new transcript entries. */
  send: widgetProcedure.input(chatInput).mutation(async ({ ctx, input }) => {
    const outcome = await ctx.runtime.services.chat.send(ctx.widget.sessionId, input, ctx.ip);
    return {
      entries: outcome.entries,
      engine: outcome.engine,
      lastSeq: outcome.lastSeq,
      language: outcome.language,
      ...(outcome.intent ? { intent: outcome.intent } : {}),
    };
  }),

  /** Streaming counterpart, step 1: start a turn; the input travels in the POST body. */
  start: widgetProcedure.input(chatInput).mutation(async ({ ctx, input }) => {
    const handle = await ctx.runtime.services.chat.start(ctx.widget.sessionId, input, ctx.ip);
    return { turnId: handle.turnId, shopperEntry: handle.shopperEntry };
  }),

  /**
   * Streaming counterpart, step 2 (SSE): coalesced text deltas as they are generated, then each
   * stored message and `done`. Reconnecting with the last sequence number seen (`afterSeq`)
   * resumes without duplicates, even after the turn has finished.
   */
  stream: widgetProcedure
    .input(
      z.strictObject({
        turnId: z.string().regex(/^t_[A-Za-z0-9_-]{8,40}$/, "is not a turn id"),
        afterSeq: z.number().int().min(0).max(1_000_000).optional(),
      }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const services = ctx.runtime.services;
      const afterSeq = input.afterSeq ?? 0;
      const handle = services.chat.turn(input.turnId, ctx.widget.sessionId);
      const queue = new AsyncQueue<ChatStreamEvent>();
      if (!handle) {
        // A turn running on another instance (the stream reconnected elsewhere): follow its record.
        const remote = await services.chat.followRemoteTurn(input.turnId, ctx.widget.sessionId, afterSeq, signal);
        if (remote) {
          for await (const event of remote) yield event satisfies ChatStreamEvent as ChatStreamEvent;
          return;
        }
        // Unknown or long-finished turn: replay what is stored after the client's position.
        const conversation = await services.conversations.bySession(ctx.widget.sessionId);
        const entries = await services.conversations.transcript(conversation._id, afterSeq);
        for (const entry of entries) yield { type: "message", entry } satisfies ChatStreamEvent as ChatStreamEvent;
        yield {
          type: "done",
          lastSeq: entries[entries.length - 1]?.seq ?? afterSeq,
          engine: "rules",
        } satisfies ChatStreamEvent as ChatStreamEvent;
        return;
      }
      if (!handle.finished() && handle.textSoFar()) queue.push({ type: "delta", text: handle.textSoFar() });
      const unsubscribe = handle.subscribe((event) => queue.push(event));
      handle.done.then(
        (outcome) => {
          for (const entry of [handle.shopperEntry, ...outcome.entries]) if (entry.seq > afterSeq) queue.push({ type: "message", entry });
          queue.push({ type: "done", lastSeq: outcome.lastSeq, engine: outcome.engine, language: outcome.language });
          queue.end();
        },
        (error: unknown) => queue.fail(error),
      );
      try {
        for await (const event of queue.iterate(signal)) {
          yield event;
        }
      } finally {
        unsubscribe();
      }
    }),
});
