import { createTRPCClient, httpLink, httpSubscriptionLink } from "@trpc/client";
import type { AppRouter } from "../../../server/routers";
import type { TranscriptEntry } from "../../../server/concierge/messages";
import type { PresenceEvent } from "../../../server/domain/conversation-mode";
import type { TicketQueueEvent } from "../../../server/services/ticket-events";

export type LiveState = "connecting" | "live" | "reconnecting" | "closed";

/** A tRPC client for the dashboard's live channels (the browser's EventSource sends the staff cookie itself). */
function liveClient() {
  return createTRPCClient<AppRouter>({
    links: [httpSubscriptionLink({ url: "/api/trpc", eventSourceOptions: { withCredentials: true } })],
  });
}

function stateHandlers(onState: (state: LiveState) => void) {
  return {
    onStarted: () => onState("live"),
    onConnectionStateChange: (s: { state: string; error?: unknown }) => {
      if (s.state === "pending") onState("live");
      else if (s.state === "connecting") onState(s.error ? "reconnecting" : "connecting");
    },
    onError: () => onState("closed"),
    onComplete: () => onState("closed"),
  };
}

/**
 * Follows a ticket's conversation over SSE (`dashboard.tickets.events`): new transcript entries
 * (reconnects are deduplicated by seq) and the shopper's presence (typing, seen).
 */
export function followTicket(
  id: string,
  afterSeq: number,
  onEntry: (entry: TranscriptEntry) => void,
  onState: (state: LiveState) => void,
  onPresence: (event: PresenceEvent) => void = () => undefined,
): () => void {
  onState("connecting");
  const sub = liveClient().dashboard.tickets.events.subscribe(
    { id, afterSeq },
    {
      ...stateHandlers(onState),
      onData: (event) => {
        if ("presence" in event) onPresence(event);
        else onEntry(event as TranscriptEntry);
      },
    },
  );
  return () => sub.unsubscribe();
}

/** Follows the stylist queue (`dashboard.tickets.live`): a ticket was created or changed. */
export function followQueue(onEvent: (event: TicketQueueEvent) => void, onState: (state: LiveState) => void): () => void {
  onState("connecting");
  const sub = liveClient().dashboard.tickets.live.subscribe(undefined, { ...stateHandlers(onState), onData: onEvent });
  return () => sub.unsubscribe();
}

/** A short two-tone chime from the Web Audio API (no sound file); silently does nothing where audio is blocked. */
export function chime(): void {
  try {
    const audio = new AudioContext();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.15);
      gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.15 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.15 + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.15);
      osc.stop(now + i * 0.15 + 0.32);
    }
    setTimeout(() => void audio.close(), 1000);
  } catch {
    // no audio here
  }
}

/** Plain calls from the ticket view (the staff cookie travels with same-origin requests). */
function callClient() {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: "/api/trpc" })] });
}

/** "The stylist is typing" (or stopped) for the shopper's widget; failures are ignored (presence is best effort). */
export function sendTyping(id: string, typing: boolean): void {
  callClient()
    .dashboard.tickets.typing.mutate({ id, typing })
    .catch(() => undefined);
}

/** The stylist has read the conversation up to `seq` (the shopper sees "Seen"). */
export function sendSeen(id: string, seq: number): void {
  callClient()
    .dashboard.tickets.seen.mutate({ id, seq })
    .catch(() => undefined);
}
