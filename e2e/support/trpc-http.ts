/** Calls a tRPC procedure over plain HTTP as any client would (optionally with a bearer token). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(
  base: string,
  procedure: string,
  input: unknown,
  token?: string,
  method: "GET" | "POST" = "POST",
): Promise<T> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const url = `${base}/api/trpc/${procedure}`;
  const res =
    method === "GET"
      ? await fetch(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`${procedure} → ${res.status} ${JSON.stringify(body.error)}`);
  return body.result.data;
}
