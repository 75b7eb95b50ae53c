/**
 * E2E_BASE_URL (or `npm run test:e2e -- --base-url=…`): run the browser specs against a deployed
 * app instead of a local build. Only specs that hold on any deployment run then; the others start
 * their own app, read its data directory or rely on the demo data.
 */
/** The specs vitest.config.ts runs in that case. */
export const REMOTE_SPECS = ["e2e/smoke.spec.ts"];

export function remoteBaseUrl(): string | undefined {
  const raw = process.env.E2E_BASE_URL?.trim();
  if (!raw) return undefined;
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`E2E_BASE_URL must be an http(s) URL, got ${raw}`);
  return url.href.replace(/\/+$/, "");
}
