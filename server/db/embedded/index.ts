/**
 * Embedded, durable, on-disk document store presenting the subset of the MongoDB driver's
 * Db/Collection API our repositories use (nedb append-only files for storage, mingo for queries).
 */
export { openEmbeddedStore, EmbeddedStore, type EmbeddedStoreOptions } from "./store";
export { EmbeddedDb, type CollectionInfo } from "./db";
export {
  EmbeddedCollection,
  type WithId,
  type Filter,
  type InsertOneResult,
  type InsertManyResult,
  type UpdateResult,
  type DeleteResult,
  type FindOptions,
  type UpdateOptions,
  type FindOneAndUpdateOptions,
  type FindOneAndDeleteOptions,
  type IndexDescription,
  type ModifyResult,
} from "./collection";
export { EmbeddedFindCursor, EmbeddedAggregationCursor, EmbeddedListCursor } from "./cursor";
export { EmbeddedStoreError, EmbeddedServerError, DUPLICATE_KEY, type EmbeddedErrorCode } from "./errors";
export type { IndexSpec, CreateIndexOptions } from "./index-catalog";
