import type { LoaderFunctionArgs } from "@remix-run/node";

/** GET /api/health and /api/health?check=db, exactly as the operations runbook specifies. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const report = await context.runtime.services.health.check({ database: url.searchParams.get("check") === "db" });
  return new Response(JSON.stringify(report), {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
