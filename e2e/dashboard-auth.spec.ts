import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltApp, type RunningApp } from "./support/app-server";

/**
 * Dashboard sign-in, sessions, CSRF and roles over plain HTTP against the built app. Its own app
 * instance: first start creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD; then (app stopped — the embedded store is
 * single-process) `server/cli/user-create.ts` adds a stylist, a viewer and an account to lock out.
 */

const run = promisify(execFile);
const APP_ENV: Record<string, string> = {
  NODE_ENV: "production",
  JWT_SECRET: "e2e-jwt-secret-0123456789abcdef0123456789",
  ENCRYPTION_KEY: "e2e-encryption-key-0123456789abcdef012345",
  LOG_LEVEL: "warn",
};
const INVALID = "That email and password don't match an active account.";

interface Creds {
  email: string;
  password: string;
}

let dir: string;
let app: RunningApp;
let url: string;
const users: Record<"admin" | "stylist" | "viewer" | "locky", Creds> = {} as never;
let ticketId: string;

async function createUser(email: string, role: string, name: string): Promise<Creds> {
  const { stdout } = await run(
    path.resolve("node_modules/.bin/tsx"),
    ["server/cli/user-create.ts", "--email", email, "--role", role, "--name", name],
    {
      env: { ...process.env, ...APP_ENV, DATA_DIR: dir },
    },
  );
  const password = /password:\s+(\S+)/.exec(stdout)?.[1];
  expect(password, stdout).toBeTruthy();
  return { email, password: password! };
}

async function trpc<T>(procedure: string, input: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${procedure}: ${res.status} ${JSON.stringify(body.error)}`);
  return body.result.data;
}

/** A shopper asks for a stylist through the public API; returns the ticket id. */
async function createTicket(name: string): Promise<string> {
  const { sessionToken } = await trpc<{ sessionToken: string }>("session.start", { visitorId: `e2e_auth_${Date.now().toString(36)}` });
  await trpc("chat.send", { text: "talk to a stylist" }, sessionToken);
  const res = await trpc<{ entries: Array<{ message: { type: string; ticketId?: string } }> }>(
    "chat.send",
    { action: { kind: "submit_escalation", name, email: "ava.chen@example.com", notes: "anniversary gift" } },
    sessionToken,
  );
  const id = res.entries.find((e) => e.message.type === "ticket_confirmation")?.message.ticketId;
  expect(id).toMatch(/^T-[0-9A-F]{8}$/);
  return id!;
}

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

async function post(pathname: string, fields: Record<string, string>, opts: { cookie?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (opts.origin !== null) headers.origin = opts.origin ?? url;
  if (opts.cookie) headers.cookie = opts.cookie;
  return fetch(`${url}${pathname}`, { method: "POST", redirect: "manual", headers, body: form(fields) });
}

const login = (c: Creds, opts: { origin?: string | null; next?: string } = {}) =>
  post(
    "/dashboard/login",
    { email: c.email, password: c.password, ...(opts.next !== undefined ? { next: opts.next } : {}) },
    { origin: opts.origin },
  );

/** `name=value` of the staff cookie in a response, or null. */
function staffCookie(res: Response): { pair: string; raw: string } | null {
  const raw = res.headers.getSetCookie().find((c) => c.startsWith("__aurora_staff="));
  return raw ? { pair: raw.split(";")[0]!, raw } : null;
}

async function signIn(c: Creds): Promise<string> {
  const res = await login(c);
  expect(res.status).toBe(302);
  return staffCookie(res)!.pair;
}

const get = (pathname: string, cookie?: string) => fetch(`${url}${pathname}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

const decode = (html: string) =>
  html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

async function ticketStatus(cookie: string): Promise<string> {
  const res = await get(`/api/trpc/dashboard.tickets.get?input=${encodeURIComponent(JSON.stringify({ id: ticketId }))}`, cookie);
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: { data: { status: string } } }).result.data.status;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "aurora-e2e-auth-"));
  const first = await startBuiltApp({}, dir);
  users.admin = first.admin; // ADMIN_EMAIL / ADMIN_PASSWORD: production creates it and never prints the password
  expect(first.output()).not.toContain(users.admin.password);
  await first.stop();
  users.stylist = await createUser("sam.stylist@glowglitch.example", "stylist", "Sam Stylist");
  users.viewer = await createUser("vic.viewer@glowglitch.example", "viewer", "Vic Viewer");
  users.locky = await createUser("lou.locked@glowglitch.example", "merchandiser", "Lou Locked");
  app = await startBuiltApp({}, dir);
  url = app.url;
  ticketId = await createTicket("Ava Chen");
});

afterAll(async () => {
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("user:create CLI", () => {
  it("refuses a duplicate email and bad arguments with exit code 1 and a clear message", async () => {
    await app.stop(); // the embedded store is single-process
    try {
      const env = { ...process.env, ...APP_ENV, DATA_DIR: dir };
      const tsx = path.resolve("node_modules/.bin/tsx");
      for (const [args, message] of [
        [["--email", users.viewer.email, "--role", "viewer"], /already exists/],
        [["--email", "not-an-email", "--role", "viewer"], /not an email address/],
        [["--email", "a@b.example", "--role", "owner"], /--role must be one of admin, merchandiser, stylist, viewer/],
        [["--role", "viewer"], /--email is required/],
        [["--email", "a@b.example", "--role", "viewer", "--sudo"], /Unknown option/],
      ] as const) {
        const error = await run(tsx, ["server/cli/user-create.ts", ...args], { env }).then(
          () => null,
          (e: { code: number; stderr: string }) => e,
        );
        expect(error?.code).toBe(1);
        expect(error?.stderr).toMatch(message);
      }
    } finally {
      app = await startBuiltApp({}, dir);
      url = app.url;
    }
  });
});

describe("dashboard sign-in", () => {
  it("redirects every dashboard page to the login page without a session", async () => {
    for (const p of [
      "/dashboard",
      "/dashboard/tickets",
      `/dashboard/tickets/${ticketId}`,
      "/dashboard/csat",
      "/dashboard/conversations",
      "/dashboard/conversations/conv_abcdefghijkl",
    ]) {
      const res = await get(p);
      expect(res.status, p).toBe(302);
      expect(res.headers.get("location"), p).toBe(`/dashboard/login?next=${encodeURIComponent(p)}`);
    }
    const garbage = await get("/dashboard/tickets", "__aurora_staff=forged.value");
    expect(garbage.headers.get("location")).toMatch(/^\/dashboard\/login/);
    expect((await get("/dashboard/login")).status).toBe(200);
  });

  it("sets an HttpOnly, SameSite=Lax cookie and a new one on every login (the old one stops working)", async () => {
    const first = await login(users.admin);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/dashboard");
    const c1 = staffCookie(first)!;
    expect(c1.raw).toMatch(/;\s*HttpOnly/i);
    expect(c1.raw).toMatch(/;\s*SameSite=Lax/i);
    expect(c1.raw).toMatch(/;\s*Path=\//i);
    expect((await get("/dashboard", c1.pair)).status).toBe(200);

    const second = await login(users.admin);
    const c2 = staffCookie(second)!;
    expect(c2.pair).not.toBe(c1.pair);
    expect((await get("/dashboard", c2.pair)).status).toBe(200);
    const stale = await get("/dashboard", c1.pair);
    expect(stale.status).toBe(302);
    expect(stale.headers.get("location")).toMatch(/^\/dashboard\/login/);
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const wrong = await login({ email: users.admin.email, password: "definitely-not-the-password" });
    const unknown = await login({ email: "nobody@glowglitch.example", password: "definitely-not-the-password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(staffCookie(wrong)).toBeNull();
    const [a, b] = [decode(await wrong.text()), decode(await unknown.text())];
    expect(a).toContain(INVALID);
    expect(b).toContain(INVALID);
    const alert = (html: string) => /<p[^>]*role="alert"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
    expect(alert(a)).toBe(alert(b));
  });

  it("locks an account after 5 failures and says so (and for how long); then even the right password is refused", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login({ email: users.locky.email, password: `wrong-password-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const right = await login(users.locky);
    expect(right.status).toBe(423);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(staffCookie(right)).toBeNull();
    expect(decode(await right.text())).toMatch(/This account is locked after too many failed sign-ins\. Try again in 1[45] minutes/);
  });

  it("an email without an account locks exactly like a real one, then the account quota throttles (429)", async () => {
    const target = { email: "throttled@glowglitch.example", password: "nope-nope-nope" };
    const statuses: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await login(target);
      statuses.push(res.status);
      texts.push(decode(await res.text()));
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423, 423, 423, 423, 423, 423, 429]);
    expect(texts[0]).toContain(INVALID);
    expect(texts[4]).toMatch(/This account is locked after too many failed sign-ins/);
    expect(texts[10]).toMatch(/Too many sign-in attempts for this account/);
  });

  it("redirects to `next` only for same-site relative paths", async () => {
    const ok = await login(users.stylist, { next: "/dashboard/csat?days=7" });
    expect(ok.headers.get("location")).toBe("/dashboard/csat?days=7");
    for (const next of [
      "//evil.example/x",
      "https://evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
      "/dashboard/..//evil.test",
      "/dashboard/../../x",
    ]) {
      const res = await login(users.stylist, { next });
      expect(res.headers.get("location"), next).toBe("/dashboard");
    }
  });

  it("logout revokes the session: the old cookie redirects to the login page", async () => {
    const cookie = await signIn(users.viewer);
    expect((await get("/dashboard/tickets", cookie)).status).toBe(200);
    const out = await post("/dashboard/logout", {}, { cookie });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/dashboard/login");
    expect(staffCookie(out)?.raw).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    const after = await get("/dashboard/tickets", cookie);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/dashboard\/login/);
  });
});

describe("CSRF", () => {
  it("refuses a login POST from a foreign origin (403, no cookie)", async () => {
    const statuses: number[] = [];
    for (const origin of ["https://evil.example", null]) {
      const res = await login(users.admin, { origin });
      expect(staffCookie(res)).toBeNull();
      expect(res.headers.get("location")).toBeNull();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([403, 403]);
  });

  it("refuses a ticket POST from a foreign origin and changes nothing; logout likewise", async () => {
    const cookie = await signIn(users.admin);
    const before = await ticketStatus(cookie);
    const evil = await post(
      `/dashboard/tickets/${ticketId}`,
      { intent: "status", status: "closed" },
      { cookie, origin: "https://evil.example" },
    );
    const noOrigin = await post(`/dashboard/tickets/${ticketId}`, { intent: "note", note: "csrf" }, { cookie, origin: null });
    const evilLogout = await post("/dashboard/logout", {}, { cookie, origin: "https://evil.example" });
    // Nothing changed, nobody was signed out…
    expect(await ticketStatus(cookie)).toBe(before);
    const detail = await (
      await get(`/api/trpc/dashboard.tickets.get?input=${encodeURIComponent(JSON.stringify({ id: ticketId }))}`, cookie)
    ).json();
    expect(JSON.stringify(detail)).not.toContain('"csrf"');
    expect((await get("/dashboard", cookie)).status).toBe(200);
    // …and each refusal is a 403.
    expect([evil.status, noOrigin.status, evilLogout.status]).toEqual([403, 403, 403]);
  });
});

describe("roles", () => {
  it("refuses a viewer's ticket update (403, unchanged) and accepts a stylist's", async () => {
    const viewer = await signIn(users.viewer);
    const stylist = await signIn(users.stylist);
    const before = await ticketStatus(stylist);
    expect(before).not.toBe("resolved");

    const refused = await post(`/dashboard/tickets/${ticketId}`, { intent: "status", status: "resolved" }, { cookie: viewer });
    expect(refused.status).toBe(403);
    expect(await ticketStatus(stylist)).toBe(before);
    expect((await post(`/dashboard/tickets/${ticketId}`, { intent: "reply", text: "hi from a viewer" }, { cookie: viewer })).status).toBe(
      403,
    );
    // The viewer's page has no controls to change anything.
    const page = await (await get(`/dashboard/tickets/${ticketId}`, viewer)).text();
    expect(page).not.toContain('name="intent"');

    const accepted = await post(`/dashboard/tickets/${ticketId}`, { intent: "status", status: "resolved" }, { cookie: stylist });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/dashboard/tickets/${ticketId}?done=status`);
    expect(await ticketStatus(stylist)).toBe("resolved");
  });
});
