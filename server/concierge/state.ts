/** The conversation state type lives in the domain (services and the engine share it). */
export type { ConversationState, VerifiedOrder } from "../domain/conversation-state";
export { activeIdentityEmailHash } from "../domain/conversation-state";
