import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startNodeFlags } from "../../scripts/start-command.mjs";

export interface RunningApp {
  url: string;
  dataDir: string;
  /** The dashboard admin the app was started with (ADMIN_EMAIL / ADMIN_PASSWORD). */
  admin: { email: string; password: string };
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The admin every e2e app gets, the way an operator bootstraps production (never printed by the app). */
export const E2E_ADMIN = { email: "admin@glowglitch.example", password: "e2e-admin-password-0123456789" };

/**
 * Starts the built app as `npm start` does (its node flags and entry) on a free port with its own data directory, in
 * production mode with the demo data asked for (SEED_DEMO_DATA) and an admin from ADMIN_EMAIL/ADMIN_PASSWORD.
 */
export async function startBuiltApp(env: Record<string, string> = {}, dataDir?: string): Promise<RunningApp> {
  const entry = path.resolve("build/server/main.js");
  if (!existsSync(entry)) throw new Error("The app is not built: run `npm run build` first.");
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), "aurora-e2e-"));
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, [...startNodeFlags(), entry], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      JWT_SECRET: "e2e-jwt-secret-0123456789abcdef0123456789",
      ENCRYPTION_KEY: "e2e-encryption-key-0123456789abcdef012345",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dir,
      LOG_LEVEL: "warn",
      SEED_DEMO_DATA: "true",
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`app did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    dataDir: dir,
    admin: { email: env.ADMIN_EMAIL ?? E2E_ADMIN.email, password: env.ADMIN_PASSWORD ?? E2E_ADMIN.password },
    process: child,
    output: () => output,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => {
          if (!dataDir) rmSync(dir, { recursive: true, force: true });
          resolve(code);
        });
        child.kill(signal);
      }),
  };
}
