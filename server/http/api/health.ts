import type { HealthService } from "../../services/health-service";
import { jsonAnswer, type ApiAnswer } from "./send";

/** GET /api/health, ?check=db (the runbook's) and ?check=deps (database and rate limiter). */
export async function answerHealth(check: unknown, health: HealthService): Promise<ApiAnswer> {
  const report = await health.check({ database: check === "db" || check === "deps", dependencies: check === "deps" });
  return jsonAnswer(report, report.status === "ok" ? 200 : 503);
}
