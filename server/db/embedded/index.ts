/**
 * Embedded, durable, on-disk document store presenting the subset of the MongoDB driver's
 * Db/Collection API our repositories use: append-only data files (nedb's line format; documents
 * stay on disk, memory holds where they are plus the indexes), mingo for query, update and
 * aggregation semantics.
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
export {
  EmbeddedStoreError,
  EmbeddedStoreUnavailableError,
  EmbeddedServerError,
  DUPLICATE_KEY,
  type EmbeddedErrorCode,
  type UnavailableReason,
} from "./errors";
export type { StorageStats } from "./storage";
export type { FileIo, DataFileHandle } from "./file-io";
export type { IndexSpec, CreateIndexOptions } from "./index-catalog";
