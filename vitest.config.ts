import { defineConfig } from "vitest/config";

/**
 * Against a deployed app (E2E_BASE_URL, or `npm run test:e2e -- --base-url=…`), only the specs that
 * hold on any deployment run (see e2e/support/remote.ts).
 */
const REMOTE_SPECS = ["e2e/smoke.spec.ts"];
const remoteE2E = Boolean(process.env.E2E_BASE_URL?.trim());

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
          include: remoteE2E ? REMOTE_SPECS : ["e2e/**/*.spec.ts"],
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
