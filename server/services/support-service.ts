import type { SubscriptionChannel } from "../db/repositories/order-subscriptions";
import type { ReturnKind } from "../db/repositories/return-requests";
import type { OrderAccessService, OrderRequester } from "./order-access-service";
import type { OrderUpdatesService } from "./order-updates-service";
import { toStatusView } from "./order-view";
import { ReturnsService } from "./returns-service";

/**
 * The support procedures over orders. Access always goes through OrderAccessService (proof,
 * failed-lookup limits, the uniform NOT_FOUND); the rules of each request live in its service.
 */
export class SupportService {
  constructor(
    private readonly access: OrderAccessService,
    private readonly returns: ReturnsService,
    private readonly orderUpdates: OrderUpdatesService,
  ) {}

  async orderStatus(requester: OrderRequester, orderNumber: string, email: string | undefined) {
    return toStatusView(await this.access.open(requester, orderNumber, email));
  }

  async createReturn(
    requester: OrderRequester & { sessionId: string },
    input: { orderNumber: string; email?: string; kind: ReturnKind; productIds: string[]; newRingSize?: string; reason?: string },
  ) {
    const { email, ...request } = input;
    const order = await this.access.open(requester, input.orderNumber, email);
    const doc = await this.returns.create({ ...request, sessionId: requester.sessionId }, order);
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
    requester: OrderRequester & { sessionId: string },
    input: { orderNumber: string; email?: string; channel: SubscriptionChannel; destination: string; consent: true },
  ) {
    const { email, orderNumber, ...request } = input;
    const order = await this.access.open(requester, orderNumber, email);
    const doc = await this.orderUpdates.subscribe({ ...request, sessionId: requester.sessionId }, order);
    return {
      orderNumber: doc.orderNumber,
      channel: doc.channel,
      active: doc.active,
      consentText: doc.consentText,
      consentAt: doc.consentAt.toISOString(),
    };
  }
}
