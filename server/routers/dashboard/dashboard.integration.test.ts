import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardRole } from "../../db/repositories/dashboard-users";
import type { StaffUser } from "../../services/dashboard-auth-service";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { ofType, startWidgetSession } from "../../testing/widget-client";

let t: TestRuntime;
const staff: Record<DashboardRole, StaffUser> = {} as never;
let ticketId: string;
let shopper: Awaited<ReturnType<typeof startWidgetSession>>;

beforeAll(async () => {
  t = await createTestRuntime();
  for (const role of ["admin", "merchandiser", "stylist", "viewer"] as const) {
    staff[role] = (
      await t.runtime.services.dashboardAuth.createUser({ email: `${role}@staff.example`, role, displayName: `${role} person` })
    ).user;
  }
  shopper = await startWidgetSession(t);
  await shopper.send("gold hoops");
  await shopper.send("talk to a stylist");
  const res = await shopper.send({ kind: "submit_escalation", name: "Ava Chen", email: "ava.chen@example.com", notes: "anniversary gift" });
  ticketId = ofType(res.concierge, "ticket_confirmation").ticketId;
});
afterAll(async () => {
  await t.cleanup();
});

const as = (role: DashboardRole | null) => t.caller({ staff: role ? staff[role] : null }).dashboard;

async function code(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "OK",
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );
}

describe("dashboard procedures by role", () => {
  const reads: Array<[string, (d: ReturnType<typeof as>) => Promise<unknown>]> = [
    ["tickets.list", (d) => d.tickets.list({})],
    ["tickets.get", (d) => d.tickets.get({ id: ticketId })],
    ["csat.summary", (d) => d.csat.summary()],
    ["csat.list", (d) => d.csat.list({})],
    ["analytics.summary", (d) => d.analytics.summary({ days: 30 })],
    ["conversations.list", (d) => d.conversations.list({})],
    ["staff.list", (d) => d.staff.list()],
  ];
  it.each(reads)("%s: every role may read; anonymous callers may not", async (_name, call) => {
    for (const role of ["admin", "merchandiser", "stylist", "viewer"] as const) expect(await code(call(as(role)))).toBe("OK");
    expect(await code(call(as(null)))).toBe("UNAUTHORIZED");
  });

  it("tickets.update and tickets.reply: admins, merchandisers and stylists may; viewers may not", async () => {
    for (const role of ["admin", "merchandiser", "stylist"] as const) {
      expect(await code(as(role).tickets.update({ id: ticketId, note: `note by ${role}` }))).toBe("OK");
    }
    expect(await code(as("viewer").tickets.update({ id: ticketId, status: "closed" }))).toBe("FORBIDDEN");
    expect(await code(as("viewer").tickets.reply({ id: ticketId, text: "hi" }))).toBe("FORBIDDEN");
    expect(await code(as(null).tickets.reply({ id: ticketId, text: "hi" }))).toBe("UNAUTHORIZED");
  });
});

describe("ticket queue", () => {
  it("lists the shopper's ticket with an SLA timer and shows transcript, shortlist and notes", async () => {
    const list = await as("stylist").tickets.list({ statuses: ["open", "in_progress", "waiting_on_customer"] });
    const row = list.rows.find((r) => r.id === ticketId)!;
    expect(row.customerName).toBe("Ava Chen");
    expect(row.sla.state).toBe("due");
    const detail = await as("stylist").tickets.get({ id: ticketId });
    expect(detail.contact.email).toBe("ava.chen@example.com");
    expect(detail.transcript.some((e) => e.message.type === "product_cards")).toBe(true);
    expect(detail.internalNotes.map((n) => n.body)).toContain("note by stylist");
  });

  it("changes status, priority and assignment with an audit trail", async () => {
    const updated = await as("admin").tickets.update({
      id: ticketId,
      status: "in_progress",
      priority: "urgent",
      assigneeId: staff.stylist.userId,
    });
    expect(updated).toMatchObject({ status: "in_progress", priority: "urgent", assigneeId: staff.stylist.userId });
    const actions = updated.audit.map((a) => `${a.action}:${a.to ?? ""}`);
    expect(actions).toEqual(expect.arrayContaining(["status:in_progress", "priority:urgent", `assign:${staff.stylist.userId}`]));
    const mine = await as("stylist").tickets.list({ assignee: "me" });
    expect(mine.rows.map((r) => r.id)).toContain(ticketId);
  });

  it("delivers a stylist reply into the shopper's live transcript with the next sequence number", async () => {
    const before = await shopper.caller.session.messages({ afterSeq: 0 });
    const lastSeq = before.entries.at(-1)!.seq;
    const stream = await shopper.caller.session.events({ afterSeq: lastSeq });
    const received: Array<{ seq: number; type: string }> = [];
    const reading = (async () => {
      for await (const entry of stream) {
        if ("presence" in entry) continue;
        received.push({ seq: entry.seq, type: entry.message.type });
        if (entry.message.type === "stylist_reply") break;
      }
    })();
    const { seq } = await as("stylist").tickets.reply({ id: ticketId, text: "Hi Ava! I have three hoop ideas for you." });
    await reading; // breaking out of the loop ends the subscription
    expect(seq).toBe(lastSeq + 1);
    expect(received).toEqual([{ seq: lastSeq + 1, type: "stylist_reply" }]);
    const detail = await as("viewer").tickets.get({ id: ticketId });
    expect(detail.status).toBe("waiting_on_customer");
    expect(detail.firstResponseAt).toBeDefined();
    expect(detail.sla.state).toBe("met");
    // The shopper answers: the ticket moves back to in progress and the answer is in its transcript.
    await shopper.send("Thank you! The second one please");
    const after = await as("viewer").tickets.get({ id: ticketId });
    expect(after.status).toBe("in_progress");
    expect(after.transcript.some((e) => e.role === "shopper" && e.message.type === "text" && e.message.text.includes("second one"))).toBe(
      true,
    );
  });

  it("keeps internal notes out of the shopper's transcript", async () => {
    await as("stylist").tickets.update({ id: ticketId, note: "VIP — offer free engraving" });
    const transcript = await shopper.caller.session.messages({ afterSeq: 0 });
    expect(JSON.stringify(transcript)).not.toContain("VIP");
  });
});
