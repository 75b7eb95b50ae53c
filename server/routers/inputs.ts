import { z } from "zod";

/** Shared input pieces (strict objects and bounded strings everywhere). */
export const orderNumberInput = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^GG-\d{4,8}$/, "must look like GG-12002");
export const emailInput = z.string().trim().max(254).email("must be an email address");
export const productIdInput = z.string().regex(/^[a-z0-9-]{1,80}$/, "is not a product id");
export const ringSizeInput = z.string().regex(/^(1[0-5]|[3-9])(\.5)?$/, "must be a US ring size between 3 and 15");
export const phoneInput = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{7,20}$/, "must be a phone number");
