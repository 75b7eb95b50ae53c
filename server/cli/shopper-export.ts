import { writeFileSync } from "node:fs";
import { auditLine } from "../services/privacy-service";
import { configOrExit } from "./bootstrap";
import { parseShopperArgs } from "./shopper-args";
import { openOperationsRuntime } from "./shopper-runtime";

/**
 * npm run shopper:export -- --email ava@example.com [--out ava.json]
 *
 * Everything stored about one shopper as JSON (their encrypted contact details decrypted) on stdout
 * or in a new file (mode 0600). Prints and logs one audit line naming the shopper by a keyed hash only.
 */
const USAGE = "Usage: npm run shopper:export -- --email <email> [--out <file>]";

let args: ReturnType<typeof parseShopperArgs>;
try {
  args = parseShopperArgs(process.argv.slice(2), { allowOut: true });
} catch (error) {
  console.error(`shopper:export — ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(1);
}
if (args === "help") {
  console.log(USAGE);
  process.exit(0);
}

const runtime = await openOperationsRuntime(configOrExit(), "shopper:export");
try {
  const { data, counts } = await runtime.services.privacy.export(args.email);
  const json = `${JSON.stringify(data, null, 2)}\n`;
  if (args.out) {
    try {
      writeFileSync(args.out, json, { mode: 0o600, flag: "wx" }); // never overwrites an earlier export
    } catch (error) {
      console.error(`shopper:export — cannot write ${args.out}: ${(error as { code?: string }).code ?? String(error)}`);
      process.exitCode = 1;
    }
  } else process.stdout.write(json);
  if (!process.exitCode) console.error(auditLine("shopper.export", data.subject, counts) + (args.out ? ` file=${args.out}` : ""));
} finally {
  await runtime.close();
}
