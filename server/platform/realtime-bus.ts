import { EventEmitter } from "node:events";

/**
 * Delivers live events (new transcript entries) to whoever follows a channel in this process.
 * On MongoDB a change-stream feeder publishes entries written by other processes too
 * (server/db/change-stream-feed.ts); subscribers de-duplicate by sequence number.
 */
export class RealtimeBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(channel: string, payload: unknown): void {
    this.emitter.emit(channel, payload);
  }

  subscribe(channel: string, listener: (payload: unknown) => void): () => void {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }

  listenerCount(channel: string): number {
    return this.emitter.listenerCount(channel);
  }
}
