/** A bad flag or value: the bench prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** Runs a benchmark's main: usage errors exit 2 with the usage text, anything else exits 1. */
export async function runBench(main: () => Promise<void>, usage: string): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n${usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

/** Nearest-rank percentile of ascending values: the same definition in every benchmark. NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
