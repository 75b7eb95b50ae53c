export { COLLECTIONS, type CollectionName } from "../domain/collections";

export interface IndexSpec {
  key: Record<string, 1 | -1>;
  name?: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Record<string, unknown>;
}

export const DAY_SECONDS = 24 * 60 * 60;
