import { DomainError } from "../../services/errors";
import { STYLIST_RESPONSE_PROMISE } from "../../services/stylist-service";
import { toProductCard } from "../../services/product-cards";
import type { Intent, ScoredIntent } from "../intents/types";
import type { ChatAction, Chip, ConciergeMessage } from "../messages";
import type { PolicyTopic } from "../policies";
import { lookupFailure, proofFromState, requesterOf } from "./proofs";
import type { FlowResult, TurnContext } from "./types";

export const QUICK_LINK_CHIPS: Chip[] = [
  { label: "Gifts under $300", action: { kind: "quick_link", link: "gifts_under_300" } },
  { label: "Ready to ship", action: { kind: "quick_link", link: "ready_to_ship" } },
  { label: "Track my order", action: { kind: "quick_link", link: "track_order" } },
  { label: "Returns & resizing", action: { kind: "quick_link", link: "returns" } },
  { label: "Talk to a stylist", action: { kind: "quick_link", link: "stylist" } },
];

const stylistChip = (reason: string): Chip => ({ label: "Talk to a stylist", action: { kind: "request_stylist", reason } });

/** Adds the one-per-conversation CSAT prompt after a resolved journey. */
export function withCsatPrompt(ctx: TurnContext, result: FlowResult): FlowResult {
  if (ctx.state.csatAsked || result.state.csatAsked) return result;
  return {
    ...result,
    messages: [...result.messages, { type: "csat_prompt", question: "How did I do today?" }],
    state: { ...result.state, csatAsked: true },
  };
}

export function escalationForm(ctx: TurnContext, reason: string, intro?: string): Promise<FlowResult> {
  return ctx.deps.shortlist.ids(ctx.sessionId).then((ids) => ({
    intent: "stylist_contact" as const,
    messages: [
      { type: "text" as const, text: intro ?? `I'll connect you with a stylist. ${STYLIST_RESPONSE_PROMISE} Leave your details:` },
      { type: "escalation_form" as const, reason, shortlistCount: ids.length },
    ],
    state: { ...ctx.state, lastIntent: "stylist_contact" as const },
  }));
}

export async function submitEscalation(
  ctx: TurnContext,
  action: Extract<ChatAction, { kind: "submit_escalation" }>,
  reason: string,
): Promise<FlowResult> {
  const orderNumber = ctx.state.verifiedOrders?.[ctx.state.verifiedOrders.length - 1]?.orderNumber;
  const ticket = await ctx.deps.stylist.create(
    {
      sessionId: ctx.sessionId,
      conversationId: ctx.conversationId,
      name: action.name,
      email: action.email,
      ...(action.phone ? { phone: action.phone } : {}),
      ...(action.preferredTime ? { preferredTime: action.preferredTime } : {}),
      ...(action.notes ? { notes: action.notes } : {}),
      reason,
      shareShortlist: action.shareShortlist ?? true,
      ...(orderNumber ? { orderNumber } : {}),
    },
    ctx.now,
  );
  return withCsatPrompt(ctx, {
    intent: "stylist_contact",
    messages: [
      {
        type: "text",
        text: `Thanks, ${action.name.split(" ")[0]} — a stylist has your request (${ticket._id}). Their reply will appear right here.`,
      },
      { type: "ticket_confirmation", ticketId: ticket._id, expectedResponse: STYLIST_RESPONSE_PROMISE },
    ],
    state: { ...ctx.state, lastIntent: "stylist_contact" },
  });
}

export async function showShortlist(ctx: TurnContext): Promise<FlowResult> {
  const products = await ctx.deps.shortlist.products(ctx.sessionId);
  const saved = new Set(products.map((p) => p.id));
  const messages: ConciergeMessage[] =
    products.length === 0
      ? [
          { type: "text", text: "Your shortlist is empty. Tap Save on any piece to keep it here for 30 days." },
          { type: "refine_chips", chips: QUICK_LINK_CHIPS.slice(0, 2) },
        ]
      : [
          { type: "text", text: `You've saved ${products.length} ${products.length === 1 ? "piece" : "pieces"}.` },
          { type: "shortlist", products: products.map((p) => toProductCard(p, saved)) },
          {
            type: "refine_chips",
            chips: [{ label: "Share with a stylist", action: { kind: "request_stylist", reason: "Shortlist review" } }],
          },
        ];
  return { intent: "shortlist", messages, state: { ...ctx.state, lastIntent: "shortlist" } };
}

/** Save/remove/clear: the answer says exactly what happened (never "Saved" on a failure). */
export async function changeShortlist(
  ctx: TurnContext,
  action: Extract<ChatAction, { kind: "shortlist_add" | "shortlist_remove" | "shortlist_clear" }>,
): Promise<FlowResult> {
  try {
    if (action.kind === "shortlist_clear") {
      await ctx.deps.shortlist.clear(ctx.sessionId);
      return {
        intent: "shortlist",
        messages: [
          { type: "text", text: "Your shortlist is cleared." },
          { type: "shortlist", products: [] },
        ],
        state: ctx.state,
      };
    }
    const products =
      action.kind === "shortlist_add"
        ? await ctx.deps.shortlist.add(ctx.sessionId, action.productId)
        : await ctx.deps.shortlist.remove(ctx.sessionId, action.productId);
    if (action.kind === "shortlist_add") {
      await ctx.deps.analytics.record(
        "product_shortlisted",
        { sessionId: ctx.sessionId, conversationId: ctx.conversationId, productIds: [action.productId] },
        ctx.now,
      );
    }
    const name = (await ctx.deps.catalog.getById(action.productId))?.name ?? "That piece";
    const saved = new Set(products.map((p) => p.id));
    return {
      intent: "shortlist",
      messages: [
        {
          type: "text",
          text:
            action.kind === "shortlist_add"
              ? `Saved ${name} to your shortlist (${products.length}).`
              : `Removed ${name} from your shortlist.`,
        },
        { type: "shortlist", products: products.map((p) => toProductCard(p, saved)) },
      ],
      state: ctx.state,
    };
  } catch (error) {
    if (error instanceof DomainError && (error.code === "NOT_FOUND" || error.code === "CONFLICT")) {
      return { intent: "shortlist", messages: [{ type: "notice", level: "error", code: "error", text: error.message }], state: ctx.state };
    }
    throw error;
  }
}

export async function submitCsat(ctx: TurnContext, action: Extract<ChatAction, { kind: "submit_csat" }>): Promise<FlowResult> {
  const saved = await ctx.deps.csat.submit(
    {
      sessionId: ctx.sessionId,
      conversationId: ctx.conversationId,
      rating: action.rating,
      ...(action.comment ? { comment: action.comment } : {}),
    },
    ctx.now,
  );
  const messages: ConciergeMessage[] = saved.low
    ? [
        { type: "text", text: "I'm sorry I didn't get this right. A stylist can pick it up from here — they'll see our conversation." },
        { type: "refine_chips", chips: [stylistChip("Low satisfaction rating")] },
      ]
    : [{ type: "text", text: "Thank you for the feedback!" }];
  return { intent: "feedback", messages, state: { ...ctx.state, csatAsked: true, lastIntent: "feedback" } };
}

export async function submitSubscription(
  ctx: TurnContext,
  action: Extract<ChatAction, { kind: "subscribe_updates" }>,
): Promise<FlowResult> {
  const askEmail: FlowResult = {
    intent: "order_updates",
    messages: [{ type: "order_lookup_form", purpose: "subscribe", orderNumber: action.orderNumber }],
    state: {
      ...ctx.state,
      pendingOrder: { orderNumber: action.orderNumber, purpose: "subscribe", channel: action.channel },
      awaiting: "email",
    },
  };
  const notice = (text: string): FlowResult => ({
    intent: "order_updates",
    messages: [{ type: "notice", level: "error", code: "error", text }],
    state: ctx.state,
  });
  if (!proofFromState(ctx.state, action.orderNumber, ctx.now)) return askEmail;
  try {
    const order = await ctx.deps.orderAccess.open(requesterOf(ctx), action.orderNumber, undefined, ctx.now);
    await ctx.deps.orderUpdates.subscribe(
      { channel: action.channel, destination: action.destination, consent: action.consent, sessionId: ctx.sessionId },
      order,
      ctx.now,
    );
  } catch (error) {
    const failure = lookupFailure(error);
    if (failure?.kind === "not_found") return askEmail;
    if (failure?.kind === "refused") return notice(failure.message);
    if (error instanceof DomainError && error.code === "INVALID_INPUT") return notice(error.message);
    throw error;
  }
  const how = action.channel === "sms" ? "a text" : "an email";
  return withCsatPrompt(ctx, {
    intent: "order_updates",
    messages: [
      {
        type: "text",
        text: `You're subscribed: we'll send ${how} each time ${action.orderNumber} moves. You can opt out from any message.`,
      },
    ],
    state: { ...ctx.state, lastIntent: "order_updates" },
  });
}

export function policyAnswer(ctx: TurnContext, topic: PolicyTopic, intent: Intent): FlowResult {
  return {
    intent,
    messages: [
      { type: "text", text: ctx.deps.policies[topic] },
      { type: "refine_chips", chips: [stylistChip(`Question about ${topic.replace("_", " ")}`), ...QUICK_LINK_CHIPS.slice(0, 2)] },
    ],
    state: { ...ctx.state, lastIntent: intent },
  };
}

export function greeting(ctx: TurnContext): FlowResult {
  return {
    intent: "greeting",
    messages: [
      {
        type: "text",
        text: `Hi! I'm the ${ctx.deps.storeName} concierge. I can find a piece, track an order, start a return or resize, or connect you with a stylist.`,
      },
      { type: "refine_chips", chips: QUICK_LINK_CHIPS },
    ],
    state: { ...ctx.state, lastIntent: "greeting" },
  };
}

export function outOfScope(ctx: TurnContext): FlowResult {
  return {
    intent: "out_of_scope",
    messages: [
      {
        type: "text",
        text: `That's outside what I can help with — I'm here for ${ctx.deps.storeName} jewelry: finding pieces, orders, returns and resizing, care and shipping.`,
      },
      { type: "refine_chips", chips: QUICK_LINK_CHIPS },
    ],
    state: { ...ctx.state, lastIntent: "out_of_scope" },
  };
}

const CHOOSER_LABELS: Partial<Record<Intent, string>> = {
  find_product: "Find a piece",
  track_order: "Track an order",
  return_exchange: "Return or resize",
  care_warranty: "Care & warranty",
  shipping_info: "Shipping",
  financing: "Payment plans",
  stylist_contact: "Talk to a stylist",
  shortlist: "My shortlist",
  order_updates: "Order updates",
};

/** Below the confidence threshold: ask, never guess a flow. */
export function intentChooser(ctx: TurnContext, alternatives: ScoredIntent[]): FlowResult {
  const seen = new Set<Intent>();
  const options: Array<{ label: string; action: ChatAction }> = [];
  for (const alt of [
    ...alternatives.map((a) => a.intent),
    "find_product",
    "track_order",
    "return_exchange",
    "stylist_contact",
  ] as Intent[]) {
    const label = CHOOSER_LABELS[alt];
    if (!label || seen.has(alt)) continue;
    seen.add(alt);
    options.push({ label, action: { kind: "choose_intent", intent: alt as Extract<ChatAction, { kind: "choose_intent" }>["intent"] } });
    if (options.length === 4) break;
  }
  if (!seen.has("stylist_contact"))
    options.push({ label: "Talk to a stylist", action: { kind: "choose_intent", intent: "stylist_contact" } });
  return {
    intent: "clarify",
    messages: [{ type: "intent_chooser", prompt: "I want to get this right — what would you like to do?", options }],
    state: { ...ctx.state, lastIntent: "clarify" },
  };
}
