import type { Runtime } from "../runtime";
import type { StaffUser } from "../services/dashboard-auth-service";
import type { WidgetSessionClaims } from "../platform/tokens";

export type StaffIdentity = StaffUser;

export interface WidgetIdentity {
  sessionId: string;
  visitorId: string;
  verifiedEmailHash?: string;
}

/** What every procedure sees: the runtime's services and who is calling. */
export interface TrpcContext {
  runtime: Runtime;
  requestId: string;
  /** Client address, for rate limits (never logged with personal data). */
  ip: string;
  /** Raw bearer token, verified by widgetProcedure. */
  bearerToken: string | undefined;
  /** The bearer token's verified claims, verified once per request (memoised). */
  widgetSession(): Promise<WidgetSessionClaims | null>;
  /** Idempotency-Key header as sent (the idempotency middleware rejects one over 255 characters). */
  idempotencyKey: string | undefined;
  /** Dashboard user resolved from the session cookie, if any. */
  staff: StaffIdentity | null;
  /** Response headers a procedure wants to add (rate-limit headers, etc.). */
  responseHeaders: Headers;
  /** The request's User-Agent (session.start keeps a coarse device description for stylists). */
  userAgent: string | undefined;
}

/** Request headers, read by name (a fetch `Headers`, or a getter over Node's incoming headers). */
export interface HeaderSource {
  get(name: string): string | null | undefined;
}

export interface CreateContextOptions {
  runtime: Runtime;
  headers: HeaderSource;
  requestId: string;
  ip: string;
  staff?: StaffIdentity | null;
  responseHeaders?: Headers;
  /** The bearer token's claims when the edge already verified it (a live stream's admission): not verified twice. */
  widgetSession?: Promise<WidgetSessionClaims | null>;
}

function bearer(header: string | null | undefined): string | undefined {
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header) : null;
  return match?.[1];
}

export function createTrpcContext(opts: CreateContextOptions): TrpcContext {
  const token = bearer(opts.headers.get("authorization"));
  let verified: Promise<WidgetSessionClaims | null> | undefined = opts.widgetSession;
  return {
    runtime: opts.runtime,
    requestId: opts.requestId,
    ip: opts.ip,
    bearerToken: token,
    widgetSession: () => (verified ??= token ? opts.runtime.sessionTokens.verify(token).catch(() => null) : Promise.resolve(null)),
    idempotencyKey: opts.headers.get("idempotency-key") || undefined,
    staff: opts.staff ?? null,
    responseHeaders: opts.responseHeaders ?? new Headers(),
    userAgent: opts.headers.get("user-agent")?.slice(0, 512) || undefined,
  };
}
