import { z } from "zod";
import { publicProcedure, router } from "../../trpc/procedures";
import { emailInput, orderNumberInput } from "../inputs";

export const ordersRouter = router({
  /**
   * Order status for its owner: order number + email, or what the caller's widget session proved.
   * Unknown orders, wrong emails and other people's orders all get the same NOT_FOUND answer.
   * A mutation so the email travels in the body, never in a URL.
   */
  status: publicProcedure
    .input(z.strictObject({ orderNumber: orderNumberInput, email: emailInput.optional() }))
    .mutation(async ({ ctx, input }) => {
      const session = ctx.bearerToken ? await ctx.runtime.sessionTokens.verify(ctx.bearerToken) : null;
      return ctx.runtime.services.support.orderStatus(session?.sid, input.orderNumber, input.email);
    }),
});
