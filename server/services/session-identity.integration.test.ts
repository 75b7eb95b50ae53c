import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IdentityTokens } from "../platform/tokens";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { ofType, startWidgetSession } from "../testing/widget-client";

const SECRET = "identity-secret-for-tests-0123456789abcdef";
const A = "marcus.bennett@example.com"; // owns GG-12002
const B = "ava.chen@example.com"; // owns GG-12001

let t: TestRuntime;
beforeEach(async () => {
  t = await createTestRuntime({ CONCIERGE_IDENTITY_SECRET: SECRET });
});
afterEach(async () => {
  await t.cleanup();
});

describe("shopper identity on a shared browser", () => {
  it("identify(B) where A chatted starts a new conversation and ends A's tokens", async () => {
    const a = await startWidgetSession(t, { identityToken: await IdentityTokens.mint(SECRET, A) });
    expect(a.started.enabled && a.started.verified).toBe(true);
    const tracked = await a.send("where is my order?");
    expect(ofType(tracked.concierge, "order_timeline").orderNumber).toBe("GG-12002");

    // B signs in on the same browser: the widget resumes with A's resume token and B's identity.
    const b = await startWidgetSession(t, {
      resumeToken: a.started.enabled ? a.started.resumeToken : "",
      identityToken: await IdentityTokens.mint(SECRET, B),
    });
    if (!a.started.enabled || !b.started.enabled) throw new Error("disabled");
    expect(b.started.resumed).toBe(false);
    expect(b.started.sessionId).not.toBe(a.started.sessionId);
    expect(JSON.stringify(b.started.messages)).not.toContain("GG-12002");
    // B sees B's orders, not A's.
    const bOrders = await b.send("where is my order?");
    expect(ofType(bOrders.concierge, "order_timeline").orderNumber).not.toBe("GG-12002");
    await expect(b.caller.support.orders.status({ orderNumber: "GG-12001" })).resolves.toMatchObject({ orderNumber: "GG-12001" });
    await expect(b.caller.support.orders.status({ orderNumber: "GG-12002" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // A's session and resume tokens no longer work.
    await expect(a.caller.session.messages({ afterSeq: 0 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const again = await t.caller().session.start({ resumeToken: a.started.resumeToken });
    expect(again.enabled && again.sessionId).not.toBe(a.started.sessionId);
  });

  it("the same identity resumes its own conversation; an anonymous conversation is kept by the shopper who signs in", async () => {
    const anon = await startWidgetSession(t);
    if (!anon.started.enabled) throw new Error("disabled");
    await anon.send("gold rings");
    const signedIn = await startWidgetSession(t, {
      resumeToken: anon.started.resumeToken,
      identityToken: await IdentityTokens.mint(SECRET, A),
    });
    if (!signedIn.started.enabled) throw new Error("disabled");
    expect(signedIn.started.resumed).toBe(true);
    expect(signedIn.started.sessionId).toBe(anon.started.sessionId);
    const again = await startWidgetSession(t, {
      resumeToken: signedIn.started.resumeToken,
      identityToken: await IdentityTokens.mint(SECRET, A),
    });
    expect(again.started.enabled && again.started.resumed).toBe(true);
  });

  it("an anonymous conversation that proved someone else's order is not handed to a different signed-in shopper", async () => {
    const anon = await startWidgetSession(t);
    if (!anon.started.enabled) throw new Error("disabled");
    await anon.caller.support.orders.status({ orderNumber: "GG-12002", email: A });
    const b = await startWidgetSession(t, { resumeToken: anon.started.resumeToken, identityToken: await IdentityTokens.mint(SECRET, B) });
    expect(b.started.enabled && b.started.resumed).toBe(false);
  });

  it("a verified identity ends with its token's expiry; resuming never extends it", async () => {
    const a = await startWidgetSession(t, { identityToken: await IdentityTokens.mint(SECRET, A, 2) });
    if (!a.started.enabled) throw new Error("disabled");
    expect(a.started.verified).toBe(true);
    await new Promise((r) => setTimeout(r, 2_200));
    const resumed = await t.caller().session.start({ resumeToken: a.started.resumeToken });
    if (!resumed.enabled) throw new Error("disabled");
    expect(resumed.resumed).toBe(true);
    expect(resumed.verified).toBe(false);
    const w = t.caller({ headers: { authorization: `Bearer ${resumed.sessionToken}` } });
    await expect(w.support.orders.status({ orderNumber: "GG-12002" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const res = await w.chat.send({ text: "where is my order?" });
    expect(res.entries.some((e) => e.message.type === "order_timeline")).toBe(false);
  });

  it("a chat turn never overwrites an identify that happened while it ran", async () => {
    const w = await startWidgetSession(t);
    if (!w.started.enabled) throw new Error("disabled");
    const token = await IdentityTokens.mint(SECRET, A);
    // Race many turns against the identify; whichever order they land in, the identity stays.
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => w.send(i % 2 ? "gold rings under 500" : "show me more")),
      t.caller().session.start({ resumeToken: w.started.resumeToken, identityToken: token }),
    ]);
    const conversation = await t.runtime.services.conversations.bySession(w.started.sessionId);
    expect((conversation.state as { identityEmailHash?: string }).identityEmailHash).toBe(t.runtime.services.orders.emailHash(A));
    expect((conversation.state as { lastSearch?: unknown }).lastSearch).toBeDefined();
  });
});

describe("conversation state has one owner", () => {
  it("applyTurn writes only what the turn changed, on top of the current state", async () => {
    const w = await startWidgetSession(t);
    if (!w.started.enabled) throw new Error("disabled");
    const conversations = t.runtime.services.conversations;
    const id = w.started.conversationId;
    const before = (await conversations.byId(id))!.state;
    // Someone else writes while "the turn" runs.
    await conversations.updateState(id, (s) => ({ ...s, identityEmailHash: "h-identity" }));
    await conversations.applyTurn(id, before, { ...before, lastIntent: "greeting", csatAsked: true }, "greeting");
    const after = (await conversations.byId(id))!;
    expect(after.state).toMatchObject({ identityEmailHash: "h-identity", lastIntent: "greeting", csatAsked: true });
    expect(after.intents).toEqual(["greeting"]);
    // Concurrent updates through updateState all land.
    await Promise.all(Array.from({ length: 20 }, (_, i) => conversations.updateState(id, (s) => ({ ...s, [`k${i}`]: i }) as typeof s)));
    const final = (await conversations.byId(id))!.state as Record<string, unknown>;
    for (let i = 0; i < 20; i++) expect(final[`k${i}`]).toBe(i);
  });

  it("appendTurn stores the answer and the turn's changes in one update, or — when the state moved on — on top of it", async () => {
    const w = await startWidgetSession(t);
    if (!w.started.enabled) throw new Error("disabled");
    const conversations = t.runtime.services.conversations;
    const id = w.started.conversationId;
    const answer = (text: string) => [{ role: "concierge" as const, message: { type: "text" as const, text } }];
    // As read: one update.
    let known = (await conversations.byId(id))!;
    const first = await conversations.appendTurn(id, answer("one"), {
      before: known.state,
      after: { ...known.state, lastIntent: "greeting" },
      intent: "greeting",
      known,
    });
    expect(first.map((e) => e.seq)).toEqual([known.lastSeq + 1]);
    // The state moved on after the turn read it: the answer is stored and the turn's change lands on top.
    known = (await conversations.byId(id))!;
    await conversations.updateState(id, (s) => ({ ...s, identityEmailHash: "h-meanwhile" }));
    const second = await conversations.appendTurn(id, answer("two"), {
      before: known.state,
      after: { ...known.state, lastIntent: "track_order" },
      intent: "track_order",
      known,
    });
    expect(second.map((e) => e.seq)).toEqual([known.lastSeq + 1]);
    const after = (await conversations.byId(id))!;
    expect(after.state).toMatchObject({ identityEmailHash: "h-meanwhile", lastIntent: "track_order" });
    expect(after.intents).toEqual(["greeting", "track_order"]);
    expect((await conversations.transcript(id)).slice(-2).map((e) => e.message)).toEqual([
      { type: "text", text: "one" },
      { type: "text", text: "two" },
    ]);
  });
});
