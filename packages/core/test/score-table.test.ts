import assert from 'node:assert/strict';
import test from 'node:test';
import { decodePostings, encodePostings, SEGMENT_RESTART } from '../src/search/postings.js';
import { ScoreTable } from '../src/search/score-table.js';

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

/** The ranking ScoreTable.top must give: a bounded min-heap fed in forEach's order. */
function heapTop(scores: { forEach(visit: (score: number, id: number) => void): void }, k: number): number[] {
  const ids: number[] = [];
  const vals: number[] = [];
  const swap = (a: number, b: number) => {
    [ids[a], ids[b]] = [ids[b]!, ids[a]!];
    [vals[a], vals[b]] = [vals[b]!, vals[a]!];
  };
  scores.forEach((v, id) => {
    if (ids.length < k) {
      ids.push(id);
      vals.push(v);
      for (let i = ids.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (vals[parent]! <= vals[i]!) break;
        swap(i, parent);
        i = parent;
      }
    } else if (v > vals[0]!) {
      ids[0] = id;
      vals[0] = v;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < k && vals[l]! < vals[m]!) m = l;
        if (r < k && vals[r]! < vals[m]!) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
  });
  return ids
    .map((id, i) => [id, vals[i]!] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => id);
}

test('top(k) ranks the k best, ties at the k-th place falling as a heap over the slots lets them', () => {
  const table = new ScoreTable(16);
  const map = new Map<number, number>();
  for (let i = 0; i < 5000; i++) {
    // 50 distinct scores over 5,000 documents: most places are ties.
    const score = ((i * 7919) % 50) / 7;
    table.add(i * 1e9 + 3, score, 0, true);
    map.set(i * 1e9 + 3, score);
  }
  for (const k of [1, 25, 400, 6000]) {
    const top = table.top(k);
    assert.deepEqual(top, heapTop(table, k), `k=${k}`);
    assert.equal(top.length, Math.min(k, 5000));
    const best = [...map.values()].sort((a, b) => b - a).slice(0, k);
    assert.deepEqual(
      top.map((id) => map.get(id)),
      best,
      `k=${k}: the k best scores, best first`,
    );
  }
  assert.equal(table.maxExcept(new Set()), 49 / 7);
  assert.equal(table.maxExcept(new Set([...map.keys()].filter((id) => map.get(id) === 49 / 7))), 48 / 7);
  assert.equal(new ScoreTable().maxExcept(new Set()), 0);
});

test('addList adds a packed list, across restarts, exactly as decoding it posting by posting does', () => {
  const ids = [5, 9, 3_000_000_001, 4_000_000_000_017];
  const weights = [1, 128, 255, 7];
  // Two segments concatenated, each after a restart: the second starts below the first's end.
  const packed = Uint8Array.from([
    ...SEGMENT_RESTART,
    ...encodePostings(ids, weights),
    ...SEGMENT_RESTART,
    ...encodePostings([2, 6], [200, 3]),
  ]);
  const values = Float64Array.from({ length: 256 }, (_, w) => w * 0.5);
  const listed = new ScoreTable(16);
  listed.add(9, 1, 2, true);
  listed.addList(packed, values, 1, true);
  const oneByOne = new ScoreTable(16);
  oneByOne.add(9, 1, 2, true);
  decodePostings(packed, (id, w) => oneByOne.add(id, values[w]!, 1, true));
  assert.equal(listed.size, 6);
  for (const id of [...ids, 2, 6]) {
    assert.equal(listed.get(id), oneByOne.get(id));
    assert.equal(listed.maskOf(id), oneByOne.maskOf(id));
  }
  assert.equal(listed.get(9), 1 + 64);
  assert.equal(listed.maskOf(9), 3);
  // Closed to new documents: only those already held gain.
  const closed = new ScoreTable(16);
  closed.add(6, 1, 0, true);
  closed.addList(packed, values, 1, false);
  assert.equal(closed.size, 1);
  assert.equal(closed.get(6), 1 + 1.5);
});

test('documents whose slots and tags collide stay apart: a tag only spares reading keys', () => {
  // The table's hash (score-table.ts hashOf), to find ids sharing a 16-slot table's home slot and
  // the tag's byte, as a large table's probes meet them.
  const hash = (id: number) => {
    const h = Math.imul((id >>> 0) ^ Math.imul((id / 4294967296) >>> 0, 0x85ebca6b), 0x9e3779b1);
    return h ^ (h >>> 15);
  };
  const seen = new Map<number, number>();
  let pair: [number, number] | undefined;
  for (let i = 0; !pair; i++) {
    const id = 4_000_000 * 100_000 + i * 100_000 + (i % 13);
    const h = hash(id);
    const key = ((h >>> 24) << 4) | (h & 15);
    const other = seen.get(key);
    if (other !== undefined) pair = [other, id];
    else seen.set(key, id);
  }
  const table = new ScoreTable(16);
  table.add(pair[0], 1, 1, true);
  assert.equal(table.get(pair[1]), undefined, 'same slot and tag, another key: not held');
  table.add(pair[1], 2, 2, false);
  assert.equal(table.get(pair[0]), 1);
  table.add(pair[1], 2, 2, true);
  table.add(pair[0], 0.5, 4, true);
  assert.equal(table.size, 2);
  assert.deepEqual([table.get(pair[0]), table.maskOf(pair[0])], [1.5, 5]);
  assert.deepEqual([table.get(pair[1]), table.maskOf(pair[1])], [2, 2]);
  assert.deepEqual(table.top(2), [pair[1], pair[0]]);
});
