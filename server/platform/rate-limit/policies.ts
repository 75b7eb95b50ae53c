import { createHash, createHmac, hkdfSync } from "node:crypto";
import { isIP } from "node:net";

/**
 * Every rate-limit policy, and which procedures each applies to, declared in one place.
 *
 * Algorithm everywhere: a sliding-window counter (the current fixed window's count plus the
 * previous window's count weighted by how much of it still overlaps the sliding window) — the
 * algorithm of `@upstash/ratelimit`'s `slidingWindow`, reproduced exactly by the memory backend so
 * every backend gives the same answers. Refused calls consume nothing.
 */

export type FailMode = "open" | "closed";

export type PolicyName =
  | "support_ip"
  | "chat_session"
  | "order_lookup_failures_order"
  | "order_lookup_failures_session"
  | "order_lookup_failures_ip"
  | "dashboard_login"
  | "dashboard_login_ip"
  | "dashboard_login_failures"
  | "dashboard_ip";

export interface RateLimitPolicy {
  name: PolicyName;
  /** Units allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /**
   * What happens when the backend cannot answer (down, timeout): `open` lets the call through,
   * `closed` refuses it (503). support_ip's mode is decided per procedure, see {@link procedureRateLimits}.
   */
  failMode: FailMode;
  /** What one unit is. */
  counts: "every_call" | "failed_lookups";
  /** How the key is built (see {@link rateLimitKeys}); never a raw email or order number. */
  key: string;
}

export const RATE_LIMIT_POLICIES: Readonly<Record<PolicyName, RateLimitPolicy>> = Object.freeze({
  support_ip: {
    name: "support_ip",
    limit: 100,
    windowMs: 60_000,
    failMode: "closed",
    counts: "every_call",
    key: "ip:<client IP> (IPv6: its /64 prefix) — every support.*, session.* and chat.* call, each call of a batch counts",
  },
  chat_session: {
    name: "chat_session",
    limit: 30,
    windowMs: 60_000,
    failMode: "closed",
    counts: "every_call",
    key: "sid:<widget session id from the verified bearer token> — chat.send and chat.start",
  },
  order_lookup_failures_order: {
    name: "order_lookup_failures_order",
    limit: 5,
    windowMs: 60 * 60_000,
    failMode: "closed",
    counts: "failed_lookups",
    key: "order:<keyed hash of the normalised order number>",
  },
  order_lookup_failures_session: {
    name: "order_lookup_failures_session",
    limit: 5,
    windowMs: 60 * 60_000,
    failMode: "closed",
    counts: "failed_lookups",
    key: "sid:<widget session id> (lookups with a verified widget session)",
  },
  order_lookup_failures_ip: {
    name: "order_lookup_failures_ip",
    limit: 20,
    windowMs: 60 * 60_000,
    failMode: "closed",
    counts: "failed_lookups",
    key: "ip:<client IP> — every failed lookup from one address, whatever session it came from",
  },
  dashboard_login: {
    name: "dashboard_login",
    limit: 10,
    windowMs: 15 * 60_000,
    failMode: "closed",
    counts: "every_call",
    key: "email:<keyed hash of the lower-cased email> — every dashboard sign-in attempt",
  },
  dashboard_login_ip: {
    name: "dashboard_login_ip",
    limit: 30,
    windowMs: 15 * 60_000,
    failMode: "closed",
    counts: "failed_lookups",
    key: "ip:<client IP> — failed dashboard sign-ins from one address, whatever the account (password spraying)",
  },
  dashboard_login_failures: {
    name: "dashboard_login_failures",
    limit: 5,
    windowMs: 15 * 60_000,
    failMode: "closed",
    counts: "failed_lookups",
    key: "email:<keyed hash of the lower-cased email> — failed sign-ins to an email with no account, so it locks exactly like a real one",
  },
  dashboard_ip: {
    name: "dashboard_ip",
    limit: 600,
    windowMs: 60_000,
    failMode: "open",
    counts: "every_call",
    key: "ip:<client IP> — every dashboard.* procedure call (each call of a batch counts)",
  },
});

export type PolicyTable = Readonly<Record<PolicyName, RateLimitPolicy>>;

// ---------------------------------------------------------------------------------------------
// Which procedures are limited, by what, and how they fail
// ---------------------------------------------------------------------------------------------

export type ProcedureKind = "query" | "mutation" | "subscription";

/** Procedure paths the per-IP limit covers. */
const IP_LIMITED_PREFIXES = ["support.", "session.", "chat."] as const;

/**
 * support_ip fails OPEN only for these read-only calls that touch no order or personal data;
 * everything else — every mutation (forced, even if listed here), order reads — fails CLOSED.
 *  - support.products.search: catalog browsing;
 *  - support.shortlist.get, session.messages: the caller's own shortlist / transcript after a reload;
 *  - chat.stream: the stream of a turn that chat.start (fail-closed) already admitted.
 */
const SUPPORT_IP_FAIL_OPEN = new Set(["support.products.search", "support.shortlist.get", "session.messages", "chat.stream"]);

/** Turns that cost an engine run (and possibly an LLM call). */
const CHAT_TURN_PROCEDURES = new Set(["chat.send", "chat.start"]);

export interface PolicyRule {
  policy: PolicyName;
  failMode: FailMode;
  /** Which identity the key is built from. */
  keyBy: "ip" | "session";
}

export interface ProcedureRateLimits {
  /** Policies consumed by every call, before the procedure runs. (Failed order lookups are limited where
   * every lookup happens — OrderAccessService — so the chat and the LLM tool count too.) */
  rules: PolicyRule[];
}

/** The rate limits of one procedure call; `null` when none apply. */
export function procedureRateLimits(path: string, type: ProcedureKind): ProcedureRateLimits | null {
  if (path.startsWith("dashboard.")) {
    // Staff calls: generous, but a runaway script or a stolen cookie cannot hammer the store. Reads
    // fail open (the dashboard keeps working when the limiter is down); writes fail closed.
    return { rules: [{ policy: "dashboard_ip", failMode: type === "mutation" ? "closed" : "open", keyBy: "ip" }] };
  }
  if (!IP_LIMITED_PREFIXES.some((prefix) => path.startsWith(prefix))) return null;
  const ipFailMode: FailMode = type !== "mutation" && SUPPORT_IP_FAIL_OPEN.has(path) ? "open" : "closed";
  const rules: PolicyRule[] = [{ policy: "support_ip", failMode: ipFailMode, keyBy: "ip" }];
  if (CHAT_TURN_PROCEDURES.has(path))
    rules.push({ policy: "chat_session", failMode: RATE_LIMIT_POLICIES.chat_session.failMode, keyBy: "session" });
  return { rules };
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/** Hashes an identifier that must never appear in a key as is. */
export type KeyHasher = (kind: "email" | "order", value: string) => string;

function normalise(kind: "email" | "order", value: string): string {
  return kind === "email" ? value.trim().toLowerCase() : value.trim().toUpperCase();
}

/**
 * The hash used in rate-limit keys for emails and order numbers.
 *
 * With a secret (production: pass `config.secrets.encryptionKey`): HMAC-SHA256 under a key derived
 * with HKDF for this purpose only, so whoever can read Redis cannot confirm a guessed email or
 * enumerate the (low-entropy) order-number space. Without one (tests): plain SHA-256, which hides
 * the value from casual reading only. Output: 32 base64url characters (192 bits).
 */
export function createKeyHasher(secret?: string): KeyHasher {
  if (!secret) {
    return (kind, value) =>
      createHash("sha256")
        .update(`${kind}:${normalise(kind, value)}`)
        .digest("base64url")
        .slice(0, 32);
  }
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), "aurora:rate-limit-keys", 32));
  return (kind, value) =>
    createHmac("sha256", key)
      .update(`${kind}:${normalise(kind, value)}`)
      .digest("base64url")
      .slice(0, 32);
}

/** IPv4 as is; IPv6 reduced to its /64 (one subscriber's allocation); anything else sanitised. */
export function clientIpKey(ip: string): string {
  const trimmed = ip.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  if (mapped?.[1]) return mapped[1];
  const version = isIP(trimmed);
  if (version === 4) return trimmed;
  if (version === 6) {
    const withoutZone = trimmed.split("%")[0] ?? trimmed;
    const [head = "", tail] = withoutZone.toLowerCase().split("::");
    const headGroups = head ? head.split(":") : [];
    const tailGroups = tail !== undefined && tail !== "" ? tail.split(":") : [];
    const missing = 8 - headGroups.length - tailGroups.length;
    const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(0, missing)).fill("0"), ...tailGroups];
    return `${groups
      .slice(0, 4)
      .map((g) => (g.includes(".") ? "0" : g.replace(/^0+(?=.)/, "")))
      .join(":")}::/64`;
  }
  return trimmed.replace(/[^A-Za-z0-9.:_-]/g, "_").slice(0, 64) || "unknown";
}

export const rateLimitKeys = {
  ip: (ip: string) => `ip:${clientIpKey(ip)}`,
  session: (sessionId: string) => `sid:${sessionId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64)}`,
  order: (orderNumber: string, hash: KeyHasher) => `order:${hash("order", orderNumber)}`,
  account: (email: string, hash: KeyHasher) => `email:${hash("email", email)}`,
};
