import { classifyIntent } from "../intents";
import type { Classification, Intent } from "../intents/types";
import type { ChatAction, ConciergeMessage } from "../messages";
import { paramsFromSlots, refineSearch, runSearch } from "./discovery";
import { orderFlow, verifyAndContinue } from "./orders-flow";
import { confirmReturn } from "./returns-flow";
import {
  changeShortlist,
  escalationForm,
  greeting,
  intentChooser,
  outOfScope,
  policyAnswer,
  QUICK_LINK_CHIPS,
  showShortlist,
  submitCsat,
  submitEscalation,
  submitSubscription,
} from "./support-flow";
import type { FlowResult, TurnContext } from "./types";

const CUSTOM_WORK = /\b(custom|bespoke|engrav\w*|personali[sz]\w*|design (?:my|our) own|one[- ]of[- ]a[- ]kind)\b/i;

/** How a structured action appears in the transcript (no emails or phone numbers). */
export function describeAction(action: ChatAction): string {
  switch (action.kind) {
    case "quick_link":
      return (
        QUICK_LINK_CHIPS.find((c) => c.action.kind === "quick_link" && c.action.link === action.link)?.label ??
        action.link.replace(/_/g, " ")
      );
    case "search":
      return "Refine search";
    case "more_results":
      return "Show more";
    case "choose_intent":
      return action.intent.replace(/_/g, " ");
    case "order_lookup":
      return `Order ${action.orderNumber} (email provided)`;
    case "start_return":
      return `Return or resize ${action.orderNumber}`;
    case "confirm_return":
      return `Confirm ${action.returnKind}${action.newRingSize ? ` to size ${action.newRingSize}` : ""} for ${action.orderNumber}`;
    case "request_stylist":
      return "Talk to a stylist";
    case "submit_escalation":
      return "Sent my contact details";
    case "shortlist_add":
      return "Save to shortlist";
    case "shortlist_remove":
      return "Remove from shortlist";
    case "shortlist_clear":
      return "Clear shortlist";
    case "shortlist_show":
      return "Show my shortlist";
    case "view_product":
      return "View piece";
    case "subscribe_updates":
      return `Send ${action.channel === "sms" ? "texts" : "emails"} about ${action.orderNumber} (consent given)`;
    case "submit_csat":
      return `Rated ${action.rating}/5`;
  }
}

/** Runs the journey for an intent (from text, the chooser, or a fallback). */
export async function runIntent(
  ctx: TurnContext,
  intent: Intent,
  c: Pick<Classification, "slots" | "alternatives">,
  text?: string,
): Promise<FlowResult> {
  const s = c.slots;
  switch (intent) {
    case "find_product": {
      const last = ctx.state.lastSearch;
      if (s.refinement === "more" && last) return runSearch(ctx, last.params, { more: true });
      const followUp = last && (s.refinement !== undefined || ctx.state.lastIntent === "find_product");
      const params = followUp ? refineSearch(last, s, text ?? "") : paramsFromSlots(s, text);
      const intro = s.recipient ? `Gift ideas for your ${s.recipient}:` : s.gift ? "Gift ideas:" : undefined;
      const keepPrice = s.refinement === "cheaper" || s.refinement === "pricier";
      return runSearch(ctx, params, { ...(intro ? { intro } : {}), ...(keepPrice ? { keepPrice } : {}) });
    }
    case "track_order":
      return orderFlow(ctx, "track", s.orderNumber);
    case "return_exchange":
      return orderFlow(ctx, "return", s.orderNumber, {
        ...(s.returnKind ? { returnKind: s.returnKind } : {}),
        ...(s.ringSize ? { ringSize: s.ringSize } : {}),
        ...(s.category ? { itemCategory: s.category } : {}),
      });
    case "order_updates":
      return orderFlow(ctx, "subscribe", s.orderNumber, s.channel ? { channel: s.channel } : {});
    case "stylist_contact":
      return escalationForm(ctx, text && CUSTOM_WORK.test(text) ? "Custom or engraving request" : "Shopper asked for a stylist");
    case "shortlist":
      return showShortlist(ctx);
    case "care_warranty":
      return policyAnswer(ctx, "care_warranty", intent);
    case "shipping_info":
      return policyAnswer(ctx, "shipping_info", intent);
    case "financing":
      return policyAnswer(ctx, "financing", intent);
    case "greeting":
      return greeting(ctx);
    case "feedback": {
      if (s.rating) return submitCsat(ctx, { kind: "submit_csat", rating: s.rating, ...(text ? { comment: text.slice(0, 1000) } : {}) });
      return {
        intent: "feedback",
        messages: [
          { type: "text", text: "Thanks for telling me. Would you rate this conversation?" },
          { type: "csat_prompt", question: "How did I do today?" },
        ],
        state: { ...ctx.state, csatAsked: true, lastIntent: "feedback" },
      };
    }
    case "out_of_scope":
      return outOfScope(ctx);
    case "product_question":
    case "store_info":
    case "clarify":
      return intentChooser(ctx, c.alternatives);
  }
}

/** The deterministic concierge: classify, fill slots, run the journey. */
export class RuleEngine {
  async handleText(ctx: TurnContext, rawText: string): Promise<FlowResult & { confidence: number }> {
    const text = rawText.slice(0, 1000);
    const c = classifyIntent(text, {
      ...(ctx.state.lastIntent ? { lastIntent: ctx.state.lastIntent } : {}),
      ...(ctx.state.awaiting ? { awaiting: ctx.state.awaiting } : {}),
    });
    const s = c.slots;
    const pending = ctx.state.pendingOrder;

    // An order number and email together (typed, or the email we asked for) verify straight away.
    const orderNumber = s.orderNumber ?? pending?.orderNumber;
    const orderFlowIntent = c.intent === "track_order" || c.intent === "return_exchange" || c.intent === "order_updates";
    if (s.email && orderNumber && (pending || orderFlowIntent || ctx.state.awaiting === "email")) {
      const purpose =
        c.intent === "return_exchange" ? "return" : c.intent === "order_updates" ? "subscribe" : (pending?.purpose ?? "track");
      return { ...(await verifyAndContinue(ctx, orderNumber, s.email, purpose)), confidence: c.confidence };
    }
    if (CUSTOM_WORK.test(text) && (c.intent === "find_product" || c.intent === "clarify" || c.intent === "stylist_contact")) {
      return {
        ...(await escalationForm(
          ctx,
          "Custom or engraving request",
          "Custom and engraved pieces are made with a stylist, who can sketch options and quote. Leave your details and they'll reach out:",
        )),
        confidence: c.confidence,
      };
    }
    const result = await runIntent(ctx, c.intent, c, text);
    if (c.secondary === "find_product" && c.intent !== "find_product") {
      const params = paramsFromSlots(s);
      const last = result.messages[result.messages.length - 1];
      const offer = { label: "Also: show those pieces", action: { kind: "search" as const, params } };
      if (last?.type === "refine_chips") last.chips = [offer, ...last.chips].slice(0, 12);
      else result.messages.push({ type: "refine_chips", chips: [offer] } satisfies ConciergeMessage);
    }
    return { ...result, confidence: c.confidence };
  }

  async handleAction(ctx: TurnContext, action: ChatAction): Promise<FlowResult> {
    switch (action.kind) {
      case "quick_link":
        switch (action.link) {
          case "gifts_under_300":
            return runSearch(ctx, { maxPriceCents: 30_000, gift: true }, { intro: "Gift ideas:" });
          case "ready_to_ship":
            return runSearch(ctx, { readyToShip: true }, { intro: "Ready to ship now:" });
          case "design_ideas":
            return runSearch(ctx, { styleTags: ["statement", "vintage"] }, { intro: "A few design ideas to start from:" });
          case "track_order":
            return orderFlow(ctx, "track", undefined);
          case "returns":
            return orderFlow(ctx, "return", undefined);
          case "stylist":
            return escalationForm(ctx, "Shopper asked for a stylist");
          case "shortlist":
            return showShortlist(ctx);
        }
        break;
      case "search":
        return runSearch(ctx, action.params);
      case "more_results":
        if (ctx.state.lastSearch) return runSearch(ctx, ctx.state.lastSearch.params, { more: true });
        return runSearch(ctx, {});
      case "choose_intent":
        return runIntent(ctx, action.intent, { slots: {}, alternatives: [] });
      case "order_lookup":
        return verifyAndContinue(ctx, action.orderNumber, action.email, action.purpose);
      case "start_return":
        return orderFlow(ctx, "return", action.orderNumber);
      case "confirm_return":
        return confirmReturn(ctx, action);
      case "request_stylist":
        return escalationForm(ctx, action.reason ?? "Shopper asked for a stylist");
      case "submit_escalation":
        return submitEscalation(
          ctx,
          action,
          ctx.state.lastIntent === "stylist_contact" ? "Shopper asked for a stylist" : `Handoff after ${ctx.state.lastIntent ?? "chat"}`,
        );
      case "shortlist_add":
      case "shortlist_remove":
      case "shortlist_clear":
        return changeShortlist(ctx, action);
      case "shortlist_show":
        return showShortlist(ctx);
      case "view_product":
        await ctx.deps.analytics.record(
          "product_viewed",
          { sessionId: ctx.sessionId, conversationId: ctx.conversationId, productIds: [action.productId] },
          ctx.now,
        );
        return { messages: [], state: ctx.state };
      case "subscribe_updates":
        return submitSubscription(ctx, action);
      case "submit_csat":
        return submitCsat(ctx, action);
    }
  }
}
