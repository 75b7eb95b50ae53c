import type { Intent } from "./intents/types";
import type { SearchParams } from "./messages";

/** What the concierge remembers between turns of one conversation (stored with it). */
export interface ConversationState {
  lastIntent?: Intent;
  /** The previous product search, so "more", "cheaper" and "in rose gold instead" refine it. */
  lastSearch?: { params: SearchParams; cursor: string | null; lowestPriceCents?: number; highestPriceCents?: number };
  /** Orders this session proved ownership of (order number + email), with the email's keyed hash. */
  verifiedOrders?: Array<{ orderNumber: string; emailHash: string }>;
  /** Email hash from a store-signed identity token. */
  identityEmailHash?: string;
  /** The order the shopper is talking about, and what they wanted to do with it. */
  pendingOrder?: {
    orderNumber?: string;
    purpose: "track" | "return" | "subscribe";
    returnKind?: "return" | "resize" | "repair";
    ringSize?: string;
    channel?: "email" | "sms";
  };
  /** A slot the concierge just asked for. */
  awaiting?: "email" | "orderNumber" | "ringSize";
  csatAsked?: boolean;
}
