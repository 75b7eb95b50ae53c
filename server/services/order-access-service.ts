import type { OrderDoc } from "../db/repositories/orders";
import { activeIdentityEmailHash, type ConversationState, type SealedValue } from "../domain/conversation-state";
import { canonicalOrderNumber } from "../domain/orders";
import { KeyedLock } from "../platform/keyed-lock";
import type { RateLimiter } from "../platform/rate-limit/limiter";
import { guardOrderLookup, orderLookupKeys } from "../platform/rate-limit/order-lookup-guard";
import type { ConversationService } from "./conversation-service";
import { DomainError, notFound, unavailable } from "./errors";
import { ORDER_NOT_FOUND_MESSAGE, type OrderProof, type OrdersService } from "./orders-service";

/** Who is asking: their widget session (if any) and client address. */
export interface OrderRequester {
  sessionId?: string | undefined;
  ip: string;
}

export const TOO_MANY_LOOKUPS_MESSAGE = "Too many unsuccessful order lookups. Please try again later, or ask for a stylist.";

/** Remembers a verified order in a conversation state (most recent last, at most ten). */
export function withVerifiedOrder(state: ConversationState, orderNumber: string, emailHash: string): ConversationState {
  const others = (state.verifiedOrders ?? []).filter((v) => v.orderNumber !== orderNumber);
  return { ...state, verifiedOrders: [...others, { orderNumber, emailHash }].slice(-10) };
}

/** The proof a conversation state holds for an order: an earlier number+email match, or a live store identity. */
export function proofFromState(state: ConversationState, orderNumber: string, now = new Date()): OrderProof | null {
  const verified = state.verifiedOrders?.find((v) => v.orderNumber === orderNumber);
  const sealedForOrder = state.orderEmails?.[orderNumber];
  if (verified) return { verifiedEmailHash: verified.emailHash, ...(sealedForOrder ? { sealedEmail: sealedForOrder } : {}) };
  const identity = activeIdentityEmailHash(state, now);
  return identity ? { verifiedEmailHash: identity, ...(state.identityEmail ? { sealedEmail: state.identityEmail } : {}) } : null;
}

/** Keeps a proved email (encrypted) for an order, at most ten, for an endpoint that needs the email. */
export function withSealedOrderEmail(state: ConversationState, orderNumber: string, sealed: SealedValue): ConversationState {
  const entries = Object.entries(state.orderEmails ?? {}).filter(([n]) => n !== orderNumber);
  return { ...state, orderEmails: Object.fromEntries([...entries, [orderNumber, sealed]].slice(-10)) };
}

/**
 * The one door to an order, used by every path that reveals one — the support procedures, the
 * chat's lookup form and typed emails, the LLM tool:
 *  - proof: the email on the order, or what the caller's session already proved (an earlier match
 *    or a store-signed identity that has not expired);
 *  - one uniform NOT_FOUND for unknown orders, wrong emails and other people's orders;
 *  - failed lookups count per order number, per session and per client address (reserved before
 *    the lookup, kept only on failure, so a burst of guesses runs at most the limit); an
 *    exhausted key refuses every lookup (RATE_LIMITED) whatever its outcome would be;
 *  - lookups sharing a key run one at a time in this process, so concurrent correct lookups never
 *    hold the failure budget (and are never refused for it);
 *  - a successful email match is remembered in the caller's session.
 */
export class OrderAccessService {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly orders: OrdersService,
    private readonly conversations: ConversationService,
    private readonly limiter: RateLimiter,
  ) {}

  /** The order, when the requester may see it; otherwise throws NOT_FOUND, RATE_LIMITED or UNAVAILABLE. */
  async open(requester: OrderRequester, rawOrderNumber: string, email?: string, now = new Date()): Promise<OrderDoc> {
    const orderNumber = canonicalOrderNumber(rawOrderNumber) ?? rawOrderNumber.trim().toUpperCase();
    const identity = { orderNumber, sessionId: requester.sessionId, ip: requester.ip };
    const keys = orderLookupKeys(identity, this.limiter.hashKey)
      .map((k) => `${k.policy}|${k.key}`)
      .sort();
    return this.withLocks(keys, async () => {
      const proof = email ? { email } : await this.sessionProof(requester.sessionId, orderNumber, now);
      const guarded = await guardOrderLookup(
        this.limiter,
        this.limiter.hashKey,
        identity,
        async () => (proof ? this.orders.findVerified(orderNumber, proof) : null),
        (outcome) => ("error" in outcome ? isNotFound(outcome.error) : outcome.value === null),
      );
      if (guarded.status === "refused") {
        if (guarded.reason === "unavailable") throw unavailable("Order lookups are temporarily unavailable. Please try again in a moment.");
        const resetAt = Math.max(...guarded.limited.map((r) => r.reset));
        throw new DomainError("RATE_LIMITED", TOO_MANY_LOOKUPS_MESSAGE, {
          retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)),
        });
      }
      const order = guarded.value;
      if (!order) throw notFound(ORDER_NOT_FOUND_MESSAGE);
      if (email && requester.sessionId) await this.remember(requester.sessionId, order._id, email);
      return order;
    });
  }

  /** Whether the session already holds a proof for this order (no lookup, nothing counted). */
  async sessionHasProof(sessionId: string, orderNumber: string, now = new Date()): Promise<boolean> {
    return (await this.sessionProof(sessionId, canonicalOrderNumber(orderNumber) ?? orderNumber.trim().toUpperCase(), now)) !== null;
  }

  /** The newest order of the session's live store identity, if any. */
  async latestForIdentity(sessionId: string, now = new Date()): Promise<string | undefined> {
    const conversation = await this.conversations.bySession(sessionId);
    const hash = activeIdentityEmailHash(conversation.state as ConversationState, now);
    return hash ? (await this.orders.listForEmailHash(hash))[0] : undefined;
  }

  private async sessionProof(sessionId: string | undefined, orderNumber: string, now: Date): Promise<OrderProof | null> {
    if (!sessionId) return null;
    const conversation = await this.conversations.bySession(sessionId);
    return proofFromState(conversation.state as ConversationState, orderNumber, now);
  }

  private async remember(sessionId: string, orderNumber: string, email: string): Promise<void> {
    const conversation = await this.conversations.bySession(sessionId);
    const emailHash = this.orders.emailHash(email);
    // Only when an order-status endpoint needs the email again later; otherwise the hash suffices.
    const sealed = this.orders.sealEmailForEndpoint(email);
    await this.conversations.updateState(conversation._id, (state) => {
      const next = withVerifiedOrder(state, orderNumber, emailHash);
      return sealed ? withSealedOrderEmail(next, orderNumber, sealed) : next;
    });
  }

  private withLocks<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    const [first, ...rest] = keys;
    if (first === undefined) return work();
    return this.lock.run(first, () => this.withLocks(rest, work));
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof DomainError && error.code === "NOT_FOUND";
}
