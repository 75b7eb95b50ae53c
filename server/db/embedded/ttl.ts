/**
 * Periodic TTL sweeper (unref'd timer): asks the store to delete expired documents.
 * A sweep never overlaps the previous one; failures are reported, not thrown.
 */
export class TtlSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly sweep: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Stops the timer and waits for an in-flight sweep. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
