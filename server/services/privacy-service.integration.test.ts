import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderDoc } from "../db/repositories/orders";
import { createLogger } from "../platform/logger";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { startWidgetSession } from "../testing/widget-client";
import { ERASED_EMAIL, ERASED_NAME, PrivacyService } from "./privacy-service";

/**
 * One shopper's data across every collection, made through the public API on the embedded engine:
 * exported (decrypted), then erased (deleted or pseudonymised), while another shopper's data stays.
 */

const AVA = "ava.chen@example.com";
const MARCUS = "marcus.bennett@example.com";

let t: TestRuntime;
let privacy: PrivacyService;
const logLines: string[] = [];
let ava: { sessions: string[]; rmaId: string; ticketId: string; orders: string[] };
let marcus: { session: string; ticketId: string };

const db = () => t.runtime.store.db;
const count = (collection: string, filter: Record<string, unknown> = {}) => db().collection(collection).countDocuments(filter);

async function session() {
  const w = await startWidgetSession(t);
  if (!w.started.enabled) throw new Error("disabled");
  const token = w.started.sessionToken;
  const keyed = (key: string) => t.caller({ headers: { authorization: `Bearer ${token}`, "idempotency-key": key } });
  return { ...w, sessionId: w.started.sessionId, keyed };
}

beforeAll(async () => {
  t = await createTestRuntime();
  const destination = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  privacy = new PrivacyService(t.runtime.repositories, t.runtime.crypto, createLogger({ level: "info", destination }));

  const order = (await t.runtime.repositories.orders.findByNumber("GG-12001")) as OrderDoc;
  const productId = order.items[0]!.productId;

  // Ava, first device: looks up her order, chats, returns, subscribes, saves, rates.
  const a1 = await session();
  await a1.keyed("ava-status-1").support.orders.status({ orderNumber: "GG-12001", email: AVA });
  await a1.send("do you have gold hoops?");
  const rma = await a1.keyed("ava-return-1").support.returns.create({
    orderNumber: "GG-12001",
    kind: "return",
    productIds: [productId],
    reason: "Too big for me, Ava",
  });
  await a1.caller.support.orderUpdates.subscribe({ orderNumber: "GG-12001", channel: "email", destination: AVA, consent: true });
  await a1.caller.support.shortlist.add({ productId });
  await a1.caller.support.csat.submit({ rating: 4, comment: "lovely help" });

  // Ava, second device: never verified an order, asks a stylist with her email (another case).
  const a2 = await session();
  await a2.send("I need help with an engagement ring");
  const ticket = await a2.caller.support.stylist.create({
    name: "Ava Chen",
    email: "Ava.Chen@Example.com",
    phone: "+1 415 555 0100",
    notes: "size 6",
  });

  // Marcus: his own order, ticket and rating — none of it may be touched.
  const m = await session();
  await m.caller.support.orders.status({ orderNumber: "GG-12002", email: MARCUS });
  const mTicket = await m.caller.support.stylist.create({ name: "Marcus Bennett", email: MARCUS, notes: "gift" });
  await m.caller.support.csat.submit({ rating: 5 });

  const orders = await t.runtime.repositories.orders.findAllByEmailHash(t.runtime.crypto.lookupHash("email", AVA));
  ava = { sessions: [a1.sessionId, a2.sessionId], rmaId: rma.rmaId, ticketId: ticket.ticketId, orders: orders.map((o) => o._id) };
  marcus = { session: m.sessionId, ticketId: mTicket.ticketId };
});
afterAll(async () => {
  await t.cleanup();
});

describe("shopper export", () => {
  it("finds the shopper in every collection through the keyed email hash and decrypts their own fields", async () => {
    const { data, counts } = await privacy.export("  Ava.Chen@EXAMPLE.com ");
    expect(data.subject).toBe(t.runtime.crypto.lookupHash("email", AVA));
    expect(ava.orders).toContain("GG-12001");
    expect(counts).toMatchObject({
      orders: ava.orders.length,
      returns: 1,
      subscriptions: 1,
      tickets: 1,
      conversations: 2,
      csat: 1,
      shortlists: 1,
    });
    expect(counts.messages).toBeGreaterThanOrEqual(4);
    expect(counts.analyticsEvents).toBeGreaterThan(0);
    expect(counts.idempotencyKeys).toBe(2);

    const orders = data.orders as Array<{ _id: string; customer: { email: string; name: string } }>;
    expect(orders.map((o) => o._id)).toEqual(ava.orders);
    for (const o of orders) expect(o.customer).toMatchObject({ email: AVA, name: "Ava Chen" });
    expect(data.tickets).toEqual([
      expect.objectContaining({
        _id: ava.ticketId,
        contact: { name: "Ava Chen", email: "Ava.Chen@Example.com", phone: "+1 415 555 0100" },
      }),
    ]);
    expect(data.subscriptions).toEqual([expect.objectContaining({ orderNumber: "GG-12001", destination: AVA })]);
    expect(data.returns).toEqual([expect.objectContaining({ _id: ava.rmaId, reason: "Too big for me, Ava" })]);
    const conversations = data.conversations as Array<{ sessionId: string; messages: Array<{ role: string }> }>;
    expect(conversations.map((c) => c.sessionId).sort()).toEqual([...ava.sessions].sort());
    expect(conversations.every((c) => c.messages.length > 0)).toBe(true);

    const json = JSON.stringify(data);
    expect(json).not.toMatch(/Hash"/); // lookup hashes are not the shopper's data
    expect(json).not.toContain("GG-12002");
    expect(json).not.toContain("marcus");
    expect(json).not.toContain(marcus.ticketId);
  });
});

describe("shopper erasure", () => {
  it("deletes or pseudonymises the shopper everywhere, leaves other shoppers alone, and writes an audit line without the email", async () => {
    const analyticsBefore = await count("analyticsEvents");
    const marcusBefore = await privacy.locate(MARCUS);
    const report = await privacy.erase(AVA);
    expect(report.subject).toBe(t.runtime.crypto.lookupHash("email", AVA));
    expect(report.deleted).toMatchObject({ tickets: 1, subscriptions: 1, conversations: 2, csat: 1, shortlists: 1, idempotencyKeys: 2 });
    expect(report.deleted.messages).toBeGreaterThanOrEqual(4);
    expect(report.pseudonymised).toMatchObject({ orders: ava.orders.length, returns: 1 });
    expect(report.pseudonymised.analyticsEvents).toBeGreaterThan(0);

    // Gone: conversations with their messages, the ticket, ratings, shortlist, subscription, idempotency records.
    expect(await count("conversations", { sessionId: { $in: ava.sessions } })).toBe(0);
    expect(await count("widgetShortlists", { _id: { $in: ava.sessions } })).toBe(0);
    expect(await count("stylistTickets", { _id: ava.ticketId })).toBe(0);
    expect(await count("orderSubscriptions", { orderNumber: "GG-12001" })).toBe(0);
    expect(await count("idempotencyKeys", { scope: { $in: ava.sessions.map((s) => `session:${s}`) } })).toBe(0);
    expect(await count("analyticsEvents", { sessionId: { $in: ava.sessions } })).toBe(0);
    expect(await count("analyticsEvents")).toBe(analyticsBefore); // counted, no longer linked

    // Kept for the store's books, without the person: the order and the return.
    const order = (await t.runtime.repositories.orders.findByNumber("GG-12001"))!;
    expect(order.pseudonymisedAt).toBeInstanceOf(Date);
    expect(t.runtime.crypto.decrypt(order.customer.email)).toBe(ERASED_EMAIL);
    expect(t.runtime.crypto.decrypt(order.customer.name)).toBe(ERASED_NAME);
    const rma = (await t.runtime.repositories.returnRequests.findById(ava.rmaId))!;
    expect(rma).toMatchObject({ orderNumber: "GG-12001", kind: "return" });
    expect(rma.sessionId).toBeUndefined();
    expect(rma.reason).toBeUndefined();
    expect(rma.pseudonymisedAt).toBeInstanceOf(Date);

    // Her email no longer opens the order.
    const fresh = await session();
    await expect(fresh.caller.support.orders.status({ orderNumber: "GG-12001", email: AVA })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Marcus is untouched.
    const marcusAfter = await privacy.locate(MARCUS);
    expect(marcusAfter.tickets.map((x) => x._id)).toEqual([marcus.ticketId]);
    expect(marcusAfter.conversations.map((c) => c.sessionId)).toEqual([marcus.session]);
    expect(marcusAfter.messages.length).toBe(marcusBefore.messages.length);
    expect(marcusAfter.csat).toHaveLength(1);

    const audit = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.audit === "shopper.erase");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject: report.subject, conversations: 2, orders: ava.orders.length, msg: "shopper data erased" });
    expect(logLines.join("\n").toLowerCase()).not.toContain("ava.chen");
  });

  it("is idempotent: a second erasure finds nothing and reports zeros; an export is then empty", async () => {
    const again = await privacy.erase(AVA);
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
    expect(Object.values(again.pseudonymised).every((n) => n === 0)).toBe(true);
    const { counts } = await privacy.export(AVA);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(logLines.filter((l) => l.includes('"audit":"shopper.erase"'))).toHaveLength(2);
  });

  it("refuses something that is not an email", async () => {
    await expect(privacy.erase("not-an-email")).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
