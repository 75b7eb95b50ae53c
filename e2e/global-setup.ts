import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startBuiltApp, type RunningApp } from "./support/app-server";
import { REMOTE_SPECS, remoteBaseUrl } from "./support/remote";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

let app: RunningApp | undefined;

/** Builds the app if needed and serves it on the embedded defaults for the browser specs (or uses E2E_BASE_URL). */
export async function setup(project: TestProject) {
  const remote = remoteBaseUrl();
  if (remote) {
    console.log(
      `E2E_BASE_URL=${remote}: running ${REMOTE_SPECS.join(", ")} against it. ` +
        "The other specs are skipped: they start their own app instance, read its data directory or need the demo data.",
    );
    project.provide("baseURL", remote);
    return;
  }
  if (!existsSync("build/server/main.js") || !existsSync("build/index.js")) {
    execSync("npm run build", { stdio: "inherit" });
  }
  // Every browser context of the suite is one more shopper on 127.0.0.1: one address, many shoppers.
  app = await startBuiltApp({ RATE_LIMIT_IP_PER_MINUTE: "1000" });
  project.provide("baseURL", app.url);
}

export async function teardown() {
  await app?.stop();
}
