import { parseArgs } from "node:util";

export interface ShopperArgs {
  email: string;
  out?: string;
}

/**
 * Strict arguments for the shopper privacy commands: `--email` (required), and `--out <file>`
 * where the command allows it. Unknown flags, positionals and malformed values are errors.
 */
export function parseShopperArgs(argv: string[], options: { allowOut: boolean }): ShopperArgs | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: "string" },
      help: { type: "boolean", short: "h" },
      ...(options.allowOut ? { out: { type: "string" as const } } : {}),
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const email = String(values.email ?? "")
    .trim()
    .toLowerCase();
  if (!email) throw new Error("--email is required");
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error("--email must be an email address");
  const out = (values as { out?: string }).out?.trim();
  if ((values as { out?: string }).out !== undefined && !out) throw new Error("--out needs a file name");
  return { email, ...(out ? { out } : {}) };
}
