import { z } from "zod";
import { TICKET_PRIORITIES, TICKET_STATUSES } from "../../domain/tickets";
import { router } from "../../trpc/procedures";
import { readProcedure, workTicketsProcedure } from "./roles";

const ticketId = z.string().regex(/^T-[0-9A-F]{8}$/, "is not a ticket id");

export const ticketsRouter = router({
  list: readProcedure
    .input(
      z.strictObject({
        statuses: z.array(z.enum(TICKET_STATUSES)).max(TICKET_STATUSES.length).optional(),
        priorities: z.array(z.enum(TICKET_PRIORITIES)).max(TICKET_PRIORITIES.length).optional(),
        assignee: z.union([z.enum(["me", "unassigned"]), z.string().regex(/^u_[A-Za-z0-9_-]{6,30}$/)]).optional(),
        order: z.enum(["oldest", "newest"]).default("oldest"),
        limit: z.number().int().min(1).max(100).default(25),
        page: z.number().int().min(0).max(10_000).default(0),
      }),
    )
    .query(({ ctx, input }) => ctx.runtime.services.tickets.list(input, ctx.staffUser)),

  get: readProcedure.input(z.strictObject({ id: ticketId })).query(({ ctx, input }) => ctx.runtime.services.tickets.get(input.id)),

  update: workTicketsProcedure
    .input(
      z.strictObject({
        id: ticketId,
        status: z.enum(TICKET_STATUSES).optional(),
        priority: z.enum(TICKET_PRIORITIES).optional(),
        assigneeId: z
          .string()
          .regex(/^u_[A-Za-z0-9_-]{6,30}$/)
          .nullable()
          .optional(),
        note: z.string().trim().min(1).max(2000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { id, ...change } = input;
      return ctx.runtime.services.tickets.update(id, ctx.staffUser, change);
    }),

  /** Replies to the shopper: appears in their open widget live, or when they come back. */
  reply: workTicketsProcedure
    .input(z.strictObject({ id: ticketId, text: z.string().trim().min(1).max(4000) }))
    .mutation(({ ctx, input }) => ctx.runtime.services.tickets.reply(input.id, ctx.staffUser, input.text)),

  /**
   * Live transcript of the ticket's conversation (SSE): the shopper's answers appear as they arrive,
   * with the shopper's presence ("typing", "seen"; never stored).
   */
  events: readProcedure
    .input(z.strictObject({ id: ticketId, afterSeq: z.number().int().min(0).max(1_000_000).default(0) }))
    .subscription(async function* ({ ctx, input, signal }) {
      const conversationId = await ctx.runtime.services.tickets.conversationIdOf(input.id);
      yield* ctx.runtime.services.conversations.followLive(conversationId, input.afterSeq, "stylist", signal);
    }),

  /** The live queue (SSE): a ticket was created or changed; the page re-reads its filtered list. */
  live: readProcedure.input(z.strictObject({}).optional()).subscription(async function* ({ ctx, signal }) {
    yield* ctx.runtime.services.ticketEvents.follow(signal);
  }),

  /** The stylist is typing a reply (or stopped): "{name} is typing…" in the shopper's widget. */
  typing: workTicketsProcedure.input(z.strictObject({ id: ticketId, typing: z.boolean() })).mutation(async ({ ctx, input }) => {
    const conversationId = await ctx.runtime.services.tickets.conversationIdOf(input.id);
    return { sent: ctx.runtime.services.presence.typing(conversationId, "stylist", input.typing, ctx.staffUser.displayName) };
  }),

  /** The stylist has read the conversation up to `seq` (the shopper sees "Seen" under their message). */
  seen: workTicketsProcedure
    .input(z.strictObject({ id: ticketId, seq: z.number().int().min(0).max(1_000_000) }))
    .mutation(async ({ ctx, input }) => {
      const conversationId = await ctx.runtime.services.tickets.conversationIdOf(input.id);
      return ctx.runtime.services.presence.seen(conversationId, "stylist", input.seq);
    }),
});
