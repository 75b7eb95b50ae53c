/**
 * A streamed turn runs on instance A; the widget's stream reconnects to instance B (no sticky
 * sessions). B has no local handle, so it follows the turn's record in the shared store: the text as
 * it grows, then the stored answer and `done`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationEngine, TurnStreamHooks } from "./conversation-engine";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { startWidgetSession } from "../../testing/widget-client";
import { ChatService, type RemoteTurnEvent } from "./chat-service";

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime();
});
afterAll(() => t.cleanup());

function instance(engine: Pick<ConversationEngine, "handle">) {
  const internals = t.runtime.services.chat as unknown as { deps: never; analytics: never; metrics: never; logger: never };
  return new ChatService(
    t.runtime.services.conversations,
    engine as ConversationEngine,
    internals.deps,
    internals.analytics,
    internals.metrics,
    internals.logger,
    async () => undefined,
    t.runtime.repositories.chatTurns,
  );
}

describe("a streamed turn followed from another instance", () => {
  it("streams the text so far, then done with the last seq stored (the answer itself is in the conversation, for the session's channel)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowEngine = {
      handle: async (ctx: { state: object }, _input: unknown, _history: unknown, hooks: TurnStreamHooks = {}) => {
        hooks.onDelta?.("Here are ");
        hooks.onDelta?.("three rings");
        await gate;
        return { messages: [{ type: "text" as const, text: "Here are three rings." }], state: ctx.state, engine: "llm" as const };
      },
    };
    const a = instance(slowEngine as never);
    const b = instance({ handle: () => Promise.reject(new Error("instance B runs no turn")) } as never);
    const shopper = await startWidgetSession(t);
    const handle = await a.start(shopper.started.sessionId, { text: "gold rings" });
    expect(b.turn(handle.turnId, shopper.started.sessionId)).toBeUndefined();
    // A turn gets its record once it has run for 250 ms (one answered sooner never needs one).
    expect(await b.followRemoteTurn(handle.turnId, shopper.started.sessionId)).toBeUndefined();
    await waitFor(async () => (await t.runtime.repositories.chatTurns.find(handle.turnId)) !== null);

    const follower = await b.followRemoteTurn(handle.turnId, shopper.started.sessionId);
    expect(follower).toBeDefined();
    const events: RemoteTurnEvent[] = [];
    const first = await follower!.next();
    events.push(first.value as RemoteTurnEvent);
    expect(first.value).toEqual({ type: "delta", text: "Here are three rings" });
    release();
    for await (const event of follower!) events.push(event);
    const outcome = await handle.done;
    // Each stored message reaches the widget once, on the session's channel: the stream only says where the turn ended.
    expect(events.slice(1)).toEqual([{ type: "done", lastSeq: outcome.lastSeq, engine: "llm" }]);
    const stored = await t.runtime.services.conversations.transcript(
      (await t.runtime.services.conversations.bySession(shopper.started.sessionId))._id,
      handle.shopperEntry.seq,
    );
    expect(stored).toEqual([expect.objectContaining({ seq: outcome.lastSeq, message: { type: "text", text: "Here are three rings." } })]);

    // Another session cannot follow it; an unknown turn is not followed.
    const stranger = await startWidgetSession(t);
    expect(await b.followRemoteTurn(handle.turnId, stranger.started.sessionId)).toBeUndefined();
    expect(await b.followRemoteTurn("t_unknownunknown", shopper.started.sessionId)).toBeUndefined();
  });

  it("writes no record for a turn answered within 250 ms (its answer is stored before a stream could reconnect elsewhere)", async () => {
    const a = instance({
      handle: async (ctx: { state: object }) => ({
        messages: [{ type: "text" as const, text: "Quick." }],
        state: ctx.state,
        engine: "rules" as const,
      }),
    } as never);
    const shopper = await startWidgetSession(t);
    const handle = await a.start(shopper.started.sessionId, { text: "hello" });
    await handle.done;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await t.runtime.repositories.chatTurns.find(handle.turnId)).toBeNull();
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
