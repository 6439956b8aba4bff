import { LlmError } from './types.js';

/** Retry and circuit-breaker settings; tests shrink the timings to milliseconds. */
export interface ResilienceOptions {
  /** Extra attempts after a retryable failure. */
  maxRetries: number;
  /** Backoff before retry n is uniform in [0, min(maxDelayMs, baseDelayMs·2ⁿ)] ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed requests that open the breaker. */
  circuitFailures: number;
  /** How long an open breaker fails calls fast. */
  circuitOpenMs: number;
  random: () => number;
  /** The breaker's clock. */
  now: () => number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  circuitFailures: 3,
  circuitOpenMs: 60_000,
  random: Math.random,
  now: Date.now,
};

/**
 * The error for an aborted signal. A signal aborted by `AbortSignal.timeout` (e.g. the
 * request's budget) is a TIMEOUT; anything else (client disconnected) is ABORTED.
 */
export function abortError(signal: AbortSignal, where: string): LlmError {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError'
    ? new LlmError('TIMEOUT', `${where}: time budget spent`)
    : new LlmError('ABORTED', `${where}: request aborted`);
}

/** Failures that say the endpoint is unwell, where waiting and trying again can help. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof LlmError)) return false;
  if (err.code === 'TIMEOUT' || err.code === 'CONNECTION') return true;
  const status = err.details.status ?? 0;
  return err.code === 'HTTP' && (status === 429 || status >= 500);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined, where = 'LLM call'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal, where));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal, where));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Stops sending requests to an endpoint that keeps failing, so a dead model costs each
 * verification nothing instead of its whole time budget. Closed → (N consecutive failures) →
 * open, failing fast → (after the open time) half-open, one request let through → closed on
 * success, open again on failure.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Whether a request may go now. In half-open only one is in flight at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** Milliseconds until an open breaker lets a request through. */
  retryInMs(): number {
    return this.openedAt === undefined ? 0 : Math.max(0, this.openedAt + this.openMs - this.now());
  }

  /** The endpoint answered (a 4xx included: it is up, the request was wrong). */
  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  failure(): void {
    this.failures++;
    if (this.probing || this.failures >= this.threshold) this.openedAt = this.now();
    this.probing = false;
  }

  /** The request ended without saying anything about the endpoint (the caller aborted). */
  release(): void {
    this.probing = false;
  }
}

export interface RetryContext {
  breaker: CircuitBreaker;
  options: ResilienceOptions;
  signal?: AbortSignal;
  /** `Date.now()` by which the whole call must be done; no attempt or wait goes past it. */
  deadline?: number;
  /** Timeout of one attempt; cut to what is left before the deadline. */
  attemptTimeoutMs: number;
  /** Names the endpoint and model in messages. */
  where: string;
  /** Counts HTTP requests across the retries of every step of one call. */
  counter: { attempts: number };
}

/** Runs `attempt` until it succeeds, fails for good, or the breaker, signal or deadline stop it. */
export async function withRetries<T>(ctx: RetryContext, attempt: (timeoutMs: number) => Promise<T>): Promise<T> {
  const { breaker, options, signal, deadline } = ctx;
  const left = () => (deadline === undefined ? Infinity : deadline - Date.now());
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw abortError(signal, ctx.where);
    if (left() <= 0) throw new LlmError('TIMEOUT', `${ctx.where}: time budget spent`);
    if (!breaker.tryAcquire()) {
      throw new LlmError('CIRCUIT_OPEN', `${ctx.where}: circuit open after repeated failures, next try in ${Math.ceil(breaker.retryInMs() / 1000)} s`);
    }
    ctx.counter.attempts++;
    try {
      const result = await attempt(Math.min(ctx.attemptTimeoutMs, left()));
      breaker.success();
      return result;
    } catch (err) {
      const retryable = isRetryable(err) && !signal?.aborted;
      if (signal?.aborted || !(err instanceof LlmError) || err.code === 'ABORTED') breaker.release();
      else if (retryable) breaker.failure();
      else breaker.success();
      if (!retryable || retry >= options.maxRetries) throw err;
      const delay = options.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
      // Waiting past the deadline would only turn this error into a vaguer timeout.
      if (delay >= left()) throw err;
      await sleep(delay, signal, ctx.where);
    }
  }
}

/**
 * The time left for all LLM calls of one verification request (LLM_REQUEST_BUDGET_SECONDS):
 * pass `signal` and `remainingMs()` as `timeoutMs` to every call. The signal aborts with a
 * TimeoutError when the budget is spent, or when `parent` (the client went away) aborts.
 */
export function requestBudget(totalMs: number, parent?: AbortSignal): { signal: AbortSignal; remainingMs(): number } {
  const deadline = Date.now() + totalMs;
  const timeout = AbortSignal.timeout(Math.max(1, totalMs));
  return {
    signal: parent ? AbortSignal.any([parent, timeout]) : timeout,
    remainingMs: () => Math.max(0, deadline - Date.now()),
  };
}
