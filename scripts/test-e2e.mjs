// npm run test:e2e [-- --base-url=https://green.example.com] [vitest arguments…]
// The runbook's blue-green step passes --base-url; it becomes E2E_BASE_URL (smoke specs only).
import { spawn } from "node:child_process";

const args = [];
const env = { ...process.env };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === "--base-url") env.E2E_BASE_URL = argv[++i] ?? "";
  else if (arg.startsWith("--base-url=")) env.E2E_BASE_URL = arg.slice("--base-url=".length);
  else args.push(arg);
}
const child = spawn(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--project", "e2e", ...args], { stdio: "inherit", env });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
