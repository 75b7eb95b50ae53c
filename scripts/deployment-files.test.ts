/**
 * Docker cannot run on the development machines, so the deployment files are checked here as far
 * as they can be without an engine: their structure, by the manuals' rules.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startNodeFlags } from "./start-command.mjs";

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), "utf8");

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  ports?: string[];
  volumes?: string[];
}

describe("compose.yaml", () => {
  const compose = parse(read("compose.yaml"), { merge: true }) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
  };
  const { app, mongo, redis, migrate } = compose.services;

  it("runs the app, MongoDB as a single-node replica set with an initiating healthcheck, Redis, and a migrate step", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "migrate", "mongo", "redis"]);
    expect(mongo!.command).toEqual(expect.arrayContaining(["--replSet", "rs0"]));
    const mongoCheck = mongo!.healthcheck!.test!.join(" ");
    expect(mongoCheck).toContain("rs.initiate");
    expect(mongoCheck).toContain("isWritablePrimary");
    expect(redis!.healthcheck!.test).toEqual(["CMD", "redis-cli", "ping"]);
    expect(mongo!.volumes).toEqual(["mongo-data:/data/db"]);
    expect(Object.keys(compose.volumes).sort()).toEqual(["mongo-data", "redis-data"]);
    // Neither data service is published on the host.
    expect(mongo!.ports).toBeUndefined();
    expect(redis!.ports).toBeUndefined();
  });

  it("points the app at the replica set and Redis, requires its secrets, and starts it only after migrate:up", () => {
    expect(app!.environment).toMatchObject({
      NODE_ENV: "production",
      MONGODB_URI: expect.stringMatching(/^mongodb:\/\/mongo:27017\/\w+\?replicaSet=rs0$/),
      REDIS_URL: "redis://redis:6379",
      JWT_SECRET: expect.stringMatching(/^\$\{JWT_SECRET:\?/),
      ENCRYPTION_KEY: expect.stringMatching(/^\$\{ENCRYPTION_KEY:\?/),
    });
    expect(app!.depends_on).toEqual({
      migrate: { condition: "service_completed_successfully" },
      mongo: { condition: "service_healthy" },
      redis: { condition: "service_healthy" },
    });
    expect(app!.healthcheck!.test!.join(" ")).toContain("/api/health");
    expect(migrate!.command).toEqual(["node", "build/server/cli/migrate.js"]);
    expect(migrate!.image).toBe(app!.image);
  });
});

describe("Dockerfile", () => {
  const lines = read("Dockerfile")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stages: string[][] = [];
  for (const line of lines) {
    if (/^FROM /i.test(line)) stages.push([]);
    stages.at(-1)?.push(line);
  }
  const runtime = stages.at(-1)!;

  it("builds in one stage and runs from another with production dependencies and the build output only", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]![0]).toMatch(/^FROM node:\S+ AS build$/);
    expect(runtime.some((l) => /^RUN npm ci --omit=dev\b/.test(l))).toBe(true);
    const copies = runtime.filter((l) => l.startsWith("COPY"));
    expect(copies.filter((l) => l.includes("--from=build")).map((l) => l.split(/\s+/).at(-1))).toEqual(["./build", "./public"]);
    expect(copies.filter((l) => !l.includes("--from=build"))).toEqual(["COPY package.json package-lock.json ./"]);
  });

  it("runs as a non-root user with a healthcheck on /api/health", () => {
    const user = runtime.filter((l) => l.startsWith("USER ")).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
    expect(runtime.find((l) => l.startsWith("HEALTHCHECK"))).toContain("/api/health");
    // Started as `npm start` starts it: the same node flags, then the built server.
    expect(runtime.at(-1)).toBe(`CMD ${JSON.stringify(["node", ...startNodeFlags(), "build/server/main.js"])}`.replace(/","/g, '", "'));
  });

  it("keeps secrets and local state out of the build context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of ["node_modules", ".env", ".data", ".git"]) expect(ignored).toContain(entry);
  });
});

describe("ecosystem.config.cjs (pm2)", () => {
  it("defines the runbook's glowglitch-app on the built server with a graceful kill timeout", () => {
    const config = createRequire(import.meta.url)("../ecosystem.config.cjs") as { apps: Array<Record<string, unknown>> };
    expect(config.apps[0]).toMatchObject({ name: "glowglitch-app", script: "build/server/main.js", exec_mode: "cluster" });
    expect(config.apps[0]!.node_args).toEqual(startNodeFlags());
    expect(config.apps[0]!.kill_timeout).toBeGreaterThan(10_000);
  });
});
