import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "../../../server/routers";
import { FetchEventSource, type FetchEventSourceInit } from "./event-source";

export type WidgetClient = TRPCClient<AppRouter>;

/** Per-call context: the Idempotency-Key chosen by the caller (reused when the call is retried). */
export interface CallContext {
  idempotencyKey?: string;
  [key: string]: unknown;
}

/** A fresh UUID; crypto.randomUUID needs a secure context, so fall back to getRandomValues. */
export function uuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The widget's tRPC client. The session token lives in memory only and travels as
 * `Authorization: Bearer …` on every call, including the SSE stream (through a fetch-based
 * EventSource, since the native one cannot send headers).
 */
export function createWidgetClient(getToken: () => string | null, url = "/api/trpc"): WidgetClient {
  const auth = (): Record<string, string> => {
    const token = getToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          EventSource: FetchEventSource,
          eventSourceOptions: (): FetchEventSourceInit => ({ headers: auth() }),
        }),
        false: splitLink({
          condition: (op) => op.type === "mutation",
          // One mutation per request, so each carries its own Idempotency-Key.
          true: httpBatchLink({
            url,
            maxItems: 1,
            headers: ({ opList }) => {
              const key = (opList[0]?.context as CallContext | undefined)?.idempotencyKey;
              return key ? { ...auth(), "Idempotency-Key": key } : auth();
            },
          }),
          false: httpBatchLink({ url, headers: auth }),
        }),
      }),
    ],
  });
}

/** The tRPC error code of a failed call ("UNAUTHORIZED", …), if the server sent one. */
export function errorCode(error: unknown): string | undefined {
  const data = (error as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code === "string" ? data.code : undefined;
}
