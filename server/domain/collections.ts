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
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];
