import { parseArgs } from "node:util";
import { DASHBOARD_ROLES, type DashboardRole } from "../db/repositories/dashboard-users";
import { createLogger } from "../platform/logger";
import { createRuntime } from "../runtime";
import { DomainError } from "../services/errors";
import { configOrExit } from "./bootstrap";

/**
 * npm run user:create -- --email ana@store.example --role stylist [--name "Ana Diaz"]
 *
 * Creates a dashboard account with a generated password, printed once (it is stored only as a
 * scrypt hash). With the embedded store, stop the app first: its data directory is single-process.
 */
const USAGE = `Usage: npm run user:create -- --email <email> --role <${DASHBOARD_ROLES.join("|")}> [--name "<display name>"]`;

function fail(message: string): never {
  console.error(`user:create — ${message}\n${USAGE}`);
  process.exit(1);
}

export interface UserCreateArgs {
  email: string;
  role: DashboardRole;
  name?: string;
}

/** Strict argument parsing: unknown flags, positionals, missing or malformed values are errors. */
export function parseUserCreateArgs(argv: string[]): UserCreateArgs {
  let values: { email?: string; role?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (values.help) throw new Error("help");
  const email = values.email?.trim().toLowerCase() ?? "";
  if (!email) throw new Error("--email is required");
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`--email "${values.email}" is not an email address`);
  const role = values.role?.trim().toLowerCase() ?? "";
  if (!role) throw new Error("--role is required");
  if (!(DASHBOARD_ROLES as readonly string[]).includes(role))
    throw new Error(`--role must be one of ${DASHBOARD_ROLES.join(", ")} (got "${values.role}")`);
  const name = values.name?.trim();
  if (values.name !== undefined && (!name || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name))) {
    throw new Error("--name must be 1–100 printable characters");
  }
  return { email, role: role as DashboardRole, ...(name ? { name } : {}) };
}

let args: UserCreateArgs;
try {
  args = parseUserCreateArgs(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  if (message === "help") {
    console.log(USAGE);
    process.exit(0);
  }
  fail(message);
}

const config = configOrExit();
let runtime: Awaited<ReturnType<typeof createRuntime>>;
try {
  runtime = await createRuntime({ ...config, seedDemoData: false }, createLogger({ level: "warn" }), {
    seedOnStart: false,
    backgroundTasks: false,
  });
} catch (error) {
  const code = (error as { code?: unknown }).code;
  if (code === "STORE_LOCKED") {
    fail(`the embedded store in ${config.dataDir} is in use by a running app — stop it first (or use MONGODB_URI)`);
  }
  throw error;
}

let exitCode = 0;
try {
  const { user, password } = await runtime.services.dashboardAuth.createUser({
    email: args.email,
    role: args.role,
    ...(args.name ? { displayName: args.name } : {}),
  });
  console.log(
    [
      `Dashboard user created (${runtime.store.kind} store)`,
      `  email:    ${user.email}`,
      `  name:     ${user.displayName}`,
      `  role:     ${user.role}`,
      `  password: ${password}`,
      "This password is shown once and cannot be recovered — hand it over securely.",
    ].join("\n"),
  );
} catch (error) {
  if (error instanceof DomainError) {
    console.error(
      `user:create — ${error.code === "CONFLICT" ? `a dashboard user with the email ${args.email} already exists` : error.message}`,
    );
    exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await runtime.close();
}
process.exit(exitCode);
