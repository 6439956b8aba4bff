import '../support/dom.js';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { act, cleanup, render } from '@testing-library/react';
import { ApiError } from '../../src/lib/api-client.js';
import { useLoad, type Loaded } from '../../src/lib/use-load.js';

afterEach(cleanup);

/** A request the test answers by hand, remembering whether it was aborted. */
function deferred() {
  const calls: { key: string; signal: AbortSignal; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const load = (key: string) => (signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      calls.push({ key, signal, resolve, reject });
    });
  return { calls, load };
}

function Probe({
  k,
  load,
  seen,
}: {
  k: string;
  load: (key: string) => (s: AbortSignal) => Promise<string>;
  seen: Loaded<string>[];
}) {
  seen.push(useLoad(load(k), k, (err) => (err instanceof ApiError ? `서버: ${err.message}` : '실패')));
  return null;
}

test('useLoad: a new key aborts the old request and its late answer is never shown; reload asks again; failures are worded', async () => {
  const { calls, load } = deferred();
  const seen: Loaded<string>[] = [];
  const view = render(<Probe k="a" load={load} seen={seen} />);
  assert.equal(seen.at(-1)!.loading, true);
  view.rerender(<Probe k="b" load={load} seen={seen} />);
  assert.deepEqual(
    calls.map((c) => [c.key, c.signal.aborted]),
    [
      ['a', true],
      ['b', false],
    ],
  );

  await act(async () => calls[0]!.resolve('old answer'));
  assert.equal(seen.at(-1)!.data, undefined, 'the answer for a is dropped');
  await act(async () => calls[1]!.resolve('answer b'));
  assert.deepEqual([seen.at(-1)!.data, seen.at(-1)!.loading], ['answer b', false]);

  act(() => seen.at(-1)!.reload());
  assert.equal(calls.length, 3);
  assert.equal(seen.at(-1)!.data, 'answer b', 'kept while reloading');
  await act(async () => calls[2]!.reject(new ApiError(503, 'BUSY', '잠시 후에')));
  assert.equal(seen.at(-1)!.error, '서버: 잠시 후에');
  assert.ok(seen.at(-1)!.failure instanceof ApiError);
});
