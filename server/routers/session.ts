import { z } from "zod";
import { publicProcedure, router, widgetProcedure } from "../trpc/procedures";

const token = z
  .string()
  .min(10)
  .max(4096)
  .regex(/^[A-Za-z0-9._-]+$/, "is not a token");

export const sessionRouter = router({
  /** Starts or resumes a widget session: tokens, the flag decision and the stored transcript. */
  start: publicProcedure
    .input(
      z.strictObject({
        visitorId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, - or _")
          .optional(),
        resumeToken: token.optional(),
        identityToken: token.optional(),
        /** The store's opening line for a new conversation (ignored when resuming). */
        greeting: z.string().trim().min(1).max(300, "must be at most 300 characters").optional(),
        /** The store page the widget is on (a path without query string), shown to stylists. */
        page: z
          .string()
          .max(300)
          .regex(/^\/[^\s?#]*$/, "must be a path such as /products/ring")
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      return ctx.runtime.services.sessions.start({ ...input, ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}) });
    }),

  /** The shopper opened the widget panel (analytics: widget opens). */
  opened: widgetProcedure.input(z.strictObject({}).optional()).mutation(async ({ ctx }) => {
    const conversation = await ctx.runtime.services.conversations.bySession(ctx.widget.sessionId);
    await ctx.runtime.services.sessions.opened(ctx.widget.sessionId, conversation._id);
    return { ok: true as const };
  }),

  /**
   * Live transcript (SSE): every entry after `afterSeq`, then each new one as it is written —
   * stylist replies included — plus the stylist's presence (`{presence: "typing" | "seen"}`, never
   * stored). A reconnecting widget passes its last seq and misses no entry.
   */
  events: widgetProcedure
    .input(z.strictObject({ afterSeq: z.number().int().min(0).max(1_000_000).default(0) }))
    .subscription(async function* ({ ctx, input, signal }) {
      const conversation = await ctx.runtime.services.conversations.bySession(ctx.widget.sessionId);
      yield* ctx.runtime.services.conversations.followLive(conversation._id, input.afterSeq, "shopper", signal);
    }),

  /** The shopper is typing (or stopped) while a stylist has the conversation: "shopper is typing…" in the ticket view. */
  typing: widgetProcedure.input(z.strictObject({ typing: z.boolean() })).mutation(async ({ ctx, input }) => {
    const conversation = await ctx.runtime.services.conversations.bySession(ctx.widget.sessionId);
    const sent = (conversation.mode ?? "bot") !== "bot" && ctx.runtime.services.presence.typing(conversation._id, "shopper", input.typing);
    return { sent };
  }),

  /** The shopper has seen the conversation up to `seq` (the stylist sees "Seen"; the launcher's badge clears). */
  seen: widgetProcedure.input(z.strictObject({ seq: z.number().int().min(0).max(1_000_000) })).mutation(async ({ ctx, input }) => {
    const conversation = await ctx.runtime.services.conversations.bySession(ctx.widget.sessionId);
    return ctx.runtime.services.presence.seen(conversation._id, "shopper", input.seq);
  }),

  /** Transcript entries after a sequence number (reload, reconnect, resume). */
  messages: widgetProcedure
    .input(z.strictObject({ afterSeq: z.number().int().min(0).max(1_000_000).default(0) }))
    .query(async ({ ctx, input }) => {
      const conversation = await ctx.runtime.services.conversations.bySession(ctx.widget.sessionId);
      return { entries: await ctx.runtime.services.conversations.transcript(conversation._id, input.afterSeq) };
    }),
});
