import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The one retry loop of the outbound HTTP clients (news search, LLMs, embeddings). What differs
 * between them — which failures are worth another try, the timings — is a policy object each
 * caller declares beside its client, not a loop of its own.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /**
   * "Full jitter": the wait before retry n (1, 2, …) is uniform in [0, min(maxDelayMs,
   * baseDelayMs·2ⁿ⁻¹)], so clients that failed together do not come back together.
   */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Whether a failure is worth another try: the caller's statuses and errors. */
  retryable: (err: unknown) => boolean;
  /** The wait a failure asks for (a 429's or 503's Retry-After), used instead of the backoff. */
  retryAfterMs?: (err: unknown) => number | undefined;
  /** A longer Retry-After is cut to this: the caller's own time budget matters more than the server's wish. */
  maxRetryAfterMs?: number;
  /** Injected by tests; Math.random otherwise. */
  random?: () => number;
}

export interface RetryOptions {
  /** Stops the waits (and, through `attempt`'s own use of it, the attempts). */
  signal?: AbortSignal;
  /** `Date.now()` by which everything must end: a wait that would pass it is not started, the last error is thrown instead. */
  deadline?: number;
  /** What to throw when `signal` aborts before an attempt or during a wait; the signal's reason by default. */
  abortError?: (signal: AbortSignal) => unknown;
  /** Told before each wait, e.g. for a log line. */
  onRetry?: (retry: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** The wait before retry `n` (1, 2, …) of `policy`, without Retry-After. */
export function backoffMs(policy: RetryPolicy, n: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
  return (policy.random ?? Math.random)() * ceiling;
}

/**
 * An HTTP Retry-After value in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3);
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  // An HTTP date names its day and month; Date.parse would also take "-3" as a year.
  if (!/[a-z]/i.test(raw)) return undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Runs `attempt` (given its number, from 1) until it succeeds, fails with an error the policy does
 * not retry, the attempts are spent, the signal aborts or the deadline would pass; then throws
 * the last error (or the abort's).
 */
export async function retry<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { signal, deadline } = options;
  const aborted = (s: AbortSignal) => (options.abortError ? options.abortError(s) : s.reason);
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw aborted(signal);
    try {
      return await attempt(n);
    } catch (err) {
      if (n >= policy.attempts || !policy.retryable(err)) throw err;
      const asked = policy.retryAfterMs?.(err);
      const delayMs =
        asked === undefined ? backoffMs(policy, n) : Math.min(asked, policy.maxRetryAfterMs ?? policy.maxDelayMs);
      // Waiting past the deadline would only turn this error into a vaguer timeout.
      if (deadline !== undefined && Date.now() + delayMs >= deadline) throw err;
      options.onRetry?.({ attempt: n, delayMs, error: err });
      try {
        await sleep(delayMs, undefined, signal ? { signal } : {});
      } catch (sleepErr) {
        if (signal?.aborted) throw aborted(signal);
        throw sleepErr;
      }
    }
  }
}
