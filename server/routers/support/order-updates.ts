import { z } from "zod";
import { router, widgetProcedure } from "../../trpc/procedures";
import { emailInput, orderNumberInput } from "../inputs";

export const orderUpdatesRouter = router({
  /** Order status updates by email or SMS; `consent: true` (the shopper's explicit agreement) is required. */
  subscribe: widgetProcedure
    .input(
      z.strictObject({
        orderNumber: orderNumberInput,
        email: emailInput.optional(),
        channel: z.enum(["email", "sms"]),
        destination: z.string().trim().min(3).max(254),
        consent: z.literal(true, { error: "consent: the shopper must agree to receive updates" }),
      }),
    )
    .mutation(({ ctx, input }) => ctx.runtime.services.support.subscribe({ sessionId: ctx.widget.sessionId, ip: ctx.ip }, input)),
});
