import { z } from "zod";
import { isTimeZone, parseBusinessHours } from "../domain/business-hours";

/** Parses "true/false/1/0/yes/no/on/off" the way operators write flags. */
const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ["true", "false", "1", "0", "yes", "no", "on", "off"].includes(v), {
    message: "must be true or false",
  })
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

const integer = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(z.number().int().min(min).max(max));

const decimal = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, "must be a number such as 1.0")
    .transform(Number)
    .pipe(z.number().min(min).max(max));

const commaList = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

const origin = z
  .string()
  .trim()
  .url("must be an origin such as https://shop.example.com")
  .transform((v) => new URL(v).origin);

const originList = commaList.pipe(z.array(origin.pipe(z.string())));

const secret = z.string().min(32, "must be at least 32 characters");

/**
 * The environment as this product reads it. Every variable the product honours is named here,
 * including the runbook's `NEXT_PUBLIC_*` flag names and their unprefixed `CONCIERGE_*` aliases.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  /**
   * Reverse proxies in front of the app: a hop count ("1"), "loopback", or a comma-separated list of
   * proxy addresses/CIDRs. Unset: the socket address is the client (no X-Forwarded-For trusted).
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(\d{1,2}|loopback|linklocal|uniquelocal|[0-9a-fA-F:./]+(\s*,\s*[0-9a-fA-F:./]+)*)$/,
      "must be a hop count, loopback, or proxy addresses",
    )
    .optional(),
  APP_ORIGIN: origin.optional(),
  NEXTAUTH_URL: origin.optional(),
  DATA_DIR: z.string().trim().min(1).default("./.data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  STORE_NAME: z.string().trim().min(1).max(60).default("GlowGlitch"),
  /** The store's public origin: product cards, the shortlist and stylist tickets link to its product pages. */
  STORE_URL: origin.optional(),
  /** Where a product's page lives: `{STORE_URL}` and `{handle}` (the product's slug) are filled in. */
  PRODUCT_URL_TEMPLATE: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v.includes("{handle}"), "must contain {handle}")
    .refine((v) => /^(\{STORE_URL\}\/|https?:\/\/[^/{}\s]+)/.test(v) && !/\s/.test(v), "must start with {STORE_URL}/ or http(s)://host")
    .optional(),
  /** The widget's brand colour (#rrggbb): launcher, buttons, the shopper's bubbles; darkened as needed for contrast. */
  CONCIERGE_BRAND_COLOR: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #7a4b12")
    .optional(),
  CONCIERGE_LAUNCHER_POSITION: z.enum(["right", "left"]).optional(),
  /** The concierge's first message in a new conversation. */
  CONCIERGE_GREETING: z.string().trim().min(1).max(300).optional(),

  MONGODB_URI: z
    .string()
    .trim()
    .regex(/^mongodb(\+srv)?:\/\//, "must start with mongodb:// or mongodb+srv://")
    .optional(),
  MONGODB_DB: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, "must be a database name")
    .optional(),
  /** How long an operation waits for a usable primary (an election takes ~12 s): longer than an election. */
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: integer(1_000, 300_000).default(30_000),
  /** Upper bound for one MongoDB operation (write-concern wait and socket inactivity). */
  MONGODB_OPERATION_TIMEOUT_MS: integer(1_000, 600_000).default(30_000),

  DEEPSEEK_API_KEY: z.string().trim().min(1).optional(),
  DEEPSEEK_BASE_URL: z.string().trim().url().default("https://api.deepseek.com"),
  DEEPSEEK_MODEL: z.string().trim().min(1).default("deepseek-v4-flash"),
  /** The HTTP client's timeout per request (a backstop; turns are bounded by the two deadlines below). */
  DEEPSEEK_TIMEOUT_MS: integer(100, 120_000).default(15_000),
  /** Retries of a failed request (429, 5xx, connection errors), only while the first-token deadline allows. */
  DEEPSEEK_MAX_RETRIES: integer(0, 5).default(1),
  /** DeepSeek's thinking mode (the API's default is on; here off: the fast path for a shop assistant). */
  DEEPSEEK_THINKING: z.enum(["disabled", "enabled"]).default("disabled"),
  /** Thinking effort when thinking is enabled (DeepSeek: high by default). */
  DEEPSEEK_REASONING_EFFORT: z.enum(["high", "max"]).optional(),
  /** Sampling with thinking off (DeepSeek recommends 1.0 / 1.0 for its V4 models; thinking mode ignores both). */
  DEEPSEEK_TEMPERATURE: decimal(0, 2).default(1),
  DEEPSEEK_TOP_P: decimal(0, 1).default(1),
  /** Tokens for the visible answer of one model call (`max_tokens`)… */
  DEEPSEEK_MAX_OUTPUT_TOKENS: integer(50, 8_000).default(400),
  /** …plus this many for the reasoning when thinking is enabled (DeepSeek counts reasoning in max_tokens). */
  DEEPSEEK_REASONING_TOKENS: integer(0, 64_000).default(2_000),
  /** The shopper sees the first token within this, or the rules answer the turn. */
  DEEPSEEK_FIRST_TOKEN_MS: integer(100, 60_000).default(6_000),
  /** The whole LLM turn (every round, tools and retries) fits in this, or the rules answer the turn. */
  DEEPSEEK_TURN_TIMEOUT_MS: integer(500, 120_000).default(20_000),
  /** USD per million tokens, for the cost metric and eval:llm (DeepSeek's list price for deepseek-v4-flash by default). */
  DEEPSEEK_PRICE_INPUT_PER_MTOK: decimal(0, 1_000).default(0.14),
  DEEPSEEK_PRICE_CACHED_INPUT_PER_MTOK: decimal(0, 1_000).default(0.0028),
  DEEPSEEK_PRICE_OUTPUT_PER_MTOK: decimal(0, 1_000).default(0.28),

  JWT_SECRET: secret.optional(),
  ENCRYPTION_KEY: secret.optional(),

  CONCIERGE_ENABLED: booleanFlag.optional(),
  NEXT_PUBLIC_CONCIERGE_ENABLED: booleanFlag.optional(),
  CONCIERGE_ROLLOUT_PERCENTAGE: integer(0, 100).optional(),
  NEXT_PUBLIC_CONCIERGE_ROLLOUT_PERCENTAGE: integer(0, 100).optional(),
  CONCIERGE_ALLOWED_USERS: commaList.optional(),
  NEXT_PUBLIC_CONCIERGE_ALLOWED_USERS: commaList.optional(),
  CONCIERGE_ALLOWED_ORIGINS: originList.optional(),
  CONCIERGE_IDENTITY_SECRET: secret.optional(),
  CONCIERGE_POLICY_FILE: z.string().trim().min(1).optional(),
  /** The store's knowledge content: `<dir>/<language>/<topic>.md` files with front matter (replaces the built-in). */
  CONCIERGE_KNOWLEDGE_DIR: z.string().trim().min(1).optional(),
  CONCIERGE_PRODUCTS_ENDPOINT: z.string().trim().url().optional(),
  CONCIERGE_ORDER_STATUS_ENDPOINT: z.string().trim().url().optional(),
  /** Sent as `X-Concierge-Secret` to both endpoints (server to server). */
  CONCIERGE_ENDPOINT_SECRET: z.string().trim().min(16, "must be at least 16 characters").optional(),
  CONCIERGE_ENDPOINT_TIMEOUT_MS: integer(100, 30_000).default(2_500),
  /** Identical catalog queries to the products endpoint are answered from memory this long. */
  CONCIERGE_PRODUCTS_CACHE_SECONDS: integer(0, 3_600).default(30),
  /** HMAC-SHA256 key for signed order webhooks (POST /api/webhooks/orders); the endpoint is off without it. */
  CONCIERGE_WEBHOOK_SECRET: z.string().trim().min(16, "must be at least 16 characters").optional(),
  /** The store's order numbers: a fixed prefix ("GG-", "#", or "none") and a digit count range ("4-8"). */
  ORDER_NUMBER_PREFIX: z
    .string()
    .trim()
    .regex(/^(none|[A-Za-z#][A-Za-z0-9#-]{0,9})$/, "must be up to 10 letters, digits, '#' or '-' (or none)")
    .optional(),
  ORDER_NUMBER_DIGITS: z
    .string()
    .trim()
    .regex(/^\d{1,2}(-\d{1,2})?$/, "must be a digit count or a range such as 4-8")
    .optional(),

  UPSTASH_REDIS_REST_URL: z.string().trim().url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().trim().min(1).optional(),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
  RATE_LIMIT_ENABLED: booleanFlag.optional(),
  /** Support/session/chat calls per minute per client address (support_ip); raise it when many shoppers share one address. */
  RATE_LIMIT_IP_PER_MINUTE: integer(1, 1_000_000).optional(),
  /** Live streams (SSE) one client address may hold at once; raise it when many shoppers share one address. */
  LIVE_STREAMS_PER_IP: integer(1, 100_000).optional(),
  METRICS_TOKEN: z.string().trim().min(16, "must be at least 16 characters").optional(),
  /** Seed the demo catalog and orders into an empty embedded store (default: on in development and test only). */
  SEED_DEMO_DATA: booleanFlag.optional(),
  /** The first admin: created on start when no dashboard account has this email (the password is never printed). */
  ADMIN_EMAIL: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address")
    .optional(),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(1024).optional(),
  TICKET_FIRST_RESPONSE_MINUTES: integer(1, 7 * 24 * 60).default(120),
  /** When stylists work ("Mon-Fri 09:00-19:00", several windows comma-separated, or "always"), in STYLIST_TIMEZONE. */
  STYLIST_HOURS: z
    .string()
    .trim()
    .max(200)
    .refine((v) => {
      try {
        parseBusinessHours(v, "UTC");
        return true;
      } catch {
        return false;
      }
    }, 'must be like "Mon-Fri 09:00-19:00" (windows separated by commas) or "always"')
    .default("Mon-Fri 09:00-19:00"),
  STYLIST_TIMEZONE: z.string().trim().refine(isTimeZone, "must be an IANA time zone such as America/New_York").default("America/New_York"),
  /** The pause after a completed self-service journey before the shopper is asked to rate it. */
  CSAT_PROMPT_DELAY_SECONDS: integer(0, 3_600).default(20),
  /** Email for stylist replies the shopper missed: smtp (SMTP_*), file (.eml files in DATA_DIR/outbox), console, or off. */
  MAIL_TRANSPORT: z.enum(["smtp", "file", "console", "off"]).optional(),
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  SMTP_HOST: z.string().trim().min(1).max(255).optional(),
  SMTP_PORT: integer(1, 65_535).optional(),
  SMTP_SECURE: booleanFlag.optional(),
  SMTP_USER: z.string().trim().min(1).max(255).optional(),
  SMTP_PASS: z.string().min(1).max(1024).optional(),
  /** The sender of notification emails: "GlowGlitch <concierge@shop.example>" or an address. */
  MAIL_FROM: z
    .string()
    .trim()
    .max(300)
    .regex(/^(?:[^<>@]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/, 'must be an address or "Name <address>"')
    .optional(),
  /** How long after a stylist's reply an unseen reply is emailed (the shopper may read it in the chat first). */
  NOTIFY_REPLY_DELAY_SECONDS: integer(0, 86_400).default(120),
  /** How often each app process looks for notifications to send. */
  NOTIFY_POLL_SECONDS: integer(1, 3_600).default(15),
  /** Retention in days (0 keeps forever); defaults in server/services/retention-service.ts. */
  RETENTION_CONVERSATION_DAYS: integer(0, 36_500).optional(),
  RETENTION_TICKET_DAYS: integer(0, 36_500).optional(),
  RETENTION_CSAT_DAYS: integer(0, 36_500).optional(),
  RETENTION_RETURN_DAYS: integer(0, 36_500).optional(),
  RETENTION_SUBSCRIPTION_DAYS: integer(0, 36_500).optional(),
  /** How often the retention sweep runs in each app process; 0 turns it off. */
  RETENTION_SWEEP_MINUTES: integer(0, 7 * 24 * 60).default(60),
  /** Set by `remix dev` for `npm run dev`; absent otherwise. */
  REMIX_DEV_ORIGIN: z.string().trim().url().optional(),
});

export type RawEnv = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;
