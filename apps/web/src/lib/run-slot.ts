/**
 * One run at a time for a screen: starting a run cancels the one in flight, a deadline aborts it
 * (and is told apart from the user's cancel), and a run replaced by a newer one or a reset stops
 * writing to its store (`current()` turns false).
 */
export function createRunSlot() {
  let controller: AbortController | undefined;
  return {
    begin(timeoutMs: number) {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        mine.abort();
      }, timeoutMs);
      return {
        signal: mine.signal,
        current: () => controller === mine,
        timedOut: () => timedOut,
        end: () => {
          clearTimeout(timer);
          if (controller === mine) controller = undefined;
        },
      };
    },
    /** Closes the connection: the server sees the client go and stops the run. */
    cancel(): void {
      controller?.abort();
    },
    /** Forgets the run before aborting it, so its ending writes nothing. */
    reset(): void {
      const running = controller;
      controller = undefined;
      running?.abort();
    },
  };
}
