// `npm start`'s node flags, read from package.json: the bench and the e2e suite start the built app
// exactly as users do (the Dockerfile and ecosystem.config.cjs repeat them; scripts/deployment-files.test.ts
// keeps the three in step).
import { readFileSync } from "node:fs";

/** The node options of package.json's "start" script (e.g. ["--max-semi-space-size=32"]), without the entry file. */
export function startNodeFlags(packageJsonPath = "package.json") {
  const start = JSON.parse(readFileSync(packageJsonPath, "utf8")).scripts?.start ?? "";
  const words = start.trim().split(/\s+/);
  if (words[0] !== "node" || words.at(-1) !== "build/server/main.js") {
    throw new Error(`package.json "start" should be "node [flags] build/server/main.js", found: ${start}`);
  }
  return words.slice(1, -1);
}
