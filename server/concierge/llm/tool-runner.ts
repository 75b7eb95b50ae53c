/**
 * Runs the model's tool calls over the same journeys as the rule engine. Each call is validated against
 * its zod schema, authorised (orders only through OrderAccessService, side effects only as a form the
 * shopper confirms), executed, and turned into:
 *  - the data the model sees (no customer PII),
 *  - the typed messages the server composes itself (cards, forms, chips: grounding by construction),
 *  - the rule-composed text of the same journey (what the shopper reads if the model's words are refused),
 *  - the facts the grounding guard may accept this turn.
 */
import type { Intent } from "../../domain/intents";
import type { ConversationState } from "../state";
import type { ConciergeMessage, SearchParams } from "../messages";
import type { FlowResult, TurnContext } from "../turn/types";
import { niceCeilingBelow, niceFloorAbove, runSearch } from "../journeys/discovery";
import { orderFlow } from "../journeys/orders";
import { lookupFailure, proofFromState, requesterOf } from "../journeys/proofs";
import { escalationForm } from "../journeys/escalation";
import { showShortlist } from "../journeys/shortlist";
import { answerAboutCards } from "../journeys/product-questions";
import { knowledgeAnswer } from "../journeys/knowledge";
import { toStatusView } from "../../services/order-view";
import { parseToolArguments } from "./tool-schema";
import { TOOL_SCHEMAS, type ToolName } from "./tools";
import { shippingDaysOf, type TurnFacts } from "./grounding/turn-facts";
import type { KnowledgeHit } from "../knowledge/types";
import { t } from "../i18n/translate";

export interface ToolOutcome {
  /** What the model sees (data only, no customer PII). */
  result: unknown;
  /** Typed messages the server composes from the tool's effect (no text: the model's words go there). */
  messages: ConciergeMessage[];
  /** The same journey's rule-composed text, shown instead of the model's words when those are refused. */
  ruleText: string[];
  state: ConversationState;
  intent?: Intent;
  /** A knowledge answer: the model's text must name this source. */
  citation?: string;
}

const structuredOnly = (messages: ConciergeMessage[]) => messages.filter((m) => m.type !== "text");
const textsOf = (messages: ConciergeMessage[]) => messages.flatMap((m) => (m.type === "text" ? [m.text] : []));

/** Confirmations a flow's messages carry (none from the LLM's tools today: they only prepare). */
function recordConfirmations(messages: ConciergeMessage[], facts: TurnFacts): void {
  for (const m of messages) {
    if (m.type === "return_confirmation") facts.confirm("return");
    if (m.type === "ticket_confirmation") facts.confirm("ticket");
  }
}

function fromFlow(flow: FlowResult, result: unknown, facts: TurnFacts): ToolOutcome {
  recordConfirmations(flow.messages, facts);
  return {
    result,
    messages: structuredOnly(flow.messages),
    ruleText: textsOf(flow.messages),
    state: flow.state,
    ...(flow.intent ? { intent: flow.intent } : {}),
  };
}

/** Validates, authorises and runs one tool; null when the call is not acceptable. */
export async function runTool(name: ToolName, rawArgs: string, ctx: TurnContext, facts: TurnFacts): Promise<ToolOutcome | null> {
  switch (name) {
    case "search_products": {
      const args = parseToolArguments(TOOL_SCHEMAS.search_products, rawArgs);
      if (!args.ok) return null;
      const a = args.value;
      if (a.minPriceUsd !== undefined) facts.addEchoedAmount(Math.round(a.minPriceUsd * 100));
      if (a.maxPriceUsd !== undefined) facts.addEchoedAmount(Math.round(a.maxPriceUsd * 100));
      const previous = ctx.state.lastSearch;
      const asked: SearchParams = {
        ...(a.query ? { query: a.query } : {}),
        ...(a.category ? { category: a.category } : {}),
        ...(a.metals ? { metals: a.metals } : {}),
        ...(a.styleTags ? { styleTags: a.styleTags } : {}),
        ...(a.stones ? { stones: a.stones } : {}),
        ...(a.minPriceUsd !== undefined ? { minPriceCents: Math.round(a.minPriceUsd * 100) } : {}),
        ...(a.maxPriceUsd !== undefined ? { maxPriceCents: Math.round(a.maxPriceUsd * 100) } : {}),
        ...(a.readyToShip ? { readyToShip: true } : {}),
        ...(a.sort ? { sort: a.sort } : {}),
      };
      let flow: FlowResult;
      if (a.refine === "more" && previous) {
        flow = await runSearch(ctx, previous.params, { more: true });
      } else if ((a.refine === "cheaper" || a.refine === "pricier") && previous) {
        // Past what was shown, to a round figure, as the rules do ("cheaper than $245" → under $225).
        const params: SearchParams = { ...previous.params, ...asked };
        if (a.refine === "cheaper") {
          const shown = previous.lowestPriceCents ?? previous.params.maxPriceCents;
          if (shown !== undefined) params.maxPriceCents = niceCeilingBelow(shown);
          delete params.minPriceCents;
          params.sort = "price_desc";
        } else {
          const shown = previous.highestPriceCents ?? previous.params.minPriceCents;
          if (shown !== undefined) params.minPriceCents = niceFloorAbove(shown);
          delete params.maxPriceCents;
          params.sort = "price_asc";
        }
        flow = await runSearch(ctx, params, { keepPrice: true });
      } else {
        flow = await runSearch(ctx, a.refine === "cheaper" && !asked.sort ? { ...asked, sort: "price_asc" } : asked);
      }
      const cards = flow.messages.find((m) => m.type === "product_cards");
      const products = cards?.type === "product_cards" ? cards.products : [];
      for (const p of products) {
        facts.addProduct({
          id: p.id,
          name: p.name,
          pricesCents: [p.priceCents],
          readyToShip: p.readyToShip,
          shippingDays: [...p.shippingPromise.matchAll(/\d+/g)].map((m) => Number(m[0])),
        });
      }
      return fromFlow(
        flow,
        {
          products: products.map((p) => ({
            id: p.id,
            name: p.name,
            spec: p.spec,
            priceUsd: p.priceCents / 100,
            readyToShip: p.readyToShip,
            shipping: p.shippingPromise,
          })),
          relaxedFilters: cards?.type === "product_cards" ? (cards.relaxed ?? []) : [],
          ...(products.length === 0 ? { note: "Nothing matched; the app says so and offers a stylist." } : {}),
        },
        facts,
      );
    }
    case "get_product_details": {
      const args = parseToolArguments(TOOL_SCHEMAS.get_product_details, rawArgs);
      if (!args.ok) return null;
      const ids = [...new Set(args.value.productIds)];
      const found = await ctx.deps.catalog.getByIds(ids);
      if (found.length === 0) return null; // an id the catalog does not know is never described
      const details = [];
      for (const product of found) {
        const detail = await ctx.deps.catalog.detail(product.id);
        const p = detail.product;
        facts.addProduct({
          id: p.id,
          name: p.name,
          pricesCents: [p.priceCents, ...detail.variants.map((v) => v.priceCents), ...detail.sizes.map((s) => s.priceCents)],
          ...(p.compareAtPriceCents !== undefined ? { compareAtCents: p.compareAtPriceCents } : {}),
          readyToShip: p.readyToShip,
          shippingDays: shippingDaysOf(p),
        });
        details.push({
          id: p.id,
          name: p.name,
          category: p.category,
          metal: p.metal,
          priceUsd: p.priceCents / 100,
          ...(p.compareAtPriceCents !== undefined ? { wasPriceUsd: p.compareAtPriceCents / 100 } : {}),
          readyToShip: p.readyToShip,
          shipping: p.shippingPromise,
          stones: p.stones.filter((s) => s.type !== "none"),
          sizes: detail.sizes.map((s) => ({ size: s.size, priceUsd: s.priceCents / 100 })),
          otherMetals: detail.variants
            .filter((v) => v.id !== p.id)
            .map((v) => ({ id: v.id, metal: v.label, priceUsd: v.priceCents / 100 })),
          engravable: p.engravable,
          styleTags: p.styleTags,
          description: p.description.slice(0, 300),
        });
      }
      const flow = await answerAboutCards(
        ctx,
        found.map((p) => p.id),
        found.length > 1 ? "compare" : "details",
        "",
      );
      return fromFlow(flow, { products: details }, facts);
    }
    case "search_store_knowledge": {
      const args = parseToolArguments(TOOL_SCHEMAS.search_store_knowledge, rawArgs);
      if (!args.ok) return null;
      const search = (topic?: string) =>
        ctx.deps.knowledge.search(args.value.query, { language: ctx.language, limit: 2, ...(topic ? { topic, sectionsFirst: true } : {}) });
      let hits: KnowledgeHit[] = args.value.topic ? search(args.value.topic) : [];
      if (hits.length === 0) hits = search();
      if (hits.length === 0) {
        return {
          result: { found: false, note: "Nothing in the store's knowledge answers this." },
          messages: [],
          ruleText: [],
          state: ctx.state,
        };
      }
      for (const hit of hits) facts.addPassage(hit.body);
      const best = hits[0]!;
      const flow = knowledgeAnswer(ctx, best);
      return {
        ...fromFlow(
          flow,
          {
            passages: hits.map((h) => ({
              topic: h.topic,
              source: h.citation,
              title: h.title,
              ...(h.section ? { section: h.section } : {}),
              text: h.body,
            })),
            cite: `Name the source, e.g. "According to ${best.citation}".`,
          },
          facts,
        ),
        citation: best.citation,
      };
    }
    case "get_order_status": {
      const args = parseToolArguments(TOOL_SCHEMAS.get_order_status, rawArgs);
      if (!args.ok) return null;
      const orderNumber = args.value.orderNumber.toUpperCase();
      let order = null;
      if (proofFromState(ctx.state, orderNumber, ctx.now)) {
        try {
          order = await ctx.deps.orderAccess.open(requesterOf(ctx), orderNumber, undefined, ctx.now);
        } catch (error) {
          const failure = lookupFailure(error);
          if (failure?.kind === "refused") {
            return {
              result: { error: "lookups_paused" },
              messages: [],
              ruleText: [failure.message],
              state: ctx.state,
              intent: "track_order",
            };
          }
          if (failure?.kind !== "not_found") throw error;
        }
      }
      if (!order) {
        const flow = await orderFlow(ctx, "track", orderNumber);
        return fromFlow(
          flow,
          { verificationRequired: true, note: "The app is showing the shopper a secure form to confirm the order's email." },
          facts,
        );
      }
      const view = toStatusView(order);
      facts.addOrder({ orderNumber: view.orderNumber, status: view.statusLabel, estimatedDelivery: view.estimatedDelivery ?? null });
      return {
        result: {
          orderNumber: view.orderNumber,
          status: view.statusLabel,
          carrier: view.carrier ?? null,
          estimatedDelivery: view.estimatedDelivery ?? null,
        },
        messages: [{ type: "order_timeline", ...view }],
        ruleText: [],
        state: { ...ctx.state, lastIntent: "track_order" },
        intent: "track_order",
      };
    }
    case "start_return": {
      const args = parseToolArguments(TOOL_SCHEMAS.start_return, rawArgs);
      if (!args.ok) return null;
      const flow = await orderFlow(ctx, "return", args.value.orderNumber?.toUpperCase(), {
        returnKind: args.value.kind,
        ...(args.value.ringSize ? { ringSize: args.value.ringSize } : {}),
      });
      return fromFlow(
        flow,
        {
          shown: flow.messages.map((m) => m.type).filter((t) => t !== "text"),
          note: "Nothing is created until the shopper confirms in the app.",
        },
        facts,
      );
    }
    case "request_stylist": {
      const args = parseToolArguments(TOOL_SCHEMAS.request_stylist, rawArgs);
      if (!args.ok) return null;
      const flow = await escalationForm(ctx, args.value.reason);
      return fromFlow(flow, { shown: "escalation_form", note: "No ticket exists until the shopper sends the form." }, facts);
    }
    case "update_shortlist": {
      const args = parseToolArguments(TOOL_SCHEMAS.update_shortlist, rawArgs);
      if (!args.ok) return null;
      if (args.value.action === "show") {
        const flow = await showShortlist(ctx);
        const list = flow.messages.find((m) => m.type === "shortlist");
        const saved = list?.type === "shortlist" ? list.products : [];
        for (const p of saved) {
          facts.addProduct({ id: p.id, name: p.name, pricesCents: [p.priceCents], readyToShip: p.readyToShip, shippingDays: [] });
        }
        return fromFlow(flow, { saved: saved.map((p) => ({ name: p.name, priceUsd: p.priceCents / 100 })) }, facts);
      }
      const product = args.value.productId ? await ctx.deps.catalog.getById(args.value.productId) : null;
      if (!product) return null; // a product id not in the catalog is never shown
      facts.addProduct({
        id: product.id,
        name: product.name,
        pricesCents: [product.priceCents],
        readyToShip: product.readyToShip,
        shippingDays: shippingDaysOf(product),
      });
      return {
        result: { offered: product.name, note: "Nothing is saved until the shopper taps Save." },
        messages: [
          {
            type: "refine_chips",
            chips: [{ label: t(ctx.language, "chip.save_piece").slice(0, 60), action: { kind: "shortlist_add", productId: product.id } }],
          },
        ],
        ruleText: [],
        state: ctx.state,
        intent: "shortlist",
      };
    }
    case "subscribe_order_updates": {
      const args = parseToolArguments(TOOL_SCHEMAS.subscribe_order_updates, rawArgs);
      if (!args.ok) return null;
      const flow = await orderFlow(ctx, "subscribe", args.value.orderNumber?.toUpperCase(), { channel: args.value.channel });
      return fromFlow(
        flow,
        {
          shown: flow.messages.map((m) => m.type).filter((t) => t !== "text"),
          note: "Nothing is set up until the shopper consents in the app.",
        },
        facts,
      );
    }
  }
}
