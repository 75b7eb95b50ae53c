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
      const session = await ctx.widgetSession();
      return ctx.runtime.services.support.orderStatus({ sessionId: session?.sid, ip: ctx.ip }, input.orderNumber, input.email);
    }),
});
