import { METAL_LABELS } from "../domain/catalog";
import type { AnalyticsEventsRepository } from "../db/repositories/analytics-events";
import type { ConversationsRepository } from "../db/repositories/conversations";
import type { WidgetCsatRepository } from "../db/repositories/widget-csat";
import type { CatalogService } from "./catalog/catalog-service";

export const WINDOWS = [7, 30, 90] as const;
export type WindowDays = (typeof WINDOWS)[number];
const DAY_MS = 24 * 60 * 60 * 1000;

export const AUTOMATED_RESOLUTION_DEFINITION =
  "Share of engaged conversations (at least one shopper message) that were neither handed to a stylist nor rated 1–2.";

function daysBetween(since: Date, until: Date): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); t < until.getTime(); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Dashboard numbers: CSAT and analytics, all computed by aggregation pipelines in the store. */
export class InsightsService {
  constructor(
    private readonly events: AnalyticsEventsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly csat: WidgetCsatRepository,
    private readonly catalog: CatalogService,
  ) {}

  async csatSummary(now = new Date()) {
    const averages = await Promise.all(
      WINDOWS.map(async (days) => ({ days, ...(await this.csat.average(new Date(now.getTime() - days * DAY_MS))) })),
    );
    const rows = await this.csat.distribution(new Date(now.getTime() - 90 * DAY_MS));
    const distribution = [1, 2, 3, 4, 5].map((rating) => ({ rating, count: rows.find((r) => r.rating === rating)?.count ?? 0 }));
    return { averages, distribution };
  }

  async csatList(days: WindowDays, page: number, pageSize: number, now = new Date()) {
    const docs = await this.csat.listLowFirst(new Date(now.getTime() - days * DAY_MS), pageSize + 1, page * pageSize);
    return {
      rows: docs.slice(0, pageSize).map((d) => ({
        id: d._id,
        rating: d.rating,
        comment: d.comment ?? null,
        conversationId: d.conversationId,
        createdAt: d.createdAt.toISOString(),
      })),
      hasMore: docs.length > pageSize,
    };
  }

  async analyticsSummary(days: WindowDays, now = new Date()) {
    const since = new Date(now.getTime() - days * DAY_MS);
    const [counts, intents, resolution, funnel, top, daily, csat] = await Promise.all([
      this.events.countByType(since, now),
      this.events.intentMix(since, now),
      this.conversations.resolutionStats(since, now),
      this.events.sessionsByType(since, now, ["products_shown", "product_shortlisted", "product_viewed"]),
      this.events.topShortlisted(since, now, 10),
      this.events.dailyCounts(since, now, ["widget_open", "conversation_started", "handoff"]),
      this.csat.average(since),
    ]);
    const products = await this.catalog.getByIds(top.map((t) => t.productId));
    // "Dainty Stacking Band · 14k rose gold": the same design in two metals must not read as one product
    const names = new Map(products.map((p) => [p.id, `${p.name} · ${METAL_LABELS[p.metal]}`]));
    const series = daysBetween(since, now).map((day) => ({
      day,
      widgetOpens: daily.find((d) => d.day === day && d.type === "widget_open")?.count ?? 0,
      conversations: daily.find((d) => d.day === day && d.type === "conversation_started")?.count ?? 0,
      handoffs: daily.find((d) => d.day === day && d.type === "handoff")?.count ?? 0,
    }));
    return {
      days,
      since: since.toISOString(),
      widgetOpens: counts.widget_open ?? 0,
      conversations: counts.conversation_started ?? 0,
      handoffs: counts.handoff ?? 0,
      intentChooserShown: counts.intent_chooser_shown ?? 0,
      intents: intents,
      automatedResolution: {
        engaged: resolution.engaged,
        automated: resolution.automated,
        rate: resolution.engaged === 0 ? null : resolution.automated / resolution.engaged,
        definition: AUTOMATED_RESOLUTION_DEFINITION,
      },
      csat: { average: csat.average, count: csat.count },
      funnel: {
        shown: funnel.products_shown ?? 0,
        shortlisted: funnel.product_shortlisted ?? 0,
        viewed: funnel.product_viewed ?? 0,
      },
      topShortlisted: top.map((t) => ({ productId: t.productId, name: names.get(t.productId) ?? t.productId, count: t.count })),
      series,
    };
  }
}
