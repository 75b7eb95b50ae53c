import compression from "compression";
import type { RequestHandler } from "express";
import expressStaticGzip from "express-static-gzip";

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
  return (req, res, next) => (req.path.startsWith("/api/") ? next() : pages(req, res, next));
}

function compressionAbove(threshold: number): RequestHandler {
  return compression({
    threshold,
    filter: (req, res) => {
      const type = String(res.getHeader("Content-Type") ?? "");
      if (type.startsWith("text/event-stream")) return false;
      if (String(req.headers.accept ?? "").includes("text/event-stream")) return false;
      return compression.filter(req, res);
    },
  });
}
