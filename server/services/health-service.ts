type CheckState = "ok" | "error";

export interface HealthReport {
  status: "ok" | "error";
  checks?: { database: CheckState; rateLimiter?: CheckState };
  /** Which rate-limit backend answered (`?check=deps`). */
  rateLimitBackend?: string;
  timestamp: string;
}

export interface HealthProbes {
  /** A real round trip to the store. */
  pingStore(): Promise<void>;
  /** A bounded round trip to the rate limiter's backend. */
  checkRateLimiter(): Promise<CheckState>;
  rateLimitBackend: string;
}

/**
 * Liveness and, on request, real round trips: `?check=db` (the runbook's database check) and
 * `?check=deps` (database and rate limiter). Basic health never touches a dependency, so a limiter
 * outage does not take the app out of a load balancer.
 */
export class HealthService {
  constructor(
    private readonly probes: HealthProbes,
    private readonly timeoutMs = 2000,
  ) {}

  async check(options: { database: boolean; dependencies?: boolean }): Promise<HealthReport> {
    const timestamp = new Date().toISOString();
    if (!options.database && !options.dependencies) return { status: "ok", timestamp };
    const database = await this.withTimeout(async () => {
      await this.probes.pingStore();
      return "ok";
    });
    if (!options.dependencies) return { status: database, checks: { database }, timestamp };
    const rateLimiter = await this.withTimeout(() => this.probes.checkRateLimiter());
    const status = database === "ok" && rateLimiter === "ok" ? "ok" : "error";
    return { status, checks: { database, rateLimiter }, rateLimitBackend: this.probes.rateLimitBackend, timestamp };
  }

  private async withTimeout(run: () => Promise<CheckState>): Promise<CheckState> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        run(),
        new Promise<CheckState>((_, reject) => {
          timer = setTimeout(() => reject(new Error("check timed out")), this.timeoutMs);
        }),
      ]);
    } catch {
      return "error";
    } finally {
      clearTimeout(timer);
    }
  }
}
