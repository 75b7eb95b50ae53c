import type { ChangeStreamOptions, Db, Document, ResumeToken } from "mongodb";
import { COLLECTIONS } from "./collections";
import type { MessageDoc } from "./repositories/conversations";

interface FeedLogger {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
}

/** The part of the driver's ChangeStream the feed uses (a fake in tests). */
export interface ChangeStreamLike {
  on(event: "change", listener: (change: Document) => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  on(event: "close", listener: () => void): unknown;
  close(): Promise<void>;
}

export interface ChangeStreamFeedOptions {
  /** The collection to watch (default: conversationMessages). */
  collection?: string;
  /** Which changes are delivered (default: inserts). */
  operations?: ReadonlyArray<"insert" | "update" | "replace">;
  /** `updateLookup` to receive the whole document after an update (default: none; inserts carry it anyway). */
  fullDocument?: "updateLookup";
  /** Opens a change stream on the collection (default: the driver's `watch`). */
  openStream?: (pipeline: Document[], options: ChangeStreamOptions) => ChangeStreamLike;
  /** Whether the server can serve change streams (default: `hello` says replica set or mongos). */
  supportsChangeStreams?: () => Promise<boolean>;
  /** Events may have been missed (a reopen without a resume token, an invalidate): followers should re-read. */
  onGap?: () => void;
  /** Reopen backoff: first delay, cap (ms). Defaults 500 ms, 30 s; each delay is jittered to 50–100 %. */
  backoff?: { initialMs?: number; maxMs?: number };
  random?: () => number;
}

/** Server error codes that mean "no change streams here": $changeStream on a standalone server. */
const NO_CHANGE_STREAMS = new Set([40573]);
/** The resume token cannot be used (history rolled off the oplog, token invalid, fatal for this stream). */
const TOKEN_UNUSABLE = new Set([260, 280, 286]);

function errorCode(error: unknown): number | undefined {
  const e = error as { code?: unknown; errorResponse?: { code?: unknown } };
  const code = e?.code ?? e?.errorResponse?.code;
  return typeof code === "number" ? code : undefined;
}

async function probeReplicaSet(db: Db): Promise<boolean> {
  const hello = (await db.command({ hello: 1 })) as { setName?: string; msg?: string };
  return Boolean(hello.setName) || hello.msg === "isdbgrid";
}

const pipelineFor = (operations: readonly string[]): Document[] => [{ $match: { operationType: { $in: [...operations, "invalidate"] } } }];

/**
 * MongoDB only (a replica set or sharded cluster): feeds every inserted transcript message, from
 * any app process, to this process's realtime bus, so a stylist's reply reaches the widget
 * connected elsewhere. With `collection`/`operations` it feeds other changes the same way (the
 * stylist queue watches `stylistTickets` inserts and updates).
 *
 * It keeps going whatever happens to the stream: after an error or a close without one (the
 * server ended the cursor, e.g. an invalidate after `mongorestore --drop`), it reopens from its
 * last resume token (`startAfter` after an invalidate, `resumeAfter` otherwise), with exponential
 * backoff and jitter. A token the server can no longer use, or an invalidate, is reported through
 * `onGap` so followers re-read the store. A standalone server (no change streams) is detected by
 * `hello` and by error code, not by message text; live delivery then stays within each process.
 */
export function startChangeStreamFeed(
  db: Db,
  deliver: (doc: MessageDoc) => void,
  logger: FeedLogger,
  options: ChangeStreamFeedOptions = {},
): { stop(): Promise<void>; state(): { open: boolean; failures: number; resumable: boolean } } {
  const collection = options.collection ?? COLLECTIONS.conversationMessages;
  const PIPELINE = pipelineFor(options.operations ?? ["insert"]);
  const openStream =
    options.openStream ??
    ((pipeline: Document[], watchOptions: ChangeStreamOptions) =>
      db.collection(collection).watch(pipeline, watchOptions) as unknown as ChangeStreamLike);
  const initialMs = options.backoff?.initialMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 30_000;
  const random = options.random ?? Math.random;

  let stream: ChangeStreamLike | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let token: ResumeToken | undefined;
  let afterInvalidate = false;
  let failures = 0;

  const schedule = (why: string, error?: unknown) => {
    if (stopped || timer) return;
    const delay = Math.round(Math.min(maxMs, initialMs * 2 ** failures) * (0.5 + random() / 2));
    failures++;
    logger.warn({ err: error, delayMs: delay, attempt: failures }, `change stream ${why}; reopening`);
    timer = setTimeout(() => {
      timer = undefined;
      open();
    }, delay);
    timer.unref?.();
  };

  const open = () => {
    if (stopped) return;
    const watchOptions: ChangeStreamOptions = {
      ...(token ? (afterInvalidate ? { startAfter: token } : { resumeAfter: token }) : {}),
      ...(options.fullDocument ? { fullDocument: options.fullDocument } : {}),
    };
    let current: ChangeStreamLike;
    try {
      current = openStream(PIPELINE, watchOptions);
    } catch (error) {
      schedule("could not be opened", error);
      return;
    }
    stream = current;
    let ended = false;
    const end = (why: string, error?: unknown) => {
      if (ended) return;
      ended = true;
      void current.close().catch(() => undefined);
      if (stream === current) stream = undefined;
      schedule(why, error);
    };
    current.on("change", (change: Document) => {
      if (current !== stream) return;
      token = change._id as ResumeToken;
      if (change.operationType === "invalidate") {
        // The collection was dropped or renamed (e.g. mongorestore --drop): the server closes this
        // stream; the next one starts after the invalidate and followers re-read the store.
        afterInvalidate = true;
        options.onGap?.();
        return;
      }
      afterInvalidate = false;
      failures = 0;
      if (change.fullDocument) deliver(change.fullDocument as MessageDoc);
    });
    current.on("error", (error: unknown) => {
      const code = errorCode(error);
      if (code !== undefined && NO_CHANGE_STREAMS.has(code)) {
        ended = true;
        void current.close().catch(() => undefined);
        logger.warn(
          { code },
          "MongoDB change streams unavailable (needs a replica set); live replies reach widgets connected to this process only",
        );
        return;
      }
      if (code !== undefined && TOKEN_UNUSABLE.has(code)) {
        // Start afresh: what happened in between is not replayable, so followers re-read the store.
        token = undefined;
        afterInvalidate = false;
        options.onGap?.();
      }
      end("failed", error);
    });
    current.on("close", () => end(afterInvalidate ? "was invalidated" : "closed"));
  };

  const start = async () => {
    const supported = await (options.supportsChangeStreams ?? (() => probeReplicaSet(db)))().catch(() => true);
    if (!supported) {
      logger.warn({}, "MongoDB is a standalone server (no change streams): live replies reach widgets connected to this process only");
      return;
    }
    if (!stopped) open();
  };
  const started = start();

  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await started;
      await stream?.close().catch(() => undefined);
    },
    state: () => ({ open: stream !== undefined, failures, resumable: token !== undefined }),
  };
}
