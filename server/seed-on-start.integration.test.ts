import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { loadConfig } from "./config";
import { createLogger } from "./platform/logger";
import { createRuntime } from "./runtime";

const SECRETS = { JWT_SECRET: "j".repeat(32), ENCRYPTION_KEY: "e".repeat(32) };
const dirs: string[] = [];
let printed: MockInstance<typeof console.log>;

beforeEach(() => {
  printed = vi.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => {
  printed.mockRestore();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "aurora-seed-"));
  dirs.push(dir);
  return dir;
}

/** Starts a runtime on `dir` with the given environment, reports what the store holds, and closes it. */
async function start(dir: string, env: Record<string, string>) {
  const runtime = await createRuntime(loadConfig({ DATA_DIR: dir, ...SECRETS, ...env }), createLogger({ level: "silent" }));
  try {
    return {
      orders: await runtime.repositories.orders.count(),
      products: await runtime.repositories.products.count(),
      staff: await runtime.services.dashboardAuth.listStaff(),
      signIn: async (email: string, password: string) => {
        const outcome = await runtime.services.dashboardAuth.authenticate(email, password);
        return outcome.ok ? outcome : null;
      },
      output: () => printed.mock.calls.map((c) => c.join(" ")).join("\n"),
      runtime,
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

describe("start-up seeding", () => {
  it("production seeds no demo orders and no demo admin unless asked, and prints no password", async () => {
    const dir = dataDir();
    const app = await start(dir, { NODE_ENV: "production" });
    expect(app.orders).toBe(0);
    expect(app.products).toBe(0);
    expect(app.staff).toEqual([]);
    expect(existsSync(path.join(dir, "admin-credentials.txt"))).toBe(false);
    expect(app.output()).not.toMatch(/password/i);
    await app.runtime.close();
  });

  it("production with SEED_DEMO_DATA=true seeds the demo catalog and orders, still without a demo admin", async () => {
    const dir = dataDir();
    const app = await start(dir, { NODE_ENV: "production", SEED_DEMO_DATA: "true" });
    expect(app.orders).toBeGreaterThan(0);
    expect(app.products).toBeGreaterThan(0);
    expect(app.staff).toEqual([]);
    expect(existsSync(path.join(dir, "admin-credentials.txt"))).toBe(false);
    expect(app.output()).toBe("");
    await app.runtime.close();
  });

  it("ADMIN_EMAIL/ADMIN_PASSWORD create the first admin once, never print the password, never reset it", async () => {
    const dir = dataDir();
    const password = "correct horse battery staple";
    const first = await start(dir, { NODE_ENV: "production", ADMIN_EMAIL: "Owner@Store.example", ADMIN_PASSWORD: password });
    expect(first.staff).toEqual([expect.objectContaining({ email: "owner@store.example", role: "admin" })]);
    expect(await first.signIn("owner@store.example", password)).not.toBeNull();
    expect(first.output()).not.toContain(password);
    await first.runtime.close();

    const second = await start(dir, { NODE_ENV: "production", ADMIN_EMAIL: "owner@store.example", ADMIN_PASSWORD: "a different password" });
    expect(second.staff).toHaveLength(1);
    expect(await second.signIn("owner@store.example", password)).not.toBeNull();
    expect(await second.signIn("owner@store.example", "a different password")).toBeNull();
    await second.runtime.close();
  });

  it("development on the embedded defaults seeds the demo and prints the demo admin's password once", async () => {
    const dir = dataDir();
    const first = await start(dir, { NODE_ENV: "development" });
    expect(first.orders).toBeGreaterThan(0);
    expect(first.staff).toEqual([expect.objectContaining({ email: "admin@glowglitch.example", role: "admin" })]);
    const password = /password:\s+(\S+)/.exec(first.output())?.[1];
    expect(password).toBeTruthy();
    expect(await first.signIn("admin@glowglitch.example", password!)).not.toBeNull();
    expect(existsSync(path.join(dir, "admin-credentials.txt"))).toBe(true);
    await first.runtime.close();

    printed.mockClear();
    const second = await start(dir, { NODE_ENV: "development" });
    expect(second.output()).toBe("");
    expect(second.staff).toHaveLength(1);
    await second.runtime.close();
  });

  it("tests and operations commands get no demo admin", async () => {
    const app = await start(dataDir(), { NODE_ENV: "test" });
    expect(app.orders).toBeGreaterThan(0);
    expect(app.staff).toEqual([]);
    expect(app.output()).toBe("");
    await app.runtime.close();
  });
});
