import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile } from '../bench/lib/cli.js';

test('benchmarks share one nearest-rank percentile', () => {
  const ten = Array.from({ length: 10 }, (_, i) => i + 1);
  assert.equal(percentile(ten, 50), 5);
  assert.equal(percentile(ten, 95), 10);
  assert.equal(percentile(ten, 0), 1);
  assert.equal(percentile(Float64Array.from([3, 7]), 50), 3);
  assert.ok(Number.isNaN(percentile([], 50)));
});
