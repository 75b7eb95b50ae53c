export interface HealthReport {
  status: "ok" | "error";
  checks?: { database: "ok" | "error" };
  timestamp: string;
}

/** Liveness and, on request, a real round trip to the store. */
export class HealthService {
  constructor(
    private readonly pingStore: () => Promise<void>,
    private readonly timeoutMs = 2000,
  ) {}

  async check(options: { database: boolean }): Promise<HealthReport> {
    const timestamp = new Date().toISOString();
    if (!options.database) return { status: "ok", timestamp };
    const database = await this.pingWithTimeout();
    return { status: database, checks: { database }, timestamp };
  }

  private async pingWithTimeout(): Promise<"ok" | "error"> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pingStore(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("ping timed out")), this.timeoutMs);
        }),
      ]);
      return "ok";
    } catch {
      return "error";
    } finally {
      clearTimeout(timer);
    }
  }
}
