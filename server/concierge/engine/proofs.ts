import type { OrderProof } from "../../services/orders-service";
import type { ConversationState } from "../state";

/** Proof this conversation holds for an order: an earlier number+email match, or a store identity. */
export function proofFromState(state: ConversationState, orderNumber: string): OrderProof | null {
  const verified = state.verifiedOrders?.find((v) => v.orderNumber === orderNumber);
  if (verified) return { verifiedEmailHash: verified.emailHash };
  if (state.identityEmailHash) return { verifiedEmailHash: state.identityEmailHash };
  return null;
}

/** Remembers a verified order (most recent last). */
export function withVerifiedOrder(state: ConversationState, orderNumber: string, emailHash: string): ConversationState {
  const others = (state.verifiedOrders ?? []).filter((v) => v.orderNumber !== orderNumber);
  return { ...state, verifiedOrders: [...others, { orderNumber, emailHash }].slice(-10) };
}

/** The order the shopper most recently proved, if any. */
export function lastVerifiedOrder(state: ConversationState): string | undefined {
  return state.verifiedOrders?.[state.verifiedOrders.length - 1]?.orderNumber;
}
