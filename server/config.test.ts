import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "aurora-config-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SECRET_A = "a".repeat(32);
const SECRET_B = "b".repeat(32);

describe("loadConfig", () => {
  it("runs on embedded defaults with no environment at all", () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.port).toBe(3000);
    expect(config.mongodb).toBeUndefined();
    expect(config.deepseek.apiKey).toBeUndefined();
    expect(config.deepseek.model).toBe("deepseek-v4-flash");
    expect(config.flags).toEqual({ enabled: true, rolloutPercentage: 100, allowedUsers: [] });
    expect(config.seedDemoData).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads DeepSeek's thinking mode, sampling, token budgets, deadlines and prices (fast path by default)", () => {
    const defaults = loadConfig({ DATA_DIR: tempDir() }).deepseek;
    expect(defaults).toMatchObject({
      thinking: "disabled",
      temperature: 1,
      topP: 1,
      maxOutputTokens: 400,
      reasoningTokens: 2_000,
      firstTokenMs: 6_000,
      turnTimeoutMs: 20_000,
      pricesPerMTok: { input: 0.14, cachedInput: 0.0028, output: 0.28 },
    });
    const custom = loadConfig({
      DATA_DIR: tempDir(),
      DEEPSEEK_THINKING: "enabled",
      DEEPSEEK_REASONING_EFFORT: "max",
      DEEPSEEK_TEMPERATURE: "0.7",
      DEEPSEEK_FIRST_TOKEN_MS: "4000",
      DEEPSEEK_TURN_TIMEOUT_MS: "15000",
      DEEPSEEK_PRICE_OUTPUT_PER_MTOK: "1.1",
    }).deepseek;
    expect(custom).toMatchObject({
      thinking: "enabled",
      reasoningEffort: "max",
      temperature: 0.7,
      firstTokenMs: 4_000,
      turnTimeoutMs: 15_000,
    });
    expect(custom.pricesPerMTok.output).toBe(1.1);
    expect(() => loadConfig({ DATA_DIR: tempDir(), DEEPSEEK_THINKING: "on" })).toThrowError(/DEEPSEEK_THINKING/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), DEEPSEEK_TEMPERATURE: "3" })).toThrowError(/DEEPSEEK_TEMPERATURE/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), DEEPSEEK_FIRST_TOKEN_MS: "9000", DEEPSEEK_TURN_TIMEOUT_MS: "8000" })).toThrowError(
      /DEEPSEEK_FIRST_TOKEN_MS: must not be longer than DEEPSEEK_TURN_TIMEOUT_MS/,
    );
  });

  it("generates development secrets once and keeps them in DATA_DIR", () => {
    const dataDir = tempDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.secrets.generated).toBe(true);
    expect(first.secrets.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.secrets).toEqual(first.secrets);
    const file = path.join(dataDir, "secrets.json");
    expect(JSON.parse(readFileSync(file, "utf8")).JWT_SECRET).toBe(first.secrets.jwtSecret);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it("refuses to start in production without secrets, listing each problem", () => {
    const dataDir = tempDir();
    expect(() => loadConfig({ NODE_ENV: "production", DATA_DIR: dataDir })).toThrowError(ConfigError);
    try {
      loadConfig({ NODE_ENV: "production", DATA_DIR: dataDir });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        "JWT_SECRET: required in production (at least 32 characters)",
        "ENCRYPTION_KEY: required in production (at least 32 characters)",
      ]);
    }
    const ok = loadConfig({ NODE_ENV: "production", DATA_DIR: dataDir, JWT_SECRET: SECRET_A, ENCRYPTION_KEY: SECRET_B });
    expect(ok.secrets).toEqual({ jwtSecret: SECRET_A, encryptionKey: SECRET_B, generated: false });
  });

  it("seeds demo data by default only outside production, and only when asked in production", () => {
    const prod = { NODE_ENV: "production", DATA_DIR: tempDir(), JWT_SECRET: SECRET_A, ENCRYPTION_KEY: SECRET_B };
    expect(loadConfig(prod).seedDemoData).toBe(false);
    expect(loadConfig({ ...prod, SEED_DEMO_DATA: "true" }).seedDemoData).toBe(true);
    expect(loadConfig({ DATA_DIR: tempDir(), NODE_ENV: "development" }).seedDemoData).toBe(true);
    expect(loadConfig({ DATA_DIR: tempDir(), SEED_DEMO_DATA: "false" }).seedDemoData).toBe(false);
  });

  it("takes the first admin from ADMIN_EMAIL and ADMIN_PASSWORD, which come as a pair", () => {
    const dir = tempDir();
    expect(loadConfig({ DATA_DIR: dir }).bootstrapAdmin).toBeUndefined();
    expect(loadConfig({ DATA_DIR: dir, ADMIN_EMAIL: " Owner@Store.example ", ADMIN_PASSWORD: "twelve chars!" }).bootstrapAdmin).toEqual({
      email: "owner@store.example",
      password: "twelve chars!",
    });
    expect(() => loadConfig({ DATA_DIR: dir, ADMIN_EMAIL: "owner@store.example" })).toThrowError(
      /ADMIN_PASSWORD: required when ADMIN_EMAIL is set/,
    );
    expect(() => loadConfig({ DATA_DIR: dir, ADMIN_PASSWORD: "twelve chars!" })).toThrowError(
      /ADMIN_EMAIL: required when ADMIN_PASSWORD is set/,
    );
    expect(() => loadConfig({ DATA_DIR: dir, ADMIN_EMAIL: "owner", ADMIN_PASSWORD: "short" })).toThrowError(
      /ADMIN_EMAIL: must be an email address[\s\S]*ADMIN_PASSWORD: must be at least 12 characters/,
    );
  });

  it("reports every invalid value in one readable list", () => {
    try {
      loadConfig({
        PORT: "eighty",
        MONGODB_URI: "postgres://x",
        NEXT_PUBLIC_CONCIERGE_ROLLOUT_PERCENTAGE: "150",
        CONCIERGE_ENABLED: "maybe",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain("PORT: must be a whole number");
      expect(message).toContain("MONGODB_URI: must start with mongodb://");
      expect(message).toContain("NEXT_PUBLIC_CONCIERGE_ROLLOUT_PERCENTAGE");
      expect(message).toContain("CONCIERGE_ENABLED: must be true or false");
    }
  });

  it("reads the runbook's NEXT_PUBLIC_ flag names and lets unprefixed names win", () => {
    const dataDir = tempDir();
    const runbook = loadConfig({
      DATA_DIR: dataDir,
      NEXT_PUBLIC_CONCIERGE_ENABLED: "false",
      NEXT_PUBLIC_CONCIERGE_ROLLOUT_PERCENTAGE: "25",
      NEXT_PUBLIC_CONCIERGE_ALLOWED_USERS: "Beta1@example.com, beta2@example.com",
    });
    expect(runbook.flags).toEqual({ enabled: false, rolloutPercentage: 25, allowedUsers: ["beta1@example.com", "beta2@example.com"] });
    const both = loadConfig({ DATA_DIR: dataDir, NEXT_PUBLIC_CONCIERGE_ENABLED: "false", CONCIERGE_ENABLED: "true" });
    expect(both.flags.enabled).toBe(true);
  });

  it("takes the MongoDB database name from the URI", () => {
    const config = loadConfig({ DATA_DIR: tempDir(), MONGODB_URI: "mongodb://user:pw@mongodb:27017/glowglitch?authSource=admin" });
    expect(config.mongodb).toMatchObject({ uri: "mongodb://user:pw@mongodb:27017/glowglitch?authSource=admin", dbName: "glowglitch" });
    expect(config.seedDemoData).toBe(false);
  });

  it("reads the store's links and the widget's look, and rejects malformed values", () => {
    const dataDir = tempDir();
    const defaults = loadConfig({ DATA_DIR: dataDir });
    expect(defaults.storeUrl).toBeUndefined();
    expect(defaults.productUrlTemplate).toBe("{STORE_URL}/products/{handle}");
    expect(defaults.widget).toEqual({ brandColor: undefined, position: "right", greeting: undefined });
    const set = loadConfig({
      DATA_DIR: dataDir,
      STORE_URL: "https://shop.example.com/",
      PRODUCT_URL_TEMPLATE: "{STORE_URL}/p/{handle}",
      CONCIERGE_BRAND_COLOR: "#1F4E79",
      CONCIERGE_LAUNCHER_POSITION: "left",
      CONCIERGE_GREETING: "Welcome to the bridal suite.",
    });
    expect(set.storeUrl).toBe("https://shop.example.com");
    expect(set.productUrlTemplate).toBe("{STORE_URL}/p/{handle}");
    expect(set.widget).toEqual({ brandColor: "#1f4e79", position: "left", greeting: "Welcome to the bridal suite." });
    for (const [key, value, problem] of [
      ["STORE_URL", "shop.example.com", "STORE_URL"],
      ["PRODUCT_URL_TEMPLATE", "{STORE_URL}/products/", "must contain {handle}"],
      ["PRODUCT_URL_TEMPLATE", "javascript:alert(1)//{handle}", "must start with"],
      ["CONCIERGE_BRAND_COLOR", "red", "must be a colour"],
      ["CONCIERGE_LAUNCHER_POSITION", "top", "CONCIERGE_LAUNCHER_POSITION"],
    ] as const) {
      expect(() => loadConfig({ DATA_DIR: dataDir, [key]: value }), `${key}=${value}`).toThrowError(problem);
    }
  });

  it("reads stylists' hours and time zone, the CSAT pause and the notification email transport", () => {
    const dataDir = tempDir();
    const defaults = loadConfig({ DATA_DIR: dataDir });
    expect(defaults.handoff.hours).toMatchObject({ label: "Mon-Fri 09:00-19:00", timeZone: "America/New_York" });
    expect(defaults.handoff.csatDelayMs).toBe(20_000);
    expect(defaults.mail).toEqual({ transport: "file", from: "GlowGlitch <concierge@localhost>", dir: path.join(dataDir, "outbox") });
    expect(defaults.notifications).toEqual({ replyDelayMs: 120_000, pollMs: 15_000 });

    const smtp = loadConfig({
      DATA_DIR: dataDir,
      STYLIST_HOURS: "Mon-Fri 10:00-18:00, Sat 10:00-14:00",
      STYLIST_TIMEZONE: "Europe/Paris",
      SMTP_HOST: "smtp.example.com",
      SMTP_USER: "u",
      SMTP_PASS: "p",
      MAIL_FROM: "GlowGlitch <concierge@shop.example>",
    });
    expect(smtp.handoff.hours.windows).toHaveLength(2);
    expect(smtp.mail).toEqual({
      transport: "smtp",
      from: "GlowGlitch <concierge@shop.example>",
      smtp: { host: "smtp.example.com", port: 587, secure: false, user: "u", pass: "p" },
    });
    expect(loadConfig({ DATA_DIR: dataDir, SMTP_URL: "smtps://u:p@smtp.example.com" }).mail).toMatchObject({
      transport: "smtp",
      smtp: { url: "smtps://u:p@smtp.example.com" },
    });

    const problems = (() => {
      try {
        loadConfig({
          DATA_DIR: dataDir,
          STYLIST_HOURS: "weekdays 9 to 5",
          STYLIST_TIMEZONE: "Moon/Base",
          MAIL_TRANSPORT: "smtp",
          SMTP_USER: "u",
          MAIL_FROM: "not an address",
        });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^STYLIST_HOURS: must be like/),
        expect.stringMatching(/^STYLIST_TIMEZONE: must be an IANA time zone/),
        expect.stringMatching(/^MAIL_FROM: /),
      ]),
    );
    const pairing = (() => {
      try {
        loadConfig({ DATA_DIR: dataDir, MAIL_TRANSPORT: "smtp", SMTP_USER: "u" });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(pairing).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SMTP_URL or SMTP_HOST: required/),
        expect.stringMatching(/^SMTP_USER and SMTP_PASS/),
      ]),
    );
    expect(() =>
      loadConfig({
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        JWT_SECRET: SECRET_A,
        ENCRYPTION_KEY: SECRET_B,
        SMTP_URL: "smtp://x.example",
      }),
    ).toThrow(/MAIL_FROM: required in production/);
  });

  it("treats blank variables as unset", () => {
    const config = loadConfig({ DATA_DIR: tempDir(), PORT: "", DEEPSEEK_API_KEY: "  " });
    expect(config.port).toBe(3000);
    expect(config.deepseek.apiKey).toBeUndefined();
  });
});

describe("TRUST_PROXY", () => {
  it("is off by default and accepts hop counts, keywords and proxy addresses", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "aurora-config-"));
    try {
      expect(loadConfig({ DATA_DIR: dir }).trustProxy).toBeUndefined();
      expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: "1" }).trustProxy).toBe(1);
      expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: "loopback" }).trustProxy).toBe("loopback");
      expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: "10.0.0.1, 10.0.0.0/8" }).trustProxy).toBe("10.0.0.1, 10.0.0.0/8");
      expect(() => loadConfig({ DATA_DIR: dir, TRUST_PROXY: "everyone" })).toThrowError(/TRUST_PROXY/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("resolves CONCIERGE_KNOWLEDGE_DIR (and the deprecated CONCIERGE_POLICY_FILE) to absolute paths", () => {
    const config = loadConfig({ DATA_DIR: tempDir(), CONCIERGE_KNOWLEDGE_DIR: "store/knowledge", CONCIERGE_POLICY_FILE: "policies.json" });
    expect(config.knowledgeDir).toBe(path.resolve("store/knowledge"));
    expect(config.policyFile).toBe(path.resolve("policies.json"));
    expect(loadConfig({ DATA_DIR: tempDir() }).knowledgeDir).toBeUndefined();
  });

  it("reads the store's order-number format, endpoints and webhook secret, with production rules for their secrets", () => {
    const dataDir = tempDir();
    const defaults = loadConfig({ DATA_DIR: dataDir });
    expect(defaults.orderNumbers).toEqual({ prefix: "GG-", minDigits: 4, maxDigits: 8 });
    expect(defaults.webhookSecret).toBeUndefined();
    expect(defaults.externalEndpoints).toMatchObject({
      products: undefined,
      orderStatus: undefined,
      timeoutMs: 2_500,
      productsCacheSeconds: 30,
    });
    expect(loadConfig({ DATA_DIR: dataDir, ORDER_NUMBER_PREFIX: "#", ORDER_NUMBER_DIGITS: "4" }).orderNumbers).toEqual({
      prefix: "#",
      minDigits: 4,
      maxDigits: 4,
    });
    expect(loadConfig({ DATA_DIR: dataDir, ORDER_NUMBER_PREFIX: "none", ORDER_NUMBER_DIGITS: "6-9" }).orderNumbers).toEqual({
      prefix: "",
      minDigits: 6,
      maxDigits: 9,
    });
    expect(() => loadConfig({ DATA_DIR: dataDir, ORDER_NUMBER_DIGITS: "8-4" })).toThrow(/ORDER_NUMBER_DIGITS/);
    expect(() => loadConfig({ DATA_DIR: dataDir, ORDER_NUMBER_PREFIX: "G G" })).toThrow(/ORDER_NUMBER_PREFIX/);

    const production = { NODE_ENV: "production", DATA_DIR: dataDir, JWT_SECRET: SECRET_A, ENCRYPTION_KEY: SECRET_B };
    expect(() => loadConfig({ ...production, CONCIERGE_WEBHOOK_SECRET: "short-but-16-chars" })).toThrow(
      /CONCIERGE_WEBHOOK_SECRET: must be at least 32/,
    );
    expect(() => loadConfig({ ...production, CONCIERGE_ORDER_STATUS_ENDPOINT: "https://api.shop.example/orders" })).toThrow(
      /CONCIERGE_ENDPOINT_SECRET: required in production/,
    );
    const ok = loadConfig({
      ...production,
      CONCIERGE_ORDER_STATUS_ENDPOINT: "https://api.shop.example/orders",
      CONCIERGE_ENDPOINT_SECRET: SECRET_A,
      CONCIERGE_WEBHOOK_SECRET: SECRET_B,
      MONGODB_URI: "mongodb://db:27017/shop?replicaSet=rs0",
    });
    expect(ok.externalEndpoints.secret).toBe(SECRET_A);
    expect(ok.mongodb).toMatchObject({ dbName: "shop", serverSelectionTimeoutMs: 30_000, operationTimeoutMs: 30_000 });
  });
});
