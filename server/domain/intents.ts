/** Every intent the concierge can report, in a stable order (charts, metrics labels, the evaluation). */
export const INTENTS = [
  "find_product",
  /** A question about pieces already on screen ("is the second one ready to ship?", "compare the first two"). */
  "product_question",
  /** Store and jewelry knowledge beyond the policy intents: sizing, diamonds, metals, engraving, gift wrap, sustainability. */
  "store_info",
  "track_order",
  "return_exchange",
  "care_warranty",
  "shipping_info",
  "financing",
  "stylist_contact",
  "shortlist",
  "order_updates",
  "greeting",
  "feedback",
  "out_of_scope",
  "clarify",
] as const;
export type Intent = (typeof INTENTS)[number];
