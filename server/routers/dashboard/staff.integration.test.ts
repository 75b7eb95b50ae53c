import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffUser } from "../../services/dashboard-auth-service";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";

let t: TestRuntime;
let admin: StaffUser;
let stylist: StaffUser;

beforeAll(async () => {
  t = await createTestRuntime();
  admin = (await t.runtime.services.dashboardAuth.createUser({ email: "boss@staff.example", role: "admin", displayName: "Boss" })).user;
  stylist = (await t.runtime.services.dashboardAuth.createUser({ email: "sam@staff.example", role: "stylist", displayName: "Sam Lee" }))
    .user;
});
afterAll(() => t.cleanup());

const as = (staff: StaffUser | null) => t.caller({ staff }).dashboard;
const code = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );
const signIn = (email: string, password: string) =>
  t.runtime.services.dashboardSignIn.attempt({ email, password, ip: `203.0.113.${Math.floor(Math.random() * 200) + 1}` });

describe("staff accounts from the dashboard", () => {
  it("only admins manage accounts; everyone reads the directory", async () => {
    expect(await code(as(stylist).staff.accounts())).toBe("FORBIDDEN");
    expect(await code(as(stylist).staff.create({ email: "x@staff.example", role: "viewer", displayName: "X" }))).toBe("FORBIDDEN");
    expect(await code(as(stylist).staff.resetPassword({ userId: admin.userId }))).toBe("FORBIDDEN");
    expect(await code(as(null).staff.list())).toBe("UNAUTHORIZED");
    const directory = await as(stylist).staff.list();
    expect(directory.find((s) => s.userId === stylist.userId)).toMatchObject({ displayName: "Sam Lee", initials: "SL", active: true });
    expect(JSON.stringify(directory)).not.toContain("@staff.example"); // no emails in the directory
  });

  it("creates an account with a one-time password that signs in; role changes; deactivation ends the session", async () => {
    const { account, password } = await as(admin).staff.create({
      email: "New.Person@Staff.example",
      role: "viewer",
      displayName: "New Person",
    });
    expect(account).toMatchObject({ email: "new.person@staff.example", role: "viewer", active: true });
    expect(password.length).toBeGreaterThanOrEqual(12);
    const first = await signIn("new.person@staff.example", password);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(await t.runtime.services.dashboardAuth.staffForSession(account.userId, first.sessionNonce)).not.toBeNull();

    expect(await as(admin).staff.update({ userId: account.userId, role: "stylist" })).toMatchObject({ role: "stylist" });
    await as(admin).staff.setActive({ userId: account.userId, active: false });
    expect(await t.runtime.services.dashboardAuth.staffForSession(account.userId, first.sessionNonce)).toBeNull();
    const refused = await signIn("new.person@staff.example", password);
    expect(refused).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/deactivated/) });
    // A wrong password on a deactivated account says nothing about deactivation.
    expect(await signIn("new.person@staff.example", "wrong-password-123")).toMatchObject({ ok: false, status: 401 });
    await as(admin).staff.setActive({ userId: account.userId, active: true });
    expect((await signIn("new.person@staff.example", password)).ok).toBe(true);
  });

  it("a reset password unlocks a locked account (which was told for how long) and ends its session", async () => {
    const { account, password } = await as(admin).staff.create({ email: "locked@staff.example", role: "stylist", displayName: "Lock Ed" });
    let last;
    for (let i = 0; i < 5; i++) last = await signIn("locked@staff.example", "not-the-password-0");
    expect(last).toMatchObject({ ok: false, status: 423, message: expect.stringMatching(/locked.*15 minutes/) });
    const accounts = await as(admin).staff.accounts();
    expect(accounts.find((a) => a.userId === account.userId)?.lockedUntil).toBeDefined();
    expect((await signIn("locked@staff.example", password)).ok).toBe(false);
    const reset = await as(admin).staff.resetPassword({ userId: account.userId });
    expect(reset.password).not.toBe(password);
    expect(reset.account.lockedUntil).toBeUndefined();
    expect((await signIn("locked@staff.example", reset.password)).ok).toBe(true);
  });

  it("never leaves the store without an active admin, and an admin cannot deactivate themselves", async () => {
    expect(await code(as(admin).staff.setActive({ userId: admin.userId, active: false }))).toBe("FORBIDDEN");
    expect(await code(as(admin).staff.update({ userId: admin.userId, role: "viewer" }))).toBe("CONFLICT");
    expect(await code(as(admin).staff.create({ email: "boss@staff.example", role: "admin", displayName: "Dup" }))).toBe("CONFLICT");
    expect(await code(as(admin).staff.create({ email: "not-an-email", role: "admin", displayName: "X" }))).toBe("BAD_REQUEST");
  });

  it("each staff member edits their own profile (name, initials, avatar colour from a fixed palette)", async () => {
    const updated = await as(stylist).profile.update({ displayName: "Sam Lee-Park", initials: "sp", avatarColor: "#2f6b3a" });
    expect(updated).toMatchObject({ displayName: "Sam Lee-Park", initials: "SP", avatarColor: "#2f6b3a" });
    expect(await code(as(stylist).profile.update({ displayName: "Sam", avatarColor: "#ffffff" as "#2f6b3a" }))).toBe("BAD_REQUEST");
    expect(await code(as(stylist).profile.update({ displayName: "Sam", initials: "ABCD" }))).toBe("BAD_REQUEST");
    const defaulted = await as(stylist).profile.update({ displayName: "Samantha Lee" });
    expect(defaulted.initials).toBe("SL");
  });
});

describe("canned replies", () => {
  it("are saved per store with a unique shortcut, listed for everyone, and changed by those who work tickets", async () => {
    const saved = await as(stylist).cannedReplies.create({
      title: "Ring sizes",
      shortcut: "Sizes",
      body: "Our rings come in US sizes 4–9.",
    });
    expect(saved).toMatchObject({ shortcut: "sizes", createdBy: stylist.userId });
    expect(await code(as(admin).cannedReplies.create({ title: "Again", shortcut: "sizes", body: "x" }))).toBe("CONFLICT");
    expect(await code(as(stylist).cannedReplies.create({ title: "Bad", shortcut: "no spaces", body: "x" }))).toBe("BAD_REQUEST");
    const viewer = (await t.runtime.services.dashboardAuth.createUser({ email: "v@staff.example", role: "viewer" })).user;
    expect((await as(viewer).cannedReplies.list()).map((r) => r.shortcut)).toContain("sizes");
    expect(await code(as(viewer).cannedReplies.delete({ id: saved.id }))).toBe("FORBIDDEN");
    await as(admin).cannedReplies.delete({ id: saved.id });
    expect(await as(stylist).cannedReplies.list()).toEqual([]);
    expect(await code(as(admin).cannedReplies.delete({ id: saved.id }))).toBe("NOT_FOUND");
  });
});
