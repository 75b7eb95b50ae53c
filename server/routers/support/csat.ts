import { z } from "zod";
import { router, widgetProcedure } from "../../trpc/procedures";

export const csatRouter = router({
  submit: widgetProcedure
    .input(z.strictObject({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const conversation = await ctx.runtime.services.conversations.bySession(ctx.widget.sessionId);
      const saved = await ctx.runtime.services.csat.submit({ ...input, sessionId: ctx.widget.sessionId, conversationId: conversation._id });
      return { rating: saved.rating, offerStylist: saved.low };
    }),
});
