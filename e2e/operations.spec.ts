/**
 * The runbook's deployment steps on the built app and the embedded store: `npm run migrate:up`
 * while the app runs explains and succeeds, a second instance on the same data directory says why
 * it cannot start (no stack), and a catalog import into a stopped store shows up in the dashboard
 * data (store:export / store:import move it between engines).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startBuiltApp } from "./support/app-server";

const SECRETS = { JWT_SECRET: "e2e-jwt-secret-0123456789abcdef0123456789", ENCRYPTION_KEY: "e2e-encryption-key-0123456789abcdef012345" };

function runNode(
  file: string,
  args: string[],
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve(file), ...args], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        ...SECRETS,
        DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        HOST: "127.0.0.1",
        PORT: "0",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += String(d)));
    child.stderr.on("data", (d) => (output += String(d)));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("operations on the built app (embedded store)", () => {
  it("migrate:up while running exits 0 and explains; a second instance refuses with a sentence; catalog:import and store:export work once stopped", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "aurora-ops-"));
    const dataDir = path.join(root, "data");
    const app = await startBuiltApp({}, dataDir);
    try {
      const migrate = await runNode("build/server/cli/migrate.js", [], dataDir);
      expect(migrate.code).toBe(0);
      expect(migrate.output).toContain("creates and updates its indexes itself");

      const second = await runNode("build/server/main.js", [], dataDir);
      expect(second.code).toBe(1);
      expect(second.output).toContain("already in use by another process");
      expect(second.output).not.toMatch(/\n\s+at /); // no stack trace

      const refused = await runNode(
        "build/server/cli/catalog-import.js",
        ["server/services/catalog/import/fixtures/shopify-products.csv"],
        dataDir,
      );
      expect(refused.code).toBe(1);
      expect(refused.output).toContain("Stop it first");
    } finally {
      await app.stop();
    }
    try {
      const imported = await runNode(
        "build/server/cli/catalog-import.js",
        ["server/services/catalog/import/fixtures/shopify-products.csv", "--skip-invalid"],
        dataDir,
      );
      expect(imported.code).toBe(0);
      expect(imported.output).toMatch(/3 created/);
      const exported = await runNode("build/server/cli/store-export.js", [path.join(root, "export")], dataDir);
      expect(exported.code).toBe(0);
      expect(exported.output).toMatch(/catalogImports: 1/);
      const target = path.join(root, "target");
      const loaded = await runNode("build/server/cli/store-import.js", [path.join(root, "export")], target);
      expect(loaded.output).toContain("every collection verified");
      expect(loaded.code).toBe(0);
      const again = await runNode("build/server/cli/store-import.js", [path.join(root, "export")], target);
      expect(again.code).toBe(1);
      expect(again.output).toContain("--force");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
