import { z } from "zod";
import { router, widgetProcedure } from "../../trpc/procedures";
import { emailInput, orderNumberInput, productIdInput, ringSizeInput } from "../inputs";

export const returnsRouter = router({
  /** A return, resize or repair request for a verified order; the same request twice gives one RMA. */
  create: widgetProcedure
    .input(
      z
        .strictObject({
          orderNumber: orderNumberInput,
          email: emailInput.optional(),
          kind: z.enum(["return", "resize", "repair"]),
          productIds: z.array(productIdInput).min(1).max(20),
          newRingSize: ringSizeInput.optional(),
          reason: z.string().trim().max(500).optional(),
        })
        .refine((v) => v.kind !== "resize" || v.newRingSize !== undefined, {
          message: "newRingSize is required for a resize",
          path: ["newRingSize"],
        }),
    )
    .mutation(({ ctx, input }) => ctx.runtime.services.support.createReturn({ sessionId: ctx.widget.sessionId, ip: ctx.ip }, input)),
});
