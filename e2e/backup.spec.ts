import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openEmbeddedStore } from "../server/db/embedded/index";
import { FieldCrypto, type EncryptedValue } from "../server/platform/crypto";
import { startBuiltApp } from "./support/app-server";
import { call } from "./support/trpc-http";

// The secrets startBuiltApp gives the app (production mode: from the environment, no secrets.json).
const SECRETS = { JWT_SECRET: "e2e-jwt-secret-0123456789abcdef0123456789", ENCRYPTION_KEY: "e2e-encryption-key-0123456789abcdef012345" };

interface CliResult {
  code: number | null;
  output: string;
}

/** Runs a built CLI (`build/server/cli/<name>.js`) with the app's environment for `dataDir`. */
function runCli(name: "backup" | "restore", args: string[], dataDir: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve(`build/server/cli/${name}.js`), ...args], {
      env: { ...process.env, NODE_ENV: "production", ...SECRETS, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += String(d)));
    child.stderr.on("data", (d) => (output += String(d)));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

async function startSession(base: string, visitorId: string): Promise<{ token: string; sessionId: string }> {
  const data = await call(base, "session.start", { visitorId });
  return { token: data.sessionToken, sessionId: data.sessionId };
}

async function shortlistAdd(base: string, token: string, productId: string): Promise<void> {
  await call(base, "chat.send", { action: { kind: "shortlist_add", productId } }, token);
}

async function submitTicket(base: string, token: string, name: string, email: string): Promise<string> {
  const data = await call<{ entries: Array<{ message: { type: string; ticketId?: string } }> }>(
    base,
    "chat.send",
    { action: { kind: "submit_escalation", name, email } },
    token,
  );
  const ticketId = data.entries.find((e) => e.message.type === "ticket_confirmation")?.message.ticketId;
  if (!ticketId) throw new Error(`no ticket confirmation in ${JSON.stringify(data.entries)}`);
  return ticketId;
}

async function shortlistOf(base: string, token: string): Promise<string[]> {
  const data = await call<{ products: Array<{ id: string }> }>(base, "support.shortlist.get", undefined, token, "GET");
  return data.products.map((p) => p.id).sort();
}

describe("npm run backup / npm run restore on the built app", () => {
  it("backs up the embedded store while the app runs and restores it without losing anything", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "aurora-backup-e2e-"));
    const dataDir = path.join(root, "data");
    const backupDir = path.join(root, "backup");
    let app = await startBuiltApp({}, dataDir);
    try {
      const products = (await call(app.url, "support.products.search", { limit: 6 }, undefined, "GET")).items.map(
        (p: { id: string }) => p.id,
      ) as string[];
      expect(products.length).toBe(6);
      const [p0, p1, p2, p3] = products as [string, string, string, string];

      // Data before the backup: a shortlist of two and a stylist ticket.
      const shopper = await startSession(app.url, "backupvisitor01");
      await shortlistAdd(app.url, shopper.token, p0);
      await shortlistAdd(app.url, shopper.token, p1);
      const ticketBefore = await submitTicket(app.url, shopper.token, "Ada Lovelace", "ada@example.com");

      // The backup runs against the live app while other shoppers keep writing.
      const busy = await startSession(app.url, "backupvisitor02");
      let writing = true;
      const writer = (async () => {
        let n = 0;
        // Paced: the chat_session limit allows 30 turns a minute.
        while (writing && n < 20) {
          await call(app.url, "chat.send", { text: `gold rings under ${300 + n++}` }, busy.token);
          await new Promise((r) => setTimeout(r, 25));
        }
        return n;
      })();
      const backup = await runCli("backup", [backupDir], dataDir);
      writing = false;
      expect(await writer).toBeGreaterThan(0);
      expect(backup.output).toMatch(/backup — \d+ collections .* copied to .* and verified/);
      expect(backup.output).toMatch(/WARNING: .*ENCRYPTION_KEY/);
      expect(backup.code).toBe(0);
      expect(readdirSync(backupDir).sort()).toEqual(["manifest.json", "store"]);
      expect(statSync(path.join(backupDir, "manifest.json")).mode & 0o777).toBe(0o600);

      // A second backup into the same (now non-empty) directory is refused.
      const again = await runCli("backup", [backupDir], dataDir);
      expect(again.code).toBe(1);
      expect(again.output).toMatch(/not empty/);

      // Data after the backup: not in it, so it must be gone after the restore.
      await shortlistAdd(app.url, shopper.token, p2);
      const later = await startSession(app.url, "backupvisitor03");
      await shortlistAdd(app.url, later.token, p3);
      const ticketAfter = await submitTicket(app.url, later.token, "Grace Hopper", "grace@example.com");
      expect(await shortlistOf(app.url, shopper.token)).toEqual([p0, p1, p2].sort());

      // Restoring under a running app is refused.
      const locked = await runCli("restore", [backupDir], dataDir);
      expect(locked.code).toBe(3);
      expect(locked.output).toMatch(/open by running process \d+: stop the app/);

      expect(await app.stop("SIGTERM")).toBe(0);

      const restore = await runCli("restore", [backupDir], dataDir);
      expect(restore.output).toMatch(/restore — .* is now the store at/);
      expect(restore.code).toBe(0);
      expect(readdirSync(dataDir).filter((e) => e.startsWith("store.before-restore-"))).toHaveLength(1);

      app = await startBuiltApp({}, dataDir);
      const health = await (await fetch(`${app.url}/api/health?check=db`)).json();
      expect(health).toMatchObject({ status: "ok", checks: { database: "ok" } });
      // Session tokens are stateless (same JWT_SECRET); the sessions they name come from the restored store.
      expect(await shortlistOf(app.url, shopper.token)).toEqual([p0, p1].sort());
      const transcript = await call<{ entries: Array<{ message: { type: string; ticketId?: string } }> }>(
        app.url,
        "session.messages",
        { afterSeq: 0 },
        shopper.token,
        "GET",
      );
      expect(transcript.entries.some((e) => e.message.type === "ticket_confirmation" && e.message.ticketId === ticketBefore)).toBe(true);
      // The app still works on the restored store.
      await shortlistAdd(app.url, shopper.token, p3);
      expect(await shortlistOf(app.url, shopper.token)).toEqual([p0, p1, p3].sort());
      expect(await app.stop("SIGTERM")).toBe(0);

      // The tickets, read straight from the stopped store: the backed-up one decrypts with the key.
      const store = await openEmbeddedStore({ dir: path.join(dataDir, "store") });
      try {
        const tickets = store.db().collection("stylistTickets");
        const ticket = await tickets.findOne({ _id: ticketBefore });
        expect(ticket).not.toBeNull();
        const contact = ticket?.contact as { email: EncryptedValue; name: EncryptedValue };
        expect(new FieldCrypto(SECRETS.ENCRYPTION_KEY).decrypt(contact.email)).toBe("ada@example.com");
        expect(await tickets.findOne({ _id: ticketAfter })).toBeNull();
      } finally {
        await store.close();
      }
    } finally {
      await app.stop("SIGKILL");
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("on MongoDB prints the mongodump / mongorestore commands and exits 2", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "aurora-backup-mongo-"));
    try {
      const result = await new Promise<CliResult>((resolve, reject) => {
        const child = spawn(process.execPath, [path.resolve("build/server/cli/backup.js"), path.join(root, "dump")], {
          env: {
            ...process.env,
            NODE_ENV: "production",
            ...SECRETS,
            DATA_DIR: root,
            MONGODB_URI: "mongodb://user:pw@db.example:27017/shop",
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (d) => (output += String(d)));
        child.stderr.on("data", (d) => (output += String(d)));
        child.once("error", reject);
        child.once("exit", (code) => resolve({ code, output }));
      });
      expect(result.code).toBe(2);
      expect(result.output).toContain('mongodump --uri="$MONGODB_URI" --db=shop');
      expect(result.output).toContain("mongorestore");
      expect(result.output).not.toContain("pw@");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
