import compression from "compression";
import type { RequestHandler } from "express";
import expressStaticGzip from "express-static-gzip";
import zlib from "node:zlib";

/**
 * A 256 KB brotli window for rendered pages (quality 4, compression's default): the default 4 MB window is
 * allocated per response, and with 50 pages in flight that alone tripled a widget page's CPU.
 */
const BROTLI_WINDOW_BITS = 18;

/**
 * Static files, served precompressed (`npm run build` writes .br and .gz beside each asset, see
 * scripts/precompress.mjs): brotli when the browser accepts it, else gzip, else the file.
 *  - /build/* (Remix's hashed chunks): immutable, cached for a year;
 *  - /widget.js (the host-page loader, a stable URL on every store page): 5 minutes, revalidated by ETag;
 *  - the rest of public/: an hour.
 */
export function hashedAssets(): RequestHandler {
  return expressStaticGzip("public/build", {
    enableBrotli: true,
    orderPreference: ["br", "gzip"],
    serveStatic: { immutable: true, maxAge: "1y", index: false },
  });
}

export function publicFiles(): RequestHandler {
  const files = publicFilesServer();
  // Every file in public/ has an extension; pages ("/", "/widget", "/dashboard/…") do not, and
  // would otherwise cost a failed `stat` (and its error object) on every page view.
  return (req, res, next) => (FILE_NAME.test(req.path) ? files(req, res, next) : next());
}

const FILE_NAME = /\/[^/]*\.[A-Za-z0-9]+$/;

function publicFilesServer(): RequestHandler {
  return expressStaticGzip("public", {
    enableBrotli: true,
    orderPreference: ["br", "gzip"],
    index: false,
    serveStatic: {
      index: false,
      maxAge: "1h",
      setHeaders: (res, file) => {
        if (/\/widget\.js(\.br|\.gz)?$/.test(file)) res.setHeader("Cache-Control", "public, max-age=300");
      },
    },
  });
}

/**
 * Compression for what is rendered per request: pages above 1 KB. Not for API answers: merely
 * passing through the compression middleware (even below its threshold) cost a fifth of a catalog
 * search's server CPU, for a few KB of JSON. Never for live streams (SSE must flush every event).
 */
export function dynamicCompression(): RequestHandler {
  const pages = compressionAbove(1024);
  return (req, res, next) => {
    if (req.path.startsWith("/api/")) return next();
    pages(req, res, (error?: unknown) => {
      coalesceFlushes(res);
      next(error);
    });
  };
}

/**
 * Remix writes a rendered page chunk by chunk and calls `res.flush()` after every chunk (React emits
 * many small ones), and each flush makes the compressor close a block. Flushes asked for in one burst
 * become one, made once the burst is over (`setImmediate`), so streamed parts still reach the browser
 * promptly. With the smaller brotli window this took a widget page at 50 concurrent requests from
 * ≈ 4 ms to ≈ 3 ms of CPU (≈ 10 ms before both; ≈ 2.5 ms uncompressed).
 */
export function coalesceFlushes(res: { flush?: () => void }): void {
  const flush = res.flush;
  if (typeof flush !== "function") return;
  let scheduled = false;
  res.flush = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      flush.call(res);
    });
  };
}

function compressionAbove(threshold: number): RequestHandler {
  return compression({
    threshold,
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS } },
    filter: (req, res) => {
      const type = String(res.getHeader("Content-Type") ?? "");
      if (type.startsWith("text/event-stream")) return false;
      if (String(req.headers.accept ?? "").includes("text/event-stream")) return false;
      return compression.filter(req, res);
    },
  });
}
