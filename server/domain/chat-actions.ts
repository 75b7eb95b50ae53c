/**
 * The kinds of structured action a shopper can take in the widget (the `action` of a chat turn; its
 * full schema is in server/concierge/messages.ts). Dependency-free, so the widget and the dashboard can
 * use it without bundling the schemas.
 */
export const CHAT_ACTION_KINDS = [
  "quick_link",
  "search",
  "more_results",
  "choose_intent",
  "order_lookup",
  "start_return",
  "confirm_return",
  "request_stylist",
  "submit_escalation",
  "shortlist_add",
  "shortlist_remove",
  "shortlist_clear",
  "shortlist_show",
  "view_product",
  "subscribe_updates",
  "submit_csat",
  "knowledge",
  "return_to_concierge",
] as const;
export type ChatActionKind = (typeof CHAT_ACTION_KINDS)[number];

/** Actions that submit an in-chat form: the form itself turns into the summary of what was sent. */
export const FORM_SUBMISSION_KINDS: ReadonlySet<ChatActionKind> = new Set<ChatActionKind>([
  "order_lookup",
  "confirm_return",
  "submit_escalation",
  "subscribe_updates",
  "submit_csat",
]);
