/**
 * Long commands stop cleanly on Ctrl-C or SIGTERM: the first signal aborts the returned
 * signal (the work stops at its next safe point and leaves the database as it was); a second
 * one exits at once.
 */
export function stopOnSignals(message: string): AbortSignal & { release(): void } {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`${message}\n`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  /** Once the work is over, signals go back to their default meaning. */
  const release = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  return Object.assign(controller.signal, { release });
}
