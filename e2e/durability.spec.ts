import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startBuiltApp } from "./support/app-server";

describe("the built app's embedded store", () => {
  it("keeps every acknowledged write when the server is killed with SIGKILL", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "aurora-kill-"));
    try {
      const first = await startBuiltApp({ LOG_LEVEL: "info" }, dataDir);
      // The first start seeds the demo data (acknowledged writes); kill it straight after.
      const count = async (url: string) =>
        (await (await fetch(`${url}/api/trpc/support.products.search?input=${encodeURIComponent("{}")}`)).json()).result.data
          .total as number;
      const before = await count(first.url);
      expect(before).toBeGreaterThanOrEqual(80);
      expect(first.output()).toContain("seeded the demo catalog");
      await first.stop("SIGKILL");

      const second = await startBuiltApp({ LOG_LEVEL: "info" }, dataDir);
      expect(await count(second.url)).toBe(before);
      expect(second.output()).not.toContain("seeded the demo catalog");
      const health = await (await fetch(`${second.url}/api/health?check=db`)).json();
      expect(health.checks.database).toBe("ok");
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("stops cleanly on SIGTERM", async () => {
    const app = await startBuiltApp();
    expect(await app.stop("SIGTERM")).toBe(0);
  });
});
