/** Retention of shopper records: days each kind is kept (0 keeps it forever). */
export interface RetentionPolicy {
  /** Conversations and their messages, counted from the last activity (the last message or change). */
  conversations: number;
  /** Stylist tickets, from their last update. */
  tickets: number;
  /** CSAT ratings, from when the conversation was first rated. */
  csat: number;
  /** Return, resize and repair requests, from their creation. */
  returns: number;
  /** Order-update subscriptions, from their last change. */
  subscriptions: number;
}

export const DEFAULT_RETENTION_DAYS: Readonly<RetentionPolicy> = Object.freeze({
  conversations: 365,
  tickets: 730,
  csat: 730,
  returns: 2555, // 7 years: returns are accounting records
  subscriptions: 365,
});
