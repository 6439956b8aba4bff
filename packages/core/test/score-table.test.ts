import assert from 'node:assert/strict';
import test from 'node:test';
import { ScoreTable } from '../src/search/score-table.js';
import { topKeys } from '../src/search/lexical-search.js';

test('ScoreTable accumulates like a Map, across growth, for ids beyond 2^32', () => {
  const table = new ScoreTable(16);
  const reference = new Map<number, { score: number; mask: number }>();
  // Chunk ids are page_id * 100000 + idx: large, clustered, and sharing low bits.
  const ids = Array.from({ length: 5000 }, (_, i) => (1_000_000 + (i % 1700)) * 100_000 + (i % 7));
  ids.forEach((id, i) => {
    const bit = 1 << (i % 31);
    table.add(id, 0.5, bit, true);
    const r = reference.get(id) ?? { score: 0, mask: 0 };
    reference.set(id, { score: r.score + 0.5, mask: r.mask | bit });
  });
  assert.equal(table.size, reference.size);
  for (const [id, r] of reference) {
    assert.equal(table.get(id), r.score);
    assert.equal(table.maskOf(id), r.mask >>> 0);
  }
  assert.equal(table.get(42), undefined);
  assert.equal(table.maskOf(42), 0);
  let visited = 0;
  table.forEach((score, id) => {
    visited++;
    assert.equal(score, reference.get(id)?.score);
  });
  assert.equal(visited, reference.size);
});

test('ScoreTable adds to known documents only when insertion is closed', () => {
  const table = new ScoreTable();
  table.add(7, 1, 1, true);
  table.add(7, 2, 2, false);
  table.add(8, 5, 4, false);
  assert.equal(table.get(7), 3);
  assert.equal(table.maskOf(7), 3);
  assert.equal(table.get(8), undefined);
  assert.equal(table.size, 1);
});

test('topKeys ranks a ScoreTable and a Map the same way', () => {
  const table = new ScoreTable();
  const map = new Map<number, number>();
  for (let i = 0; i < 1000; i++) {
    const score = (i * 7919) % 1009;
    table.add(i * 1e9, score, 0, true);
    map.set(i * 1e9, score);
  }
  assert.deepEqual(topKeys(table, 25), topKeys(map, 25));
  assert.equal(topKeys(map, 1)[0], [...map].sort((a, b) => b[1] - a[1])[0]![0]);
});
