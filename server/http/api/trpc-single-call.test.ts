import { describe, expect, it } from "vitest";
import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { t } from "../../trpc/init";
import type { TrpcContext } from "../../trpc/context";
import { answerSingleCall, singleCallOf } from "./trpc-single-call";

// The real tRPC instance (its error formatter turns zod errors into one message plus issues).
const withHeader = t.procedure.use(({ ctx, next }) => {
  ctx.responseHeaders.set("x-ratelimit-remaining", "7");
  return next();
});
const router = t.router({
  ping: t.procedure.query(() => ({ pong: true })),
  echo: t.procedure.input(z.strictObject({ text: z.string().min(1).max(20) })).query(({ input }) => ({ said: input.text })),
  maybe: t.procedure.input(z.strictObject({ n: z.number() }).optional()).query(({ input }) => ({ n: input?.n ?? null })),
  save: withHeader.input(z.strictObject({ text: z.string().max(20) })).mutation(({ input }) => ({ saved: input.text, at: 1 })),
  refuse: withHeader.mutation(() => {
    throw new TRPCError({ code: "NOT_FOUND", message: "We could not find that order." });
  }),
  limited: t.procedure.mutation(({ ctx }) => {
    ctx.responseHeaders.set("Retry-After", "30");
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Slow down." });
  }),
  crash: t.procedure.query(() => {
    throw new Error("secret internal detail");
  }),
  lazyAnswer: t.procedure.query(() => ({ later: Promise.resolve(1) })),
  nothing: t.procedure.mutation(() => undefined),
  nested: t.router({ deeper: t.procedure.query(() => ["a", "b"]) }),
  ticks: t.procedure.subscription(async function* () {
    yield 1;
  }),
});

const ENDPOINT = "/api/trpc";

interface Case {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  failContext?: boolean;
}

function contextFor(options: { failContext?: boolean }) {
  return async () => {
    if (options.failContext) throw new Error("the session store is down");
    return { responseHeaders: new Headers() } as unknown as TrpcContext;
  };
}
const responseMeta = ({ ctx }: { ctx?: TrpcContext }) => ({ headers: ctx?.responseHeaders ?? new Headers() });

async function throughFetchHandler(c: Case) {
  const body = c.body === undefined ? undefined : Buffer.from(c.body);
  const response = await fetchRequestHandler({
    router,
    endpoint: ENDPOINT,
    req: new Request(`http://localhost${c.url}`, {
      method: c.method,
      headers: c.headers,
      ...(body && body.length > 0 ? { body: body as unknown as BodyInit } : {}),
    }),
    createContext: contextFor(c),
    responseMeta,
  });
  return { status: response.status, headers: [...response.headers.entries()].sort(), body: await response.text() };
}

async function throughSingleCall(c: Case) {
  const headers = Object.fromEntries(Object.entries(c.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const call = singleCallOf(router, ENDPOINT, { method: c.method, url: c.url, headers });
  if (!call) return undefined;
  const answer = await answerSingleCall({
    router,
    call,
    method: c.method,
    body: c.body === undefined ? undefined : Buffer.from(c.body),
    createContext: contextFor(c),
    responseMeta,
  });
  return { status: answer.status, headers: [...answer.headers.entries()].sort(), body: answer.body };
}

const json = { "content-type": "application/json" };
const input = (value: unknown) => `?input=${encodeURIComponent(JSON.stringify(value))}`;

const SAME_ANSWER: Array<[string, Case]> = [
  ["a query without input", { method: "GET", url: `${ENDPOINT}/ping` }],
  ["a query with input", { method: "GET", url: `${ENDPOINT}/echo${input({ text: "gold hoops" })}` }],
  ["a query in a nested router", { method: "GET", url: `${ENDPOINT}/nested.deeper` }],
  ["an optional input left out", { method: "GET", url: `${ENDPOINT}/maybe` }],
  ["an empty input parameter", { method: "GET", url: `${ENDPOINT}/maybe?input=` }],
  ["a GET that says its content type is JSON", { method: "GET", url: `${ENDPOINT}/ping`, headers: json }],
  ["input that fails validation (formatted issues)", { method: "GET", url: `${ENDPOINT}/echo${input({ text: "" })}` }],
  ["an unknown key", { method: "GET", url: `${ENDPOINT}/echo${input({ text: "a", $where: "1" })}` }],
  ["input that is not JSON", { method: "GET", url: `${ENDPOINT}/echo?input=%7Bnope` }],
  ["a mutation", { method: "POST", url: `${ENDPOINT}/save`, headers: json, body: JSON.stringify({ text: "ring" }) }],
  [
    "a mutation, content type with charset",
    { method: "POST", url: `${ENDPOINT}/save`, headers: { "content-type": "Application/JSON; charset=utf-8" }, body: '{"text":"é"}' },
  ],
  [
    "a body that starts with a byte-order mark",
    { method: "POST", url: `${ENDPOINT}/save`, headers: json, body: Buffer.from(`\uFEFF{"text":"bom"}`) },
  ],
  [
    "a body that is not UTF-8",
    {
      method: "POST",
      url: `${ENDPOINT}/save`,
      headers: json,
      body: Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    },
  ],
  ["a body that is not JSON", { method: "POST", url: `${ENDPOINT}/save`, headers: json, body: "{text:" }],
  ["an empty body", { method: "POST", url: `${ENDPOINT}/save`, headers: json, body: "" }],
  ["a mutation without input", { method: "POST", url: `${ENDPOINT}/nothing`, headers: json }],
  ["a domain refusal with a header the procedure set", { method: "POST", url: `${ENDPOINT}/refuse`, headers: json, body: "{}" }],
  ["a limit with Retry-After", { method: "POST", url: `${ENDPOINT}/limited`, headers: json }],
  ["an internal error (details hidden)", { method: "GET", url: `${ENDPOINT}/crash` }],
  ["GET to a mutation (405 with Allow)", { method: "GET", url: `${ENDPOINT}/save${input({ text: "x" })}` }],
  ["POST to a query (405 with Allow)", { method: "POST", url: `${ENDPOINT}/echo`, headers: json, body: JSON.stringify({ text: "x" }) }],
  ["a context that could not be created", { method: "GET", url: `${ENDPOINT}/ping`, failContext: true }],
  ["a stream-like answer to a plain query", { method: "GET", url: `${ENDPOINT}/lazyAnswer` }],
];

describe("a single query or mutation answered without fetch objects", () => {
  it.each(SAME_ANSWER)("answers %s exactly as tRPC's fetch handler does", async (_name, c) => {
    const fast = await throughSingleCall(c);
    expect(fast, "took the single-call path").toBeDefined();
    expect(fast).toEqual(await throughFetchHandler(c));
  });

  it("the answers it gives are the ones a shopper expects (not just equal to each other)", async () => {
    expect(await throughSingleCall({ method: "GET", url: `${ENDPOINT}/echo${input({ text: "hi" })}` })).toMatchObject({
      status: 200,
      body: JSON.stringify({ result: { data: { said: "hi" } } }),
    });
    const refused = await throughSingleCall({ method: "POST", url: `${ENDPOINT}/refuse`, headers: json, body: "{}" });
    expect(refused?.status).toBe(404);
    expect(refused?.headers).toContainEqual(["x-ratelimit-remaining", "7"]);
    const crash = await throughSingleCall({ method: "GET", url: `${ENDPOINT}/crash` });
    expect(crash?.status).toBe(500);
    expect(crash?.body).not.toContain("secret");
  });

  it.each<[string, Case]>([
    ["a batch", { method: "GET", url: `${ENDPOINT}/ping,echo?batch=1&input=%7B%7D` }],
    ["a batch of one", { method: "GET", url: `${ENDPOINT}/ping?batch=1` }],
    ["HEAD", { method: "GET", url: `${ENDPOINT}/ping` }],
    ["an unknown procedure", { method: "GET", url: `${ENDPOINT}/nope` }],
    ["an inherited property name", { method: "GET", url: `${ENDPOINT}/constructor` }],
    ["a percent-encoded path", { method: "GET", url: `${ENDPOINT}/pin%67` }],
    ["a trailing slash", { method: "GET", url: `${ENDPOINT}/ping/` }],
    ["a subscription", { method: "GET", url: `${ENDPOINT}/ticks` }],
    ["another query parameter", { method: "GET", url: `${ENDPOINT}/ping?input=1&connectionParams=1` }],
    ["two inputs", { method: "GET", url: `${ENDPOINT}/ping?input=1&input=2` }],
    ["a POST with ?input", { method: "POST", url: `${ENDPOINT}/save?input=1`, headers: json }],
    ["a form post", { method: "POST", url: `${ENDPOINT}/save`, headers: { "content-type": "multipart/form-data; boundary=x" } }],
    ["a POST without a content type", { method: "POST", url: `${ENDPOINT}/save` }],
    ["a GET with another content type", { method: "GET", url: `${ENDPOINT}/ping`, headers: { "content-type": "text/plain" } }],
    ["trpc-accept", { method: "GET", url: `${ENDPOINT}/ping`, headers: { "trpc-accept": "application/jsonl" } }],
    ["another endpoint", { method: "GET", url: "/api/trpcx/ping" }],
  ])("leaves %s to tRPC's fetch handler", (name, c) => {
    const headers = Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const method = name === "HEAD" ? "HEAD" : c.method;
    expect(singleCallOf(router, ENDPOINT, { method, url: c.url, headers })).toBeUndefined();
  });
});
