/**
 * One deadline per LLM turn: the first token within `firstTokenMs` of the turn's start, every later round's
 * first token within `firstTokenMs` of its own start, no stream gap longer than `firstTokenMs`, and the
 * whole turn (rounds, tools, retries) within `turnTimeoutMs`. When it runs out the rules answer at once.
 */
import type { LlmTiming } from "./llm-client";

export interface TurnBudgetOptions {
  firstTokenMs: number;
  turnTimeoutMs: number;
}

/** Below this there is no point starting another model round. */
const MIN_ROUND_MS = 200;

export class TurnBudget {
  private readonly started: number;

  constructor(
    private readonly options: TurnBudgetOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  elapsedMs(): number {
    return this.now() - this.started;
  }

  remainingMs(): number {
    return Math.max(0, this.options.turnTimeoutMs - this.elapsedMs());
  }

  expired(): boolean {
    return this.remainingMs() < MIN_ROUND_MS;
  }

  /** The timing for the next model round, or undefined when the turn is out of time. */
  timingFor(round: number): LlmTiming | undefined {
    const remaining = this.remainingMs();
    if (remaining < MIN_ROUND_MS) return undefined;
    const { firstTokenMs } = this.options;
    const firstToken = round === 0 ? firstTokenMs - this.elapsedMs() : firstTokenMs;
    if (firstToken < MIN_ROUND_MS / 2) return undefined;
    return { firstTokenMs: Math.min(firstToken, remaining), stallMs: firstTokenMs, totalMs: remaining };
  }
}
