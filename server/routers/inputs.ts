import { z } from "zod";
import { canonicalOrderNumber, orderNumberExample } from "../domain/orders";

/** Shared input pieces (strict objects and bounded strings everywhere). */
/** The store's order number (ORDER_NUMBER_PREFIX / ORDER_NUMBER_DIGITS), in its canonical form. */
export const orderNumberInput = z
  .string()
  .max(40, "is not an order number")
  .transform((value, ctx) => {
    const canonical = canonicalOrderNumber(value);
    if (canonical) return canonical;
    ctx.addIssue({ code: "custom", message: `must look like ${orderNumberExample()}` });
    return z.NEVER;
  });
export const emailInput = z.string().trim().max(254).email("must be an email address");
export const productIdInput = z.string().regex(/^[a-z0-9-]{1,80}$/, "is not a product id");
export const ringSizeInput = z.string().regex(/^(1[0-5]|[3-9])(\.5)?$/, "must be a US ring size between 3 and 15");
export const phoneInput = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{7,20}$/, "must be a phone number");
