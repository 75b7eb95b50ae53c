import { randomUUID } from "node:crypto";
import type { AnalyticsEventDoc, AnalyticsEventsRepository, AnalyticsEventType } from "../db/repositories/analytics-events";
import type { Logger } from "../platform/logger";

export type AnalyticsFields = Omit<AnalyticsEventDoc, "_id" | "type" | "at">;

/** Records product analytics (ids and bounded labels only). A failure is logged, never shown to shoppers. */
export class AnalyticsService {
  constructor(
    private readonly events: AnalyticsEventsRepository,
    private readonly logger: Logger,
  ) {}

  async record(type: AnalyticsEventType, fields: AnalyticsFields = {}, at = new Date()): Promise<void> {
    await this.recordMany([{ type, ...fields }], at);
  }

  /**
   * A conversation's CSAT event, one per conversation: a resubmitted rating revises the event
   * recorded the first time (or records one if that has gone).
   */
  async recordCsat(
    fields: { sessionId: string; conversationId: string; rating: number },
    revised: boolean,
    at = new Date(),
  ): Promise<void> {
    try {
      if (revised && (await this.events.reviseCsatRating(fields.conversationId, fields.rating)) > 0) return;
    } catch (error) {
      this.logger.warn({ err: error, types: ["csat_submitted"] }, "analytics event not revised");
      return;
    }
    await this.record("csat_submitted", fields, at);
  }

  /** Several events in one write; each may carry its own time (`at`), else `at`. */
  async recordMany(events: ReadonlyArray<{ type: AnalyticsEventType; at?: Date } & AnalyticsFields>, at = new Date()): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.events.record(events.map((e) => ({ _id: randomUUID(), ...e, at: e.at ?? at })));
    } catch (error) {
      this.logger.warn({ err: error, types: events.map((e) => e.type) }, "analytics event not recorded");
    }
  }
}
