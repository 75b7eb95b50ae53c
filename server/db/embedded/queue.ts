/**
 * A serial task queue: tasks run one at a time in submission order. A failing task does not
 * stop later ones. Used per collection so read-modify-write sequences are atomic.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(() => task());
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves once every task submitted so far has settled. */
  idle(): Promise<void> {
    return this.tail;
  }
}
