import type { Db } from "mongodb";
import { AnalyticsEventsRepository } from "./analytics-events";
import { CatalogImportsRepository } from "./catalog-imports";
import { ChatTurnsRepository } from "./chat-turns";
import { WebhookEventsRepository } from "./webhook-events";
import { ConversationsRepository } from "./conversations";
import { DashboardUsersRepository } from "./dashboard-users";
import { IdempotencyKeysRepository } from "./idempotency-keys";
import { OrderSubscriptionsRepository } from "./order-subscriptions";
import { OrdersRepository } from "./orders";
import { ProductsRepository } from "./products";
import { ReturnRequestsRepository } from "./return-requests";
import { StylistTicketsRepository } from "./stylist-tickets";
import { WidgetCsatRepository } from "./widget-csat";
import { WidgetShortlistsRepository } from "./widget-shortlists";
import { NotificationOutboxRepository } from "./notification-outbox";
import { CannedRepliesRepository } from "./canned-replies";

export function createRepositories(db: Db) {
  return {
    products: new ProductsRepository(db),
    orders: new OrdersRepository(db),
    conversations: new ConversationsRepository(db),
    stylistTickets: new StylistTicketsRepository(db),
    returnRequests: new ReturnRequestsRepository(db),
    shortlists: new WidgetShortlistsRepository(db),
    csat: new WidgetCsatRepository(db),
    orderSubscriptions: new OrderSubscriptionsRepository(db),
    analyticsEvents: new AnalyticsEventsRepository(db),
    idempotencyKeys: new IdempotencyKeysRepository(db),
    dashboardUsers: new DashboardUsersRepository(db),
    catalogImports: new CatalogImportsRepository(db),
    webhookEvents: new WebhookEventsRepository(db),
    chatTurns: new ChatTurnsRepository(db),
    notificationOutbox: new NotificationOutboxRepository(db),
    cannedReplies: new CannedRepliesRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
