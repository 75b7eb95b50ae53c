// Writes .br (brotli, max quality) and .gz (gzip -9) beside every static text asset the app serves
// (public/build/** and the loader public/widget.js), so the server sends compressed bytes without
// compressing per request (server/http/static-assets.ts picks the best encoding the browser accepts).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const TEXT = /\.(js|css|svg|json|map|html|txt)$/;
const MIN_BYTES = 256;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (TEXT.test(entry.name) && !entry.name.endsWith(".map")) yield full;
  }
}

let count = 0;
let raw = 0;
let br = 0;
for (const file of [...files("public/build"), "public/widget.js"]) {
  const body = readFileSync(file);
  if (statSync(file).size < MIN_BYTES) continue;
  const brotli = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  writeFileSync(`${file}.br`, brotli);
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  count += 1;
  raw += body.length;
  br += brotli.length;
}
console.log(`precompressed ${count} assets: ${(raw / 1024).toFixed(1)} KB → ${(br / 1024).toFixed(1)} KB brotli`);
