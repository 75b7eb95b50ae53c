import type { Language } from "../../domain/i18n/languages";
import type { KnowledgeService } from "../knowledge/knowledge-service";
import type { Intent } from "../understanding/types";
import type { ChatAction, ConciergeMessage } from "../messages";
import type { ConversationState } from "../state";
import type { AnalyticsService } from "../../services/analytics-service";
import type { CatalogService } from "../../services/catalog/catalog-service";
import type { CsatService } from "../../services/csat-service";
import type { OrderUpdatesService } from "../../services/order-updates-service";
import type { OrderAccessService } from "../../services/order-access-service";
import type { OrdersService } from "../../services/orders-service";
import type { ReturnsService } from "../../services/returns-service";
import type { ShortlistService } from "../../services/shortlist-service";
import type { StylistService } from "../../services/stylist-service";
import type { ReplyExpectation } from "../../domain/business-hours";

/** The services a turn may use (the same ones the support procedures call). */
export interface ConciergeDeps {
  catalog: CatalogService;
  orders: OrdersService;
  /** The one door to an order (proof, failed-lookup limits, uniform not-found). */
  orderAccess: OrderAccessService;
  returns: ReturnsService;
  shortlist: ShortlistService;
  stylist: StylistService;
  csat: CsatService;
  orderUpdates: OrderUpdatesService;
  /** Product analytics (a turn collects its events and writes them in one batch when it ends). */
  analytics: Pick<AnalyticsService, "record">;
  /** The store's knowledge base (policies, sizing, care, materials…). */
  knowledge: KnowledgeService;
  storeName: string;
  /** When a stylist can be expected to reply (business hours, first-response target). */
  handoff: { expectation(now?: Date): ReplyExpectation };
}

export type TurnInput = { kind: "text"; text: string } | { kind: "action"; action: ChatAction };

export interface TurnContext {
  sessionId: string;
  /** The shopper's client address (order-lookup limits; never logged). */
  ip: string;
  conversationId: string;
  state: ConversationState;
  deps: ConciergeDeps;
  now: Date;
  /** The language to answer in (the shopper's, detected per turn and sticky; English by default). */
  language: Language;
  /** Set when the message reads as a language the concierge does not support (its detector code). */
  unsupportedLanguage?: string;
}

export interface TurnResult {
  messages: ConciergeMessage[];
  state: ConversationState;
  intent?: Intent;
  confidence?: number;
  engine: "rules" | "llm";
  /** Why the LLM did not answer this turn, when it was configured. */
  fallbackReason?: string;
}

/** What one flow step produces: messages plus the state to carry forward. */
export interface FlowResult {
  messages: ConciergeMessage[];
  state: ConversationState;
  intent?: Intent;
}
