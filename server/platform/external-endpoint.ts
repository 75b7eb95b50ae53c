import CircuitBreaker from "opossum";
import type { z } from "zod";
import type { ExternalOutcome, ExternalService } from "./metrics-labels";

/** A call to an external endpoint that gave no usable answer; `outcome` says how it failed. */
export class ExternalServiceError extends Error {
  constructor(
    readonly service: ExternalService,
    readonly outcome: Exclude<ExternalOutcome, "ok" | "not_found" | "cached">,
    message: string,
  ) {
    super(`${service} endpoint: ${message}`);
    this.name = "ExternalServiceError";
  }
}

export interface ExternalEndpointMetrics {
  externalRequests: { inc(labels: { service: string; outcome: string }): void };
  externalDuration: { observe(labels: { service: string }, seconds: number): void };
}

export interface ExternalEndpointOptions {
  service: ExternalService;
  url: string;
  /** Sent as `X-Concierge-Secret` (server to server). */
  secret?: string | undefined;
  timeoutMs: number;
  metrics?: ExternalEndpointMetrics;
  /** Circuit breaker: opens when at least `volumeThreshold` calls in the rolling window failed `errorThresholdPercentage` %; one trial call after `resetTimeoutMs`. */
  breaker?: { errorThresholdPercentage?: number; volumeThreshold?: number; resetTimeoutMs?: number; rollingWindowMs?: number };
  /** Largest response body read (bytes). Default 2 MB. */
  maxBytes?: number;
}

const NOT_FOUND = Symbol("not found");

/**
 * A JSON-over-HTTPS endpoint of the store (the runbook's CONCIERGE_PRODUCTS_ENDPOINT and
 * CONCIERGE_ORDER_STATUS_ENDPOINT): POSTs a JSON body with the shared secret, bounded by a
 * timeout (the request is aborted), validates the answer against a zod schema, and sits behind a
 * circuit breaker (opossum) so a failing endpoint is skipped quickly until it recovers. A 404 is an
 * answer ("no such thing"), not a failure.
 */
export class ExternalEndpoint {
  private readonly breaker: CircuitBreaker<[unknown, z.ZodType, string | undefined], unknown>;

  constructor(private readonly options: ExternalEndpointOptions) {
    this.breaker = new CircuitBreaker(
      (body: unknown, schema: z.ZodType, requestId: string | undefined) => this.call(body, schema, requestId),
      {
        timeout: false, // the fetch itself is aborted at timeoutMs
        errorThresholdPercentage: options.breaker?.errorThresholdPercentage ?? 50,
        volumeThreshold: options.breaker?.volumeThreshold ?? 5,
        resetTimeout: options.breaker?.resetTimeoutMs ?? 30_000,
        rollingCountTimeout: options.breaker?.rollingWindowMs ?? 30_000,
      },
    );
  }

  /** Circuit state, for health and tests. */
  state(): "closed" | "open" | "half_open" {
    return this.breaker.opened ? "open" : this.breaker.halfOpen ? "half_open" : "closed";
  }

  /** The validated answer, or null for a 404. Throws ExternalServiceError for every failure. */
  async post<T>(body: unknown, schema: z.ZodType<T>, requestId?: string): Promise<T | null> {
    const started = process.hrtime.bigint();
    const { service } = this.options;
    try {
      const result = await this.breaker.fire(body, schema, requestId);
      this.options.metrics?.externalRequests.inc({ service, outcome: result === NOT_FOUND ? "not_found" : "ok" });
      return result === NOT_FOUND ? null : (result as T);
    } catch (error) {
      const failure =
        error instanceof ExternalServiceError
          ? error
          : (error as { code?: string })?.code === "EOPENBREAKER"
            ? new ExternalServiceError(service, "circuit_open", "circuit open after repeated failures; not called")
            : new ExternalServiceError(service, "network_error", (error as Error)?.message ?? String(error));
      this.options.metrics?.externalRequests.inc({ service, outcome: failure.outcome });
      throw failure;
    } finally {
      this.options.metrics?.externalDuration.observe({ service }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async call(body: unknown, schema: z.ZodType, requestId: string | undefined): Promise<unknown> {
    const { service, url, secret, timeoutMs } = this.options;
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          ...(secret ? { "X-Concierge-Secret": secret } : {}),
          ...(requestId ? { "X-Request-Id": requestId } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === "TimeoutError" || name === "AbortError")
        throw new ExternalServiceError(service, "timeout", `no answer within ${timeoutMs} ms`);
      throw new ExternalServiceError(service, "network_error", (error as Error)?.message ?? "request failed");
    }
    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      return NOT_FOUND;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new ExternalServiceError(service, "http_error", `HTTP ${response.status}`);
    }
    let text: string;
    try {
      text = await readLimited(response, this.options.maxBytes ?? 2 * 1024 * 1024);
    } catch (error) {
      if ((error as Error)?.message === "too large") throw new ExternalServiceError(service, "malformed", "the answer is too large");
      throw new ExternalServiceError(service, "timeout", `the answer did not finish within ${timeoutMs} ms`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ExternalServiceError(service, "malformed", "the answer is not JSON");
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ExternalServiceError(
        service,
        "malformed",
        `the answer does not follow the contract (${issue?.path.join(".") || "body"}: ${issue?.message})`,
      );
    }
    return parsed.data;
  }
}

/** The body as text, refusing more than `maxBytes` (the fetch's timeout signal also bounds the read). */
async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const length = Number(response.headers.get("content-length") ?? "0");
  if (length > maxBytes) throw new Error("too large");
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error("too large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
