import type { Request as ExpressRequest, Response as ExpressResponse } from "express";

/** A small API answer, written straight to the socket (no fetch Response objects on hot paths). */
export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export const JSON_TYPE = "application/json; charset=utf-8";

export function jsonAnswer(body: unknown, status = 200, extra: Record<string, string> = {}): ApiAnswer {
  return { status, headers: { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", ...extra }, body: JSON.stringify(body) };
}

export function sendAnswer(res: ExpressResponse, answer: ApiAnswer): void {
  res.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.end(answer.body);
}

/** Writes a fetch `Response` (status, headers, body) to an Express response (rare paths: metrics). */
export async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** The request's headers as a fetch `Headers` (for handlers written against the Fetch API). */
export function fetchHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

export function jsonResponse(body: unknown, status = 200, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", ...extra } });
}
