import { auditLine } from "../services/privacy-service";
import { configOrExit } from "./bootstrap";
import { parseShopperArgs } from "./shopper-args";
import { openOperationsRuntime } from "./shopper-runtime";

/**
 * npm run shopper:erase -- --email ava@example.com
 *
 * Erases one shopper: deletes their conversations (with messages), tickets, subscriptions, ratings,
 * shortlists and idempotency records; pseudonymises their orders and returns; unlinks their
 * analytics events. Safe to run again (it then reports zeros). Prints and logs one audit line that
 * names the shopper by a keyed hash only.
 */
const USAGE = "Usage: npm run shopper:erase -- --email <email>";

let args: ReturnType<typeof parseShopperArgs>;
try {
  args = parseShopperArgs(process.argv.slice(2), { allowOut: false });
} catch (error) {
  console.error(`shopper:erase — ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(1);
}
if (args === "help") {
  console.log(USAGE);
  process.exit(0);
}

const runtime = await openOperationsRuntime(configOrExit(), "shopper:erase");
try {
  const report = await runtime.services.privacy.erase(args.email);
  console.log(auditLine("shopper.erase", report.subject, { ...report.deleted, ...report.pseudonymised }));
} finally {
  await runtime.close();
}
