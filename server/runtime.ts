import type { AppConfig } from "./config";
import { ConversationEngine } from "./concierge/turn/conversation-engine";
import { RuleEngine } from "./concierge/turn/rule-engine";
import type { ConciergeDeps } from "./concierge/turn/types";
import { LlmEngine, type LlmTurnOutcome } from "./concierge/llm/engine";
import { llmClientFromConfig, type LlmClient } from "./concierge/llm/llm-client";
import { createKnowledgeService } from "./concierge/knowledge/create";
import { connectStore, type Store } from "./db/client";
import { seedOnStart } from "./seed-on-start";
import { configureOrderNumbers } from "./domain/orders";
import { applyIndexes, verifyIndexes } from "./db/indexes";
import { createRepositories, type Repositories } from "./db/repositories";
import { startChangeStreamFeed } from "./db/change-stream-feed";
import { COLLECTIONS } from "./db/collections";
import type { TicketStatus } from "./domain/tickets";
import { RealtimeBus } from "./platform/realtime-bus";
import { FieldCrypto } from "./platform/crypto";
import type { Logger } from "./platform/logger";
import { createMetrics, type Metrics } from "./platform/metrics";
import { instrumentDb } from "./platform/metrics-db";
import { recordDbConnectionFailure, recordRateLimitDecision } from "./platform/metrics-record";
import { createRateLimiter, type RateLimiter } from "./platform/rate-limit/limiter";
import { RATE_LIMIT_POLICIES, type PolicyName, type RateLimitPolicy } from "./platform/rate-limit/policies";

/** The declared policies, with the per-address limit the configuration sets (RATE_LIMIT_IP_PER_MINUTE). */
function configuredPolicies(ipPerMinute: number): Record<PolicyName, RateLimitPolicy> {
  return { ...RATE_LIMIT_POLICIES, support_ip: { ...RATE_LIMIT_POLICIES.support_ip, limit: ipPerMinute } };
}

function unlimitedPolicies(): Record<PolicyName, RateLimitPolicy> {
  return Object.fromEntries(Object.entries(RATE_LIMIT_POLICIES).map(([name, p]) => [name, { ...p, limit: 1_000_000_000 }])) as Record<
    PolicyName,
    RateLimitPolicy
  >;
}
import { createWidgetResumeTokens, createWidgetSessionTokens, IdentityTokens } from "./platform/tokens";
import { AnalyticsService } from "./services/analytics-service";
import { productUrlFor } from "./services/catalog/product-links";
import { CatalogService } from "./services/catalog/catalog-service";
import { ExternalCatalog } from "./services/catalog/external-catalog";
import { OrderStatusEndpoint } from "./services/order-status-endpoint";
import { OrderWebhookService } from "./services/order-webhook-service";
import { ExternalEndpoint, type ExternalServiceError } from "./platform/external-endpoint";
import type { ExternalService } from "./platform/metrics-labels";
import { CatalogImportService } from "./services/catalog/import/catalog-import-service";
import { ChatService } from "./concierge/turn/chat-service";
import { ConversationService } from "./services/conversation-service";
import { CsatService } from "./services/csat-service";
import { DemoDataService } from "./services/demo-data-service";
import { FlagsService } from "./services/flags-service";
import { HealthService } from "./services/health-service";
import { OrderUpdatesService } from "./services/order-updates-service";
import { OrdersService } from "./services/orders-service";
import { ReturnsService } from "./services/returns-service";
import { SessionService } from "./services/session-service";
import { ShortlistService } from "./services/shortlist-service";
import { StylistService } from "./services/stylist-service";
import { PrivacyService } from "./services/privacy-service";
import { RetentionService } from "./services/retention-service";
import { startPeriodicTask } from "./platform/periodic-task";
import { SupportService } from "./services/support-service";
import { DashboardAuthService } from "./services/dashboard-auth-service";
import { DashboardSignInService } from "./services/dashboard-sign-in-service";
import { OrderAccessService } from "./services/order-access-service";
import { DashboardConversationsService } from "./services/dashboard-conversations-service";
import { InsightsService } from "./services/insights-service";
import { TicketsService } from "./services/tickets-service";
import { CsatPrompts } from "./services/csat-prompts";
import { HandoffService } from "./services/handoff-service";
import { PresenceService } from "./services/presence-service";
import { TicketEvents } from "./services/ticket-events";
import { NotificationsService } from "./services/notifications/notifications-service";
import { CannedRepliesService } from "./services/canned-replies-service";
import { createMailer, type Mailer } from "./platform/mailer";
import { t as translate } from "./concierge/i18n/translate";

/**
 * Everything stateful the app owns, built once per process and handed to Remix loaders and tRPC
 * procedures through context (route modules hold no state of their own).
 */
export interface Runtime {
  config: Readonly<AppConfig>;
  logger: Logger;
  metrics: Metrics;
  store: Store;
  repositories: Repositories;
  crypto: FieldCrypto;
  sessionTokens: ReturnType<typeof createWidgetSessionTokens>;
  services: ReturnType<typeof buildServices>;
  rateLimiter: RateLimiter;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  /** Replaces the LLM client built from config (tests point it at a local server). */
  llmClient?: LlmClient;
  metrics?: Metrics;
  rateLimiter?: RateLimiter;
  /** Operations commands pass false: no demo data, no admin bootstrap, no start-up notices. */
  seedOnStart?: boolean;
  /** Operations commands pass false: no background work (the retention sweep). */
  backgroundTasks?: boolean;
  /** Sees every LLM turn's outcome and stats (eval:llm measures first tokens, cost and guard hits). */
  onLlmTurn?: (outcome: LlmTurnOutcome) => void;
}

/** The runbook's optional external catalog and order-status services (CONCIERGE_*_ENDPOINT). */
function externalSources(config: Readonly<AppConfig>, logger: Logger, metrics: Metrics) {
  const { products, orderStatus, secret, timeoutMs, productsCacheSeconds } = config.externalEndpoints;
  const onFallback = (service: ExternalService) => (error: ExternalServiceError) => {
    metrics.externalFallbacks.inc({ service });
    logger.warn({ service, outcome: error.outcome, err: error.message }, "external endpoint failed; answered from stored data");
  };
  return {
    catalog: products
      ? {
          catalog: new ExternalCatalog(
            new ExternalEndpoint({ service: "products", url: products, secret, timeoutMs, metrics }),
            productsCacheSeconds,
            () => metrics.externalRequests.inc({ service: "products", outcome: "cached" }),
          ),
          onFallback: onFallback("products"),
        }
      : undefined,
    orders: orderStatus
      ? {
          endpoint: new OrderStatusEndpoint(
            new ExternalEndpoint({ service: "order_status", url: orderStatus, secret, timeoutMs, metrics }),
          ),
          onFallback: onFallback("order_status"),
        }
      : undefined,
  };
}

function buildServices(
  config: Readonly<AppConfig>,
  logger: Logger,
  metrics: Metrics,
  store: Store,
  repositories: Repositories,
  crypto: FieldCrypto,
  llmClient: LlmClient,
  bus: RealtimeBus,
  rateLimiter: RateLimiter,
  mailer: Mailer,
  onLlmTurn?: (outcome: LlmTurnOutcome) => void,
) {
  const analytics = new AnalyticsService(repositories.analyticsEvents, logger);
  const external = externalSources(config, logger, metrics);
  const catalog = new CatalogService(
    repositories.products,
    productUrlFor(config.storeUrl, config.productUrlTemplate),
    Date.now,
    external.catalog,
  );
  const orders = new OrdersService(repositories.orders, crypto, external.orders);
  const conversations = new ConversationService(repositories.conversations, bus);
  const shortlist = new ShortlistService(repositories.shortlists, catalog);
  const orderAccess = new OrderAccessService(orders, conversations, rateLimiter);
  const returns = new ReturnsService(repositories.returnRequests);
  // The human handoff: who answers a conversation, the rating prompt's timing, presence, the live queue.
  const csatPrompts = new CsatPrompts(repositories.conversations, conversations, (language) => translate(language, "csat.question"));
  const handoff = new HandoffService(
    repositories.conversations,
    conversations,
    csatPrompts,
    config.handoff.hours,
    config.ticketFirstResponseMinutes,
  );
  const presence = new PresenceService(repositories.conversations, conversations);
  const ticketEvents = new TicketEvents(bus);
  const notifications = new NotificationsService(
    repositories.notificationOutbox,
    repositories.conversations,
    repositories.stylistTickets,
    conversations,
    crypto,
    mailer,
    translate,
    { storeName: config.storeName, link: config.storeUrl ?? config.appOrigin, replyDelayMs: config.notifications.replyDelayMs },
    metrics,
    logger,
  );
  const stylist = new StylistService(
    repositories.stylistTickets,
    repositories.conversations,
    shortlist,
    crypto,
    analytics,
    metrics,
    handoff,
    ticketEvents,
  );
  const csat = new CsatService(repositories.csat, repositories.conversations, analytics, metrics);
  const orderUpdates = new OrderUpdatesService(repositories.orderSubscriptions, crypto, config.storeName);
  const flags = new FlagsService(config.flags);
  const dashboardAuth = new DashboardAuthService(repositories.dashboardUsers, (action, actorId, targetId, detail) =>
    logger.info({ audit: action, actorId, targetId, ...detail }, "staff account changed"),
  );
  const tickets = new TicketsService(
    repositories.stylistTickets,
    repositories.conversations,
    conversations,
    repositories.orders,
    catalog,
    crypto,
    config.ticketFirstResponseMinutes,
    handoff,
    ticketEvents,
    notifications,
  );
  const deps: ConciergeDeps = {
    catalog,
    orders,
    orderAccess,
    returns,
    shortlist,
    stylist,
    csat,
    orderUpdates,
    analytics,
    knowledge: createKnowledgeService({ dir: config.knowledgeDir, policyFile: config.policyFile, logger }),
    storeName: config.storeName,
    handoff,
  };
  const llmEngine = new LlmEngine(llmClient, metrics, {
    firstTokenMs: config.deepseek.firstTokenMs,
    turnTimeoutMs: config.deepseek.turnTimeoutMs,
    maxOutputTokens: config.deepseek.maxOutputTokens,
    reasoningTokens: config.deepseek.reasoningTokens,
    prices: config.deepseek.pricesPerMTok,
    logger,
    ...(onLlmTurn ? { onTurn: onLlmTurn } : {}),
  });
  const engine = new ConversationEngine(new RuleEngine(), llmEngine, metrics, logger);
  const sessions = new SessionService(
    conversations,
    flags,
    createWidgetSessionTokens(config.secrets.jwtSecret),
    createWidgetResumeTokens(config.secrets.jwtSecret),
    new IdentityTokens(config.identitySecret),
    analytics,
    (email) => orders.emailHash(email),
    config.widget.greeting ??
      `Hi! I'm the ${config.storeName} concierge. Ask me for a piece ("gold hoops under $300"), your order's status, a return or resize — or a human stylist.`,
    metrics,
    (email) => orders.sealEmailForEndpoint(email),
    { service: handoff, csat: csatPrompts },
  );
  return {
    analytics,
    catalog,
    orders,
    conversations,
    shortlist,
    returns,
    stylist,
    csat,
    orderUpdates,
    flags,
    sessions,
    orderAccess,
    support: new SupportService(orderAccess, returns, orderUpdates),
    chat: new ChatService(
      conversations,
      engine,
      deps,
      analytics,
      metrics,
      logger,
      (conversationId) => tickets.noteShopperActivity(conversationId),
      // Only MongoDB serves several instances; the embedded store's single process needs no records.
      store.kind === "mongodb" ? repositories.chatTurns : undefined,
      { handoff, csat: csatPrompts, csatDelayMs: config.handoff.csatDelayMs },
    ),
    handoff,
    csatPrompts,
    presence,
    ticketEvents,
    notifications,
    cannedReplies: new CannedRepliesService(repositories.cannedReplies),
    tickets,
    dashboardAuth,
    dashboardSignIn: new DashboardSignInService(dashboardAuth, rateLimiter),
    insights: new InsightsService(repositories.analyticsEvents, repositories.conversations, repositories.csat, catalog),
    dashboardConversations: new DashboardConversationsService(repositories.conversations, conversations),
    health: new HealthService({
      pingStore: () =>
        store.ping().catch((error: unknown) => {
          recordDbConnectionFailure(metrics, "ping");
          throw error;
        }),
      checkRateLimiter: () => rateLimiter.check(),
      rateLimitBackend: rateLimiter.backend,
    }),
    demoData: new DemoDataService(catalog, orders),
    privacy: new PrivacyService(repositories, crypto, logger),
    retention: new RetentionService(repositories, config.retention.days, logger),
    catalogImport: new CatalogImportService(repositories.products, catalog, repositories.catalogImports),
    orderWebhooks: config.webhookSecret ? new OrderWebhookService(config.webhookSecret, repositories.webhookEvents, orders) : undefined,
  };
}

/**
 * The embedded store (one process owns it) creates and updates its own indexes at every start.
 * On MongoDB start-up only verifies: `npm run migrate:up` builds and changes indexes, once, before
 * a rolling restart — never every instance at once (option changes would fail start-up with
 * IndexOptionsConflict, and concurrent builds would load the primary).
 */
async function prepareIndexes(store: Store, logger: Logger): Promise<void> {
  if (store.kind === "embedded") {
    await applyIndexes(store.db);
    return;
  }
  const { differing, unknown } = await verifyIndexes(store.db);
  for (const d of differing)
    logger.warn({ collection: d.collection, index: d.name }, "index options differ from the declared ones; run npm run migrate:up");
  if (unknown.length > 0)
    logger.info(
      { indexes: unknown.map((u) => `${u.collection}.${u.name}`) },
      "undeclared indexes present (npm run migrate:up -- --drop-unknown removes them)",
    );
}

export async function createRuntime(config: Readonly<AppConfig>, logger: Logger, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  configureOrderNumbers(config.orderNumbers);
  const metrics = overrides.metrics ?? createMetrics({ defaultMetrics: true });
  const store = await connectStore({
    mongodbUri: config.mongodb?.uri,
    mongodbDbName: config.mongodb?.dbName,
    dataDir: config.dataDir,
    logger,
    onConnectFailure: () => recordDbConnectionFailure(metrics, "connect"),
    ...(config.mongodb
      ? {
          mongo: {
            serverSelectionTimeoutMs: config.mongodb.serverSelectionTimeoutMs,
            operationTimeoutMs: config.mongodb.operationTimeoutMs,
          },
        }
      : {}),
  });
  // Every repository call is timed per collection and operation.
  const db = instrumentDb(store.db, metrics);
  await prepareIndexes(store, logger).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const repositories = createRepositories(db);
  const crypto = new FieldCrypto(config.secrets.encryptionKey);
  const llmClient = overrides.llmClient ?? llmClientFromConfig(config.deepseek);
  const rateLimiter =
    overrides.rateLimiter ??
    createRateLimiter({
      upstashUrl: config.rateLimit.upstashUrl,
      upstashToken: config.rateLimit.upstashToken,
      redisUrl: config.rateLimit.redisUrl,
      keySecret: config.secrets.encryptionKey,
      logger,
      // RATE_LIMIT_ENABLED=false (load benchmarks only): same code path, limits out of reach.
      policies: config.rateLimitEnabled ? configuredPolicies(config.rateLimitIpPerMinute) : unlimitedPolicies(),
      onDecision: (policy, outcome) => recordRateLimitDecision(metrics, policy, outcome),
    });
  const bus = new RealtimeBus();
  const mailer = createMailer(config.mail);
  if (config.isProduction && config.mail.transport === "file") {
    logger.warn(
      { dir: config.mail.dir },
      "no SMTP configured: notification emails are written to files, not sent (set SMTP_URL or MAIL_TRANSPORT)",
    );
  }
  const services = buildServices(
    config,
    logger,
    metrics,
    store,
    repositories,
    crypto,
    llmClient,
    bus,
    rateLimiter,
    mailer,
    overrides.onLlmTurn,
  );
  const feed =
    store.kind === "mongodb"
      ? startChangeStreamFeed(store.db, (doc) => services.conversations.deliverExternal(doc), logger, {
          onGap: () => services.conversations.resyncFollowers(),
        })
      : undefined;
  // The live queue across instances: other instances' ticket changes reach this one's dashboards.
  const ticketFeed =
    store.kind === "mongodb"
      ? startChangeStreamFeed(
          store.db,
          (doc) => {
            const ticket = doc as unknown as { _id: string; status: TicketStatus; createdAt: Date; updatedAt: Date };
            const created = ticket.createdAt?.getTime?.() === ticket.updatedAt?.getTime?.();
            services.ticketEvents.publish(ticket._id, created ? "created" : "updated", ticket.status);
          },
          logger,
          { collection: COLLECTIONS.stylistTickets, operations: ["insert", "update", "replace"], fullDocument: "updateLookup" },
        )
      : undefined;
  // The notification outbox: every process works it (claims are atomic), every NOTIFY_POLL_SECONDS.
  const outboxWorker =
    overrides.backgroundTasks !== false && services.notifications.enabled
      ? startPeriodicTask({
          firstDelayMs: config.notifications.pollMs,
          intervalMs: config.notifications.pollMs,
          run: () => services.notifications.runDue(),
          onError: (error) => logger.error({ err: error }, "notification outbox run failed"),
        })
      : undefined;
  // Retention: a first sweep a minute after start, then every RETENTION_SWEEP_MINUTES.
  const retentionSweep =
    overrides.backgroundTasks !== false && config.retention.sweepMinutes > 0
      ? startPeriodicTask({
          firstDelayMs: 60_000,
          intervalMs: config.retention.sweepMinutes * 60_000,
          run: () => services.retention.sweep(),
          onError: (error) => logger.error({ err: error }, "retention sweep failed"),
        })
      : undefined;
  const runtime: Runtime = {
    config,
    logger,
    metrics,
    store,
    repositories,
    crypto,
    sessionTokens: createWidgetSessionTokens(config.secrets.jwtSecret),
    services,
    rateLimiter,
    close: async () => {
      await retentionSweep?.stop();
      await outboxWorker?.stop();
      await feed?.stop();
      await ticketFeed?.stop();
      mailer.close();
      await rateLimiter.close();
      await store.close();
    },
  };
  if (overrides.seedOnStart !== false) {
    await seedOnStart({
      config,
      storeKind: store.kind,
      demoData: services.demoData,
      dashboardAuth: services.dashboardAuth,
      logger,
      announce: (text) => console.log(text),
    });
  }
  return runtime;
}
