import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { createRunSlot } from '../../src/lib/run-slot.js';

test('a run slot: a new run cancels the one in flight, a deadline is told apart from a cancel, a reset silences the run', async () => {
  const slot = createRunSlot();
  const first = slot.begin(60_000);
  const second = slot.begin(60_000);
  assert.equal(first.signal.aborted, true, 'starting a run aborts the one in flight');
  assert.equal(first.current(), false);
  assert.equal(second.current(), true);
  first.end();
  assert.equal(second.current(), true, "the old run's ending leaves the new one in place");

  slot.cancel();
  assert.equal(second.signal.aborted, true);
  assert.equal(second.timedOut(), false, 'a cancel is not a timeout');
  second.end();

  const late = slot.begin(5);
  await sleep(30);
  assert.equal(late.signal.aborted, true);
  assert.equal(late.timedOut(), true);
  late.end();

  const reset = slot.begin(60_000);
  slot.reset();
  assert.equal(reset.signal.aborted, true);
  assert.equal(reset.current(), false, 'a reset run writes nothing when it ends');
  reset.end();
});
