/** Collection names: the same on MongoDB and on the embedded store. */
export const COLLECTIONS = {
  products: "products",
  orders: "orders",
  conversations: "conversations",
  conversationMessages: "conversationMessages",
  stylistTickets: "stylistTickets",
  returnRequests: "returnRequests",
  widgetShortlists: "widgetShortlists",
  widgetCSAT: "widgetCSAT",
  orderSubscriptions: "orderSubscriptions",
  analyticsEvents: "analyticsEvents",
  idempotencyKeys: "idempotencyKeys",
  dashboardUsers: "dashboardUsers",
  /** One record per catalog import (npm run catalog:import): when, from what, and the counts. */
  catalogImports: "catalogImports",
  /** Ids of order webhook deliveries already applied (replay protection, TTL). */
  webhookEvents: "webhookEvents",
  /** Streamed chat turns in progress, so a stream that reconnects to another instance can follow. */
  chatTurns: "chatTurns",
  /** Emails waiting to be sent (stylist replies the shopper missed), each with its send record. */
  notificationOutbox: "notificationOutbox",
  /** Stylists' saved replies (per store), insertable in the ticket view. */
  cannedReplies: "cannedReplies",
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];
