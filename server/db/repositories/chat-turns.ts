import type { Collection, Db } from "mongodb";
import { COLLECTIONS, type IndexSpec } from "../collections";

/**
 * A streamed chat turn as other instances see it: its text so far while it runs, then where its
 * stored answer ends. Written by the instance running the turn (throttled), read by a stream that
 * reconnected to another instance. Removed by TTL.
 */
export interface ChatTurnDoc {
  _id: string; // turn id
  sessionId: string;
  conversationId: string;
  shopperSeq: number;
  status: "running" | "done";
  text: string;
  /** Set when done: the last stored sequence number of the turn's answer. */
  lastSeq?: number;
  engine?: "rules" | "llm";
  updatedAt: Date;
  expiresAt: Date;
}

export const CHAT_TURN_RETENTION_MS = 10 * 60 * 1000;

export const chatTurnIndexes: IndexSpec[] = [{ key: { expiresAt: 1 }, expireAfterSeconds: 0 }];

export class ChatTurnsRepository {
  private readonly col: Collection<ChatTurnDoc>;

  constructor(db: Db) {
    this.col = db.collection<ChatTurnDoc>(COLLECTIONS.chatTurns);
  }

  async start(doc: Omit<ChatTurnDoc, "status" | "text" | "updatedAt" | "expiresAt">, now = new Date()): Promise<void> {
    await this.col.insertOne({
      ...doc,
      status: "running",
      text: "",
      updatedAt: now,
      expiresAt: new Date(now.getTime() + CHAT_TURN_RETENTION_MS),
    });
  }

  async progress(id: string, text: string, now = new Date()): Promise<void> {
    await this.col.updateOne({ _id: id, status: "running" }, { $set: { text, updatedAt: now } });
  }

  async finish(id: string, lastSeq: number, engine: "rules" | "llm", now = new Date()): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { status: "done", lastSeq, engine, updatedAt: now } });
  }

  async find(id: string): Promise<ChatTurnDoc | null> {
    return (await this.col.findOne({ _id: id })) as ChatTurnDoc | null;
  }
}
