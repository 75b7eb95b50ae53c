import type { HealthService } from "../../services/health-service";
import { jsonResponse } from "./send";

/** GET /api/health and /api/health?check=db (and ?check=deps), exactly as the operations runbook specifies. */
export async function answerHealth(url: URL, health: HealthService): Promise<Response> {
  const check = url.searchParams.get("check");
  const report = await health.check({ database: check === "db" || check === "deps", dependencies: check === "deps" });
  return jsonResponse(report, report.status === "ok" ? 200 : 503);
}
