/**
 * A minimal fetch-based EventSource for tRPC's httpSubscriptionLink. The native EventSource cannot
 * send an `Authorization` header, and the session token must never travel in a URL, so this reads
 * the SSE stream through fetch with the bearer header instead.
 *
 * Differences from the native one (on purpose): it never reconnects by itself (the caller resumes
 * with `afterSeq`), and a failed request surfaces the server's tRPC error body on the `error`
 * event so `TRPCClientError.from` keeps the code (e.g. UNAUTHORIZED).
 */
type Listener = (event: { type: string; data?: string; lastEventId?: string }) => void;

export interface FetchEventSourceInit {
  withCredentials?: boolean;
  headers?: Record<string, string>;
}

export class FetchEventSource {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  private readonly ac = new AbortController();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    readonly url: string,
    init?: FetchEventSourceInit,
  ) {
    void this.run(init?.headers ?? {});
  }

  addEventListener(type: string, listener: Listener) {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener) {
    this.listeners.get(type)?.delete(listener);
  }

  close() {
    this.readyState = 2;
    this.ac.abort();
  }

  private emit(type: string, event: Record<string, unknown>) {
    for (const l of this.listeners.get(type) ?? []) l({ type, ...event });
  }

  private fail(detail: Record<string, unknown>) {
    if (this.readyState === 2) return;
    this.readyState = 2;
    this.ac.abort();
    this.emit("error", detail);
  }

  private async run(headers: Record<string, string>) {
    try {
      const res = await fetch(this.url, {
        headers: { Accept: "text/event-stream", ...headers },
        signal: this.ac.signal,
        cache: "no-store",
        credentials: "omit",
      });
      if (!res.ok || !res.body || !(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
        const body: unknown = await res.json().catch(() => null);
        this.fail(body && typeof body === "object" ? (body as Record<string, unknown>) : { message: `HTTP ${res.status}` });
        return;
      }
      this.readyState = 1;
      this.emit("open", {});
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let event = "";
      let id = "";
      let data: string[] | null = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let nl: number;
        while ((nl = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, "");
          buffer = buffer.slice(nl + 1);
          if (line === "") {
            if (data) this.emit(event || "message", { data: data.join("\n"), lastEventId: id });
            event = "";
            data = null;
            continue;
          }
          if (line.startsWith(":")) continue;
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "data") (data ??= []).push(val);
          else if (field === "event") event = val;
          else if (field === "id") id = val;
        }
        if (this.readyState === 2) return;
      }
      this.fail({ message: "The stream ended unexpectedly." });
    } catch {
      this.fail({ message: "The connection was lost." });
    }
  }
}
