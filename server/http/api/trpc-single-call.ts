import {
  getErrorShape,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
  TRPCError,
  type AnyTRPCProcedure,
  type AnyTRPCRouter,
} from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";

/**
 * One query or mutation answered the way tRPC's `resolveResponse` answers it (same status, headers
 * and JSON, through tRPC's own error shape, error formatter and transformer), without building a
 * fetch `Request` and `Response` around it: the undici objects (a body stream, two abort signals,
 * a URL) cost a fifth of a cheap call's server CPU. Only the plain shape qualifies — see
 * {@link singleCallOf}; everything else (batches, other content types, HEAD, unknown paths,
 * subscriptions, `trpc-accept`) stays on tRPC's fetch handler. `trpc-single-call.test.ts` checks
 * the two paths answer byte for byte alike.
 */

export interface SingleCall {
  path: string;
  procedure: AnyTRPCProcedure;
  type: "query" | "mutation";
  /** GET: the `input` query parameter as sent (null when absent). */
  queryInput: string | null;
}

interface RequestShape {
  method: string | undefined;
  /** Path and query string as received. */
  url: string;
  /** The request's headers, lower-case names (Node's `IncomingMessage.headers`). */
  headers: Record<string, string | string[] | undefined>;
}

/** A procedure path in its plain form: dot-separated identifiers, nothing to decode. */
const PLAIN_CALL = /^([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)(?:\?(.*))?$/s;

function mediaType(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toLowerCase().split(";", 1)[0]?.trim();
}

/**
 * The call when the request is one plain query (GET, no content type or JSON, at most an `input`
 * parameter) or mutation (POST with a JSON body) on a known procedure; `undefined` otherwise.
 */
export function singleCallOf(router: AnyTRPCRouter, endpoint: string, req: RequestShape): SingleCall | undefined {
  const { method, url, headers } = req;
  if ((method !== "GET" && method !== "POST") || !url.startsWith(`${endpoint}/`)) return undefined;
  if (headers["trpc-accept"] !== undefined) return undefined;
  const match = PLAIN_CALL.exec(url.slice(endpoint.length + 1));
  if (!match) return undefined;
  const path = match[1]!;
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
  const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
  const type = procedure?._def.type;
  if (!procedure || (type !== "query" && type !== "mutation")) return undefined;
  let queryInput: string | null = null;
  if (match[2] !== undefined) {
    const params = new URLSearchParams(match[2]);
    for (const name of params.keys()) if (name !== "input") return undefined;
    if (params.getAll("input").length > 1) return undefined;
    queryInput = params.get("input");
  }
  const contentType = mediaType(headers["content-type"]);
  if (method === "GET" ? contentType !== undefined && contentType !== "application/json" : contentType !== "application/json")
    return undefined;
  if (method === "POST" && queryInput !== null) return undefined;
  return { path, procedure, type, queryInput };
}

export interface SingleCallAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export interface SingleCallOptions<TContext> {
  router: AnyTRPCRouter;
  call: SingleCall;
  method: "GET" | "POST";
  /** POST: the whole body as received. */
  body: Buffer | undefined;
  createContext: () => Promise<TContext>;
  responseMeta?: (opts: { ctx?: TContext }) => { headers?: Headers; status?: number };
}

const utf8 = new TextDecoder();

/** Runs the call and answers exactly as tRPC's fetch handler would (see the module comment). */
export async function answerSingleCall<TContext>(options: SingleCallOptions<TContext>): Promise<SingleCallAnswer> {
  const { router, call, method } = options;
  const config = router._def._config;
  const headers = new Headers([["vary", "trpc-accept, accept"]]);

  let ctx: TContext | undefined;
  let ctxError: TRPCError | undefined;
  try {
    ctx = await options.createContext();
  } catch (cause) {
    ctxError = getTRPCErrorFromUnknown(cause);
  }

  const unread = Symbol("unread");
  let input: unknown = unread;
  const getRawInput = async () => {
    if (input !== unread) return input;
    try {
      // As tRPC's JSON content-type handler reads it: the text decoded as fetch's `text()` does.
      const text = method === "GET" ? call.queryInput : options.body && options.body.length > 0 ? utf8.decode(options.body) : "";
      const raw: unknown = text ? JSON.parse(text) : undefined;
      input = raw === undefined ? undefined : config.transformer.input.deserialize(raw);
    } catch (cause) {
      if (cause instanceof TRPCError) throw cause;
      throw new TRPCError({ code: "BAD_REQUEST", message: cause instanceof Error ? cause.message : "Invalid input", cause });
    }
    return input;
  };

  let error: TRPCError | undefined;
  let data: unknown;
  try {
    if (call.type !== (method === "GET" ? "query" : "mutation")) {
      headers.set("allow", call.type === "query" ? "GET" : "POST");
      throw new TRPCError({
        code: "METHOD_NOT_SUPPORTED",
        message: `Unsupported ${method}-request to ${call.type} procedure at path "${call.path}"`,
      });
    }
    if (ctxError) throw ctxError;
    data = await call.procedure({
      path: call.path,
      getRawInput,
      ctx,
      type: call.type,
      signal: new AbortController().signal,
      batchIndex: 0,
    });
  } catch (cause) {
    error = getTRPCErrorFromUnknown(cause);
  }
  headers.set("content-type", "application/json");
  let json;
  if (!error && isDataStream(data)) {
    // tRPC throws this one outside the call: its shape carries neither path nor input.
    error = new TRPCError({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: "Cannot use stream-like response in non-streaming request - use httpBatchStreamLink",
    });
    json = { error: getErrorShape({ config, ctx, error, input: undefined, path: undefined, type: call.type }) };
  } else {
    const inputRead = input === unread ? undefined : input;
    json = error
      ? { error: getErrorShape({ config, ctx, error, input: inputRead, path: call.path, type: call.type }) }
      : { result: { data } };
  }
  let status = getHTTPStatusCode([json] as Parameters<typeof getHTTPStatusCode>[0], error ? [error] : []);
  const meta = options.responseMeta?.({ ctx });
  if (meta?.headers) for (const [name, value] of meta.headers.entries()) headers.append(name, value);
  if (meta?.status) status = meta.status;
  return { status, headers, body: JSON.stringify(transformTRPCResponse(config, json)) };
}

const isObject = (value: unknown): value is object => typeof value === "object" && value !== null && !Array.isArray(value);
const isAsyncIterable = (value: unknown) => isObject(value) && Symbol.asyncIterator in value;
const isPromise = (value: unknown) =>
  (isObject(value) || typeof value === "function") &&
  typeof (value as { then?: unknown }).then === "function" &&
  typeof (value as { catch?: unknown }).catch === "function";

/** tRPC's test for an answer only a streaming link can carry (an async iterable, or promises inside). */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  const values = Object.values(value);
  return values.some(isPromise) || values.some(isAsyncIterable);
}
