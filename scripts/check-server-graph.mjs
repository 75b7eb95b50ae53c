// Fails the build when the Remix server build carries its own copy of server code.
//
// The built app must have ONE module graph for server code: the router, the services and their
// error classes live in build/server/main.js only. Remix routes reach them through the load
// context (server/http/remix-context.ts) and `import type`. A second copy once broke
// `instanceof DomainError` in the built app (every domain error answered 500) while every test
// passed. Pure vocabulary (server/domain/**) and the message contract may be shared: they hold no
// state and no classes that are compared by identity.
import { readFileSync } from "node:fs";

const ALLOWED = [/^server\/domain\//, /^server\/concierge\/messages\.ts$/, /^widget\/protocol\.ts$/];
const file = process.argv[2] ?? "build/index.js";
const source = readFileSync(file, "utf8");
const modules = [...source.matchAll(/^\/\/ ((?:server|widget)\/[^\s]+)$/gm)].map((m) => m[1]);
const offending = modules.filter((m) => !ALLOWED.some((re) => re.test(m)));
if (offending.length > 0) {
  console.error(`${file} bundles server code that must stay in the server bundle (one module graph):`);
  for (const m of offending) console.error(`  - ${m}`);
  console.error("Reach it through the load context (context.runtime, context.caller) or `import type`.");
  process.exit(1);
}
console.log(`one module graph: ${file} shares only ${modules.length ? modules.join(", ") : "nothing"} with the server bundle`);
