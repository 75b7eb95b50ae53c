import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startBuiltApp, type RunningApp } from "./support/app-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

let app: RunningApp | undefined;

/** Builds the app if needed and serves it on the embedded defaults for the browser specs. */
export async function setup(project: TestProject) {
  if (!existsSync("build/server/main.js") || !existsSync("build/index.js")) {
    execSync("npm run build", { stdio: "inherit" });
  }
  app = await startBuiltApp();
  project.provide("baseURL", app.url);
}

export async function teardown() {
  await app?.stop();
}
