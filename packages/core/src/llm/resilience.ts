import type { CircuitBreaker } from '../net/circuit-breaker.js';
import { retry, type RetryPolicy } from '../net/retry.js';
import { LlmError } from './types.js';

/** Retry and circuit-breaker settings; tests shrink the timings to milliseconds. */
export interface ResilienceOptions {
  /** Extra attempts after a retryable failure. */
  maxRetries: number;
  /** Backoff before retry n is uniform in [0, min(maxDelayMs, baseDelayMs·2ⁿ⁻¹)] ("full jitter"); a Retry-After up to maxDelayMs is waited instead. */
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

/**
 * Failures that say the endpoint is unwell, where waiting and trying again can help: timeouts,
 * connection errors, 429 and every 5xx (Ollama answers 500 when it runs out of memory).
 */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof LlmError)) return false;
  if (err.code === 'TIMEOUT' || err.code === 'CONNECTION') return true;
  const status = err.details.status ?? 0;
  return err.code === 'HTTP' && (status === 429 || status >= 500);
}

/** The LLM clients' retry policy (net/retry.ts), from the role's resilience settings. */
export function llmRetryPolicy(options: ResilienceOptions): RetryPolicy {
  return {
    attempts: options.maxRetries + 1,
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    retryable: isRetryable,
    retryAfterMs: (err) => (err instanceof LlmError ? err.details.retryAfterMs : undefined),
    maxRetryAfterMs: options.maxDelayMs,
    random: options.random,
  };
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

/**
 * Runs `attempt` under the LLM retry policy, each try through the breaker: until it succeeds,
 * fails for good, or the breaker, signal or deadline stop it.
 */
export function withRetries<T>(ctx: RetryContext, attempt: (timeoutMs: number) => Promise<T>): Promise<T> {
  const { breaker, signal, deadline } = ctx;
  const left = () => (deadline === undefined ? Infinity : deadline - Date.now());
  const guarded = async (): Promise<T> => {
    if (left() <= 0) throw new LlmError('TIMEOUT', `${ctx.where}: time budget spent`);
    if (!breaker.tryAcquire()) {
      throw new LlmError(
        'CIRCUIT_OPEN',
        `${ctx.where}: circuit open after repeated failures, next try in ${Math.ceil(breaker.retryInMs() / 1000)} s`,
      );
    }
    ctx.counter.attempts++;
    try {
      const result = await attempt(Math.min(ctx.attemptTimeoutMs, left()));
      breaker.success();
      return result;
    } catch (err) {
      // An abort says nothing about the endpoint; a 4xx says it is up (the request was wrong).
      if (signal?.aborted || !(err instanceof LlmError) || err.code === 'ABORTED') breaker.release();
      else if (isRetryable(err)) breaker.failure();
      else breaker.success();
      throw err;
    }
  };
  const policy = llmRetryPolicy(ctx.options);
  return retry({ ...policy, retryable: (err) => !signal?.aborted && policy.retryable(err) }, guarded, {
    signal,
    deadline,
    abortError: (s) => abortError(s, ctx.where),
  });
}
