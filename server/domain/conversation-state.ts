import type { SearchParams } from "../concierge/messages";
import type { Metal, Category } from "./catalog";
import type { Language } from "./i18n/languages";
import type { Intent } from "./intents";

/** An encrypted value (server/platform/crypto EncryptedValue), opaque here. */
export interface SealedValue {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

/** An order this conversation proved it may see (order number + email), with the email's keyed hash. */
export interface VerifiedOrder {
  orderNumber: string;
  emailHash: string;
}

/**
 * A product card on screen, as the dialogue remembers it: enough to resolve "the third one", "the rose gold
 * one", "the cheaper one" without loading the catalog (the answers themselves read the live product).
 */
export interface ShownCard {
  id: string;
  name: string;
  category: Category;
  metal: Metal;
  priceCents: number;
  readyToShip: boolean;
  /** Stone types and shapes ("lab diamond", "oval"), for "the oval one" / "the pearl one". */
  stones?: string[];
}

/** What a question about pieces on screen asked, so "and the first one?" asks it again. */
export type ProductAsk = "ready" | "metals" | "stone" | "price" | "sizes" | "engraving" | "details" | "compare" | "suited";

/**
 * What the concierge remembers between turns of one conversation (stored with it). One owner
 * writes it: ConversationService.updateState, atomically.
 */
export interface ConversationState {
  lastIntent?: Intent;
  /** The previous product search, so "more", "cheaper" and "in rose gold instead" refine it. */
  lastSearch?: { params: SearchParams; cursor: string | null; lowestPriceCents?: number; highestPriceCents?: number };
  /** The shopper's language (sticky: it changes only when the shopper clearly switches). */
  language?: Language;
  /** The cards on screen, in the order shown (the latest product cards or shortlist). */
  shown?: ShownCard[];
  /** Ids of the pieces the shopper last referred to ("it", "those"). */
  focus?: string[];
  /** The last product question asked about pieces on screen. */
  lastAsk?: ProductAsk;
  /** The store-knowledge topic last answered, so "and to Australia?" stays on it… */
  lastTopic?: string;
  /** …and the section of it (its heading), so "how long does that take?" means that answer. */
  lastSection?: string;
  /** Orders this session proved ownership of (order number + email), with the email's keyed hash. */
  verifiedOrders?: VerifiedOrder[];
  /** Email hash from a store-signed identity token… */
  identityEmailHash?: string;
  /** …valid until the token's own expiry (ISO time); resuming never extends it. */
  identityExpiresAt?: string;
  /**
   * Only with an external order-status endpoint (which needs the email, not a hash): the emails
   * this session proved, encrypted with ENCRYPTION_KEY — per verified order number, and the store
   * identity's — so later questions about the same order get fresh status without retyping.
   */
  orderEmails?: Record<string, SealedValue>;
  identityEmail?: SealedValue;
  /** The order the shopper is talking about, and what they wanted to do with it. */
  pendingOrder?: {
    orderNumber?: string;
    purpose: "track" | "return" | "subscribe";
    returnKind?: "return" | "resize" | "repair";
    ringSize?: string;
    /** The kind of piece the shopper named ("return my necklace"). */
    itemCategory?: string;
    channel?: "email" | "sms";
  };
  /** A slot the concierge just asked for. */
  awaiting?: "email" | "orderNumber" | "ringSize";
  csatAsked?: boolean;
  /**
   * A self-service journey ended (an RMA, a tracked order, a subscription): the rating prompt is due at
   * this time (ISO) unless the shopper carries on first. Cleared by their next turn and when asked.
   */
  csatDueAt?: string;
}

/** The identity proof, if it has not expired. */
export function activeIdentityEmailHash(state: ConversationState, now = new Date()): string | undefined {
  if (!state.identityEmailHash) return undefined;
  if (state.identityExpiresAt && Date.parse(state.identityExpiresAt) <= now.getTime()) return undefined;
  return state.identityEmailHash;
}
