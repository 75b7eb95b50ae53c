import type { Db } from "mongodb";
import { COLLECTIONS, type CollectionName, type IndexSpec } from "./collections";
import { analyticsEventIndexes } from "./repositories/analytics-events";
import { conversationIndexes, messageIndexes } from "./repositories/conversations";
import { dashboardUserIndexes } from "./repositories/dashboard-users";
import { idempotencyKeyIndexes } from "./repositories/idempotency-keys";
import { orderSubscriptionIndexes } from "./repositories/order-subscriptions";
import { orderIndexes } from "./repositories/orders";
import { productIndexes } from "./repositories/products";
import { returnRequestIndexes } from "./repositories/return-requests";
import { stylistTicketIndexes } from "./repositories/stylist-tickets";
import { collapseDuplicateRatings, csatIndexes } from "./repositories/widget-csat";
import { shortlistIndexes } from "./repositories/widget-shortlists";

/** Every index, gathered from the repositories that declare them. */
export const INDEXES: Record<CollectionName, IndexSpec[]> = {
  [COLLECTIONS.products]: productIndexes,
  [COLLECTIONS.orders]: orderIndexes,
  [COLLECTIONS.conversations]: conversationIndexes,
  [COLLECTIONS.conversationMessages]: messageIndexes,
  [COLLECTIONS.stylistTickets]: stylistTicketIndexes,
  [COLLECTIONS.returnRequests]: returnRequestIndexes,
  [COLLECTIONS.widgetShortlists]: shortlistIndexes,
  [COLLECTIONS.widgetCSAT]: csatIndexes,
  [COLLECTIONS.orderSubscriptions]: orderSubscriptionIndexes,
  [COLLECTIONS.analyticsEvents]: analyticsEventIndexes,
  [COLLECTIONS.idempotencyKeys]: idempotencyKeyIndexes,
  [COLLECTIONS.dashboardUsers]: dashboardUserIndexes,
};

/** Data fixes an index needs before it can be built (each is a no-op once its index exists). */
const BEFORE_INDEXES: ReadonlyArray<(db: Db) => Promise<unknown>> = [collapseDuplicateRatings];

/** Creates every declared index; safe to run repeatedly (createIndex is idempotent). */
export async function applyIndexes(db: Db): Promise<{ collection: string; index: string }[]> {
  for (const prepare of BEFORE_INDEXES) await prepare(db);
  const applied: { collection: string; index: string }[] = [];
  for (const [collection, specs] of Object.entries(INDEXES)) {
    for (const spec of specs) {
      const { key, ...options } = spec;
      const name = await db.collection(collection).createIndex(key, options);
      applied.push({ collection, index: name });
    }
  }
  return applied;
}
