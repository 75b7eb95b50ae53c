import type { Db, Document } from "mongodb";
import { COLLECTIONS, type CollectionName, type IndexSpec } from "./collections";
import { analyticsEventIndexes } from "./repositories/analytics-events";
import { catalogImportIndexes } from "./repositories/catalog-imports";
import { chatTurnIndexes } from "./repositories/chat-turns";
import { conversationIndexes, messageIndexes } from "./repositories/conversations";
import { dashboardUserIndexes } from "./repositories/dashboard-users";
import { idempotencyKeyIndexes } from "./repositories/idempotency-keys";
import { orderSubscriptionIndexes } from "./repositories/order-subscriptions";
import { orderIndexes } from "./repositories/orders";
import { productIndexes } from "./repositories/products";
import { returnRequestIndexes } from "./repositories/return-requests";
import { stylistTicketIndexes } from "./repositories/stylist-tickets";
import { webhookEventIndexes } from "./repositories/webhook-events";
import { collapseDuplicateRatings, csatIndexes } from "./repositories/widget-csat";
import { shortlistIndexes } from "./repositories/widget-shortlists";
import { notificationOutboxIndexes } from "./repositories/notification-outbox";
import { cannedReplyIndexes } from "./repositories/canned-replies";

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
  [COLLECTIONS.catalogImports]: catalogImportIndexes,
  [COLLECTIONS.webhookEvents]: webhookEventIndexes,
  [COLLECTIONS.chatTurns]: chatTurnIndexes,
  [COLLECTIONS.notificationOutbox]: notificationOutboxIndexes,
  [COLLECTIONS.cannedReplies]: cannedReplyIndexes,
};

/** An index as `listIndexes` reports it. */
export interface ExistingIndex {
  name: string;
  key: Record<string, unknown>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
}

export interface DeclaredIndex {
  collection: string;
  name: string;
  spec: IndexSpec;
}

export type IndexAction =
  | { kind: "ok"; collection: string; name: string }
  | { kind: "create"; collection: string; name: string; spec: IndexSpec }
  /** Only the TTL differs: changed in place (collMod on MongoDB). */
  | { kind: "ttl"; collection: string; name: string; spec: IndexSpec; from: number | undefined }
  /** Other options (unique, sparse, partial filter) or the key under this name differ: drop and recreate. */
  | { kind: "rebuild"; collection: string; name: string; spec: IndexSpec; existing: ExistingIndex; why: string }
  /** Present in the database, declared nowhere (kept unless asked to drop). */
  | { kind: "unknown"; collection: string; name: string };

/** The driver's default name, `a_1_b_-1`. */
export function indexName(spec: IndexSpec): string {
  return (
    spec.name ??
    Object.entries(spec.key)
      .map(([f, d]) => `${f}_${d}`)
      .join("_")
  );
}

export function declaredIndexes(): DeclaredIndex[] {
  return Object.entries(INDEXES).flatMap(([collection, specs]) => specs.map((spec) => ({ collection, name: indexName(spec), spec })));
}

const sameKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(Object.entries(a).map(([k, v]) => [k, Number(v)])) === JSON.stringify(Object.entries(b).map(([k, v]) => [k, Number(v)]));

function optionDifference(existing: ExistingIndex, spec: IndexSpec): string | undefined {
  const diffs: string[] = [];
  if (!!existing.unique !== !!spec.unique) diffs.push(`unique ${!!existing.unique} → ${!!spec.unique}`);
  if (!!existing.sparse !== !!spec.sparse) diffs.push(`sparse ${!!existing.sparse} → ${!!spec.sparse}`);
  const pfe = (v: unknown) => JSON.stringify(v ?? null);
  if (pfe(existing.partialFilterExpression) !== pfe(spec.partialFilterExpression)) diffs.push("partial filter changed");
  return diffs.length > 0 ? diffs.join(", ") : undefined;
}

/**
 * Compares the declared indexes with what the database has (per collection, from listIndexes) and
 * says what to do for each: nothing, create, change the TTL in place, rebuild, or report an
 * undeclared index. Indexes are matched by key pattern (names may differ between versions).
 */
export function planIndexes(existing: Record<string, ExistingIndex[]>, declared = declaredIndexes()): IndexAction[] {
  const actions: IndexAction[] = [];
  const matched = new Set<string>();
  for (const { collection, name, spec } of declared) {
    const present = (existing[collection] ?? []).filter((ix) => ix.name !== "_id_");
    const byKey = present.find((ix) => sameKey(ix.key, spec.key));
    const byName = present.find((ix) => ix.name === name);
    const current = byKey ?? byName;
    if (!current) {
      actions.push({ kind: "create", collection, name, spec });
      continue;
    }
    matched.add(`${collection}.${current.name}`);
    if (!byKey) {
      actions.push({ kind: "rebuild", collection, name, spec, existing: current, why: "an index with this name has a different key" });
      continue;
    }
    const why = optionDifference(current, spec);
    if (why) actions.push({ kind: "rebuild", collection, name: current.name, spec, existing: current, why });
    else if (current.expireAfterSeconds !== spec.expireAfterSeconds) {
      actions.push({ kind: "ttl", collection, name: current.name, spec, from: current.expireAfterSeconds });
    } else actions.push({ kind: "ok", collection, name: current.name });
  }
  for (const [collection, list] of Object.entries(existing)) {
    for (const ix of list) {
      if (ix.name !== "_id_" && !matched.has(`${collection}.${ix.name}`) && collection in INDEXES) {
        actions.push({ kind: "unknown", collection, name: ix.name });
      }
    }
  }
  return actions;
}

function isNamespaceMissing(error: unknown): boolean {
  const e = error as { code?: unknown; codeName?: unknown };
  return e?.code === 26 || e?.codeName === "NamespaceNotFound";
}

/** What the database has now, per declared collection (listIndexes; a missing collection has none). */
export async function readIndexes(db: Db): Promise<Record<string, ExistingIndex[]>> {
  const out: Record<string, ExistingIndex[]> = {};
  for (const collection of Object.keys(INDEXES)) {
    try {
      out[collection] = (await db.collection(collection).listIndexes().toArray()) as ExistingIndex[];
    } catch (error) {
      if (!isNamespaceMissing(error)) throw error;
      out[collection] = [];
    }
  }
  return out;
}

export interface MigrateOptions {
  /** Drop and recreate indexes whose options changed (MongoDB: a window without the index). Default false. */
  rebuild?: boolean;
  /** Drop indexes no repository declares. Default false. */
  dropUnknown?: boolean;
}

export interface MigrateReport {
  actions: IndexAction[];
  /** Actions left undone (a rebuild without `rebuild`), which need the operator. */
  pending: IndexAction[];
}

function createOptions(spec: IndexSpec, name: string) {
  const { key: _key, ...options } = spec;
  return { ...options, name };
}

/** Data fixes an index needs before it can be built (each is a no-op once its index exists). */
const BEFORE_INDEXES: ReadonlyArray<(db: Db) => Promise<unknown>> = [collapseDuplicateRatings];

/**
 * `npm run migrate:up` (and the embedded store's start-up): creates missing indexes, changes TTLs
 * in place (collMod on MongoDB), rebuilds indexes whose options changed when allowed, and reports
 * what it did. Safe to run repeatedly and while the app runs on MongoDB.
 */
export async function migrateIndexes(db: Db, options: MigrateOptions = {}): Promise<MigrateReport> {
  for (const prepare of BEFORE_INDEXES) await prepare(db);
  const actions = planIndexes(await readIndexes(db));
  const pending: IndexAction[] = [];
  for (const action of actions) {
    const col = db.collection(action.collection);
    switch (action.kind) {
      case "create":
        await col.createIndex(action.spec.key, createOptions(action.spec, action.name));
        break;
      case "ttl":
        try {
          await db.command({
            collMod: action.collection,
            index: { name: action.name, expireAfterSeconds: action.spec.expireAfterSeconds },
          });
        } catch (error) {
          // The embedded engine has no collMod: its indexes are in memory, so drop and recreate.
          if (!/not supported|unsupported/i.test(String((error as Error)?.message))) throw error;
          await col.dropIndex(action.name);
          await col.createIndex(action.spec.key, createOptions(action.spec, indexName(action.spec)));
        }
        break;
      case "rebuild":
        if (!options.rebuild) {
          pending.push(action);
          break;
        }
        await col.dropIndex(action.existing.name);
        await col.createIndex(action.spec.key, createOptions(action.spec, indexName(action.spec)));
        break;
      case "unknown":
        if (options.dropUnknown) await col.dropIndex(action.name);
        break;
      case "ok":
        break;
    }
  }
  return { actions, pending };
}

/** Creates every declared index (tests, the embedded store's start-up); returns what is in place. */
export async function applyIndexes(db: Db, options: MigrateOptions = { rebuild: true }): Promise<{ collection: string; index: string }[]> {
  const report = await migrateIndexes(db, options);
  return report.actions.filter((a) => a.kind !== "unknown").map((a) => ({ collection: a.collection, index: a.name }));
}

export class IndexesNotReadyError extends Error {
  constructor(readonly missing: IndexAction[]) {
    super(
      `MongoDB is missing ${missing.length} index(es) the app relies on (${missing
        .slice(0, 5)
        .map((a) => `${a.collection}.${a.name}`)
        .join(", ")}${missing.length > 5 ? ", …" : ""}). Run \`npm run migrate:up\` against this database, then start the app.`,
    );
    this.name = "IndexesNotReadyError";
  }
}

/**
 * MongoDB start-up: only verifies (index builds and option changes belong to `npm run migrate:up`,
 * run once before a rolling restart, never by every instance at once). Missing indexes stop the
 * start (unique indexes carry correctness); differing options are reported.
 */
export async function verifyIndexes(db: Db): Promise<{ differing: IndexAction[]; unknown: IndexAction[] }> {
  const actions = planIndexes(await readIndexes(db));
  const missing = actions.filter((a) => a.kind === "create");
  if (missing.length > 0) throw new IndexesNotReadyError(missing);
  return {
    differing: actions.filter((a) => a.kind === "ttl" || a.kind === "rebuild"),
    unknown: actions.filter((a) => a.kind === "unknown"),
  };
}
