import { createTRPCClient, httpSubscriptionLink } from "@trpc/client";
import type { AppRouter } from "../../../server/routers";
import type { TranscriptEntry } from "../../../server/concierge/messages";

export type LiveState = "connecting" | "live" | "reconnecting" | "closed";

/**
 * Follows a ticket's conversation over SSE (`dashboard.tickets.events`). The browser's native
 * EventSource sends the same-origin staff cookie by itself; reconnects are deduplicated by seq.
 */
export function followTicket(
  id: string,
  afterSeq: number,
  onEntry: (entry: TranscriptEntry) => void,
  onState: (state: LiveState) => void,
): () => void {
  const client = createTRPCClient<AppRouter>({
    links: [httpSubscriptionLink({ url: "/api/trpc", eventSourceOptions: { withCredentials: true } })],
  });
  onState("connecting");
  const sub = client.dashboard.tickets.events.subscribe(
    { id, afterSeq },
    {
      onStarted: () => onState("live"),
      onData: (entry) => onEntry(entry as TranscriptEntry),
      onConnectionStateChange: (s) => {
        if (s.state === "pending") onState("live");
        else if (s.state === "connecting") onState(s.error ? "reconnecting" : "connecting");
      },
      onError: () => onState("closed"),
      onComplete: () => onState("closed"),
    },
  );
  return () => sub.unsubscribe();
}
