import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs, describeFetchError, parseRetryAfter, retry, type RetryPolicy } from '@olala/core';

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter?: string,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Retries 429 and 5xx; reads Retry-After off the failure. Waits are a few ms at most. */
function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    attempts: 4,
    baseDelayMs: 2,
    maxDelayMs: 5,
    retryable: (err) => err instanceof HttpFailure && (err.status === 429 || err.status >= 500),
    retryAfterMs: (err) => (err instanceof HttpFailure ? parseRetryAfter(err.retryAfter) : undefined),
    maxRetryAfterMs: 8,
    random: () => 1,
    ...overrides,
  };
}

/** An attempt function failing with `failures` in turn, then answering 'ok'. */
function script(failures: Error[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    fn: async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return 'ok';
    },
  };
}

test('Retry-After: delay-seconds and an HTTP date, relative to now; garbage is ignored', () => {
  const now = Date.parse('2026-03-03T09:30:00Z');
  assert.equal(parseRetryAfter('2', now), 2000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('1.5', now), 1500);
  assert.equal(parseRetryAfter('Tue, 03 Mar 2026 09:30:07 GMT', now), 7000);
  assert.equal(parseRetryAfter('Tue, 03 Mar 2026 09:29:00 GMT', now), 0, 'a date in the past means now');
  for (const bad of [null, undefined, '', 'soon', '-3'])
    assert.equal(parseRetryAfter(bad, now), undefined, String(bad));
});

test('a Retry-After replaces the backoff, and a long one is cut to maxRetryAfterMs', async () => {
  const delays: number[] = [];
  const s = script([
    new HttpFailure(429, '0.003'),
    new HttpFailure(503, '3600'),
    new HttpFailure(503, new Date(Date.now() + 3_600_000).toUTCString()),
  ]);
  // random 0 would make every backoff 0: the waits seen are the server's.
  const answer = await retry(policy({ random: () => 0 }), s.fn, { onRetry: (r) => delays.push(r.delayMs) });
  assert.equal(answer, 'ok');
  assert.equal(s.calls, 4);
  assert.deepEqual(delays, [3, 8, 8]);
});

test('full jitter: the wait before retry n is random × min(maxDelayMs, baseDelayMs·2ⁿ⁻¹)', async () => {
  const p = policy({ baseDelayMs: 100, maxDelayMs: 300 });
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => backoffMs({ ...p, random: () => 1 }, n)),
    [100, 200, 300, 300],
    'upper bounds',
  );
  assert.deepEqual(
    [1, 2, 3].map((n) => backoffMs({ ...p, random: () => 0 }, n)),
    [0, 0, 0],
    'lower bounds',
  );
  assert.deepEqual(
    [1, 2, 3].map((n) => backoffMs({ ...p, random: () => 0.25 }, n)),
    [25, 50, 75],
  );

  const delays: number[] = [];
  const s = script([new HttpFailure(500), new HttpFailure(502), new HttpFailure(500)]);
  await retry(policy({ random: () => 0.5 }), s.fn, { onRetry: (r) => delays.push(r.delayMs) });
  assert.deepEqual(delays, [1, 2, 2.5]);
});

test('a failure the policy does not retry stops at once; spent attempts throw the last failure', async () => {
  const refused = script([new HttpFailure(401), new HttpFailure(500)]);
  await assert.rejects(retry(policy(), refused.fn), (err: unknown) => err instanceof HttpFailure && err.status === 401);
  assert.equal(refused.calls, 1);

  const bug = script([new TypeError('not an HTTP failure')]);
  await assert.rejects(retry(policy(), bug.fn), TypeError);
  assert.equal(bug.calls, 1);

  const down = script([500, 502, 503, 504, 500].map((s) => new HttpFailure(s)));
  await assert.rejects(retry(policy(), down.fn), (err: unknown) => err instanceof HttpFailure && err.status === 504);
  assert.equal(down.calls, 4);
});

test(
  'an abort during a wait ends it at once with the abort reason (or the caller’s error)',
  { timeout: 20_000 },
  async () => {
    const long = policy({ baseDelayMs: 600_000, maxDelayMs: 600_000 });
    const controller = new AbortController();
    const s = script([new HttpFailure(503), new HttpFailure(503)]);
    const reason = new Error('run cancelled');
    await assert.rejects(
      retry(long, s.fn, { signal: controller.signal, onRetry: () => queueMicrotask(() => controller.abort(reason)) }),
      (err) => err === reason,
    );
    assert.equal(s.calls, 1, 'no attempt after the abort');

    const c2 = new AbortController();
    const mapped = await retry(long, script([new HttpFailure(503)]).fn, {
      signal: c2.signal,
      onRetry: () => c2.abort(),
      abortError: () => new Error('ABORTED'),
    }).catch((e: Error) => e.message);
    assert.equal(mapped, 'ABORTED');

    const before = script([]);
    await assert.rejects(retry(long, before.fn, { signal: AbortSignal.abort(reason) }), (err) => err === reason);
    assert.equal(before.calls, 0, 'an aborted signal sends nothing');
  },
);

test('a wait that would pass the deadline is not started: the last failure comes back', async () => {
  const s = script([new HttpFailure(502)]);
  const delays: number[] = [];
  await assert.rejects(
    retry(policy({ baseDelayMs: 600_000, maxDelayMs: 600_000 }), s.fn, {
      deadline: Date.now() + 60_000,
      onRetry: (r) => delays.push(r.delayMs),
    }),
    (err: unknown) => err instanceof HttpFailure && err.status === 502,
  );
  assert.deepEqual([s.calls, delays], [1, []]);
});

test('describeFetchError names what fetch hides in its cause', () => {
  assert.equal(
    describeFetchError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
    'fetch failed (ECONNREFUSED)',
  );
  assert.equal(
    describeFetchError(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND') })),
    'fetch failed (getaddrinfo ENOTFOUND)',
  );
  assert.equal(describeFetchError(new Error('plain')), 'plain');
  assert.equal(describeFetchError('text'), 'text');
});
