import type { ChangeStream, Db } from "mongodb";
import { COLLECTIONS } from "./collections";
import type { MessageDoc } from "./repositories/conversations";
import type { Logger } from "../platform/logger";

/**
 * MongoDB only (a replica set): feeds every inserted transcript message, from any app process,
 * to this process's realtime bus, so a stylist's reply reaches the widget connected elsewhere.
 * Reconnects after errors with a short delay.
 */
export function startChangeStreamFeed(db: Db, deliver: (doc: MessageDoc) => void, logger: Logger): { stop(): Promise<void> } {
  let stream: ChangeStream | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const open = () => {
    if (stopped) return;
    stream = db.collection<MessageDoc>(COLLECTIONS.conversationMessages).watch([{ $match: { operationType: "insert" } }]);
    stream.on("change", (change: { fullDocument?: MessageDoc }) => {
      if (change.fullDocument) deliver(change.fullDocument);
    });
    stream.on("error", (error: unknown) => {
      void stream?.close().catch(() => undefined);
      if (/replica set|\$changeStream/i.test(String((error as Error)?.message))) {
        // A standalone server has no change streams: live delivery stays within this process.
        logger.warn(
          { err: error },
          "MongoDB change streams unavailable (needs a replica set); live replies reach widgets connected to this process only",
        );
        return;
      }
      logger.warn({ err: error }, "change stream failed; reopening");
      timer = setTimeout(open, 1000);
      timer.unref();
    });
  };
  open();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await stream?.close().catch(() => undefined);
    },
  };
}
