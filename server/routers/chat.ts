import { z } from "zod";
import { chatActionSchema } from "../concierge/messages";
import type { Language } from "../domain/i18n/languages";
import { AsyncQueue } from "../platform/async-queue";
import type { TurnEvent } from "../concierge/turn/chat-service";
import { router, widgetProcedure } from "../trpc/procedures";

export const chatInput = z.union([
  z.strictObject({ text: z.string().trim().min(1, "say something").max(1000, "must be at most 1000 characters") }),
  z.strictObject({ action: chatActionSchema }),
]);

export type ChatStreamEvent = TurnEvent | { type: "done"; lastSeq: number; engine: "rules" | "llm"; language?: Language };

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
   * Streaming counterpart, step 2 (SSE): coalesced text deltas as they are generated, then `done`
   * with the last sequence number the turn stored. The stored messages themselves arrive once, on
   * the session's own channel (`session.events`, or `session.messages` with `afterSeq`), never here
   * as well. A (re)connected stream starts with the whole text so far; after the turn has finished it
   * answers `done` at once. `afterSeq` is accepted for older clients and changes nothing.
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
      const handle = services.chat.turn(input.turnId, ctx.widget.sessionId);
      const queue = new AsyncQueue<ChatStreamEvent>();
      if (!handle) {
        // A turn running on another instance (the stream reconnected elsewhere): follow its record.
        const remote = await services.chat.followRemoteTurn(input.turnId, ctx.widget.sessionId, signal);
        if (remote) {
          for await (const event of remote) yield event satisfies ChatStreamEvent as ChatStreamEvent;
          return;
        }
        // Unknown or long-finished turn: it is over; everything it stored is in the conversation.
        const conversation = await services.conversations.bySession(ctx.widget.sessionId);
        yield { type: "done", lastSeq: conversation.lastSeq, engine: "rules" } satisfies ChatStreamEvent as ChatStreamEvent;
        return;
      }
      if (!handle.finished() && handle.textSoFar()) queue.push({ type: "delta", text: handle.textSoFar() });
      const unsubscribe = handle.subscribe((event) => queue.push(event));
      handle.done.then(
        (outcome) => {
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
