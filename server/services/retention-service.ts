import type { Repositories } from "../db/repositories";
import type { RetentionPolicy } from "../domain/retention";
import type { Logger } from "../platform/logger";

const DAY_MS = 24 * 60 * 60 * 1000;
const CONVERSATION_BATCH = 500;

export interface RetentionReport {
  conversations: number;
  messages: number;
  tickets: number;
  csat: number;
  returns: number;
  subscriptions: number;
}

type RetentionRepositories = Pick<Repositories, "conversations" | "stylistTickets" | "csat" | "returnRequests" | "orderSubscriptions">;

/**
 * Removes records older than their retention period, on either engine (the same queries through
 * the repositories). Messages go with their conversation. Shortlists (30 days), analytics events
 * (180 days) and idempotency keys (24 h) expire through their own TTL indexes.
 */
export class RetentionService {
  constructor(
    private readonly repos: RetentionRepositories,
    private readonly policy: Readonly<RetentionPolicy>,
    private readonly logger: Logger,
  ) {}

  async sweep(now = new Date()): Promise<RetentionReport> {
    const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const p = this.policy;
    const report: RetentionReport = { conversations: 0, messages: 0, tickets: 0, csat: 0, returns: 0, subscriptions: 0 };
    if (p.conversations > 0) {
      for (;;) {
        const ids = await this.repos.conversations.idsInactiveSince(cutoff(p.conversations), CONVERSATION_BATCH);
        if (ids.length === 0) break;
        const removed = await this.repos.conversations.deleteWithMessages(ids);
        report.conversations += removed.conversations;
        report.messages += removed.messages;
        if (removed.conversations === 0 || ids.length < CONVERSATION_BATCH) break;
      }
    }
    if (p.tickets > 0) report.tickets = await this.repos.stylistTickets.deleteUpdatedBefore(cutoff(p.tickets));
    if (p.csat > 0) report.csat = await this.repos.csat.deleteCreatedBefore(cutoff(p.csat));
    if (p.returns > 0) report.returns = await this.repos.returnRequests.deleteCreatedBefore(cutoff(p.returns));
    if (p.subscriptions > 0) report.subscriptions = await this.repos.orderSubscriptions.deleteUpdatedBefore(cutoff(p.subscriptions));
    if (Object.values(report).some((n) => n > 0)) this.logger.info({ retention: report }, "retention sweep removed expired records");
    return report;
  }
}
