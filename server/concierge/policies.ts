import { readFileSync } from "node:fs";
import { z } from "zod";

/** Store policy answers the concierge gives (care, shipping, financing, returns). Configurable per store. */
export const policyContentSchema = z.strictObject({
  care_warranty: z.string().min(1).max(1500),
  shipping_info: z.string().min(1).max(1500),
  financing: z.string().min(1).max(1500),
  returns_policy: z.string().min(1).max(1500),
});
export type PolicyContent = z.infer<typeof policyContentSchema>;
export type PolicyTopic = keyof PolicyContent;

export const DEFAULT_POLICIES: PolicyContent = {
  care_warranty:
    "Every piece carries a one-year warranty against manufacturing defects. For everyday care, wipe with a soft cloth, " +
    "soak diamonds and gold in warm water with a drop of mild soap, and keep silver in its pouch to slow tarnish. " +
    "Take rings off for the gym, pool and cleaning products. We offer free cleaning and inspection at any time.",
  shipping_info:
    "Ready-to-ship pieces leave our studio in 1–2 business days; made-to-order pieces take 3–4 weeks. US shipping is " +
    "free, insured and signature-confirmed on orders over $500 (otherwise $8). Express (2-day) is $25. We ship to Canada, " +
    "the UK and the EU; duties are shown at checkout.",
  financing:
    "You can pay over time with Affirm (3, 6 or 12 monthly payments; 0% APR options on orders over $500 for eligible " +
    "shoppers) or split any order into 4 interest-free payments with Klarna. Choose it at checkout; approval takes seconds.",
  returns_policy:
    "Returns are free within 30 days of delivery (engraved and custom pieces excepted). Rings get one free resize within " +
    "60 days. Start either here with your order number and email.",
};

/** Reads store-specific policy text from a JSON file, falling back to the defaults. */
export function loadPolicies(file: string | undefined): PolicyContent {
  if (!file) return DEFAULT_POLICIES;
  const parsed = policyContentSchema
    .partial()
    .strict()
    .safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(`Invalid policy file ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return { ...DEFAULT_POLICIES, ...parsed.data };
}
