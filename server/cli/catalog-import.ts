import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyIndexes, verifyIndexes } from "../db/indexes";
import { CatalogImportsRepository } from "../db/repositories/catalog-imports";
import { ProductsRepository } from "../db/repositories/products";
import { CatalogService } from "../services/catalog/catalog-service";
import { CatalogImportService, detectFormat, type CatalogFormat, type ImportPlan } from "../services/catalog/import/catalog-import-service";
import type { MappingOverrides } from "../services/catalog/import/mapping";
import { CatalogFileError } from "../services/catalog/import/shopify-csv";
import { configOrExit } from "./bootstrap";
import { connectConfiguredStore } from "./store-connect";

const USAGE = `usage: npm run catalog:import -- <file.csv|file.json> [--dry-run] [--prune] [--skip-invalid] [--map mapping.json] [--format shopify_csv|json]

  --dry-run       print the plan, write nothing
  --prune         also remove catalog products that are not in the file (e.g. the demo catalog)
  --skip-invalid  import although some products cannot be mapped (they are listed and left out)
  --map FILE      your words → the catalog's vocabulary: {"metal": {"18k gold": "yellow_gold_14k"}, "category": {…}, "stone": {…}, "style": {…}}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "dry-run": { type: "boolean", default: false },
    prune: { type: "boolean", default: false },
    "skip-invalid": { type: "boolean", default: false },
    map: { type: "string" },
    format: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
const file = positionals[0];
if (!file || values.help) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 1);
}
if (values.format && values.format !== "shopify_csv" && values.format !== "json") {
  console.error(`--format must be shopify_csv or json\n${USAGE}`);
  process.exit(1);
}

function printPlan(plan: ImportPlan): void {
  const line = (label: string, n: number) => console.log(`  ${label.padEnd(28)} ${n}`);
  console.log(`Catalog import plan for ${plan.source} (${plan.format === "json" ? "JSON" : "Shopify CSV"}):`);
  line("new products", plan.create.length);
  line("updated products", plan.update.length);
  line("unchanged", plan.unchanged.length);
  line("hidden (archived, draft, sold out)", plan.hidden.length);
  line(plan.prune ? "removed (not in the file)" : "kept (not in the file)", plan.missing.length);
  line("cannot be mapped", plan.skipped.length);
  if (plan.mapping.length > 0) {
    console.log("\nMapping (source → catalog, products):");
    for (const m of plan.mapping.slice(0, 60))
      console.log(`  ${m.field.padEnd(12)} ${JSON.stringify(m.from).padEnd(40)} → ${m.to} (${m.count})`);
    if (plan.mapping.length > 60) console.log(`  … ${plan.mapping.length - 60} more`);
  }
  for (const u of plan.update.slice(0, 20)) console.log(`  update ${u.product.id}: ${u.changed.join(", ")}`);
  for (const h of plan.hidden) console.log(`  hide   ${h.handle}: ${h.reason}${h.ids.length ? ` (removes ${h.ids.join(", ")})` : ""}`);
  if (plan.skipped.length > 0) {
    console.log("\nCannot be mapped (not imported):");
    for (const s of plan.skipped) console.log(`  ${s.handle} (${s.origin}): ${s.reason}`);
  }
  if (!plan.prune && plan.missing.length > 0) {
    console.log(`\n${plan.missing.length} catalog product(s) are not in the file and are kept; --prune removes them.`);
  }
}

const config = configOrExit();
let text: string;
let overrides: MappingOverrides | undefined;
try {
  text = await readFile(file, "utf8");
  overrides = values.map ? (JSON.parse(await readFile(values.map, "utf8")) as MappingOverrides) : undefined;
} catch (error) {
  console.error(`catalog:import — cannot read ${(error as NodeJS.ErrnoException).path ?? file}: ${(error as Error).message}`);
  process.exit(1);
}
const format: CatalogFormat = (values.format as CatalogFormat | undefined) ?? detectFormat(file, text);

const store = await connectConfiguredStore(config, "catalog:import");
let exitCode = 0;
try {
  if (store.kind === "embedded") await applyIndexes(store.db);
  else await verifyIndexes(store.db);
  const products = new ProductsRepository(store.db);
  const service = new CatalogImportService(products, new CatalogService(products), new CatalogImportsRepository(store.db));
  const plan = await service.plan(text, { format, source: path.basename(file), prune: values.prune, ...(overrides ? { overrides } : {}) });
  printPlan(plan);
  if (values["dry-run"]) {
    console.log("\nDry run: nothing was written.");
  } else if (plan.skipped.length > 0 && !values["skip-invalid"]) {
    console.error(
      `\ncatalog:import — nothing was written: ${plan.skipped.length} product(s) cannot be mapped (listed above). ` +
        "Fix them in the file, map your words with --map, or pass --skip-invalid to import the rest.",
    );
    exitCode = 1;
  } else {
    const { record } = await service.apply(plan);
    const c = record.counts;
    console.log(
      `\ncatalog:import — ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.hidden} hidden, ${c.removed} removed; ` +
        `${c.total} products in the ${store.kind} store.`,
    );
  }
} catch (error) {
  console.error(`catalog:import ${error instanceof CatalogFileError ? `— ${file}` : "failed —"} ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await store.close();
}
process.exit(exitCode);
