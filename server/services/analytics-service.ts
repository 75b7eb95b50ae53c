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

  async recordMany(events: ReadonlyArray<{ type: AnalyticsEventType } & AnalyticsFields>, at = new Date()): Promise<void> {
    try {
      await this.events.record(events.map((e) => ({ _id: randomUUID(), at, ...e })));
    } catch (error) {
      this.logger.warn({ err: error, types: events.map((e) => e.type) }, "analytics event not recorded");
    }
  }
}
