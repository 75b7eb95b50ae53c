/**
 * Who answers a conversation. `bot`: the concierge. From an escalation until the stylist's ticket is
 * resolved (or the shopper goes back to the concierge) it is `waiting_for_human` (no stylist has replied
 * yet) or `human` (a stylist is on it): typed messages go to the stylist and the concierge stays silent.
 */
export const CONVERSATION_MODES = ["bot", "waiting_for_human", "human"] as const;
export type ConversationMode = (typeof CONVERSATION_MODES)[number];

/** Why a conversation changed hands, when a system line says so in the transcript. */
export const HANDOFF_REASONS = ["resolved", "closed", "reopened"] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** How a stylist appears in the widget. */
export interface StylistIdentity {
  name: string;
  initials: string;
  color: string;
}

/**
 * Presence on the live channels (session.events for the widget, dashboard.tickets.events for the ticket
 * view) besides transcript entries. Never stored: "typing" is published as it happens (throttled), "seen"
 * also updates the conversation's read marks so a reload shows them.
 */
export type PresenceEvent =
  | { presence: "typing"; from: "shopper" | "stylist"; typing: boolean; name?: string }
  | { presence: "seen"; by: "shopper" | "stylist"; seq: number };

/** How long a "typing" signal holds without a refresh (senders refresh at most every few seconds). */
export const TYPING_TTL_MS = 6_000;
/** The least time between two "typing: true" signals from one sender. */
export const TYPING_REFRESH_MS = 2_500;
