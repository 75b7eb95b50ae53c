import { defineConfig } from "vitest/config";

/**
 * Two lanes, one command (`npm test`):
 *  - node: unit (`*.test.ts`) and integration (`*.integration.test.ts`) tests beside the code;
 *  - e2e: Playwright specs in e2e/ against the built app in Debian Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["server/**/*.test.ts", "app/**/*.test.ts", "widget/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: "forks",
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.spec.ts"],
          environment: "node",
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
