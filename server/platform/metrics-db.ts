import { collectionLabel, DB_OPERATIONS } from "./metrics-labels";
import type { Metrics } from "./metrics";

type DbMetrics = Pick<Metrics, "dbOperationDuration" | "dbOperationErrors">;

/** Collection methods that return a cursor: timed when the cursor is read (labelled find/aggregate). */
const CURSOR_OPERATIONS: ReadonlySet<string> = new Set(["find", "aggregate"]);

/** Every other instrumented collection method returns a promise: timed from call to settle. */
const PROMISE_OPERATIONS: ReadonlySet<string> = new Set(DB_OPERATIONS.filter((op) => !CURSOR_OPERATIONS.has(op)));

/** Cursor reads timed as a whole. */
const CURSOR_DRAIN = new Set(["toArray", "forEach"]);
/** Cursor reads of which only the first is timed (time to the first batch). */
const CURSOR_STEP = new Set(["next", "tryNext", "hasNext"]);

const DB_METHODS_RETURNING_COLLECTIONS = new Set(["collection", "createCollection"]);

interface Labels {
  collection: string;
  operation: string;
}

function observe(metrics: DbMetrics, labels: Labels, started: bigint, failed: boolean): void {
  metrics.dbOperationDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  if (failed) metrics.dbOperationErrors.inc(labels);
}

/** Runs `call`, timing it until its promise settles (or it throws synchronously). */
function timed<R>(metrics: DbMetrics, labels: Labels, call: () => R): R {
  const started = process.hrtime.bigint();
  let result: R;
  try {
    result = call();
  } catch (error) {
    observe(metrics, labels, started, true);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        observe(metrics, labels, started, false);
        return value;
      },
      (error: unknown) => {
        observe(metrics, labels, started, true);
        throw error;
      },
    ) as R;
  }
  observe(metrics, labels, started, false);
  return result;
}

function isCursorLike(value: unknown): value is object {
  return typeof value === "object" && value !== null && typeof (value as { toArray?: unknown }).toArray === "function";
}

function wrapCursor<C extends object>(cursor: C, metrics: DbMetrics, labels: Labels, state = { timed: false }): C {
  const proxy: C = new Proxy(cursor, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (prop === Symbol.asyncIterator) {
        return () => {
          const iterator = fn.call(target) as AsyncIterator<unknown>;
          return wrapIterator(iterator, metrics, labels, state);
        };
      }
      if (typeof prop === "string" && CURSOR_DRAIN.has(prop)) {
        return (...args: unknown[]) => {
          if (state.timed) return fn.apply(target, args);
          state.timed = true;
          return timed(metrics, labels, () => fn.apply(target, args));
        };
      }
      if (typeof prop === "string" && CURSOR_STEP.has(prop)) {
        return (...args: unknown[]) => {
          if (state.timed) return fn.apply(target, args);
          state.timed = true;
          return timed(metrics, labels, () => fn.apply(target, args));
        };
      }
      // Builders (sort, limit, skip, project, map, …): keep the chain inside the proxy.
      return (...args: unknown[]) => {
        const result = fn.apply(target, args);
        if (result === target) return proxy;
        if (isCursorLike(result)) return wrapCursor(result, metrics, labels, state);
        return result;
      };
    },
  });
  return proxy;
}

function wrapIterator<T>(
  iterator: AsyncIterator<T>,
  metrics: DbMetrics,
  labels: Labels,
  state: { timed: boolean },
): AsyncIterator<T> & AsyncIterable<T> {
  const wrapped: AsyncIterator<T> & AsyncIterable<T> = {
    next: (...args: [] | [undefined]) => {
      if (state.timed) return iterator.next(...args);
      state.timed = true;
      return timed(metrics, labels, () => iterator.next(...args));
    },
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  };
  if (iterator.return) wrapped.return = (value?: unknown) => iterator.return!(value as T);
  if (iterator.throw) wrapped.throw = (error?: unknown) => iterator.throw!(error);
  return wrapped;
}

function wrapCollection<C extends object>(collection: C, name: string, metrics: DbMetrics): C {
  const collectionName = collectionLabel(name);
  return new Proxy(collection, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop === "string" && PROMISE_OPERATIONS.has(prop)) {
        const labels = { collection: collectionName, operation: prop };
        return (...args: unknown[]) => timed(metrics, labels, () => fn.apply(target, args));
      }
      if (typeof prop === "string" && CURSOR_OPERATIONS.has(prop)) {
        const labels = { collection: collectionName, operation: prop };
        return (...args: unknown[]) => {
          const cursor = fn.apply(target, args);
          return isCursorLike(cursor) ? wrapCursor(cursor, metrics, labels) : cursor;
        };
      }
      return fn.bind(target);
    },
  });
}

/**
 * Wraps a driver-compatible `Db` (MongoDB's `Db` or the embedded engine's) so every collection
 * method call is timed into `concierge_db_operation_duration_seconds{collection,operation}` and
 * failures counted in `concierge_db_operation_errors_total`. Cursor operations (find, aggregate)
 * are timed when read: `toArray`/`forEach` as a whole, `next`/iteration until the first result.
 * Collection names outside server/db/collections.ts are labelled "other".
 */
export function instrumentDb<D extends object>(db: D, metrics: DbMetrics): D {
  const cache = new Map<string, object>();
  return new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (prop === "collection") {
        return (name: string, ...rest: unknown[]) => {
          const cacheable = rest.length === 0 && collectionLabel(name) !== "other";
          const hit = cacheable ? cache.get(name) : undefined;
          if (hit) return hit;
          const collection = fn.call(target, name, ...rest);
          if (typeof collection !== "object" || collection === null) return collection;
          const wrapped = wrapCollection(collection, name, metrics);
          if (cacheable) cache.set(name, wrapped);
          return wrapped;
        };
      }
      if (typeof prop === "string" && DB_METHODS_RETURNING_COLLECTIONS.has(prop)) {
        return async (name: string, ...rest: unknown[]) => {
          const collection: unknown = await fn.call(target, name, ...rest);
          return typeof collection === "object" && collection !== null ? wrapCollection(collection, name, metrics) : collection;
        };
      }
      return fn.bind(target);
    },
  });
}
