// Bundles the Node entry (server/main.ts) for `npm start`; dependencies stay in node_modules.
import { build } from "esbuild";

await build({
  entryPoints: [
    "server/main.ts",
    "server/cli/migrate.ts",
    "server/cli/seed.ts",
    "server/cli/backup.ts",
    "server/cli/restore.ts",
    "server/cli/shopper-export.ts",
    "server/cli/shopper-erase.ts",
    "server/cli/store-export.ts",
    "server/cli/store-import.ts",
    "server/cli/catalog-import.ts",
    "server/cli/user-create.ts",
    "server/cli/llm-check.ts",
  ],
  outdir: "build/server",
  outbase: "server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("built build/server/main.js");
