import { parseArgs } from "node:util";
import { migrateIndexes, planIndexes, readIndexes, type IndexAction } from "../db/indexes";
import { StylistTicketsRepository } from "../db/repositories/stylist-tickets";
import { configOrExit } from "./bootstrap";
import { connectConfiguredStore } from "./store-connect";

/**
 * npm run migrate:up [-- --dry-run] [--rebuild] [--drop-unknown]
 *
 * Brings the configured store's indexes to what the repositories declare: creates missing ones,
 * changes TTLs in place (collMod), and — with --rebuild — drops and recreates indexes whose options
 * changed. Idempotent; on MongoDB safe to run while the app runs, before a rolling restart. On the
 * embedded store while the app runs, there is nothing to do: the app manages its own indexes.
 */
const { values } = parseArgs({
  options: {
    "dry-run": { type: "boolean", default: false },
    rebuild: { type: "boolean", default: false },
    "drop-unknown": { type: "boolean", default: false },
  },
});

const config = configOrExit();
const store = await connectConfiguredStore(config, "migrate:up", (error) => {
  console.log(
    `migrate:up — the app is running on the embedded store in ${error.dir}.\n` +
      "The embedded store creates and updates its indexes itself at every start, so there is nothing to migrate.\n" +
      "(With MongoDB, run this before a rolling restart.)",
  );
  process.exit(0);
});

function describe(a: IndexAction): string {
  switch (a.kind) {
    case "create":
      return `create  ${a.collection}.${a.name}`;
    case "ttl":
      return `ttl     ${a.collection}.${a.name} (${a.from ?? "none"} → ${a.spec.expireAfterSeconds} s, in place)`;
    case "rebuild":
      return `rebuild ${a.collection}.${a.name} (${a.why})`;
    case "unknown":
      return `unknown ${a.collection}.${a.name} (declared nowhere${values["drop-unknown"] ? "; dropped" : "; kept"})`;
    case "ok":
      return `ok      ${a.collection}.${a.name}`;
  }
}

let exitCode = 0;
try {
  if (values["dry-run"]) {
    const plan = planIndexes(await readIndexes(store.db));
    for (const a of plan) if (a.kind !== "ok") console.log(`  ${describe(a)}`);
    console.log(`migrate:up (dry run) — ${plan.filter((a) => a.kind !== "ok").length} change(s) on the ${store.kind} store`);
  } else {
    // Data the new unique index on open tickets needs, before it is built.
    const backfill = await new StylistTicketsRepository(store.db).backfillOpenKeys();
    if (backfill.updated > 0) console.log(`  stylistTickets: marked ${backfill.updated} open ticket(s)`);
    if (backfill.duplicates.length > 0) {
      console.log(
        `  stylistTickets: ${backfill.duplicates.length} older open ticket(s) share a conversation with a newer one (${backfill.duplicates.join(", ")}); resolve them in the dashboard`,
      );
    }
    const report = await migrateIndexes(store.db, { rebuild: values.rebuild, dropUnknown: values["drop-unknown"] });
    for (const a of report.actions) if (a.kind !== "ok") console.log(`  ${describe(a)}`);
    const inPlace = report.actions.filter((a) => a.kind !== "unknown").length;
    console.log(`migrate:up — ${inPlace} indexes declared, ${inPlace - report.pending.length} in place on the ${store.kind} store`);
    if (report.pending.length > 0) {
      console.error(
        `migrate:up — ${report.pending.length} index(es) changed options and need a rebuild (drop and recreate). ` +
          "Run again with --rebuild at a quiet time.",
      );
      exitCode = 2;
    }
  }
} catch (error) {
  console.error(`migrate:up failed — ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await store.close();
}
process.exit(exitCode);
