import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoCatalog } from "../db/seed/demo-catalog";
import { conciergeMessageSchema, type ChatAction } from "../concierge/messages";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { expectOnlyGoldRingsUnder500, ofType, startWidgetSession, textOf } from "../testing/widget-client";

let t: TestRuntime;
const catalog = new Map(buildDemoCatalog().map((p) => [p.id, p]));

beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(async () => {
  await t.cleanup();
});

describe("chat.send on the rule engine (no DeepSeek key)", () => {
  it("answers 'gold rings under $500' with only gold rings at or under $500", async () => {
    const w = await startWidgetSession(t);
    const res = await w.send("gold rings under $500");
    expect(res.engine).toBe("rules");
    const cards = ofType(res.concierge, "product_cards");
    expectOnlyGoldRingsUnder500(cards, catalog);
    expect(ofType(res.concierge, "refine_chips").chips.length).toBeGreaterThan(0);
    for (const m of res.concierge) expect(conciergeMessageSchema.safeParse(m).success).toBe(true);
  });

  it("understands 'necklaces for my mom around 200' and refines with 'in rose gold instead' and 'cheaper'", async () => {
    const w = await startWidgetSession(t);
    const first = ofType((await w.send("necklaces for my mom around 200")).concierge, "product_cards");
    for (const card of first.products) {
      const p = catalog.get(card.id)!;
      expect(p.category).toBe("necklace");
      expect(p.priceCents).toBeGreaterThanOrEqual(15_000);
      expect(p.priceCents).toBeLessThanOrEqual(25_000);
    }
    const rose = (await w.send("in rose gold instead")).concierge;
    const roseCards = ofType(rose, "product_cards");
    for (const card of roseCards.products) {
      const p = catalog.get(card.id)!;
      expect(p.category).toBe("necklace");
      if (!roseCards.relaxed?.length) expect(p.metal).toBe("rose_gold_14k");
    }
    const before = Math.min(...roseCards.products.map((c) => c.priceCents));
    const cheaper = ofType((await w.send("cheaper")).concierge, "product_cards");
    for (const card of cheaper.products) expect(card.priceCents).toBeLessThan(before);
  });

  it("writes a turn's analytics in one batch when it ends: the products shown and the intent detected", async () => {
    const w = await startWidgetSession(t);
    const repo = t.runtime.repositories.analyticsEvents;
    const original = repo.record.bind(repo);
    const batches: string[][] = [];
    repo.record = async (events) => {
      if (events.some((e) => e.sessionId === w.started.sessionId)) batches.push(events.map((e) => e.type));
      return original(events);
    };
    try {
      await w.send("gold rings under $500");
    } finally {
      repo.record = original;
    }
    expect(batches).toEqual([["products_shown", "intent_detected"]]);
  });

  it("relaxes an impossible search one filter at a time and says which", async () => {
    const w = await startWidgetSession(t);
    const res = await w.send("platinum earrings under $70");
    const cards = ofType(res.concierge, "product_cards");
    expect(cards.relaxed?.length).toBeGreaterThan(0);
    expect(textOf(res.concierge)).toMatch(/relaxed/);
  });

  it("tracks an order: asks for the email, then shows a verified timeline with masked tracking", async () => {
    const w = await startWidgetSession(t);
    const ask = await w.send("where is my order GG-12002");
    expect(ofType(ask.concierge, "order_lookup_form")).toMatchObject({ purpose: "track", orderNumber: "GG-12002" });
    expect(JSON.stringify(ask.concierge)).not.toMatch(/UPS|shipped/i);
    const shown = await w.send("marcus.bennett@example.com");
    const timeline = ofType(shown.concierge, "order_timeline");
    expect(timeline.orderNumber).toBe("GG-12002");
    expect(timeline.status).toBe("shipped");
    expect(timeline.trackingMasked).toMatch(/^•+.{4}$/);
    // the verified owner gets the full number and the carrier's own tracking page
    expect(timeline.trackingNumber).toMatch(/^1Z[0-9A-Z]{16}$/);
    expect(timeline.trackingMasked!.slice(-4)).toBe(timeline.trackingNumber!.slice(-4));
    expect(timeline.trackingUrl).toBe(`https://www.ups.com/track?tracknum=${timeline.trackingNumber}`);
    expect(JSON.stringify(shown.entries)).not.toContain("marcus.bennett");
  });

  it("gives the same answer for a wrong email, an unknown order and someone else's order", async () => {
    const answers: string[] = [];
    for (const [orderNumber, email] of [
      ["GG-12002", "wrong@example.com"],
      ["GG-99999", "marcus.bennett@example.com"],
      ["GG-12003", "marcus.bennett@example.com"],
    ] as const) {
      const w = await startWidgetSession(t);
      const res = await w.send({ kind: "order_lookup", orderNumber, email, purpose: "track" });
      expect(res.concierge.some((m) => m.type === "order_timeline")).toBe(false);
      // the form comes back with the number the shopper typed, and says what to check
      const retry = ofType(res.concierge, "order_lookup_form");
      expect(retry.orderNumber).toBe(orderNumber);
      expect(retry.error).toMatch(/email your order confirmation was sent to/);
      answers.push(JSON.stringify(res.concierge).replaceAll(orderNumber, "GG-N"));
    }
    expect(new Set(answers).size).toBe(1);
  });

  it("stores a tap as a command line with the chip's own label, and a form as what was sent (no email)", async () => {
    const w = await startWidgetSession(t);
    const first = await w.send("rings");
    const gold = ofType(first.concierge, "refine_chips").chips.find((c) => c.label === "Gold")!;
    expect(gold).toBeDefined();
    const tapped = await w.send(gold.action);
    expect(tapped.entries[0]).toMatchObject({ role: "shopper", message: { type: "command", kind: "search", label: "Gold" } });
    const quick = await w.send({ kind: "quick_link", link: "track_order" });
    expect(quick.entries[0]!.message).toEqual({ type: "command", kind: "quick_link", label: "Track my order" });
    const lookup = await w.send({ kind: "order_lookup", orderNumber: "GG-12002", email: "marcus.bennett@example.com", purpose: "track" });
    expect(lookup.entries[0]!.message).toEqual({ type: "command", kind: "order_lookup", label: "Looked up order GG-12002" });
    const csat = await w.send({ kind: "submit_csat", rating: 4 });
    expect(csat.entries[0]!.message).toEqual({ type: "command", kind: "submit_csat", label: "Rated 4 out of 5" });
    const transcript = await w.caller.session.messages({ afterSeq: 0 });
    const shopperLines = transcript.entries.filter((e) => e.role === "shopper").map((e) => e.message);
    expect(shopperLines.filter((m) => m.type === "text").map((m) => (m as { text: string }).text)).toEqual(["rings"]);
    expect(JSON.stringify(transcript.entries)).not.toMatch(/marcus\.bennett|Refine search|Rated 4\/5/);
  });

  it("runs the resize flow for a verified order: eligibility, confirmation, one RMA", async () => {
    const w = await startWidgetSession(t);
    const ask = await w.send("my ring is too small");
    expect(ofType(ask.concierge, "order_lookup_form").purpose).toBe("return");
    const options = await w.send({
      kind: "order_lookup",
      orderNumber: "GG-12004",
      email: "priya.natarajan@example.com",
      purpose: "return",
    });
    const offer = ofType(options.concierge, "return_options");
    expect(offer.suggestedKind).toBe("resize");
    expect(offer.options.find((o) => o.kind === "return")?.eligible).toBe(false);
    expect(offer.options.find((o) => o.kind === "resize")?.eligible).toBe(true);
    const ring = offer.items.find((i) => i.isRing)!;
    const confirm: ChatAction = {
      kind: "confirm_return",
      orderNumber: "GG-12004",
      returnKind: "resize",
      productIds: [ring.productId],
      newRingSize: "7.5",
    };
    const done = ofType((await w.send(confirm)).concierge, "return_confirmation");
    expect(done.rmaId).toMatch(/^RMA-[0-9A-F]{10}$/);
    expect(done.newRingSize).toBe("7.5");
    const again = ofType((await w.send(confirm)).concierge, "return_confirmation");
    expect(again.rmaId).toBe(done.rmaId);
  });

  it("refuses a return outside the window and for engraved or custom pieces", async () => {
    const w = await startWidgetSession(t);
    const old = ofType(
      (await w.send({ kind: "order_lookup", orderNumber: "GG-12005", email: "daniel.okafor@example.com", purpose: "return" })).concierge,
      "return_options",
    );
    expect(old.options.filter((o) => o.kind !== "repair").every((o) => !o.eligible)).toBe(true);
    const refused = await w.send({
      kind: "confirm_return",
      orderNumber: "GG-12005",
      returnKind: "return",
      productIds: [old.items[0]!.productId],
    });
    expect(refused.concierge.some((m) => m.type === "return_confirmation")).toBe(false);
    expect(textOf(refused.concierge)).toMatch(/window closed|can't be returned/);
  });

  it("escalates 'I want to talk to a person' to a ticket carrying the shortlist", async () => {
    const w = await startWidgetSession(t);
    const productId = [...catalog.keys()][0]!;
    await w.send({ kind: "shortlist_add", productId });
    const form = ofType((await w.send("I want to talk to a person")).concierge, "escalation_form");
    expect(form.shortlistCount).toBe(1);
    const res = await w.send({
      kind: "submit_escalation",
      name: "Ava Chen",
      email: "ava.chen@example.com",
      preferredTime: "after 5pm",
      notes: "engagement ring ideas",
    });
    const ticketId = ofType(res.concierge, "ticket_confirmation").ticketId;
    const ticket = await t.runtime.repositories.stylistTickets.findById(ticketId);
    expect(ticket?.shortlistProductIds).toEqual([productId]);
    expect(ticket?.conversationId).toBe(w.started.enabled && w.started.conversationId);
    expect(JSON.stringify(ticket)).not.toContain("ava.chen@example.com");
    const conversation = await t.runtime.repositories.conversations.findBySession(w.started.enabled ? w.started.sessionId : "");
    expect(conversation?.handoff).toBe(true);
  });

  it("shows the shortlist and never claims a failed save", async () => {
    const w = await startWidgetSession(t);
    const empty = await w.send("show my shortlist");
    expect(textOf(empty.concierge)).toMatch(/empty/);
    const bad = await w.send({ kind: "shortlist_add", productId: "no-such-product" });
    expect(ofType(bad.concierge, "notice").level).toBe("error");
    expect(textOf(bad.concierge)).not.toMatch(/saved/i);
    const id = [...catalog.keys()][3]!;
    const saved = await w.send({ kind: "shortlist_add", productId: id });
    expect(ofType(saved.concierge, "shortlist").products.map((p) => p.id)).toEqual([id]);
    const list = ofType((await w.send("show my shortlist")).concierge, "shortlist");
    expect(list.products[0]?.saved).toBe(true);
  });

  it("asks consent before subscribing to order updates ('text me updates')", async () => {
    const w = await startWidgetSession(t);
    await w.send({ kind: "order_lookup", orderNumber: "GG-12002", email: "marcus.bennett@example.com", purpose: "track" });
    const form = ofType((await w.send("text me updates")).concierge, "subscription_form");
    expect(form.suggestedChannel).toBe("sms");
    expect(form.consentText).toMatch(/agree/);
    const done = await w.send({
      kind: "subscribe_updates",
      orderNumber: "GG-12002",
      channel: "sms",
      destination: "+1 415 555 0142",
      consent: true,
    });
    expect(textOf(done.concierge)).toMatch(/subscribed/);
    const subs = await t.runtime.repositories.orderSubscriptions.listForOrder("GG-12002");
    expect(subs).toHaveLength(1);
    expect(JSON.stringify(subs)).not.toContain("555 0142");
  });

  it("takes CSAT and offers a stylist after a low rating", async () => {
    const w = await startWidgetSession(t);
    const low = await w.send({ kind: "submit_csat", rating: 2, comment: "not what I needed" });
    expect(ofType(low.concierge, "refine_chips").chips.some((c) => c.action.kind === "request_stylist")).toBe(true);
    const high = await w.send({ kind: "submit_csat", rating: 5 });
    expect(textOf(high.concierge)).toMatch(/thank/i);
  });

  it("greets, answers out-of-scope politely, asks only when several journeys are plausible, and answers policies", async () => {
    const w = await startWidgetSession(t);
    expect(ofType((await w.send("hi")).concierge, "refine_chips").chips.length).toBeGreaterThan(2);
    expect(textOf((await w.send("what's the weather")).concierge)).toMatch(/outside what I can help/);
    // Nothing plausible: say so plainly with the quick links, not a chooser of guesses.
    const gibberish = (await w.send("asdf qwer zxcv")).concierge;
    expect(gibberish.some((m) => m.type === "intent_chooser")).toBe(false);
    expect(textOf(gibberish)).toMatch(/not sure I followed/);
    expect(ofType(gibberish, "refine_chips").chips.length).toBeGreaterThan(2);
    // A piece the shopper owns, and nothing else: an order, a return or care are all plausible — ask.
    const owned = ofType((await w.send("my necklace")).concierge, "intent_chooser");
    expect(owned.options.map((o) => o.label)).toEqual(expect.arrayContaining(["Return or resize", "Track an order"]));
    expect(textOf((await w.send("how should I clean my silver necklace?")).concierge)).toMatch(/From our care guide: .*(?:cloth|polish)/);
    expect(textOf((await w.send("do you offer payment plans")).concierge)).toMatch(/Affirm|Klarna/);
    expect(textOf((await w.send("how long does shipping take")).concierge)).toMatch(/business days/);
  });

  it("resumes a session with exactly the stored messages", async () => {
    const w = await startWidgetSession(t);
    await w.send("gold hoops");
    await w.send("more");
    const resumed = await t.caller().session.start({ resumeToken: w.started.enabled ? w.started.resumeToken : "" });
    expect(resumed.enabled && resumed.resumed).toBe(true);
    const stored = await w.caller.session.messages({ afterSeq: 0 });
    expect(resumed.enabled && resumed.messages).toEqual(stored.entries);
    const seqs = stored.entries.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it("opens a new conversation with the store's own greeting (data-greeting), never rewriting a resumed one", async () => {
    const w = await startWidgetSession(t, { greeting: "Welcome to the bridal suite — ask me about engagement rings." });
    const first = w.started.enabled ? w.started.messages[0]!.message : null;
    expect(first).toEqual({ type: "text", text: "Welcome to the bridal suite — ask me about engagement rings." });
    const resumed = await t
      .caller()
      .session.start({ resumeToken: w.started.enabled ? w.started.resumeToken : "", greeting: "Other words" });
    expect(resumed.enabled && resumed.messages[0]!.message).toEqual(first);
    await expect(t.caller().session.start({ greeting: "x".repeat(301) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("rejects calls without a valid session token", async () => {
    await expect(t.caller().chat.send({ text: "hi" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(t.caller({ headers: { authorization: "Bearer not.a.token" } }).chat.send({ text: "hi" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("chat.stream (each stored message reaches the widget once)", () => {
  it("carries text and done, never a stored message; done names the last seq the turn stored; a reconnect after the turn answers done at once", async () => {
    const w = await startWidgetSession(t);
    const { turnId, shopperEntry } = await w.caller.chat.start({ text: "gold hoops" });
    const events: Array<{ type: string; lastSeq?: number }> = [];
    for await (const event of await w.caller.chat.stream({ turnId })) events.push(event);
    expect(events.length).toBeGreaterThan(0);
    expect(events.slice(0, -1).every((e) => e.type === "delta" || e.type === "reset")).toBe(true);
    const done = events.at(-1)!;
    expect(done.type).toBe("done");
    const stored = await w.caller.session.messages({ afterSeq: shopperEntry.seq });
    expect(stored.entries.length).toBeGreaterThan(0);
    expect(done.lastSeq).toBe(stored.entries.at(-1)!.seq);

    const again: Array<{ type: string; lastSeq?: number }> = [];
    for await (const event of await w.caller.chat.stream({ turnId, afterSeq: shopperEntry.seq })) again.push(event);
    expect(again).toEqual([expect.objectContaining({ type: "done", lastSeq: done.lastSeq })]);
  });

  it("answers done at the conversation's last seq for a turn this instance does not know (long finished)", async () => {
    const w = await startWidgetSession(t);
    const sent = await w.caller.chat.send({ text: "what is your return policy?" });
    const events: unknown[] = [];
    for await (const event of await w.caller.chat.stream({ turnId: "t_longgoneturn01" })) events.push(event);
    expect(events).toEqual([{ type: "done", lastSeq: sent.lastSeq, engine: "rules" }]);
  });
});
