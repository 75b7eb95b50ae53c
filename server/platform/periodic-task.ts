/**
 * Runs a task now and then in the background (unref'd timers, so it never keeps the process
 * alive): first after `firstDelayMs`, then every `intervalMs`. Runs never overlap; a failure is
 * reported and the next run happens on schedule.
 */
export function startPeriodicTask(options: {
  intervalMs: number;
  firstDelayMs: number;
  run: () => Promise<unknown>;
  onError: (error: unknown) => void;
}): { stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = options
      .run()
      .then(() => undefined)
      .catch((error: unknown) => options.onError(error))
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(tick, options.firstDelayMs).unref();
  const every = setInterval(tick, options.intervalMs).unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
