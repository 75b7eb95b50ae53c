import { proofFromState, withVerifiedOrder } from "../concierge/engine/proofs";
import type { ConversationState } from "../concierge/state";
import type { SubscriptionChannel } from "../db/repositories/order-subscriptions";
import type { ReturnKind } from "../db/repositories/return-requests";
import type { ConversationService } from "./conversation-service";
import { notFound } from "./errors";
import type { OrderUpdatesService } from "./order-updates-service";
import { ORDER_NOT_FOUND_MESSAGE, type OrderProof, type OrdersService } from "./orders-service";
import { ReturnsService } from "./returns-service";

/**
 * The support procedures' access rules in one place: an order is reachable with its email, or
 * through what the caller's widget session already proved (earlier lookup or store identity).
 */
export class SupportService {
  constructor(
    private readonly conversations: ConversationService,
    private readonly orders: OrdersService,
    private readonly returns: ReturnsService,
    private readonly orderUpdates: OrderUpdatesService,
  ) {}

  private async proof(sessionId: string | undefined, orderNumber: string, email: string | undefined): Promise<OrderProof> {
    if (email) return { email };
    if (sessionId) {
      const conversation = await this.conversations.bySession(sessionId);
      const proof = proofFromState(conversation.state as ConversationState, orderNumber);
      if (proof) return proof;
    }
    throw notFound(ORDER_NOT_FOUND_MESSAGE);
  }

  /** Remembers a successful email verification in the caller's session. */
  private async remember(sessionId: string | undefined, orderNumber: string, email: string | undefined) {
    if (!sessionId || !email) return;
    const conversation = await this.conversations.bySession(sessionId);
    const state = withVerifiedOrder(conversation.state as ConversationState, orderNumber, this.orders.emailHash(email));
    await this.conversations.saveTurn(conversation._id, state, undefined);
  }

  async orderStatus(sessionId: string | undefined, orderNumber: string, email: string | undefined) {
    const view = await this.orders.status(orderNumber, await this.proof(sessionId, orderNumber, email));
    await this.remember(sessionId, view.orderNumber, email);
    return view;
  }

  async createReturn(
    sessionId: string,
    input: { orderNumber: string; email?: string; kind: ReturnKind; productIds: string[]; newRingSize?: string; reason?: string },
  ) {
    const { email, ...request } = input;
    const doc = await this.returns.create({ ...request, sessionId }, await this.proof(sessionId, input.orderNumber, email));
    await this.remember(sessionId, doc.orderNumber, email);
    return {
      rmaId: doc._id,
      orderNumber: doc.orderNumber,
      kind: doc.kind,
      status: doc.status,
      ...(doc.newRingSize ? { newRingSize: doc.newRingSize } : {}),
      nextSteps: ReturnsService.nextSteps(doc),
      createdAt: doc.createdAt.toISOString(),
    };
  }

  async subscribe(
    sessionId: string,
    input: { orderNumber: string; email?: string; channel: SubscriptionChannel; destination: string; consent: true },
  ) {
    const { email, ...request } = input;
    const doc = await this.orderUpdates.subscribe({ ...request, sessionId }, await this.proof(sessionId, input.orderNumber, email));
    return {
      orderNumber: doc.orderNumber,
      channel: doc.channel,
      active: doc.active,
      consentText: doc.consentText,
      consentAt: doc.consentAt.toISOString(),
    };
  }
}
