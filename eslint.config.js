// ESLint (flat config): typescript-eslint's recommended rules plus import boundaries that encode
// ARCHITECTURE.md's layers. `npm run lint` runs it with Prettier's check; the test command runs both.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const layer = (files, patterns, extra = {}) => ({
  files,
  ignores: ["**/*.test.ts", "**/*.integration.test.ts", "**/testing/**"],
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns, ...extra }] },
});

export default tseslint.config(
  {
    ignores: ["build/**", "public/build/**", "public/widget.js", "node_modules/**", ".data/**", ".cache/**", "coverage/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
      // Sanitisers strip control characters on purpose.
      "no-control-regex": "off",
      // The loader's size budget favours `a ? b() : c()` and `a && b()` statements.
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // Tests may poke at loosely typed payloads.
    files: ["**/*.test.ts", "**/*.spec.ts", "**/testing/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["app/**/*.tsx", "app/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: ["*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly", __dirname: "readonly", process: "readonly" },
    },
  },
  {
    files: ["scripts/**/*.mjs", "*.js", "*.cjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        performance: "readonly",
        fetch: "readonly",
        Headers: "readonly",
        Request: "readonly",
        Response: "readonly",
        AbortController: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        WebSocket: "readonly",
        global: "readonly",
      },
    },
  },

  // ---- Layers (ARCHITECTURE.md) -------------------------------------------------------------
  // app/: Remix only. Server code arrives through the load context; from server/ it imports types,
  // plus the pure vocabulary (server/domain) and the message contract the widget renders.
  layer(
    ["app/**/*.{ts,tsx}"],
    [
      {
        regex: "^(\\.\\./)+server/(?!domain/|concierge/messages$)",
        allowTypeImports: true,
        message:
          "app/ reaches server code through the load context (context.runtime / context.caller) or `import type` — one module graph.",
      },
    ],
  ),
  // Services hold business rules: never the engine, the transport or the HTTP layer.
  layer(
    ["server/services/**/*.ts"],
    [
      { regex: "^(\\.\\./)+concierge/(?!messages$)", message: "Services never import the conversation engine." },
      { group: ["**/routers/**", "**/trpc/**", "**/http/**"], message: "Services know nothing of the transport." },
    ],
  ),
  // Platform: infrastructure with no knowledge of the data layer or the product.
  layer(
    ["server/platform/**/*.ts"],
    [
      {
        group: ["**/db/**", "**/concierge/**", "**/services/**", "**/routers/**", "**/trpc/**", "**/http/**"],
        message: "server/platform imports neither db, concierge, services nor the transport.",
      },
    ],
  ),
  // Domain: shared vocabulary with no dependencies (types from the message contract only).
  layer(
    ["server/domain/**/*.ts"],
    [
      {
        group: ["**/db/**", "**/services/**", "**/routers/**", "**/trpc/**", "**/http/**", "**/platform/**"],
        message: "server/domain is vocabulary with no dependencies.",
      },
      { group: ["**/concierge/**"], allowTypeImports: true, message: "server/domain may only import types from the concierge." },
    ],
  ),
  // Repositories hold queries; they never reach up.
  layer(
    ["server/db/**/*.ts"],
    [
      {
        group: ["**/services/**", "**/concierge/**", "**/routers/**", "**/trpc/**", "**/http/**"],
        message: "server/db never imports services, the engine or the transport.",
      },
    ],
  ),
  // Routers are thin: parse → service → result. No queries.
  layer(
    ["server/routers/**/*.ts"],
    [{ group: ["**/db/**"], allowTypeImports: true, message: "Routers never touch the database: call a service." }],
  ),
  // The host-page loader ships to every store page: nothing of the app or the server.
  layer(["widget/**/*.ts"], [{ group: ["**/server/**", "**/app/**"], message: "The loader is standalone." }]),
);
