import { randomId } from "../platform/random-id";
import type { TranscriptEntry } from "../concierge/messages";
import { activeIdentityEmailHash, type ConversationState, type SealedValue } from "../domain/conversation-state";
import { DEFAULT_LANGUAGE, type Language } from "../domain/i18n/languages";
import type { ConversationDoc } from "../db/repositories/conversations";
import type { IdentityTokens, SignedTokens } from "../platform/tokens";
import type { WidgetSessionClaims } from "../platform/tokens";
import { WIDGET_SESSION_TTL_SECONDS } from "../platform/tokens";
import type { AnalyticsService } from "./analytics-service";
import type { ConversationService } from "./conversation-service";
import type { FlagDecision, FlagsService } from "./flags-service";
import type { Metrics } from "../platform/metrics";
import { recordConversationStarted, recordWidgetOpen } from "../platform/metrics-record";
import { describeDevice } from "../platform/user-agent";
import type { CsatPrompts } from "./csat-prompts";
import type { HandoffService, HandoffSnapshot } from "./handoff-service";

/** How much of a resumed conversation the widget gets back (the newest entries; older ones stay in the dashboard). */
const RESUMED_TRANSCRIPT_ENTRIES = 500;

export interface StartSessionInput {
  visitorId?: string;
  resumeToken?: string;
  identityToken?: string;
  /** The store's own opening line for a new conversation (the script tag's data-greeting). */
  greeting?: string;
  /** The store page the widget is on (a path, no query), for the stylist's view. */
  page?: string;
  /** The browser's User-Agent (only a coarse device description is kept). */
  userAgent?: string;
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
      /** The conversation's language (the widget sets its `lang` and UI strings from it). */
      language: Language;
      messages: TranscriptEntry[];
      /** Who answers (the concierge or a stylist), when a reply can be expected, and the read marks. */
      handoff?: HandoffSnapshot;
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
    /** With an order-status endpoint: the identity's email, encrypted, for later order lookups (else undefined). */
    private readonly sealIdentityEmail: (email: string) => SealedValue | undefined = () => undefined,
    /** The human handoff (the snapshot a widget starts from) and the rating prompt owed on a return. */
    private readonly handoff?: { service: HandoffService; csat: CsatPrompts },
  ) {}

  /** A store identity token's shopper, or null (the loader's config check for email allow-lists). */
  verifyIdentity(token: string): Promise<{ email: string } | null> {
    return this.identityTokens.verify(token);
  }

  /** The shopper opened the widget panel. */
  async opened(sessionId: string, conversationId: string): Promise<void> {
    recordWidgetOpen(this.metrics);
    await this.analytics.record("widget_open", { sessionId, conversationId });
  }

  async start(input: StartSessionInput, now = new Date()): Promise<StartSessionResult> {
    const resumed = input.resumeToken ? await this.resumeTokens.verify(input.resumeToken) : null;
    const identity = input.identityToken ? await this.identityTokens.verify(input.identityToken) : null;
    const visitorId = resumed?.vid ?? input.visitorId ?? `v_${randomId(12)}`;
    const flag = this.flags.evaluate({ visitorId, email: identity?.email, allowListed: resumed?.al === true });
    if (!flag.enabled) return { enabled: false, flag, visitorId };

    let conversation = resumed ? await this.conversations.bySession(resumed.sid).catch(() => null) : null;
    const identityHash = identity ? this.emailHash(identity.email) : undefined;
    if (conversation && identityHash && !this.sameShopper(conversation, identityHash)) {
      // Another shopper signed in on this browser: never show them the previous shopper's
      // conversation or order proofs, and end the previous session's tokens.
      await this.conversations.revoke(conversation._id);
      conversation = null;
    }
    const isResume = conversation !== null;
    // What the stylist sees beside the ticket: the page the shopper is on now, their device.
    const device = describeDevice(input.userAgent);
    /** A new conversation's whole transcript (its greeting): no read needed. */
    let started: TranscriptEntry[] | undefined;
    if (!conversation) {
      const sessionId = `s_${randomId(16)}`;
      const context =
        input.page || device ? { ...(input.page ? { page: input.page } : {}), ...(device ? { device } : {}), updatedAt: now } : undefined;
      const opened = await this.conversations.createWithOpening(
        sessionId,
        visitorId,
        [{ role: "concierge", message: { type: "text", text: input.greeting ?? this.greeting } }],
        now,
        context,
      );
      conversation = opened.conversation;
      started = opened.entries;
      await this.analytics.record("conversation_started", { sessionId, conversationId: conversation._id }, now);
      recordConversationStarted(this.metrics);
    }
    let state = conversation.state as ConversationState;
    if (identity && identityHash) {
      // The identity lasts as long as the store's token; a later resume without one never extends it.
      const sealed = this.sealIdentityEmail(identity.email);
      state = await this.conversations.updateState(conversation._id, (current) => ({
        ...current,
        identityEmailHash: identityHash,
        identityExpiresAt: identity.expiresAt.toISOString(),
        ...(sealed ? { identityEmail: sealed } : {}),
      }));
    }
    if ((input.page && input.page !== conversation.context?.page) || (device && device !== conversation.context?.device)) {
      await this.conversations.setContext(conversation._id, {
        ...(input.page ? { page: input.page } : conversation.context?.page ? { page: conversation.context.page } : {}),
        ...(device ? { device } : {}),
        updatedAt: now,
      });
    }
    // A rating prompt that came due while the shopper was away is asked now that they are back.
    const askedNow = isResume && this.handoff ? await this.handoff.csat.askIfDue(conversation._id, now) : false;
    const claims = { sid: conversation.sessionId, vid: visitorId, ...(flag.reason === "allow_list" ? { al: true as const } : {}) };
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
      verified: activeIdentityEmailHash(state, now) !== undefined,
      language: state.language ?? DEFAULT_LANGUAGE,
      // The newest part of the transcript (a long conversation resumes at its end, not its beginning).
      // (Read up to the seq this call read, unless it just added the rating prompt; later entries arrive on session.events.)
      messages:
        started ??
        (await this.conversations.latestTranscript(
          conversation._id,
          RESUMED_TRANSCRIPT_ENTRIES,
          askedNow ? undefined : conversation.lastSeq,
        )),
      ...(this.handoff
        ? {
            handoff: this.handoff.service.snapshot(
              isResume ? ((await this.conversations.byId(conversation._id)) ?? conversation) : conversation,
              now,
            ),
          }
        : {}),
    };
  }

  /**
   * Whether a conversation may continue under this identity: it has no owner yet, or every proof
   * it holds (an earlier identity, orders verified by email) belongs to the same email.
   */
  private sameShopper(conversation: ConversationDoc, identityHash: string): boolean {
    const state = conversation.state as ConversationState;
    const owners = new Set([state.identityEmailHash, ...(state.verifiedOrders ?? []).map((v) => v.emailHash)].filter(Boolean));
    return owners.size === 0 || (owners.size === 1 && owners.has(identityHash));
  }
}
