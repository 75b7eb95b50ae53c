import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS } from "../db/collections";
import { createTestRuntime, type TestRuntime } from "../testing/test-runtime";
import { startWidgetSession } from "../testing/widget-client";

let t: TestRuntime;
let w: Awaited<ReturnType<typeof startWidgetSession>>;

beforeAll(async () => {
  t = await createTestRuntime();
  w = await startWidgetSession(t);
});
afterAll(async () => {
  await t.cleanup();
});

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of Object.values(COLLECTIONS)) out[name] = await t.runtime.store.db.collection(name).countDocuments({});
  return out;
}

const long = (n: number) => "x".repeat(n);
const OPERATOR = { $gt: "" };

type Call = (input: unknown) => Promise<unknown>;
const cases: Array<[string, () => Call, unknown[]]> = [
  [
    "session.start",
    () => (i) => t.caller().session.start(i as never),
    [{ visitorId: OPERATOR }, { visitorId: "short" }, { resumeToken: long(5000) }, { extra: 1 }, "string"],
  ],
  [
    "session.messages",
    () => (i) => w.caller.session.messages(i as never),
    [{ afterSeq: -1 }, { afterSeq: "1" }, { afterSeq: OPERATOR }, { afterSeq: 1, x: 1 }],
  ],
  [
    "chat.send",
    () => (i) => w.caller.chat.send(i as never),
    [
      { text: "" },
      { text: long(1001) },
      { text: OPERATOR },
      { text: "hi", extra: true },
      { action: { kind: "nope" } },
      { action: { kind: "shortlist_add", productId: OPERATOR } },
      { action: { kind: "submit_csat", rating: 9 } },
      { action: { kind: "subscribe_updates", orderNumber: "GG-12002", channel: "sms", destination: "+14155550142", consent: false } },
      { text: "a", action: { kind: "shortlist_show" } },
    ],
  ],
  [
    "chat.start",
    () => (i) => w.caller.chat.start(i as never),
    [{ text: long(2000) }, { action: { kind: "order_lookup", orderNumber: "12002", email: "a@b.co", purpose: "track" } }],
  ],
  [
    "support.products.search",
    () => (i) => t.caller().support.products.search(i as never),
    [{ query: OPERATOR }, { query: long(201) }, { maxPrice: -1 }, { limit: 1000 }, { sort: "random" }, { $where: "1" }],
  ],
  [
    "support.orders.status",
    () => (i) => t.caller().support.orders.status(i as never),
    [
      { orderNumber: OPERATOR, email: "a@b.co" },
      { orderNumber: "GG-12002", email: OPERATOR },
      { orderNumber: "GG-12002", email: "not-an-email" },
      { orderNumber: "GG-12002", email: `${long(300)}@example.com` },
      { orderNumber: "GG-12002", email: "a@b.co", admin: true },
    ],
  ],
  [
    "support.returns.create",
    () => (i) => w.caller.support.returns.create(i as never),
    [
      { orderNumber: "GG-12001", kind: "resize", productIds: ["gg-ring-x"] },
      { orderNumber: "GG-12001", kind: "steal", productIds: ["a"] },
      { orderNumber: "GG-12001", kind: "return", productIds: [] },
      { orderNumber: "GG-12001", kind: "return", productIds: [OPERATOR] },
      { orderNumber: "GG-12001", kind: "resize", productIds: ["a"], newRingSize: "99" },
    ],
  ],
  [
    "support.stylist.create",
    () => (i) => w.caller.support.stylist.create(i as never),
    [
      { name: "", email: "a@b.co" },
      { name: "A", email: OPERATOR },
      { name: long(101), email: "a@b.co" },
      { name: "A", email: "a@b.co", phone: "call me" },
      { name: "A", email: "a@b.co", priority: "urgent" },
    ],
  ],
  [
    "support.csat.submit",
    () => (i) => w.caller.support.csat.submit(i as never),
    [{ rating: 0 }, { rating: 6 }, { rating: 3.5 }, { rating: "5" }, { rating: 5, comment: long(1001) }, { rating: OPERATOR }],
  ],
  [
    "support.shortlist.add",
    () => (i) => w.caller.support.shortlist.add(i as never),
    [{ productId: OPERATOR }, { productId: "../../etc" }, { productId: long(100) }, {}],
  ],
  ["support.shortlist.remove", () => (i) => w.caller.support.shortlist.remove(i as never), [{ productId: { $ne: null } }]],
  [
    "support.orderUpdates.subscribe",
    () => (i) => w.caller.support.orderUpdates.subscribe(i as never),
    [
      { orderNumber: "GG-12002", channel: "sms", destination: "+14155550142", consent: false },
      { orderNumber: "GG-12002", channel: "pigeon", destination: "x@y.co", consent: true },
      { orderNumber: "GG-12002", channel: "email", destination: OPERATOR, consent: true },
    ],
  ],
];

describe("bad input to every procedure", () => {
  it.each(cases)("%s answers BAD_REQUEST with a clear message and writes nothing", async (_name, make, inputs) => {
    const call = make();
    for (const input of inputs) {
      const before = await counts();
      const error = await call(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(input)).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect((error as TRPCError).message.length).toBeGreaterThan(0);
      expect(await counts()).toEqual(before);
    }
  });

  it("formats input errors as one readable message", async () => {
    const error = (await t
      .caller()
      .support.products.search({ query: long(201) } as never)
      .catch((e: unknown) => e)) as TRPCError;
    expect(error.message).toContain("query");
    expect(error.message).toContain("200");
  });
});
