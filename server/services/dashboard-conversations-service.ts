import type { ConversationsRepository } from "../db/repositories/conversations";
import type { ConversationService } from "./conversation-service";
import { notFound } from "./errors";

/** The dashboard's conversation browser: filtered list and full transcripts. */
export class DashboardConversationsService {
  constructor(
    private readonly repo: ConversationsRepository,
    private readonly conversations: ConversationService,
  ) {}

  async list(input: {
    intent?: string;
    handoff?: boolean;
    csat?: "low" | "high" | "none";
    since?: string;
    until?: string;
    page: number;
    pageSize: number;
  }) {
    const until = input.until ? new Date(new Date(`${input.until}T00:00:00.000Z`).getTime() + 24 * 60 * 60 * 1000) : undefined;
    const docs = await this.repo.list(
      {
        ...(input.intent ? { intent: input.intent } : {}),
        ...(input.handoff !== undefined ? { handoff: input.handoff } : {}),
        ...(input.csat ? { csat: input.csat } : {}),
        ...(input.since ? { since: new Date(`${input.since}T00:00:00.000Z`) } : {}),
        ...(until ? { until } : {}),
      },
      input.pageSize + 1,
      input.page * input.pageSize,
    );
    return {
      rows: docs.slice(0, input.pageSize).map((c) => ({
        id: c._id,
        createdAt: c.createdAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
        messages: c.lastSeq,
        intents: [...new Set(c.intents)],
        handoff: c.handoff,
        csatRating: c.csatRating ?? null,
        status: c.status,
      })),
      hasMore: docs.length > input.pageSize,
    };
  }

  async get(id: string) {
    const c = await this.repo.findById(id);
    if (!c) throw notFound("No conversation with that id.");
    return {
      id: c._id,
      createdAt: c.createdAt.toISOString(),
      intents: [...new Set(c.intents)],
      handoff: c.handoff,
      csatRating: c.csatRating ?? null,
      status: c.status,
      transcript: await this.conversations.transcript(c._id),
    };
  }
}
