import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig, type AppConfig } from "../config";
import { createLogger } from "../platform/logger";
import { createRuntime, type Runtime, type RuntimeOverrides } from "../runtime";
import { createCaller } from "../routers";
import { createTrpcContext, type StaffIdentity } from "../trpc/context";

export interface TestRuntime {
  runtime: Runtime;
  dataDir: string;
  /** A tRPC caller as an HTTP client would be, with optional headers and staff identity. */
  caller(options?: { headers?: Record<string, string>; staff?: StaffIdentity | null; ip?: string }): ReturnType<typeof createCaller>;
  cleanup(): Promise<void>;
}

/** A real runtime on a fresh embedded store in a temp dir, seeded with the demo data. */
export async function createTestRuntime(
  env: Record<string, string> = {},
  overrides: Partial<AppConfig> = {},
  runtimeOverrides: RuntimeOverrides = {},
): Promise<TestRuntime> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "aurora-test-"));
  const config = {
    ...loadConfig({ DATA_DIR: dataDir, NODE_ENV: "test", JWT_SECRET: "j".repeat(32), ENCRYPTION_KEY: "e".repeat(32), ...env }),
    ...overrides,
  };
  const runtime = await createRuntime(config, createLogger({ level: "silent" }), runtimeOverrides);
  return {
    runtime,
    dataDir,
    caller: (options = {}) =>
      createCaller(
        createTrpcContext({
          runtime,
          headers: new Headers(options.headers ?? {}),
          requestId: "req-test",
          // A distinct client address per caller, so unrelated tests never share a rate-limit bucket.
          ip: options.ip ?? `198.51.${Math.floor(Math.random() * 254) + 1}.${Math.floor(Math.random() * 254) + 1}`,
          staff: options.staff ?? null,
        }),
      ),
    cleanup: async () => {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
