import { z } from "zod";
import { router, widgetProcedure } from "../../trpc/procedures";
import { emailInput, phoneInput } from "../inputs";

export const stylistRouter = router({
  /** Hands the conversation to a stylist: a ticket with the transcript and (optionally) the shortlist. */
  create: widgetProcedure
    .input(
      z.strictObject({
        name: z.string().trim().min(1).max(100),
        email: emailInput,
        phone: phoneInput.optional(),
        preferredTime: z.string().trim().max(100).optional(),
        notes: z.string().trim().max(1000).optional(),
        reason: z.string().trim().max(200).optional(),
        shareShortlist: z.boolean().default(true),
        /** "Email me when a stylist replies": no email is ever sent without it. */
        emailConsent: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const conversation = await ctx.runtime.services.conversations.bySession(ctx.widget.sessionId);
      const ticket = await ctx.runtime.services.stylist.create({
        ...input,
        reason: input.reason ?? "Shopper asked for a stylist",
        sessionId: ctx.widget.sessionId,
        conversationId: conversation._id,
      });
      return { ticketId: ticket._id, status: ticket.status, createdAt: ticket.createdAt.toISOString() };
    }),
});
