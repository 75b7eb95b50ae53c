/**
 * The notification outbox on the embedded store with the file transport: a stylist's reply is emailed
 * only to a shopper who consented and has not seen it in the chat, once — also when an attempt dies
 * between sending and recording, and across a new service instance (a restart).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer, type Mailer } from "../../platform/mailer";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { ofType, startWidgetSession } from "../../testing/widget-client";
import type { StaffUser } from "../dashboard-auth-service";
import { NotificationsService } from "./notifications-service";
import { t as translate } from "../../concierge/i18n/translate";

let t: TestRuntime;
let stylist: StaffUser;
let outboxDir: string;

beforeAll(async () => {
  // No background worker: each test runs the outbox itself, at the time it chooses.
  t = await createTestRuntime({ NOTIFY_REPLY_DELAY_SECONDS: "120", STORE_URL: "https://shop.example" }, {}, { backgroundTasks: false });
  stylist = (await t.runtime.services.dashboardAuth.createUser({ email: "ava@staff.example", role: "stylist", displayName: "Ava Stone" }))
    .user;
  outboxDir = path.join(t.dataDir, "outbox");
});
afterAll(() => t.cleanup());

const emails = () => (existsSync(outboxDir) ? readdirSync(outboxDir).filter((f) => f.endsWith(".eml")) : []);
const later = (ms: number) => new Date(Date.now() + ms);

async function ticketFor(emailConsent: boolean, name = "Mia Park") {
  const shopper = await startWidgetSession(t);
  await shopper.send("talk to a stylist");
  const res = await shopper.send({ kind: "submit_escalation", name, email: "mia.park@example.com", emailConsent });
  return { shopper, ticketId: ofType(res.concierge, "ticket_confirmation").ticketId };
}
const reply = (id: string, text: string) => t.caller({ staff: stylist }).dashboard.tickets.reply({ id, text });
const service = (mailer: Mailer = createMailer({ transport: "file", from: "GlowGlitch <concierge@shop.example>", dir: outboxDir })) =>
  new NotificationsService(
    t.runtime.repositories.notificationOutbox,
    t.runtime.repositories.conversations,
    t.runtime.repositories.stylistTickets,
    t.runtime.services.conversations,
    t.runtime.crypto,
    mailer,
    translate,
    { storeName: "GlowGlitch", link: "https://shop.example", replyDelayMs: 120_000 },
    t.runtime.metrics,
    t.runtime.logger,
  );

describe("reply notifications", () => {
  it("emails an unseen reply after the delay, once, with the stylist's words and a link back", async () => {
    const before = emails().length;
    const { ticketId } = await ticketFor(true);
    const { seq } = await reply(ticketId, "Hi Mia — I found two <rose gold> bands for you.");
    const notifications = t.runtime.services.notifications;
    expect(await notifications.runDue(new Date())).toBe(0); // not due yet: the shopper may still read it in the chat
    expect(await notifications.runDue(later(121_000))).toBe(1);
    expect(await notifications.runDue(later(121_000))).toBe(0);
    const files = emails();
    expect(files.length).toBe(before + 1);
    const conversationId = await t.runtime.services.tickets.conversationIdOf(ticketId);
    const file = files.find((f) => f.includes(conversationId.replace(/[^A-Za-z0-9_.-]/g, "_")))!;
    expect(file).toBe(`reply_${conversationId}_${seq}.eml`);
    const eml = readFileSync(path.join(outboxDir, file), "utf8");
    expect(eml).toMatch(/^To: mia\.park@example\.com$/m);
    expect(eml).toMatch(/^Subject: .*Ava.Stone.replied.to.you/m); // (encoded: the subject has a dash)
    expect(eml).toContain("Hi Mia, Ava Stone from GlowGlitch replied to your message:");
    expect(eml).toContain("&lt;rose gold&gt;"); // escaped in the HTML part
    expect(eml).toContain("https://shop.example");
    const record = await t.runtime.repositories.notificationOutbox.findById(`reply:${conversationId}:${seq}`);
    expect(record).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("sends nothing without consent, nothing for a reply seen in the chat, and one email for a burst of replies", async () => {
    const before = new Set(emails());
    const noConsent = await ticketFor(false);
    await reply(noConsent.ticketId, "No email for this one.");
    const seenIt = await ticketFor(true);
    const { seq: seenSeq } = await reply(seenIt.ticketId, "You'll read this in the chat.");
    await seenIt.shopper.caller.session.seen({ seq: seenSeq });
    const burst = await ticketFor(true);
    await reply(burst.ticketId, "First thought.");
    await reply(burst.ticketId, "Second thought.");
    await t.runtime.services.notifications.runDue(later(121_000));
    // (file names start with a random conversation id: a new one need not sort last)
    const added = emails().filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    const eml = readFileSync(path.join(outboxDir, added[0]!), "utf8");
    expect(eml).toContain("First thought.");
    expect(eml).toContain("Second thought.");
  });

  it("retries a failing transport with backoff and records the error code, never the address", async () => {
    const { ticketId } = await ticketFor(true);
    const { seq } = await reply(ticketId, "Retry me.");
    const conversationId = await t.runtime.services.tickets.conversationIdOf(ticketId);
    let calls = 0;
    const broken: Mailer = {
      kind: "smtp",
      send: () => {
        calls++;
        return Promise.reject(Object.assign(new Error("550 mia.park@example.com unknown"), { responseCode: 550 }));
      },
      close: () => undefined,
    };
    await service(broken).runDue(later(121_000));
    const record = await t.runtime.repositories.notificationOutbox.findById(`reply:${conversationId}:${seq}`);
    expect(record).toMatchObject({ status: "pending", attempts: 1, outcome: "smtp_550" });
    expect(JSON.stringify(record)).not.toContain("mia.park");
    expect(record!.dueAt.getTime()).toBeGreaterThan(Date.now() + 121_000);
    await service(broken).runDue(later(121_000)); // not due again before its backoff
    expect(calls).toBe(1);
    await service().runDue(later(10 * 60_000));
    expect(await t.runtime.repositories.notificationOutbox.findById(`reply:${conversationId}:${seq}`)).toMatchObject({
      status: "sent",
      attempts: 2,
    });
  });

  it("sends exactly once when an attempt dies between sending and recording, after a restart", async () => {
    const { ticketId } = await ticketFor(true);
    const { seq } = await reply(ticketId, "Exactly once, please.");
    const conversationId = await t.runtime.services.tickets.conversationIdOf(ticketId);
    const id = `reply:${conversationId}:${seq}`;
    const before = emails().length;
    // The first process claims it and hands the email to the transport, then dies before recording.
    const claimed = await t.runtime.repositories.notificationOutbox.claimDue(later(121_000), 60_000);
    expect(claimed?._id).toBe(id);
    await createMailer({ transport: "file", from: "x <a@b.example>", dir: outboxDir }).send({
      id,
      to: "mia.park@example.com",
      subject: "s",
      text: "t",
      html: "<p>t</p>",
    });
    expect(emails().length).toBe(before + 1);
    // A new process (new service, new transport) takes the notification over once the lease ran out.
    const restarted = service();
    expect(await restarted.runDue(later(150_000))).toBe(0); // the lease still holds
    expect(await restarted.runDue(later(121_000 + 61_000))).toBe(1);
    expect(emails().length).toBe(before + 1);
    expect(await t.runtime.repositories.notificationOutbox.findById(id)).toMatchObject({ status: "sent", attempts: 2 });
    // A stale attempt can no longer overwrite the record.
    expect(await t.runtime.repositories.notificationOutbox.finish(id, 1, { status: "failed", outcome: "late", at: new Date() })).toBe(
      false,
    );
  });

  it("queues nothing when email is switched off, and erasure removes a shopper's notifications", async () => {
    const off = service(createMailer({ transport: "off", from: "x <a@b.example>" }));
    expect(off.enabled).toBe(false);
    const { ticketId } = await ticketFor(true, "Erin Erase");
    const ticket = await t.runtime.repositories.stylistTickets.findById(ticketId);
    await off.enqueueReply(ticket!, 99);
    const conversationId = ticket!.conversationId;
    expect(await t.runtime.repositories.notificationOutbox.findById(`reply:${conversationId}:99`)).toBeNull();
    await reply(ticketId, "To be erased.");
    expect(await t.runtime.repositories.notificationOutbox.findByConversations([conversationId])).toHaveLength(1);
    const report = await t.runtime.services.privacy.erase("mia.park@example.com");
    expect(report.deleted.notifications).toBeGreaterThanOrEqual(1);
    expect(await t.runtime.repositories.notificationOutbox.findByConversations([conversationId])).toHaveLength(0);
  });
});
