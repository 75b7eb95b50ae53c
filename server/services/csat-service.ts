import { randomUUID } from "node:crypto";
import type { ConversationsRepository } from "../db/repositories/conversations";
import type { CsatDoc, WidgetCsatRepository } from "../db/repositories/widget-csat";
import type { Metrics } from "../platform/metrics";
import { recordCsat } from "../platform/metrics-record";
import type { AnalyticsService } from "./analytics-service";

export const LOW_CSAT_MAX = 2;

/**
 * Shopper ratings (1–5, optional comment): one per conversation. A resubmission replaces the
 * rating and comment; the conversation's `csatRating` and the analytics event follow it, and the
 * Prometheus CSAT series count each conversation once (its first rating; counters cannot be taken back).
 */
export class CsatService {
  constructor(
    private readonly csat: WidgetCsatRepository,
    private readonly conversations: ConversationsRepository,
    private readonly analytics: AnalyticsService,
    private readonly metrics: Metrics,
  ) {}

  async submit(
    input: { sessionId: string; conversationId: string; rating: number; comment?: string },
    now = new Date(),
  ): Promise<CsatDoc & { low: boolean; revised: boolean }> {
    const { doc, previous } = await this.csat.upsertForConversation(
      {
        _id: randomUUID(),
        sessionId: input.sessionId,
        conversationId: input.conversationId,
        rating: input.rating,
        ...(input.comment ? { comment: input.comment } : {}),
      },
      now,
    );
    const revised = previous !== null;
    if (!revised) recordCsat(this.metrics, input.rating);
    await this.conversations.update(input.conversationId, { csatRating: input.rating });
    await this.analytics.recordCsat(
      { sessionId: input.sessionId, conversationId: input.conversationId, rating: input.rating },
      revised,
      now,
    );
    return { ...doc, low: input.rating <= LOW_CSAT_MAX, revised };
  }
}
