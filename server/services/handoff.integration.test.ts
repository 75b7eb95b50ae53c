/**
 * Human handoff through the real router on the embedded store: the conversation's mode is enforced
 * by the chat service before either engine, stylists reply with their name and avatar, the rating
 * prompt comes only when a journey has ended, and presence reaches the other side.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConciergeMessage, TranscriptEntry } from "../concierge/messages";
import type { PresenceEvent } from "../domain/conversation-mode";
import type { StaffUser } from "./dashboard-auth-service";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { ofType, startWidgetSession, textOf } from "../testing/widget-client";
import type { LiveEvent } from "./conversation-service";

let t: TestRuntime;
let stylist: StaffUser;

beforeAll(async () => {
  // Stylists work around the clock here, so the acknowledgement states a reply time, not an absence.
  t = await createTestRuntime({ STYLIST_HOURS: "always", TICKET_FIRST_RESPONSE_MINUTES: "90", CSAT_PROMPT_DELAY_SECONDS: "3600" });
  stylist = (await t.runtime.services.dashboardAuth.createUser({ email: "ava@staff.example", role: "stylist", displayName: "Ava Stone" }))
    .user;
});
afterAll(() => t.cleanup());

const dashboard = () => t.caller({ staff: stylist }).dashboard;

async function escalate(shopper: Awaited<ReturnType<typeof startWidgetSession>>, emailConsent = false) {
  await shopper.send("talk to a stylist");
  const res = await shopper.send({ kind: "submit_escalation", name: "Mia Park", email: "mia.park@example.com", emailConsent });
  return ofType(res.concierge, "ticket_confirmation").ticketId;
}

const types = (messages: ConciergeMessage[]) => messages.map((m) => m.type);
const conversationOf = async (sessionId: string) => (await t.runtime.services.conversations.bySession(sessionId))!;

describe("conversation modes", () => {
  it("after an escalation the concierge stays silent, but for one acknowledgement with the expected reply time", async () => {
    const shopper = await startWidgetSession(t);
    const ticketId = await escalate(shopper);
    const confirmation = await t.runtime.services.conversations.transcript((await conversationOf(shopper.started.sessionId))._id);
    // No rating prompt after the ticket is created: nobody has helped yet.
    expect(confirmation.some((e) => e.message.type === "csat_prompt")).toBe(false);
    expect((await conversationOf(shopper.started.sessionId)).mode).toBe("waiting_for_human");

    const first = await shopper.send("hello? anyone there?");
    expect(types(first.concierge)).toEqual(["text"]);
    expect(textOf(first.concierge)).toMatch(/usually reply within 90 minutes; I'll stay quiet/);
    const second = await shopper.send("gold rings under $500");
    expect(second.concierge).toEqual([]); // no cards pushed in, no chooser

    // The stylist sees both messages in the ticket.
    const detail = await dashboard().tickets.get({ id: ticketId });
    const words = detail.transcript
      .filter((e) => e.role === "shopper" && e.message.type === "text")
      .map((e) => (e.message as { text: string }).text);
    expect(words).toEqual(expect.arrayContaining(["hello? anyone there?", "gold rings under $500"]));
    expect(detail.mode).toBe("waiting_for_human");
  });

  it("answers in the shopper's language and names when stylists are back outside business hours", async () => {
    const closed = await createTestRuntime({ STYLIST_HOURS: "Mon 00:00-00:01", STYLIST_TIMEZONE: "Europe/Madrid" });
    try {
      const shopper = await startWidgetSession(closed);
      await shopper.send("quiero hablar con una estilista");
      await shopper.send({ kind: "submit_escalation", name: "Lucía Gómez", email: "lucia@example.com" });
      const ack = await shopper.send("¿hola? ¿hay alguien?");
      expect(textOf(ack.concierge)).toMatch(/^Gracias: tu estilista lo verá\. Ahora no está y vuelve lunes/);
    } finally {
      await closed.cleanup();
    }
  });

  it("structured requests still work on request; asking for a stylist again says one has it", async () => {
    const shopper = await startWidgetSession(t);
    await escalate(shopper);
    const track = await shopper.send({ kind: "quick_link", link: "track_order" });
    expect(ofType(track.concierge, "order_lookup_form").purpose).toBe("track");
    const browse = await shopper.send({ kind: "search", params: { category: "ring" } });
    expect(ofType(browse.concierge, "product_cards").products.length).toBeGreaterThan(0);
    const again = await shopper.send({ kind: "request_stylist" });
    expect(types(again.concierge)).toEqual(["text"]);
    expect(textOf(again.concierge)).toMatch(/already has your conversation/);
  });

  it("a stylist reply carries the stylist's name and avatar and makes the conversation human; 'back to the concierge' hands it back", async () => {
    const shopper = await startWidgetSession(t);
    const ticketId = await escalate(shopper);
    await dashboard().profile.update({ displayName: "Ava Stone", initials: "AS", avatarColor: "#1f4e79" });
    const me = (await t.runtime.services.dashboardAuth.listStaff()).find((s) => s.userId === stylist.userId)!;
    await t.caller({ staff: me }).dashboard.tickets.reply({ id: ticketId, text: "Hi Mia! Which metal do you prefer?" });
    const reply = (await shopper.caller.session.messages({ afterSeq: 0 })).entries.at(-1)!;
    expect(reply.message).toEqual({
      type: "stylist_reply",
      text: "Hi Mia! Which metal do you prefer?",
      stylistName: "Ava Stone",
      stylistInitials: "AS",
      stylistColor: "#1f4e79",
    });
    expect((await conversationOf(shopper.started.sessionId)).mode).toBe("human");

    // Answering the stylist's question pushes no product cards in.
    const answer = await shopper.send("rose gold please");
    expect(types(answer.concierge)).toEqual(["text"]); // the acknowledgement owed after the reply…
    expect((await shopper.send("and maybe white gold")).concierge).toEqual([]); // …once

    const back = await shopper.send({ kind: "return_to_concierge" });
    expect(back.entries[0]!.message).toEqual({ type: "command", kind: "return_to_concierge", label: "Back to the concierge" });
    expect(textOf(back.concierge)).toMatch(/I'm back/);
    expect((await conversationOf(shopper.started.sessionId)).mode).toBe("bot");
    expect(ofType((await shopper.send("gold rings under $500")).concierge, "product_cards").products.length).toBeGreaterThan(0);
    // The ticket stays open: another stylist reply takes the conversation back.
    await dashboard().tickets.reply({ id: ticketId, text: "I found two rose gold bands for you." });
    expect((await conversationOf(shopper.started.sessionId)).mode).toBe("human");
  });
});

describe("the rating prompt", () => {
  it("comes once, when the stylist resolves the ticket — never twice, and not after a reopen and resolve", async () => {
    const shopper = await startWidgetSession(t);
    const ticketId = await escalate(shopper);
    await dashboard().tickets.reply({ id: ticketId, text: "Here are some ideas." });
    await dashboard().tickets.update({ id: ticketId, status: "resolved" });
    const after = (await shopper.caller.session.messages({ afterSeq: 0 })).entries.map((e) => e.message);
    expect(after.slice(-2)).toEqual([
      { type: "handoff_status", mode: "bot", reason: "resolved", stylistName: "Ava Stone" },
      { type: "csat_prompt", question: "How did I do today?" },
    ]);
    expect((await conversationOf(shopper.started.sessionId)).mode).toBe("bot");

    await dashboard().tickets.update({ id: ticketId, status: "in_progress" });
    expect((await conversationOf(shopper.started.sessionId)).mode).toBe("human");
    await dashboard().tickets.update({ id: ticketId, status: "resolved" });
    const all = (await shopper.caller.session.messages({ afterSeq: 0 })).entries.map((e) => e.message.type);
    expect(all.filter((type) => type === "csat_prompt")).toHaveLength(1);
    expect(all.filter((type) => type === "handoff_status")).toHaveLength(3); // resolved, reopened, resolved
  });

  it("after a completed self-service journey: due after a pause, cancelled by carrying on, asked on the shopper's return", async () => {
    const shopper = await startWidgetSession(t);
    const res = await shopper.send("track GG-12002 marcus.bennett@example.com");
    ofType(res.concierge, "order_timeline");
    expect(res.concierge.some((m) => m.type === "csat_prompt")).toBe(false);
    const id = (await conversationOf(shopper.started.sessionId))._id;
    const due = (await conversationOf(shopper.started.sessionId)).state as { csatDueAt?: string };
    expect(Date.parse(due.csatDueAt!)).toBeGreaterThan(Date.now() + 3_500_000);

    // Carrying on cancels it (the journey had not ended)…
    await shopper.send("gold hoops");
    expect(((await conversationOf(shopper.started.sessionId)).state as { csatDueAt?: string }).csatDueAt).toBeUndefined();
    // …another completed journey makes it due again; the shopper leaves and comes back after the pause.
    await shopper.send("track GG-12002 marcus.bennett@example.com");
    await t.runtime.services.conversations.updateState(id, (s) => ({ ...s, csatDueAt: new Date(Date.now() - 1000).toISOString() }));
    const back = await t.caller().session.start({ resumeToken: shopper.started.enabled ? shopper.started.resumeToken : "" });
    expect(back.enabled && back.messages.at(-1)!.message.type).toBe("csat_prompt");
    await t.caller().session.start({ resumeToken: shopper.started.enabled ? shopper.started.resumeToken : "" });
    const prompts = (await t.runtime.services.conversations.transcript(id)).filter((e) => e.message.type === "csat_prompt");
    expect(prompts).toHaveLength(1);
  });

  it("arrives on the live channel when the shopper stays idle after the pause", async () => {
    const quick = await createTestRuntime({ CSAT_PROMPT_DELAY_SECONDS: "0" });
    try {
      const shopper = await startWidgetSession(quick);
      const lastSeq = (await shopper.send("track GG-12002 marcus.bennett@example.com")).lastSeq;
      const stream = await shopper.caller.session.events({ afterSeq: lastSeq });
      for await (const event of stream) {
        if ("presence" in event) continue;
        expect(event.message.type).toBe("csat_prompt");
        break;
      }
    } finally {
      await quick.cleanup();
    }
  });
});

describe("presence", () => {
  it("typing and read receipts reach the other side live (never its own), and read marks survive a reload", async () => {
    const shopper = await startWidgetSession(t);
    const ticketId = await escalate(shopper);
    const widgetEvents: LiveEvent[] = [];
    const ticketEvents: LiveEvent[] = [];
    const last = (await shopper.caller.session.messages({ afterSeq: 0 })).entries.at(-1)!.seq;
    const collect = async (stream: AsyncIterable<LiveEvent>, into: LiveEvent[], until: (e: LiveEvent) => boolean) => {
      for await (const e of stream) {
        into.push(e);
        if (until(e)) break;
      }
    };
    const isReply = (e: LiveEvent) => !("presence" in e) && (e as TranscriptEntry).message.type === "stylist_reply";
    const widgetDone = collect(await shopper.caller.session.events({ afterSeq: last }), widgetEvents, isReply);
    const ticketDone = collect(
      await dashboard().tickets.events({ id: ticketId, afterSeq: last }),
      ticketEvents,
      (e) => "presence" in e && e.presence === "seen",
    );
    await new Promise((r) => setTimeout(r, 50)); // both subscribed

    expect((await shopper.caller.session.typing({ typing: true })).sent).toBe(true);
    expect((await shopper.caller.session.typing({ typing: true })).sent).toBe(false); // throttled
    await dashboard().tickets.typing({ id: ticketId, typing: true });
    const { seq } = await dashboard().tickets.reply({ id: ticketId, text: "Hello Mia!" });
    await shopper.caller.session.seen({ seq });
    await Promise.all([widgetDone, ticketDone]);

    const presence = (events: LiveEvent[]) => events.filter((e): e is PresenceEvent => "presence" in e);
    expect(presence(widgetEvents)).toEqual([{ presence: "typing", from: "stylist", typing: true, name: "Ava Stone" }]);
    expect(presence(ticketEvents)).toEqual([
      { presence: "typing", from: "shopper", typing: true },
      { presence: "seen", by: "shopper", seq },
    ]);
    const detail = await dashboard().tickets.get({ id: ticketId });
    expect(detail.seen.shopper).toBe(seq);
    await dashboard().tickets.seen({ id: ticketId, seq: 1_000_000 }); // capped at the last message
    const restarted = await t.caller().session.start({ resumeToken: shopper.started.enabled ? shopper.started.resumeToken : "" });
    expect(restarted.enabled && restarted.handoff).toMatchObject({ mode: "human", shopperSeenSeq: seq, stylistSeenSeq: seq });
  });

  it("the loader's config knows about unread replies and a live handoff for the visitor", async () => {
    const shopper = await startWidgetSession(t, { visitorId: "visitor-unread-0001" });
    const ticketId = await escalate(shopper);
    const repo = t.runtime.repositories.conversations;
    expect(await repo.handoffForVisitor("visitor-unread-0001")).toEqual({ unread: 0, live: true });
    await dashboard().tickets.reply({ id: ticketId, text: "One" });
    const { seq } = await dashboard().tickets.reply({ id: ticketId, text: "Two" });
    expect(await repo.handoffForVisitor("visitor-unread-0001")).toEqual({ unread: 2, live: true });
    await shopper.caller.session.seen({ seq });
    expect(await repo.handoffForVisitor("visitor-unread-0001")).toEqual({ unread: 0, live: true });
    await dashboard().tickets.update({ id: ticketId, status: "closed" });
    expect(await repo.handoffForVisitor("visitor-unread-0001")).toBeNull();
    const res = await fetchConfig("visitor-unread-0001");
    expect(res).not.toHaveProperty("unread");
  });
});

async function fetchConfig(vid: string) {
  const { answerWidgetConfig } = await import("../http/api/widget-config");
  const answer = await answerWidgetConfig(vid, t.runtime.services.flags, { storeName: "x", position: "right" }, undefined, (v) =>
    t.runtime.services.handoff.forVisitor(v),
  );
  return JSON.parse(String(answer.body)) as Record<string, unknown>;
}
