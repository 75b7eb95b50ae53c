import { DomainError } from "../../services/errors";
import type { OrderRequester } from "../../services/order-access-service";
import type { ConversationState } from "../state";
import type { TurnContext } from "../turn/types";

export { proofFromState, withVerifiedOrder } from "../../services/order-access-service";

/** The order the shopper most recently proved, if any. */
export function lastVerifiedOrder(state: ConversationState): string | undefined {
  return state.verifiedOrders?.[state.verifiedOrders.length - 1]?.orderNumber;
}

/** Who is asking, for OrderAccessService (its failed-lookup limits key on both). */
export function requesterOf(ctx: TurnContext): OrderRequester {
  return { sessionId: ctx.sessionId, ip: ctx.ip };
}

/** Why an order could not be opened, for the conversation: not found, or refused by the limits/outage. */
export function lookupFailure(error: unknown): { kind: "not_found" } | { kind: "refused"; message: string } | null {
  if (!(error instanceof DomainError)) return null;
  if (error.code === "NOT_FOUND") return { kind: "not_found" };
  if (error.code === "RATE_LIMITED" || error.code === "UNAVAILABLE") return { kind: "refused", message: error.message };
  return null;
}
