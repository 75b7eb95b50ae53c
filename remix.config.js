/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Remix v2 classic compiler. The server build is consumed by server/main.ts (Express).
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverBuildPath: "build/index.js",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  // server/ is bundled into the Remix server build as plain code; every stateful object is
  // created once in server/runtime.ts and reaches loaders through the load context.
  watchPaths: ["server/**/*.ts"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
