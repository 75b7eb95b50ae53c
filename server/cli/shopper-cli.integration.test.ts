import { execFile } from "node:child_process";
import { readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime } from "../testing/test-runtime";
import { startWidgetSession } from "../testing/widget-client";
import { parseShopperArgs } from "./shopper-args";

/** The thin CLIs over the privacy service, run as an operator runs them (app stopped, embedded store). */

const run = promisify(execFile);
/** Each command starts tsx and the whole server graph: slow on a loaded machine. */
const CLI_TIMEOUT = 90_000;
const SECRETS = { JWT_SECRET: "j".repeat(32), ENCRYPTION_KEY: "e".repeat(32) };
const EMAIL = "sofia.ramirez@example.com";
let dataDir: string;
let subject: string;

function cli(script: "shopper-export" | "shopper-erase", args: string[]) {
  return run(path.resolve("node_modules/.bin/tsx"), [`server/cli/${script}.ts`, ...args], {
    env: { ...process.env, NODE_ENV: "test", DATA_DIR: dataDir, ...SECRETS },
  });
}

beforeAll(async () => {
  const t = await createTestRuntime();
  dataDir = t.dataDir;
  const w = await startWidgetSession(t);
  await w.caller.support.orders.status({ orderNumber: "GG-12003", email: EMAIL });
  await w.caller.support.stylist.create({ name: "Sofia Ramirez", email: EMAIL, notes: "custom ring" });
  subject = t.runtime.crypto.lookupHash("email", EMAIL);
  await t.runtime.close(); // the embedded store is single-process: the commands open it themselves
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run shopper:export / shopper:erase", () => {
  it(
    "exports the shopper's data as JSON to a 0600 file and prints an audit line with the keyed hash only",
    { timeout: CLI_TIMEOUT },
    async () => {
      const out = path.join(dataDir, "sofia.json");
      const { stdout, stderr } = await cli("shopper-export", ["--email", EMAIL, "--out", out]);
      expect(stdout).toBe("");
      const data = JSON.parse(readFileSync(out, "utf8")) as {
        subject: string;
        orders: unknown[];
        tickets: Array<{ contact: { email: string } }>;
      };
      expect(data.subject).toBe(subject);
      expect(data.orders.length).toBeGreaterThan(0);
      expect(data.tickets[0]!.contact.email).toBe(EMAIL);
      expect(statSync(out).mode & 0o077).toBe(0);
      expect(stderr).toContain(`shopper.export subject=${subject} orders=`);
      expect(stderr).toContain('"audit":"shopper.export"');
      expect(stderr).not.toContain(EMAIL);
    },
  );

  it(
    "erases once and then reports zeros; both runs print and log the audit line without the email",
    { timeout: 3 * CLI_TIMEOUT },
    async () => {
      const first = await cli("shopper-erase", ["--email", EMAIL]);
      expect(first.stdout).toMatch(new RegExp(`^shopper.erase subject=${subject} tickets=1 .*conversations=1 .*orders=[1-9]`));
      expect(first.stderr).toContain('"audit":"shopper.erase"');
      expect(first.stdout + first.stderr).not.toContain(EMAIL);
      const second = await cli("shopper-erase", ["--email", EMAIL]);
      expect(second.stdout.trim()).toBe(
        `shopper.erase subject=${subject} tickets=0 subscriptions=0 conversations=0 messages=0 csat=0 shortlists=0 idempotencyKeys=0 notifications=0 orders=0 returns=0 analyticsEvents=0`,
      );
      const { stdout } = await cli("shopper-export", ["--email", EMAIL]);
      expect(JSON.parse(stdout)).toMatchObject({ orders: [], tickets: [], conversations: [] });
    },
  );

  it("refuses bad arguments with exit code 1 and the usage", { timeout: CLI_TIMEOUT }, async () => {
    const error = (await cli("shopper-erase", ["--email", "nope"]).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain("shopper:erase — --email must be an email address");
    expect(error.stderr).toContain("Usage: npm run shopper:erase -- --email <email>");
  });
});

describe("parseShopperArgs", () => {
  it("takes --email (normalised) and, where allowed, --out; rejects everything else", () => {
    expect(parseShopperArgs(["--email", " Ava@Example.COM "], { allowOut: false })).toEqual({ email: "ava@example.com" });
    expect(parseShopperArgs(["--email", "a@b.co", "--out", "x.json"], { allowOut: true })).toEqual({ email: "a@b.co", out: "x.json" });
    expect(parseShopperArgs(["-h"], { allowOut: false })).toBe("help");
    expect(() => parseShopperArgs([], { allowOut: false })).toThrowError("--email is required");
    expect(() => parseShopperArgs(["--email", "nope"], { allowOut: false })).toThrowError("--email must be an email address");
    expect(() => parseShopperArgs(["--email", "a@b.co", "--out", "x.json"], { allowOut: false })).toThrowError(/--out/);
    expect(() => parseShopperArgs(["--email", "a@b.co", "extra"], { allowOut: false })).toThrowError(/positional/i);
  });
});
