import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { RunCancelledError, RunContext, StageTimeoutError } from '../../src/pipeline/run-context.js';
import type { PipelineDeps, RunOptions, StageEvent } from '../../src/pipeline/types.js';

const deps = (stageMs: PipelineDeps['budgets'] = {}): PipelineDeps => ({
  db: undefined as never,
  wiki: undefined as never,
  llm: {},
  providers: [],
  budgets: { totalMs: 10_000, ...stageMs },
});

function runWith(options: RunOptions = {}, budgets?: PipelineDeps['budgets']) {
  const events: StageEvent[] = [];
  const run = new RunContext(deps(budgets), { ...options, onStage: (e) => events.push(e) });
  return { run, events };
}

/** Settles when `signal` aborts, with its reason: what a body waiting on I/O under the stage's signal sees. */
const abortOf = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));

test('a stage whose body returns a value is recorded, summarised and announced like one that returns a promise', async () => {
  const { run, events } = runWith();
  const sync = await run.stage(
    'stage04_score',
    () => [1, 2, 3],
    () => [],
    (v) => ({ n: v.length }),
  );
  const later = await run.stage(
    'stage05_topk',
    async () => [4],
    () => [],
    (v) => ({ n: v.length }),
  );
  assert.deepEqual(sync, [1, 2, 3]);
  assert.deepEqual(later, [4]);
  assert.deepEqual(
    events.map((e) => [e.stage, e.status, e.data]),
    [
      ['stage04_score', 'ok', { n: 3 }],
      ['stage05_topk', 'ok', { n: 1 }],
    ],
  );
  assert.deepEqual(
    run.timings.map((t) => [t.stage, t.status]),
    [
      ['stage04_score', 'ok'],
      ['stage05_topk', 'ok'],
    ],
  );
  assert.deepEqual(run.outputs.stage04_score, { n: 3 });
  assert.equal(run.degraded, false);
});

test('a synchronous body that throws yields the fallback and marks the run degraded', async () => {
  const { run, events } = runWith();
  const value = await run.stage(
    'stage08_aggregate',
    (): string => {
      throw new Error('rules broke');
    },
    (reason) => `fallback: ${reason}`,
  );
  assert.equal(value, 'fallback: rules broke');
  assert.equal(events[0]!.status, 'failed');
  assert.equal(run.degraded, true);
  assert.ok(run.flags.has('STAGE_FAILED'));
});

test("a body that reads the stage's signal only after its first await is still stopped at the stage's deadline, counted from its start", async () => {
  const { run, events } = runWith({}, { stageMs: { stage03_wiki: 80 } });
  const started = performance.now();
  let seen: unknown;
  const value = await run.stage(
    'stage03_wiki',
    async (scope) => {
      await sleep(30);
      try {
        return await abortOf(scope.signal);
      } catch (err) {
        seen = err;
        throw err;
      }
    },
    () => 'fell back',
  );
  const took = performance.now() - started;
  assert.equal(value, 'fell back');
  assert.ok(seen instanceof StageTimeoutError, 'the signal the body read is the one the deadline aborts');
  assert.equal(events[0]!.status, 'timeout');
  assert.ok(run.flags.has('TIMEOUT'));
  assert.ok(took >= 75 && took < 1000, `stopped after ${took} ms, at the 80 ms deadline`);
});

test("the caller's cancellation stops a stage in flight and a stage not yet started, synchronous or not", async () => {
  const controller = new AbortController();
  const { run } = runWith({ signal: controller.signal });
  const inFlight = run.stage(
    'stage03_wiki',
    (scope) => abortOf(scope.signal),
    () => 'fell back',
  );
  setTimeout(() => controller.abort(), 10);
  await assert.rejects(inFlight, RunCancelledError);
  await assert.rejects(
    run.stage(
      'stage04_score',
      () => 'never',
      () => 'fell back',
    ),
    RunCancelledError,
  );
});
