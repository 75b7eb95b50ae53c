import type { Category, Metal, ProductSort, StoneType, StyleTag } from "../../domain/catalog";

import { INTENTS, type Intent } from "../../domain/intents";

export { INTENTS, type Intent };

export type ReturnKind = "return" | "resize" | "repair";
export type Channel = "email" | "sms";
export type Refinement = "more" | "cheaper" | "pricier" | "reset";

/** What the understanding layer pulled out of one shopper message. Absent = not mentioned. */
export interface Slots {
  category?: Category;
  /** "gold" → all three golds; "rose gold" → rose only; "gold or silver" → union. */
  metals?: Metal[];
  minPriceCents?: number;
  maxPriceCents?: number;
  readyToShip?: boolean;
  gift?: boolean;
  /** Normalised recipient: mom, wife, girlfriend, sister, friend, husband, … */
  recipient?: string;
  styleTags?: StyleTag[];
  stones?: StoneType[];
  /** Normalised "GG-12002". */
  orderNumber?: string;
  email?: string;
  /** US ring size as text: "7", "6.5". */
  ringSize?: string;
  returnKind?: ReturnKind;
  channel?: Channel;
  /** 1..5 */
  rating?: number;
  sort?: ProductSort;
  refinement?: Refinement;
}

export interface ClassifyContext {
  /** The intent of the previous turn (refinements lean on it). */
  lastIntent?: Intent;
  /** A slot the engine just asked for: "orderNumber" | "email" | "ringSize" | "rating" | "channel". */
  awaiting?: string;
}

export interface ScoredIntent {
  intent: Intent;
  confidence: number;
}

export interface Classification {
  intent: Intent;
  /** 0..1; below CONFIDENCE_THRESHOLD the intent is `clarify`. */
  confidence: number;
  /** Other plausible intents, best first (never includes `intent`). */
  alternatives: ScoredIntent[];
  slots: Slots;
  /**
   * Set only for a mixed request ("where is GG-12004 and do you have gold hoops"): the other confident
   * intent found in another clause. Its slots are in `slots` too.
   */
  secondary?: Intent;
}
