/**
 * Conversation-level cues the intent scores cannot see on their own: a short follow-up that continues the
 * last topic ("and to Australia?", "any fee for that?"), a pre-purchase policy question versus a request
 * about the shopper's own order, and a question about custom work versus a request for it. Pure.
 */

/** Short or anaphoric: it only makes sense within the previous answer's topic. */
export function isTopicFollowUp(text: string): boolean {
  const t = text.toLowerCase().trim();
  const words = t.split(/\s+/).filter(Boolean).length;
  if (
    /^(?:and|but|so|also|what about|how about|what if|and if|ok and|does that|does this|does it|is that|is this|is it|are they|any|what's the|whats the|what is the|how much is the|how much for|how long for|same for|even)\b/.test(
      t,
    )
  )
    return true;
  if (/\b(?:that|this|it|those|them|there)\b/.test(t) && words <= 10) return true;
  return words <= 5;
}

/** Asked as a question (not a request). */
export function isQuestion(text: string): boolean {
  const t = text.toLowerCase().trim();
  return /\?\s*$/.test(t) || /^(?:what|whats|what's|which|how|is|are|do|does|can|could|will|would|should|why|when|where|who|any)\b/.test(t);
}

const OWN_ORDER =
  /\b(?:my order|my package|my parcel|i (?:want|need|would like|d like|wanna) to (?:return|send|exchange|swap|resize|get)|i want (?:a|my) (?:refund|return|exchange)|start (?:a|my) return|return (?:my|this|these|it)\b|exchange (?:my|this|it)|resize (?:my|this|it)|send (?:it|this|them|my \w+) back|my (?:\w+ )?(?:ring|necklace|bracelet|earring|earrings|piece|chain) (?:is|are|was|doesn|does not|don)|i (?:bought|ordered|received|got))\b/;

/** "What's your return policy?", "can I return engraved pieces?" — before buying: the policy, not a form. */
export function isPolicyQuestion(text: string): boolean {
  const t = text.toLowerCase();
  if (OWN_ORDER.test(t)) return false;
  return (
    /\b(?:policy|policies|how (?:long|many days)|do you (?:accept|take|offer|allow|do)|can (?:i|you|we) (?:return|exchange|resize|get)|is it possible|what if|returnable|free return|return window|does (?:that|it|this) apply|can (?:it|they|these|engraved|custom) be|are (?:returns|exchanges|engraved)|how do (?:returns|exchanges) work|what happens if|later)\b/.test(
      t,
    ) || isQuestion(t)
  );
}

/** A question about engraving or custom work ("can you engrave a necklace?"), not a request for it. */
export function isCustomWorkQuestion(text: string): boolean {
  const t = text.toLowerCase();
  if (/\b(?:i (?:want|need|would like|d like)|talk|speak|design my|help me design|make me|quote|contact|call)\b/.test(t)) return false;
  return isQuestion(t) || /\b(?:do you|can you|is there|how much)\b/.test(t);
}
