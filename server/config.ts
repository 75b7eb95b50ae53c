import path from "node:path";
import type { MailerOptions } from "./platform/mailer";
import { RATE_LIMIT_POLICIES } from "./platform/rate-limit/policies";
import { envSchema, type ParsedEnv } from "./config/schema";
import { loadOrCreateDevSecrets } from "./config/dev-secrets";
import { DEFAULT_RETENTION_DAYS, type RetentionPolicy } from "./domain/retention";
import { DEFAULT_PRODUCT_URL_TEMPLATE } from "./domain/catalog";
import { DEFAULT_ORDER_NUMBER_FORMAT, type OrderNumberFormat } from "./domain/orders";
import { parseBusinessHours, type BusinessHours } from "./domain/business-hours";

/** Live streams one client address may hold at once by default (a shared office or shop network included). */
export const DEFAULT_LIVE_STREAMS_PER_IP = 60;

/** How notification emails leave the app (the mailer's own options). */
export type MailConfig = MailerOptions;

export interface FlagConfig {
  enabled: boolean;
  rolloutPercentage: number;
  allowedUsers: readonly string[];
}

/** DeepSeek (the LLM engine); the rule engine answers alone without an API key. */
export interface DeepseekConfig {
  apiKey: string | undefined;
  baseUrl: string;
  model: string;
  /** The HTTP client's timeout per request (backstop). */
  timeoutMs: number;
  /** Retries inside the first-token deadline. */
  maxRetries: number;
  thinking: "disabled" | "enabled";
  reasoningEffort: "high" | "max" | undefined;
  temperature: number;
  topP: number;
  /** `max_tokens` for the visible answer; `reasoningTokens` more when thinking is enabled. */
  maxOutputTokens: number;
  reasoningTokens: number;
  /** The first token of a turn arrives within this or the rules answer. */
  firstTokenMs: number;
  /** A whole LLM turn fits in this or the rules answer. */
  turnTimeoutMs: number;
  /** USD per million tokens (prompt cache miss, prompt cache hit, output). */
  pricesPerMTok: { input: number; cachedInput: number; output: number };
}

export interface AppConfig {
  env: ParsedEnv["NODE_ENV"];
  isProduction: boolean;
  port: number;
  host: string;
  /** Express `trust proxy` value; undefined trusts no proxy headers. */
  trustProxy: number | string | undefined;
  /** Public origin of this app; used for CSP and absolute links. */
  appOrigin: string | undefined;
  dataDir: string;
  logLevel: ParsedEnv["LOG_LEVEL"];
  storeName: string;
  /** The store's public origin (product links); undefined: links point at the demo storefront here. */
  storeUrl: string | undefined;
  /** `{STORE_URL}` / `{handle}` template of a product page. */
  productUrlTemplate: string;
  /** How the widget looks on the store's pages (data attributes on the script tag override these). */
  widget: { brandColor: string | undefined; position: "right" | "left"; greeting: string | undefined };
  mongodb: { uri: string; dbName: string; serverSelectionTimeoutMs: number; operationTimeoutMs: number } | undefined;
  deepseek: DeepseekConfig;
  secrets: { jwtSecret: string; encryptionKey: string; generated: boolean };
  flags: FlagConfig;
  allowedOrigins: readonly string[];
  /** Secret the store signs shopper identity tokens with (HS256); identity tokens are off without it. */
  identitySecret: string | undefined;
  /** Legacy policy JSON (mapped onto knowledge topics; deprecated in favour of knowledgeDir). */
  policyFile: string | undefined;
  /** The merchant's knowledge content (`<dir>/<language>/<topic>.md`); the built-in content when unset. */
  knowledgeDir: string | undefined;
  externalEndpoints: {
    products: string | undefined;
    orderStatus: string | undefined;
    /** Shared secret sent to both endpoints (X-Concierge-Secret). */
    secret: string | undefined;
    timeoutMs: number;
    productsCacheSeconds: number;
  };
  /** Key for signed order webhooks; the webhook endpoint answers 404 without it. */
  webhookSecret: string | undefined;
  /** The store's order-number format (validation and recognition in chat). */
  orderNumbers: OrderNumberFormat;
  rateLimit: { upstashUrl: string | undefined; upstashToken: string | undefined; redisUrl: string | undefined };
  metricsToken: string | undefined;
  /** Rate limits on support procedures; off only for load benchmarks. */
  rateLimitEnabled: boolean;
  /** support_ip: calls per minute per client address. */
  rateLimitIpPerMinute: number;
  /** Concurrent SSE streams per client address. */
  liveStreamsPerIp: number;
  /** Seed the demo catalog and orders into an empty embedded store on start. */
  seedDemoData: boolean;
  /** ADMIN_EMAIL + ADMIN_PASSWORD: an admin account created on start if none has that email. */
  bootstrapAdmin: { email: string; password: string } | undefined;
  /** Days each kind of shopper record is kept (0 = forever), and how often the sweep runs (0 = never). */
  retention: { days: RetentionPolicy; sweepMinutes: number };
  /** First-response target for stylist tickets (the queue's SLA timer). */
  ticketFirstResponseMinutes: number;
  /** The `remix dev` server to notify after rebuilds (development only). */
  devServerOrigin: string | undefined;
  /** Human handoff: stylists' working hours (the expected-reply acknowledgement) and the CSAT pause. */
  handoff: { hours: BusinessHours; csatDelayMs: number };
  /** Notification email (stylist replies the shopper missed). */
  mail: MailConfig;
  notifications: { replyDelayMs: number; pollMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function dbNameFromUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/**
 * Parses an environment into the app's configuration. Pure apart from development secrets,
 * which are generated once into DATA_DIR. Throws ConfigError listing every problem.
 */
export function loadConfig(env: Record<string, string | undefined>): Readonly<AppConfig> {
  const blankAsMissing = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = envSchema.safeParse(blankAsMissing);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === "production";
  const dataDir = path.resolve(e.DATA_DIR);

  const problems: string[] = [];
  let jwtSecret = e.JWT_SECRET;
  let encryptionKey = e.ENCRYPTION_KEY;
  let generated = false;
  if (!jwtSecret || !encryptionKey) {
    if (isProduction) {
      if (!jwtSecret) problems.push("JWT_SECRET: required in production (at least 32 characters)");
      if (!encryptionKey) problems.push("ENCRYPTION_KEY: required in production (at least 32 characters)");
    } else {
      const dev = loadOrCreateDevSecrets(dataDir);
      jwtSecret ??= dev.JWT_SECRET;
      encryptionKey ??= dev.ENCRYPTION_KEY;
      generated = true;
    }
  }
  if (isProduction && !e.MONGODB_URI) {
    // Allowed, but only deliberately: the embedded store is single-process.
  }
  if (e.ADMIN_EMAIL && !e.ADMIN_PASSWORD) problems.push("ADMIN_PASSWORD: required when ADMIN_EMAIL is set (at least 12 characters)");
  if (e.ADMIN_PASSWORD && !e.ADMIN_EMAIL) problems.push("ADMIN_EMAIL: required when ADMIN_PASSWORD is set");
  if (isProduction) {
    // Server-to-server secrets are bearer credentials: production wants long random ones.
    if (e.CONCIERGE_WEBHOOK_SECRET && e.CONCIERGE_WEBHOOK_SECRET.length < 32) {
      problems.push("CONCIERGE_WEBHOOK_SECRET: must be at least 32 characters in production");
    }
    if (e.CONCIERGE_ENDPOINT_SECRET && e.CONCIERGE_ENDPOINT_SECRET.length < 32) {
      problems.push("CONCIERGE_ENDPOINT_SECRET: must be at least 32 characters in production");
    }
    if (e.CONCIERGE_ORDER_STATUS_ENDPOINT && !e.CONCIERGE_ENDPOINT_SECRET) {
      problems.push("CONCIERGE_ENDPOINT_SECRET: required in production when CONCIERGE_ORDER_STATUS_ENDPOINT is set");
    }
  }
  if (e.DEEPSEEK_FIRST_TOKEN_MS > e.DEEPSEEK_TURN_TIMEOUT_MS) {
    problems.push("DEEPSEEK_FIRST_TOKEN_MS: must not be longer than DEEPSEEK_TURN_TIMEOUT_MS");
  }
  const orderNumbers = parseOrderNumberFormat(e.ORDER_NUMBER_PREFIX, e.ORDER_NUMBER_DIGITS, problems);
  const smtpConfigured = Boolean(e.SMTP_URL || e.SMTP_HOST);
  if (e.MAIL_TRANSPORT === "smtp" && !smtpConfigured) problems.push("SMTP_URL or SMTP_HOST: required when MAIL_TRANSPORT=smtp");
  if (e.SMTP_URL && e.SMTP_HOST) problems.push("SMTP_HOST: set either SMTP_URL or SMTP_HOST/SMTP_PORT/SMTP_USER/SMTP_PASS, not both");
  if (Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASS)) problems.push("SMTP_USER and SMTP_PASS: set both or neither");
  if (isProduction && smtpConfigured && e.MAIL_TRANSPORT !== "off" && !e.MAIL_FROM) {
    problems.push("MAIL_FROM: required in production when SMTP is configured");
  }
  if (e.UPSTASH_REDIS_REST_URL && !e.UPSTASH_REDIS_REST_TOKEN) {
    problems.push("UPSTASH_REDIS_REST_TOKEN: required when UPSTASH_REDIS_REST_URL is set");
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const appOrigin = e.APP_ORIGIN ?? e.NEXTAUTH_URL;
  const from = e.MAIL_FROM ?? `${e.STORE_NAME} <concierge@localhost>`;
  const transport = e.MAIL_TRANSPORT ?? (smtpConfigured ? "smtp" : "file");
  const mail: MailConfig =
    transport === "smtp"
      ? {
          transport,
          from,
          smtp: e.SMTP_URL
            ? { url: e.SMTP_URL }
            : {
                host: e.SMTP_HOST!,
                port: e.SMTP_PORT ?? (e.SMTP_SECURE ? 465 : 587),
                secure: e.SMTP_SECURE ?? e.SMTP_PORT === 465,
                user: e.SMTP_USER,
                pass: e.SMTP_PASS,
              },
        }
      : transport === "file"
        ? { transport, from, dir: path.join(dataDir, "outbox") }
        : { transport, from };
  const config: AppConfig = {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY === undefined ? undefined : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    appOrigin,
    dataDir,
    logLevel: e.LOG_LEVEL,
    storeName: e.STORE_NAME,
    storeUrl: e.STORE_URL,
    productUrlTemplate: e.PRODUCT_URL_TEMPLATE ?? DEFAULT_PRODUCT_URL_TEMPLATE,
    widget: {
      brandColor: e.CONCIERGE_BRAND_COLOR?.toLowerCase(),
      position: e.CONCIERGE_LAUNCHER_POSITION ?? "right",
      greeting: e.CONCIERGE_GREETING,
    },
    mongodb: e.MONGODB_URI
      ? {
          uri: e.MONGODB_URI,
          dbName: e.MONGODB_DB ?? dbNameFromUri(e.MONGODB_URI) ?? "glowglitch",
          serverSelectionTimeoutMs: e.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
          operationTimeoutMs: e.MONGODB_OPERATION_TIMEOUT_MS,
        }
      : undefined,
    deepseek: Object.freeze({
      apiKey: e.DEEPSEEK_API_KEY,
      baseUrl: e.DEEPSEEK_BASE_URL,
      model: e.DEEPSEEK_MODEL,
      timeoutMs: e.DEEPSEEK_TIMEOUT_MS,
      maxRetries: e.DEEPSEEK_MAX_RETRIES,
      thinking: e.DEEPSEEK_THINKING,
      reasoningEffort: e.DEEPSEEK_REASONING_EFFORT,
      temperature: e.DEEPSEEK_TEMPERATURE,
      topP: e.DEEPSEEK_TOP_P,
      maxOutputTokens: e.DEEPSEEK_MAX_OUTPUT_TOKENS,
      reasoningTokens: e.DEEPSEEK_REASONING_TOKENS,
      firstTokenMs: e.DEEPSEEK_FIRST_TOKEN_MS,
      turnTimeoutMs: e.DEEPSEEK_TURN_TIMEOUT_MS,
      pricesPerMTok: Object.freeze({
        input: e.DEEPSEEK_PRICE_INPUT_PER_MTOK,
        cachedInput: e.DEEPSEEK_PRICE_CACHED_INPUT_PER_MTOK,
        output: e.DEEPSEEK_PRICE_OUTPUT_PER_MTOK,
      }),
    }),
    secrets: { jwtSecret: jwtSecret!, encryptionKey: encryptionKey!, generated },
    flags: {
      // Unprefixed names win over the runbook's NEXT_PUBLIC_ names when both are set.
      enabled: e.CONCIERGE_ENABLED ?? e.NEXT_PUBLIC_CONCIERGE_ENABLED ?? true,
      rolloutPercentage: e.CONCIERGE_ROLLOUT_PERCENTAGE ?? e.NEXT_PUBLIC_CONCIERGE_ROLLOUT_PERCENTAGE ?? 100,
      allowedUsers: Object.freeze((e.CONCIERGE_ALLOWED_USERS ?? e.NEXT_PUBLIC_CONCIERGE_ALLOWED_USERS ?? []).map((u) => u.toLowerCase())),
    },
    allowedOrigins: Object.freeze(e.CONCIERGE_ALLOWED_ORIGINS ?? (appOrigin ? [appOrigin] : [])),
    identitySecret: e.CONCIERGE_IDENTITY_SECRET,
    policyFile: e.CONCIERGE_POLICY_FILE ? path.resolve(e.CONCIERGE_POLICY_FILE) : undefined,
    knowledgeDir: e.CONCIERGE_KNOWLEDGE_DIR ? path.resolve(e.CONCIERGE_KNOWLEDGE_DIR) : undefined,
    externalEndpoints: {
      products: e.CONCIERGE_PRODUCTS_ENDPOINT,
      orderStatus: e.CONCIERGE_ORDER_STATUS_ENDPOINT,
      secret: e.CONCIERGE_ENDPOINT_SECRET,
      timeoutMs: e.CONCIERGE_ENDPOINT_TIMEOUT_MS,
      productsCacheSeconds: e.CONCIERGE_PRODUCTS_CACHE_SECONDS,
    },
    webhookSecret: e.CONCIERGE_WEBHOOK_SECRET,
    orderNumbers,
    rateLimit: {
      upstashUrl: e.UPSTASH_REDIS_REST_URL,
      upstashToken: e.UPSTASH_REDIS_REST_TOKEN,
      redisUrl: e.REDIS_URL,
    },
    metricsToken: e.METRICS_TOKEN,
    rateLimitEnabled: e.RATE_LIMIT_ENABLED ?? true,
    rateLimitIpPerMinute: e.RATE_LIMIT_IP_PER_MINUTE ?? RATE_LIMIT_POLICIES.support_ip.limit,
    liveStreamsPerIp: e.LIVE_STREAMS_PER_IP ?? DEFAULT_LIVE_STREAMS_PER_IP,
    // Demo orders and catalog only where asked: never by default in production or on MongoDB.
    seedDemoData: e.SEED_DEMO_DATA ?? (!e.MONGODB_URI && !isProduction),
    bootstrapAdmin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    devServerOrigin: e.REMIX_DEV_ORIGIN,
    ticketFirstResponseMinutes: e.TICKET_FIRST_RESPONSE_MINUTES,
    handoff: { hours: parseBusinessHours(e.STYLIST_HOURS, e.STYLIST_TIMEZONE), csatDelayMs: e.CSAT_PROMPT_DELAY_SECONDS * 1000 },
    mail,
    notifications: { replyDelayMs: e.NOTIFY_REPLY_DELAY_SECONDS * 1000, pollMs: e.NOTIFY_POLL_SECONDS * 1000 },
    retention: {
      days: Object.freeze({
        conversations: e.RETENTION_CONVERSATION_DAYS ?? DEFAULT_RETENTION_DAYS.conversations,
        tickets: e.RETENTION_TICKET_DAYS ?? DEFAULT_RETENTION_DAYS.tickets,
        csat: e.RETENTION_CSAT_DAYS ?? DEFAULT_RETENTION_DAYS.csat,
        returns: e.RETENTION_RETURN_DAYS ?? DEFAULT_RETENTION_DAYS.returns,
        subscriptions: e.RETENTION_SUBSCRIPTION_DAYS ?? DEFAULT_RETENTION_DAYS.subscriptions,
      }),
      sweepMinutes: e.RETENTION_SWEEP_MINUTES,
    },
  };
  return Object.freeze(config);
}

function parseOrderNumberFormat(prefix: string | undefined, digits: string | undefined, problems: string[]): OrderNumberFormat {
  const [min, max] = (digits ?? "").split("-").map(Number);
  const format: OrderNumberFormat = {
    prefix: prefix === undefined ? DEFAULT_ORDER_NUMBER_FORMAT.prefix : prefix === "none" ? "" : prefix.toUpperCase(),
    minDigits: digits ? min! : DEFAULT_ORDER_NUMBER_FORMAT.minDigits,
    maxDigits: digits ? (max ?? min!) : DEFAULT_ORDER_NUMBER_FORMAT.maxDigits,
  };
  if (format.minDigits < 1 || format.maxDigits > 20 || format.minDigits > format.maxDigits) {
    problems.push("ORDER_NUMBER_DIGITS: must be between 1 and 20 digits, the smaller number first");
  }
  return Object.freeze(format);
}

let cached: Readonly<AppConfig> | undefined;

/** The process configuration, parsed once from process.env (the only reader of process.env). */
export function getConfig(): Readonly<AppConfig> {
  cached ??= loadConfig(process.env);
  return cached;
}
