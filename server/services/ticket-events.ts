import type { TicketStatus } from "../domain/tickets";
import { AsyncQueue } from "../platform/async-queue";
import type { RealtimeBus } from "../platform/realtime-bus";

/** A change in the stylist queue (the dashboard re-reads its filtered list; nothing personal travels). */
export interface TicketQueueEvent {
  id: string;
  change: "created" | "updated";
  status: TicketStatus;
  at: string;
}

const CHANNEL = "tickets:queue";

/**
 * The live queue: every ticket created or changed in this process is published here, and on MongoDB
 * a change stream on `stylistTickets` publishes the other instances' changes too (the dashboard
 * de-duplicates and simply re-reads its list).
 */
export class TicketEvents {
  constructor(private readonly bus: RealtimeBus) {}

  publish(id: string, change: TicketQueueEvent["change"], status: TicketStatus, at = new Date()): void {
    this.bus.publish(CHANNEL, { id, change, status, at: at.toISOString() } satisfies TicketQueueEvent);
  }

  async *follow(signal?: AbortSignal): AsyncGenerator<TicketQueueEvent> {
    const queue = new AsyncQueue<TicketQueueEvent>();
    const off = this.bus.subscribe(CHANNEL, (event) => queue.push(event as TicketQueueEvent));
    try {
      yield* queue.iterate(signal);
    } finally {
      off();
    }
  }
}
