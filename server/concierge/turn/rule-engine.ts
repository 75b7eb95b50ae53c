/**
 * The deterministic concierge. One turn: understand (language → English vocabulary → intent and slots →
 * references to cards on screen and the dialogue state) → pick the journey → compose in the shopper's
 * language. The intent chooser is the last resort: it appears only when two or more journeys are plausible
 * and neither the message nor the conversation decides.
 */
import type { Metal } from "../../domain/catalog";
import { t } from "../i18n/translate";
import { knowledgeTerm, knowledgeTokens } from "../knowledge/knowledge-service";
import type { KnowledgeHit } from "../knowledge/types";
import type { ChatAction, ConciergeMessage } from "../messages";
import { intentChooser } from "../journeys/chooser";
import { askForRating, submitCsat } from "../journeys/csat";
import { paramsFromSlots, refineSearch, runSearch } from "../journeys/discovery";
import { customWorkForm, escalationForm, submitEscalation } from "../journeys/escalation";
import { backWithConcierge } from "../journeys/handoff";
import { knowledgeAnswer, knowledgeTopic } from "../journeys/knowledge";
import { orderFlow, verifyAndContinue } from "../journeys/orders";
import { answerAboutCards, whichOne } from "../journeys/product-questions";
import { confirmReturn } from "../journeys/returns";
import { changeShortlist, showShortlist } from "../journeys/shortlist";
import { greeting, notUnderstood, outOfScope, unsupportedLanguage } from "../journeys/smalltalk";
import { submitSubscription } from "../journeys/subscriptions";
import { classifyIntent } from "../understanding/classify";
import { isCustomWorkQuestion, isPolicyQuestion, isQuestion, isTopicFollowUp } from "../understanding/follow-ups";
import { toEnglishVocabulary } from "../understanding/language";
import { detectCardAction, isEllipticalFollowUp } from "../understanding/product-asks";
import { resolveReference } from "../understanding/references";
import type { Classification, Intent, Slots } from "../understanding/types";
import type { FlowResult, TurnContext } from "./types";

export { describeAction } from "./describe-action";

const CUSTOM_WORK = /\b(custom|bespoke|engrav\w*|personali[sz]\w*|design (?:my|our) own|one[- ]of[- ]a[- ]kind)\b/i;
const POLICY_INTENTS = new Set<Intent>(["care_warranty", "shipping_info", "financing", "store_info"]);
const KNOWLEDGE_ANSWER_INTENTS = new Set<Intent>(["care_warranty", "shipping_info", "financing", "store_info", "return_exchange"]);
const CARD_CONTEXT = new Set<Intent>(["find_product", "product_question", "shortlist"]);
const ORDER_INTENTS = new Set<Intent>(["track_order", "return_exchange", "order_updates"]);
/** A knowledge hit this strong answers a message no intent claimed. */
const KNOWLEDGE_ALONE = 15;
/** …and this strong answers a question the intent scores read as shopping ("is 14k or 18k gold better?"). */
const KNOWLEDGE_OVER_SHOPPING = 60;

/** Words that can say something about a topic (stopwords and one-letter words left out). */
const contentWords = (text: string) => knowledgeTokens(text).filter((w) => knowledgeTerm(w) !== null).length;

/** "my necklace", "about my ring": a piece the shopper owns, so a search is the wrong guess. */
const OWNED =
  /\bmy (?:\w+ )?(?:ring|band|necklace|chain|pendant|earring|earrings|stud|studs|hoop|hoops|bracelet|bangle|jewelry|piece|order)s?\b/i;

const hasProductSlots = (s: Slots) =>
  Boolean(
    s.category ||
    s.metals?.length ||
    s.minPriceCents !== undefined ||
    s.maxPriceCents !== undefined ||
    s.styleTags?.length ||
    s.stones?.length ||
    s.readyToShip ||
    s.gift,
  );

/** Runs the journey for an intent (from text, the chooser, or a fallback). */
export async function runIntent(
  ctx: TurnContext,
  intent: Intent,
  c: Pick<Classification, "slots" | "alternatives">,
  text?: string,
): Promise<FlowResult> {
  const s = c.slots;
  switch (intent) {
    case "find_product":
    case "product_question": {
      const last = ctx.state.lastSearch;
      if (s.refinement === "more" && last) return runSearch(ctx, last.params, { more: true });
      const followUp =
        last && (s.refinement !== undefined || ctx.state.lastIntent === "find_product" || ctx.state.lastIntent === "product_question");
      const params = followUp ? refineSearch(last, s, text ?? "") : paramsFromSlots(s, text);
      const intro = s.gift ? t(ctx.language, "search.intro_gifts") : undefined;
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
    case "shipping_info":
    case "financing":
    case "store_info": {
      const topic = { care_warranty: "care", shipping_info: "shipping", financing: "financing", store_info: "ring_sizing" }[intent];
      const hit = text ? bestKnowledge(ctx, text, text, intent) : undefined;
      return hit ? knowledgeAnswer(ctx, hit) : (knowledgeTopic(ctx, topic) ?? notUnderstood(ctx));
    }
    case "greeting":
      return greeting(ctx);
    case "feedback":
      if (s.rating) return submitCsat(ctx, { kind: "submit_csat", rating: s.rating, ...(text ? { comment: text.slice(0, 1000) } : {}) });
      return askForRating(ctx);
    case "out_of_scope":
      return outOfScope(ctx);
    case "clarify": {
      // Ask only when something points somewhere: two journeys with evidence, or one with real evidence.
      const plausible = c.alternatives.filter((a) => a.confidence > 0);
      return plausible.length >= 2 || (plausible[0]?.confidence ?? 0) >= 0.3 ? intentChooser(ctx, c.alternatives) : notUnderstood(ctx);
    }
  }
}

/** The best knowledge passage for a message, preferring the topic family its intent names. */
function bestKnowledge(ctx: TurnContext, original: string, english: string, intent?: Intent, topic?: string): KnowledgeHit | undefined {
  const query = original === english ? english : `${original} ${english}`;
  const hits = ctx.deps.knowledge.search(query, { language: ctx.language, ...(topic ? { topic, sectionsFirst: true } : {}), limit: 5 });
  if (!intent || !KNOWLEDGE_ANSWER_INTENTS.has(intent)) return hits[0];
  const same = hits.find((h) => h.intent === intent);
  // The intent's own family wins unless another topic matched far better.
  return same && (!hits[0] || same.score * 3 >= hits[0].score) ? same : hits[0];
}

type Decided = FlowResult | undefined;

/** Questions and actions about the cards on screen. */
async function aboutCards(ctx: TurnContext, english: string, c: Classification): Promise<Decided> {
  const shown = ctx.state.shown;
  if (!shown?.length) return undefined;
  // A request for a person (not engraving/custom words about a piece) or an order journey outranks the cards.
  const personRequest = c.intent === "stylist_contact" && !CUSTOM_WORK.test(english);
  const strongOther = c.confidence >= 0.75 && (ORDER_INTENTS.has(c.intent) || personRequest);
  if (strongOther || c.slots.orderNumber) return undefined;
  const inCardContext = ctx.state.lastIntent !== undefined && CARD_CONTEXT.has(ctx.state.lastIntent);
  // "just the ones that are ready to ship", "only silver": a filter on the search, not a question.
  if (
    ctx.state.lastSearch &&
    /^(?:ok |okay |and |now |then )?(?:just|only)\b|\b(?:just|only) (?:the|those|these|show)\b/.test(english.toLowerCase())
  )
    return undefined;
  const action = detectCardAction(english);
  const ref = resolveReference(english, shown, ctx.state.focus);
  const elliptical = isEllipticalFollowUp(english) && ctx.state.lastAsk !== undefined && ctx.state.lastIntent === "product_question";
  const ask = action ?? (elliptical ? ctx.state.lastAsk : undefined);
  if (!ask) return undefined;
  const asked: Metal[] | undefined = c.slots.metals;
  if (ref && ref.kind !== "ambiguous") {
    if (ref.kind === "pronoun" && !inCardContext && ref.ids.length > 1) return undefined;
    // "do those come in rose gold?" about a whole result set: the same search in that metal.
    if (ask === "metals" && asked?.length && ref.kind === "pronoun" && ref.ids.length > 2 && ctx.state.lastSearch) {
      return runSearch(ctx, { ...ctx.state.lastSearch.params, metals: asked, query: undefined });
    }
    return answerAboutCards(ctx, ref.ids, ask, english, asked);
  }
  if (!inCardContext) return undefined;
  if (ref?.kind === "ambiguous") {
    if (ctx.state.focus?.length) return answerAboutCards(ctx, ctx.state.focus, ask, english, asked);
    return whichOne(ctx, shown, ask);
  }
  // No reference: a comparison or "which is better…" is about what the shopper has been looking at.
  if (ask === "compare" || ask === "suited") {
    const ids =
      ctx.state.focus && ctx.state.focus.length >= 2 ? ctx.state.focus : shown.slice(0, Math.min(3, shown.length)).map((s) => s.id);
    return answerAboutCards(ctx, ids, ask, english, asked);
  }
  if (
    elliptical ||
    (ask !== "save" && ask !== "remove" && ctx.state.focus?.length && english.split(/\s+/).length <= 6 && !hasProductSlots(c.slots))
  ) {
    if (ctx.state.focus?.length) return answerAboutCards(ctx, ctx.state.focus, ask, english, asked);
  }
  return undefined;
}

/** A short follow-up to the last knowledge answer stays on its topic. */
function topicFollowUp(ctx: TurnContext, original: string, english: string, c: Classification): Decided {
  const topic = ctx.state.lastTopic;
  const last = ctx.state.lastIntent;
  if (!topic || !last || !KNOWLEDGE_ANSWER_INTENTS.has(last)) return undefined;
  if (c.slots.orderNumber || c.slots.email) return undefined;
  const otherJourney =
    c.confidence >= 0.75 && !KNOWLEDGE_ANSWER_INTENTS.has(c.intent) && c.intent !== "clarify" && c.intent !== "find_product";
  const shopping =
    c.intent === "find_product" && c.confidence >= 0.75 && (c.slots.category !== undefined || c.slots.maxPriceCents !== undefined);
  if (otherJourney || shopping) return undefined;
  const within = bestKnowledge(ctx, original, english, undefined, topic);
  const anywhere = bestKnowledge(ctx, original, english);
  if (isTopicFollowUp(english)) {
    // A section of the current topic that matches keeps the conversation there ("what about the gold?" after
    // sourcing); "how long does that take?" means the answer just given, even when no passage shares its words;
    // otherwise another topic that matches much better wins ("what about engraving?" after shipping).
    if (within?.section !== undefined) return knowledgeAnswer(ctx, within);
    if (/\b(?:that|this|it|those|them)\b/i.test(english)) {
      const current = ctx.deps.knowledge.topic(topic, ctx.language, ctx.state.lastSection);
      if (current) return knowledgeAnswer(ctx, current);
    }
    if (anywhere && anywhere.topic !== topic && (!within || anywhere.score > within.score * 4)) return knowledgeAnswer(ctx, anywhere);
    return within ? knowledgeAnswer(ctx, within) : undefined;
  }
  // A longer question stays on the topic while a section of it answers about as well as any other topic.
  if (within && anywhere && within.score * (within.section !== undefined ? 3 : 2) >= anywhere.score) return knowledgeAnswer(ctx, within);
  return undefined;
}

/** A question for the store's knowledge base rather than a journey. */
function knowledgeQuestion(ctx: TurnContext, original: string, english: string, c: Classification): Decided {
  const s = c.slots;
  if (s.orderNumber || s.email) return undefined;
  const question = isQuestion(english);
  let candidate = false;
  let minScore = 0;
  if (POLICY_INTENTS.has(c.intent)) candidate = true;
  else if (c.intent === "return_exchange") candidate = isPolicyQuestion(english);
  else if (c.intent === "stylist_contact") candidate = CUSTOM_WORK.test(english) && isCustomWorkQuestion(english);
  else if (c.intent === "clarify" || c.intent === "out_of_scope" || c.intent === "greeting") {
    // Product words in a statement are a search ("a gift for my mom"); a question may still be knowledge.
    // One bare word that is not a question ("order") is too little to pick a topic by: the chooser asks.
    candidate = question || (!hasProductSlots(s) && contentWords(english) >= 2);
    minScore = KNOWLEDGE_ALONE;
  } else if (
    c.intent === "find_product" &&
    question &&
    s.refinement === undefined &&
    !s.category &&
    s.maxPriceCents === undefined &&
    s.minPriceCents === undefined
  ) {
    candidate = true;
    minScore = KNOWLEDGE_OVER_SHOPPING;
  }
  if (!candidate) return undefined;
  const hit = bestKnowledge(ctx, original, english, c.intent);
  if (!hit || hit.score < minScore) return undefined;
  return knowledgeAnswer(ctx, hit);
}

/** The order journey for a message that names an order number, whatever else it says. */
function orderJourney(ctx: TurnContext, c: Classification): Promise<FlowResult> {
  const s = c.slots;
  const purpose =
    c.intent === "return_exchange" || (c.alternatives.some((a) => a.intent === "return_exchange" && a.confidence > 0.3) && s.returnKind)
      ? "return"
      : c.intent === "order_updates"
        ? "subscribe"
        : "track";
  return runIntent(ctx, purpose === "return" ? "return_exchange" : purpose === "subscribe" ? "order_updates" : "track_order", c);
}

export class RuleEngine {
  async handleText(ctx: TurnContext, rawText: string): Promise<FlowResult & { confidence: number }> {
    const text = rawText.slice(0, 1000);
    const { language, ...result } = await this.understand(ctx, text);
    return { ...result, state: { ...result.state, language } };
  }

  private async understand(
    turn: TurnContext,
    text: string,
  ): Promise<FlowResult & { confidence: number; language: TurnContext["language"] }> {
    // The turn's own view of the knowledge base: the same words searched several ways are matched once.
    let ctx: TurnContext = { ...turn, deps: { ...turn.deps, knowledge: turn.deps.knowledge.forTurn() } };
    if (ctx.unsupportedLanguage && !/\bGG-?\d{4,8}\b|@/i.test(text)) {
      // The detector can mistake short English for another language: if the rules understand it, answer.
      const asEnglish = classifyIntent(text);
      if (asEnglish.confidence < 0.75 && !hasProductSlots(asEnglish.slots))
        return { ...unsupportedLanguage(ctx), confidence: 0, language: ctx.language };
      ctx = { ...ctx, language: "en" };
    }
    const english = toEnglishVocabulary(text, ctx.language);
    const c = classifyIntent(english, {
      ...(ctx.state.lastIntent ? { lastIntent: ctx.state.lastIntent } : {}),
      ...(ctx.state.awaiting ? { awaiting: ctx.state.awaiting } : {}),
    });
    const s = c.slots;
    const pending = ctx.state.pendingOrder;
    const done = (r: FlowResult) => ({ ...r, confidence: c.confidence, language: ctx.language });

    // An order number and email together (typed, or the email we asked for) verify straight away.
    const orderNumber = s.orderNumber ?? pending?.orderNumber;
    if (s.email && orderNumber && (pending || ORDER_INTENTS.has(c.intent) || ctx.state.awaiting === "email")) {
      const purpose =
        c.intent === "return_exchange" ? "return" : c.intent === "order_updates" ? "subscribe" : (pending?.purpose ?? "track");
      return done(await verifyAndContinue(ctx, orderNumber, s.email, purpose));
    }
    // An order number anywhere in the sentence means the order journey (a stylist request still wins).
    if (s.orderNumber && !(c.intent === "stylist_contact" && c.confidence >= 0.75)) return done(await orderJourney(ctx, c));
    if (ctx.state.awaiting && c.confidence >= 0.9 && ORDER_INTENTS.has(c.intent)) return done(await runIntent(ctx, c.intent, c, english));

    const onCards = await aboutCards(ctx, english, c);
    if (onCards) return done(onCards);
    const followUp = topicFollowUp(ctx, text, english, c);
    if (followUp) return done(followUp);
    const knowledge = knowledgeQuestion(ctx, text, english, c);
    if (knowledge) return done(knowledge);

    if (CUSTOM_WORK.test(english) && (c.intent === "find_product" || c.intent === "clarify" || c.intent === "stylist_contact")) {
      return done(await customWorkForm(ctx));
    }
    let intent = c.intent;
    let chooserFor = c;
    if (intent === "clarify") {
      // The chooser is the last resort: product words mean a search; a search in progress absorbs refinements.
      if (OWNED.test(english)) {
        // A piece the shopper owns: an order, a return or resize, or care are all plausible — ask.
        const owned: Intent[] = ["return_exchange", "track_order", "care_warranty", "stylist_contact"];
        chooserFor = {
          ...c,
          alternatives: owned.map((i) => ({ intent: i, confidence: c.alternatives.find((a) => a.intent === i)?.confidence || 0.1 })),
        };
      } else if (hasProductSlots(s) || (s.refinement && ctx.state.lastSearch)) intent = "find_product";
    }
    const result = await runIntent(ctx, intent, chooserFor, english);
    if (c.secondary === "find_product" && intent !== "find_product") {
      const params = paramsFromSlots(s);
      const last = result.messages[result.messages.length - 1];
      const offer = { label: t(ctx.language, "chip.also_show"), action: { kind: "search" as const, params } };
      if (last?.type === "refine_chips") last.chips = [offer, ...last.chips].slice(0, 12);
      else result.messages.push({ type: "refine_chips", chips: [offer] } satisfies ConciergeMessage);
    }
    return done(result);
  }

  async handleAction(ctx: TurnContext, action: ChatAction): Promise<FlowResult> {
    const L = ctx.language;
    switch (action.kind) {
      case "quick_link":
        switch (action.link) {
          case "gifts_under_300":
            return runSearch(ctx, { maxPriceCents: 30_000, gift: true }, { intro: t(L, "search.intro_gifts") });
          case "ready_to_ship":
            return runSearch(ctx, { readyToShip: true }, { intro: t(L, "search.intro_ready") });
          case "design_ideas":
            return runSearch(ctx, { styleTags: ["statement", "vintage"] }, { intro: t(L, "search.intro_ideas") });
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
        return { messages: [], state: { ...ctx.state, focus: [action.productId] } };
      case "subscribe_updates":
        return submitSubscription(ctx, action);
      case "submit_csat":
        return submitCsat(ctx, action);
      case "knowledge":
        return knowledgeTopic(ctx, action.topic) ?? notUnderstood(ctx);
      case "return_to_concierge":
        // The conversation is the concierge's again (ChatService moved it before this turn).
        return backWithConcierge(ctx);
    }
  }
}
