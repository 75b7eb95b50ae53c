import { randomBytes } from "node:crypto";
import type { TranscriptEntry } from "../concierge/messages";
import type { ConversationState } from "../concierge/state";
import type { IdentityTokens, SignedTokens } from "../platform/tokens";
import type { WidgetSessionClaims } from "../platform/tokens";
import { WIDGET_SESSION_TTL_SECONDS } from "../platform/tokens";
import type { AnalyticsService } from "./analytics-service";
import type { ConversationService } from "./conversation-service";
import type { FlagDecision, FlagsService } from "./flags-service";
import type { Metrics } from "../platform/metrics";
import { recordConversationStarted, recordWidgetOpen } from "../platform/metrics-record";

export interface StartSessionInput {
  visitorId?: string;
  resumeToken?: string;
  identityToken?: string;
  /** The store's own opening line for a new conversation (the script tag's data-greeting). */
  greeting?: string;
}

export type StartSessionResult =
  | { enabled: false; flag: FlagDecision; visitorId: string }
  | {
      enabled: true;
      flag: FlagDecision;
      visitorId: string;
      sessionId: string;
      conversationId: string;
      sessionToken: string;
      sessionExpiresAt: string;
      resumeToken: string;
      resumed: boolean;
      verified: boolean;
      messages: TranscriptEntry[];
    };

/** Widget sessions: start or resume, with a short-lived bearer token and a 30-day resume token. */
export class SessionService {
  constructor(
    private readonly conversations: ConversationService,
    private readonly flags: FlagsService,
    private readonly sessionTokens: SignedTokens<WidgetSessionClaims>,
    private readonly resumeTokens: SignedTokens<WidgetSessionClaims>,
    private readonly identityTokens: IdentityTokens,
    private readonly analytics: AnalyticsService,
    private readonly emailHash: (email: string) => string,
    private readonly greeting: string,
    private readonly metrics: Metrics,
  ) {}

  /** The shopper opened the widget panel. */
  async opened(sessionId: string, conversationId: string): Promise<void> {
    recordWidgetOpen(this.metrics);
    await this.analytics.record("widget_open", { sessionId, conversationId });
  }

  async start(input: StartSessionInput, now = new Date()): Promise<StartSessionResult> {
    const resumed = input.resumeToken ? await this.resumeTokens.verify(input.resumeToken) : null;
    const identity = input.identityToken ? await this.identityTokens.verify(input.identityToken) : null;
    const visitorId = resumed?.vid ?? input.visitorId ?? `v_${randomBytes(12).toString("base64url")}`;
    const flag = this.flags.evaluate({ visitorId, email: identity?.email });
    if (!flag.enabled) return { enabled: false, flag, visitorId };

    let conversation = resumed ? await this.conversations.bySession(resumed.sid).catch(() => null) : null;
    const isResume = conversation !== null;
    if (!conversation) {
      const sessionId = `s_${randomBytes(16).toString("base64url")}`;
      conversation = await this.conversations.create(sessionId, visitorId, {}, now);
      await this.conversations.append(conversation._id, [
        { role: "concierge", message: { type: "text", text: input.greeting ?? this.greeting } },
      ]);
      await this.analytics.record("conversation_started", { sessionId, conversationId: conversation._id }, now);
      recordConversationStarted(this.metrics);
    }
    if (identity) {
      const state = conversation.state as ConversationState;
      await this.conversations.saveTurn(conversation._id, { ...state, identityEmailHash: this.emailHash(identity.email) }, undefined);
    }
    const claims = { sid: conversation.sessionId, vid: visitorId };
    return {
      enabled: true,
      flag,
      visitorId,
      sessionId: conversation.sessionId,
      conversationId: conversation._id,
      sessionToken: await this.sessionTokens.sign(claims),
      sessionExpiresAt: new Date(now.getTime() + WIDGET_SESSION_TTL_SECONDS * 1000).toISOString(),
      resumeToken: await this.resumeTokens.sign(claims),
      resumed: isResume,
      verified: identity !== null || Boolean((conversation.state as ConversationState).identityEmailHash),
      messages: await this.conversations.transcript(conversation._id),
    };
  }
}
