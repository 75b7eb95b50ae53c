import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ChatAction, ProductCard, TranscriptEntry } from "../../../server/concierge/messages";
import type { Language } from "../../../server/domain/i18n/languages";
import { TYPING_REFRESH_MS, TYPING_TTL_MS } from "../../../server/domain/conversation-mode";
import { currentMode, currentStylist, type HandoffStart } from "./handoff";
import { createWidgetClient, errorCode, uuid, type WidgetClient } from "./trpc-client";

export type ChatInput = { text: string } | { action: ChatAction };
export type Status = "starting" | "ready" | "disabled" | "failed";

export interface LocalNotice {
  text: string;
  retryable: boolean;
}

export interface ConciergeEvents {
  /** A new concierge/stylist message arrived live (not from the initial transcript). */
  onMessage?: (entry: TranscriptEntry) => void;
}

export interface ConciergeOptions {
  /** The store's opening line for a new conversation (the script tag's data-greeting). */
  greeting?: string | undefined;
  /** The store page the widget is on (a path), for the stylist's view of the shopper's context. */
  page?: string | undefined;
}

const NO_HANDOFF: HandoffStart = { mode: "bot", shopperSeenSeq: 0, stylistSeenSeq: 0, atSeq: 0 };

/** What a heart tap did, for the toast. */
export type SaveOutcome = { ok: true; saved: boolean } | { ok: false; text: string };

const RESUME_KEY = "aurora-concierge-resume";
const DONE_KEY = "aurora-concierge-done";
const RECONNECT_MS = 3_000;

const store = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string) {
    try {
      localStorage.setItem(key, value);
    } catch {
      // storage disabled (private mode, blocked third-party storage): the session still works
    }
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * A turn's stored messages arrive on the session's live channel (session.events); once its stream
 * says `done`, the widget waits this long for them before reading them from session.messages.
 */
const ANSWER_ON_CHANNEL_MS = 1000;

function mergeEntries(current: TranscriptEntry[], incoming: TranscriptEntry[]): TranscriptEntry[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map(current.map((e) => [e.seq, e]));
  let changed = false;
  for (const e of incoming) {
    if (!bySeq.has(e.seq)) {
      bySeq.set(e.seq, e);
      changed = true;
    }
  }
  return changed ? [...bySeq.values()].sort((a, b) => a.seq - b.seq) : current;
}

function messageOf(error: unknown): LocalNotice {
  switch (errorCode(error)) {
    case "TOO_MANY_REQUESTS":
      return { text: "You're sending messages quickly — please wait a moment and try again.", retryable: true };
    case "FORBIDDEN":
      return { text: "The concierge is not available right now.", retryable: false };
    case "BAD_REQUEST":
      return { text: "That didn't look quite right. Please check it and try again.", retryable: false };
    default:
      return { text: "We couldn't reach the concierge. Check your connection and try again.", retryable: true };
  }
}

/**
 * The widget's conversation state: session start/resume, streaming turns with resume and
 * fallback, the shortlist, and which forms were already submitted.
 */
export function useConcierge(visitorId: string, events: ConciergeEvents = {}, options: ConciergeOptions = {}) {
  const [status, setStatus] = useState<Status>("starting");
  const [entries, setEntries] = useState<TranscriptEntry[]>([]);
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<LocalNotice | null>(null);
  const [savedIds, setSavedIds] = useState<ReadonlySet<string>>(new Set());
  const [pendingSaves, setPendingSaves] = useState<ReadonlySet<string>>(new Set());
  const [shortlist, setShortlist] = useState<ProductCard[] | null>(null);
  const [done, setDone] = useState<Record<number, string>>({});
  /** Changes when another session (a new conversation) takes over, so live delivery follows it. */
  const [sessionKey, setSessionKey] = useState<string | null>(null);
  /** The conversation's language (from session.start and each finished turn). */
  const [language, setLanguage] = useState<Language>("en");
  /** The handoff as session.start reported it (the transcript carries every change after). */
  const [handoffStart, setHandoffStart] = useState<HandoffStart>(NO_HANDOFF);
  /** A stylist typing right now (their name), from the live channel; never stored. */
  const [stylistTyping, setStylistTyping] = useState<string | null>(null);
  /** Read marks: what a stylist has read, and what the shopper has seen. */
  const [stylistSeenSeq, setStylistSeenSeq] = useState(0);
  const [shopperSeenSeq, setShopperSeenSeq] = useState(0);
  const shopperSeenRef = useRef(0);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const typingSent = useRef<{ at: number; on: boolean }>({ at: 0, on: false });

  const token = useRef<string | null>(null);
  const sessionId = useRef<string | null>(null);
  const entriesRef = useRef<TranscriptEntry[]>([]);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const refreshing = useRef<Promise<void> | null>(null);
  const lastInput = useRef<ChatInput | null>(null);
  const eventsRef = useRef(events);
  eventsRef.current = events;
  const greeting = options.greeting;
  const page = options.page;
  const savedRef = useRef<ReadonlySet<string>>(savedIds);
  savedRef.current = savedIds;

  const client: WidgetClient = useMemo(() => createWidgetClient(() => token.current), []);

  const lastSeq = () => entriesRef.current[entriesRef.current.length - 1]?.seq ?? 0;
  /** The turn being streamed: its draft closes once the concierge's answer (an entry after the shopper's) is shown. */
  const turnRef = useRef<{ shopperSeq: number; answered: boolean } | null>(null);
  /** Waiting for the transcript to reach a seq (a turn's `done`); resolved as entries merge. */
  const seqWaiters = useRef(new Set<{ seq: number; resolve: () => void }>());
  /** The live channel (session.events) is connected right now: a finished turn's messages are on their way on it. */
  const eventsLive = useRef(false);

  const merge = useCallback((incoming: TranscriptEntry[], live: boolean) => {
    const before = entriesRef.current;
    const next = mergeEntries(before, incoming);
    if (next === before) return;
    const known = new Set(before.map((e) => e.seq));
    entriesRef.current = next;
    setEntries(next);
    const turn = turnRef.current;
    if (turn && !turn.answered && incoming.some((e) => e.role === "concierge" && e.seq > turn.shopperSeq)) {
      // The stored answer replaces the streamed draft (any later delta is ignored).
      turn.answered = true;
      setDraft(null);
    }
    const reached = next[next.length - 1]?.seq ?? 0;
    for (const waiter of seqWaiters.current) {
      if (waiter.seq <= reached) {
        seqWaiters.current.delete(waiter);
        waiter.resolve();
      }
    }
    for (const entry of incoming) {
      if (known.has(entry.seq)) continue;
      known.add(entry.seq);
      // The latest shortlist message is the server's word on what is saved.
      if (entry.message.type === "shortlist" && live) setSavedIds(new Set(entry.message.products.map((p) => p.id)));
      if (live && entry.role !== "shopper") eventsRef.current.onMessage?.(entry);
    }
  }, []);

  /** session.start (new or resumed); keeps the transcript already shown. */
  // The store's identity token (identify / data-identity), remembered for restarts (an expired
  // session token); and a counter so a start that began before identify cannot undo it.
  const identityRef = useRef<string | undefined>(undefined);
  const startGeneration = useRef(0);
  const startSession = useCallback(
    async (explicitIdentity?: string, fresh = false) => {
      if (explicitIdentity) identityRef.current = explicitIdentity;
      const identityToken = explicitIdentity ?? identityRef.current;
      const generation = ++startGeneration.current;
      const resumeToken = fresh ? undefined : (store.get(RESUME_KEY) ?? undefined);
      const res = await client.session.start.mutate({
        visitorId,
        ...(resumeToken && /^[A-Za-z0-9._-]{10,4096}$/.test(resumeToken) ? { resumeToken } : {}),
        ...(identityToken ? { identityToken } : {}),
        ...(greeting ? { greeting } : {}),
        ...(page ? { page } : {}),
      });
      // A newer start (e.g. with the shopper's identity) is on its way: its answer is the one that counts.
      if (generation !== startGeneration.current) return res.enabled;
      if (!res.enabled) {
        token.current = null;
        setStatus("disabled");
        return false;
      }
      token.current = res.sessionToken;
      store.set(RESUME_KEY, res.resumeToken);
      const changed = sessionId.current !== res.sessionId;
      if (changed) {
        sessionId.current = res.sessionId;
        setSessionKey(res.sessionId);
        entriesRef.current = [];
        setEntries([]);
        try {
          const saved = JSON.parse(store.get(DONE_KEY) ?? "null") as { sid?: string; done?: Record<number, string> } | null;
          setDone(saved?.sid === res.sessionId && saved.done ? saved.done : {});
        } catch {
          setDone({});
        }
      }
      merge(res.messages, false);
      setLanguage(res.language);
      const h = res.handoff;
      const atSeq = res.messages[res.messages.length - 1]?.seq ?? 0;
      setHandoffStart(h ? { ...h, atSeq } : { ...NO_HANDOFF, atSeq });
      shopperSeenRef.current = Math.max(h?.shopperSeenSeq ?? 0, changed ? 0 : shopperSeenRef.current);
      setShopperSeenSeq(shopperSeenRef.current);
      setStylistSeenSeq(h?.stylistSeenSeq ?? 0);
      setStatus("ready");
      return true;
    },
    [client, visitorId, merge, greeting, page],
  );

  const refresh = useCallback(() => {
    refreshing.current ??= startSession()
      .then(() => undefined)
      .finally(() => {
        refreshing.current = null;
      });
    return refreshing.current;
  }, [startSession]);

  /** Runs a widget call; on UNAUTHORIZED (expired token) starts the session again and retries once. */
  const call = useCallback(
    async <T>(fn: (c: WidgetClient) => Promise<T>): Promise<T> => {
      try {
        return await fn(client);
      } catch (error) {
        if (errorCode(error) !== "UNAUTHORIZED") throw error;
        await refresh();
        return fn(client);
      }
    },
    [client, refresh],
  );

  const loadShortlist = useCallback(async () => {
    const res = await call((c) => c.support.shortlist.get.query());
    setShortlist(res.products);
    setSavedIds(new Set(res.products.map((p) => p.id)));
    return res.products;
  }, [call]);

  /** One subscription to a turn's stream (text only); resolves on `done` with the last seq the turn stored. */
  const streamOnce = useCallback(
    (turnId: string) =>
      new Promise<number>((resolve, reject) => {
        let settled = false;
        const finish = (outcome: { lastSeq: number } | { error: unknown }) => {
          if (settled) return;
          settled = true;
          sub.unsubscribe();
          if ("lastSeq" in outcome) resolve(outcome.lastSeq);
          else reject(outcome.error);
        };
        const drafting = () => !turnRef.current?.answered;
        // A (re)connected stream starts with the whole text so far: it replaces the draft, never extends it.
        if (drafting()) setDraft("");
        const sub = client.chat.stream.subscribe(
          { turnId },
          {
            onData(event) {
              if (event.type === "delta") {
                if (drafting()) setDraft((d) => (d ?? "") + event.text);
              } else if (event.type === "reset") {
                if (drafting()) setDraft("");
              } else if (event.type === "done") {
                if (event.language) setLanguage(event.language);
                finish({ lastSeq: event.lastSeq });
              }
            },
            onError: (error) => finish({ error: error ?? new Error("stream failed") }),
            onComplete: () => finish({ error: new Error("The stream ended before the answer was complete.") }),
          },
        );
      }),
    [client],
  );

  /** Resolves once the transcript reaches `seq`, or after `ms` (false). */
  const reachSeq = useCallback((seq: number, ms: number) => {
    if (lastSeq() >= seq) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        seqWaiters.current.delete(waiter);
        resolve(false);
      }, ms);
      seqWaiters.current.add(waiter);
    });
  }, []);

  /**
   * A finished turn's stored messages (up to `seq`): they come on the live channel; if it is not
   * connected, or they have not come within a moment (a proxy holding it), they are read once from the store.
   */
  const collectTurn = useCallback(
    async (seq: number) => {
      if (lastSeq() >= seq) return;
      if (eventsLive.current && (await reachSeq(seq, ANSWER_ON_CHANNEL_MS))) return;
      const { entries: more } = await call((c) => c.session.messages.query({ afterSeq: lastSeq() }));
      merge(more, true);
    },
    [reachSeq, call, merge],
  );

  /** Fallback when streaming fails twice: read the stored answer (the turn may still be running). */
  const catchUp = useCallback(
    async (afterSeq: number) => {
      for (let attempt = 0; attempt < 6; attempt++) {
        const { entries: more } = await call((c) => c.session.messages.query({ afterSeq }));
        merge(more, true);
        if (more.some((e) => e.role !== "shopper")) return;
        await sleep(1000);
      }
    },
    [call, merge],
  );

  const runTurn = useCallback(
    async (input: ChatInput) => {
      lastInput.current = input;
      setNotice(null);
      setBusy(true);
      try {
        const idempotencyKey = uuid(); // reused if the call is retried after a token refresh
        const { turnId, shopperEntry } = await call((c) => c.chat.start.mutate(input, { context: { idempotencyKey } }));
        // The live channel can bring a quick answer before chat.start's own reply.
        const answered = entriesRef.current.some((e) => e.role === "concierge" && e.seq > shopperEntry.seq);
        turnRef.current = { shopperSeq: shopperEntry.seq, answered };
        merge([shopperEntry], true);
        if (!answered) setDraft("");
        let turnEnd: number | undefined;
        try {
          turnEnd = await streamOnce(turnId);
        } catch (first) {
          if (errorCode(first) === "UNAUTHORIZED") await refresh();
          try {
            turnEnd = await streamOnce(turnId);
          } catch {
            await catchUp(lastSeq());
          }
        }
        if (turnEnd !== undefined) await collectTurn(turnEnd);
      } catch (error) {
        setNotice(messageOf(error));
        if (errorCode(error) === "FORBIDDEN") setStatus("disabled");
      } finally {
        turnRef.current = null;
        setDraft(null);
        setBusy(false);
      }
    },
    [call, merge, streamOnce, refresh, catchUp, collectTurn],
  );

  /** Sends one turn; turns run one after another, in the order the shopper made them. */
  const send = useCallback(
    (input: ChatInput) => {
      const next = queue.current.then(() => runTurn(input));
      queue.current = next.catch(() => undefined);
      return next;
    },
    [runTurn],
  );

  const retry = useCallback(() => {
    if (lastInput.current) void send(lastInput.current);
  }, [send]);

  /**
   * The heart on a card or in the detail sheet: toggles in place (no chat turn) through
   * support.shortlist.add/remove; the heart flips at once and flips back if the server refuses.
   */
  const toggleSave = useCallback(
    async (productId: string): Promise<SaveOutcome> => {
      const wasSaved = savedRef.current.has(productId);
      const flip = (saved: boolean) =>
        setSavedIds((s) => {
          const n = new Set(s);
          if (saved) n.add(productId);
          else n.delete(productId);
          return n;
        });
      setPendingSaves((s) => new Set(s).add(productId));
      flip(!wasSaved);
      try {
        const idempotencyKey = uuid();
        const res = await call((c) =>
          wasSaved
            ? c.support.shortlist.remove.mutate({ productId }, { context: { idempotencyKey } })
            : c.support.shortlist.add.mutate({ productId }, { context: { idempotencyKey } }),
        );
        setSavedIds(new Set(res.products.map((p) => p.id)));
        setShortlist(res.products);
        return { ok: true, saved: !wasSaved };
      } catch (error) {
        flip(wasSaved);
        const code = errorCode(error);
        const text =
          code === "CONFLICT" || code === "NOT_FOUND"
            ? ((error as { message?: string }).message ?? "That piece couldn't be saved.")
            : wasSaved
              ? "Couldn't remove that piece — please try again."
              : "Couldn't save that piece — please try again.";
        return { ok: false, text };
      } finally {
        setPendingSaves((s) => {
          const n = new Set(s);
          n.delete(productId);
          return n;
        });
      }
    },
    [call],
  );

  /** Remove from the drawer: a direct shortlist mutation (no chat turn). */
  const removeSaved = useCallback(
    async (productId: string) => {
      const idempotencyKey = uuid();
      try {
        const res = await call((c) => c.support.shortlist.remove.mutate({ productId }, { context: { idempotencyKey } }));
        setShortlist(res.products);
        setSavedIds(new Set(res.products.map((p) => p.id)));
      } catch (error) {
        setNotice(messageOf(error));
      }
    },
    [call],
  );

  /** Marks a form as submitted (shown as a read-only summary, also after a reload). */
  const markDone = useCallback((seq: number, summary: string) => {
    setDone((d) => {
      const next = { ...d, [seq]: summary };
      store.set(DONE_KEY, JSON.stringify({ sid: sessionId.current, done: next }));
      return next;
    });
  }, []);

  const identify = useCallback(
    async (identityToken: string) => {
      try {
        await startSession(identityToken);
        await loadShortlist();
      } catch (error) {
        setNotice(messageOf(error));
      }
    },
    [startSession, loadShortlist],
  );

  // Start (or resume) on mount.
  useEffect(() => {
    let cancelled = false;
    startSession()
      .then((ok) => (ok && !cancelled ? loadShortlist() : null))
      .catch(() => {
        if (!cancelled) setStatus((s) => (s === "starting" ? "failed" : s));
      });
    return () => {
      cancelled = true;
    };
  }, [startSession, loadShortlist]);

  // Follow the conversation live (a stylist's reply arrives here); reconnects from the last seq seen.
  useEffect(() => {
    if (status !== "ready") return;
    let stopped = false;
    let sub: { unsubscribe(): void } | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      if (stopped) return;
      sub = client.session.events.subscribe(
        { afterSeq: lastSeq() },
        {
          onStarted: () => {
            eventsLive.current = true;
          },
          onConnectionStateChange: (state) => {
            eventsLive.current = state.state === "pending";
          },
          onData: (event) => {
            if ("presence" in event) {
              // The stylist's presence: typing (expires unless refreshed) and how far they have read.
              if (event.presence === "typing") {
                clearTimeout(typingTimer.current);
                setStylistTyping(event.typing ? (event.name ?? "") : null);
                if (event.typing) typingTimer.current = setTimeout(() => setStylistTyping(null), TYPING_TTL_MS);
              } else setStylistSeenSeq((s) => Math.max(s, event.seq));
              return;
            }
            if (event.message.type === "stylist_reply") {
              clearTimeout(typingTimer.current);
              setStylistTyping(null);
            }
            merge([event], true);
          },
          onError: (error) => {
            eventsLive.current = false;
            sub?.unsubscribe();
            if (stopped) return;
            const again = () => {
              retryTimer = setTimeout(connect, RECONNECT_MS);
            };
            if (errorCode(error) === "UNAUTHORIZED") void refresh().then(again, again);
            else again();
          },
        },
      );
    };
    connect();
    return () => {
      stopped = true;
      eventsLive.current = false;
      clearTimeout(retryTimer);
      sub?.unsubscribe();
    };
  }, [status, sessionKey, client, merge, refresh]);

  /** The shopper has seen the conversation up to `seq`: the stylist sees "Seen", the launcher's badge clears. */
  const markSeen = useCallback(
    (seq: number) => {
      if (seq <= shopperSeenRef.current || !token.current) return;
      shopperSeenRef.current = seq;
      setShopperSeenSeq(seq);
      void call((c) => c.session.seen.mutate({ seq })).catch(() => undefined);
    },
    [call],
  );

  /** The shopper is typing to a stylist ("shopper is typing…" in the ticket view): refreshed at most every few seconds. */
  const typing = useCallback(
    (on: boolean) => {
      const sent = typingSent.current;
      const now = Date.now();
      if (on ? sent.on && now - sent.at < TYPING_REFRESH_MS : !sent.on) return;
      typingSent.current = { at: now, on };
      if (token.current) void call((c) => c.session.typing.mutate({ typing: on })).catch(() => undefined);
    },
    [call],
  );

  /** One piece in full for the detail sheet (support.products.get). */
  const productDetail = useCallback((productId: string) => call((c) => c.support.products.get.query({ productId })), [call]);

  /**
   * "Start a new conversation": a fresh session and transcript (the old conversation stays on the
   * server for the dashboard); saved pieces come along to the new session.
   */
  const newConversation = useCallback(async () => {
    const keep = [...savedRef.current];
    await queue.current;
    setNotice(null);
    setDraft(null);
    const ok = await startSession(undefined, true);
    if (!ok) return false;
    setDone({});
    for (const productId of keep) {
      await call((c) => c.support.shortlist.add.mutate({ productId }, { context: { idempotencyKey: uuid() } })).catch(() => undefined);
    }
    await loadShortlist().catch(() => undefined);
    return true;
  }, [startSession, call, loadShortlist]);

  /** The shopper opened a piece's details (analytics only: nothing is added to the transcript). */
  const viewed = useCallback(
    (productId: string) => {
      if (token.current) void call((c) => c.support.products.viewed.mutate({ productId })).catch(() => undefined);
    },
    [call],
  );

  /**
   * The panel was opened on the store's page (widget-open analytics). The first open of a page
   * usually arrives while the session is still starting: it is remembered and sent once ready.
   */
  const pendingOpen = useRef(false);
  const opened = useCallback(() => {
    if (!token.current) {
      pendingOpen.current = true;
      return;
    }
    void call((c) => c.session.opened.mutate()).catch(() => undefined);
  }, [call]);
  useEffect(() => {
    if (status !== "ready" || !pendingOpen.current) return;
    pendingOpen.current = false;
    opened();
  }, [status, opened]);

  const mode = useMemo(() => currentMode(entries, handoffStart), [entries, handoffStart]);
  const stylist = useMemo(() => currentStylist(entries), [entries]);

  return {
    status,
    language,
    entries,
    /** Who answers: the concierge ("bot"), or a stylist (waiting for one, or with one). */
    mode,
    stylist,
    expectation: handoffStart.expectation,
    stylistTyping: mode === "bot" ? null : stylistTyping,
    stylistSeenSeq,
    shopperSeenSeq,
    markSeen,
    typing,
    draft,
    busy,
    notice,
    savedIds,
    pendingSaves,
    shortlist,
    done,
    send,
    retry,
    toggleSave,
    removeSaved,
    loadShortlist,
    markDone,
    identify,
    opened,
    viewed,
    productDetail,
    newConversation,
    restart: () => {
      setStatus("starting");
      startSession()
        .then((ok) => (ok ? loadShortlist() : null))
        .catch(() => setStatus("failed"));
    },
  };
}

export type Concierge = ReturnType<typeof useConcierge>;
