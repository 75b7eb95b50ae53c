/** Every intent the concierge can report, in a stable order (charts, metrics labels, the evaluation). */
export const INTENTS = [
  "find_product",
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
