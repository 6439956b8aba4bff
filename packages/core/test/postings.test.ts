import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodePostings,
  SEGMENT_RESTART,
  encodePostings,
  quantiseWeight,
  weightValue,
  K1,
} from '../src/search/postings.js';
import { DOC_COUNT_TERM, PostingsBuilder } from '../src/search/postings-builder.js';
import { BACKENDS, freshDb } from '@olala/testing';

test('postings round-trip through the packed encoding, including large id gaps', () => {
  const ids = [1, 2, 130, 20_000, 2_147_483_000, 327_718_200_012];
  const weights = [1, 255, 17, 128, 64, 9];
  const seen: [number, number][] = [];
  decodePostings(encodePostings(ids, weights), (id, w) => seen.push([id, w]));
  assert.deepEqual(
    seen,
    ids.map((id, i) => [id, weights[i]]),
  );
  assert.throws(() => encodePostings([5, 5], [1, 1]), /ascending/);
  // A single posting with a large id (page_id × 100000 + chunk_idx) needs a 6-byte varint.
  for (const id of [107_636_800_012, 2 ** 52 + 3]) {
    const one: number[] = [];
    decodePostings(encodePostings([id], [200]), (i, w) => one.push(i, w));
    assert.deepEqual(one, [id, 200]);
  }
});

test('segments of one term concatenated with restarts decode to all their postings, weights unchanged', () => {
  const ids = [3, 4, 900, 901, 2_147_483_000, 2_147_483_001, 327_718_200_012, 327_718_200_500];
  const weights = [1, 2, 3, 255, 5, 6, 7, 8];
  const pieces = [
    [0, 3],
    [3, 3],
    [3, 6],
    [6, 8],
  ].map(([a, b]) => encodePostings(ids.slice(a, b), weights.slice(a, b)));
  const merged = Buffer.concat(pieces.flatMap((p, i) => (i === 0 ? [p] : [SEGMENT_RESTART, p])));
  const seen: [number, number][] = [];
  decodePostings(merged, (id, w) => seen.push([id, w]));
  assert.deepEqual(
    seen,
    ids.map((id, i) => [id, weights[i]]),
  );
  // Without the restarts the later segments' absolute first ids would be read as gaps.
  const wrong: number[] = [];
  decodePostings(Buffer.concat(pieces), (id) => wrong.push(id));
  assert.notDeepEqual(wrong, ids);
});

test('BM25 weights grow with term frequency, shrink with document length, and stay within one byte', () => {
  assert.ok(quantiseWeight(3, 100, 100) > quantiseWeight(1, 100, 100));
  assert.ok(quantiseWeight(1, 50, 100) > quantiseWeight(1, 400, 100));
  assert.equal(quantiseWeight(10_000, 1, 100), 255);
  assert.ok(quantiseWeight(1, 100_000, 100) >= 1);
  assert.ok(Math.abs(weightValue(255) - (K1 + 1)) < 1e-9);
});

for (const backend of BACKENDS) {
  test(`${backend}: the builder writes segments whose postings decode back to the documents`, async (t) => {
    const { db } = await freshDb(t, backend);
    const docs: [number, string[]][] = [
      [10, ['서울', '_서울', '서울', '수도']],
      [3, ['부산', '_부산', '항구']],
      [7, ['서울', '항구']],
    ];
    const stats = await db.session(async (s) => {
      // Two documents per segment.
      const builder = new PostingsBuilder(s, 'wiki_postings', 'c', 2);
      for (const [id, terms] of docs) await builder.add(id, terms);
      return builder.finish();
    });
    assert.deepEqual(stats, { documents: 3, postings: 8, segments: 2 });
    const { rows } = await db.query<{ term: string; segment: number; df: number; postings: Uint8Array }>(
      "SELECT term, segment, df, postings FROM wiki_postings WHERE field = 'c' ORDER BY term, segment",
    );
    const docCounts = rows.filter((r) => r.term === DOC_COUNT_TERM).map((r) => r.df);
    assert.deepEqual(docCounts, [2, 1]);
    const byTerm = new Map<string, number[]>();
    for (const r of rows) {
      if (r.term === DOC_COUNT_TERM) continue;
      decodePostings(r.postings, (id) => byTerm.set(r.term, [...(byTerm.get(r.term) ?? []), id]));
    }
    assert.deepEqual(byTerm.get('서울'), [10, 7]);
    assert.deepEqual(byTerm.get('항구'), [3, 7]);
    assert.deepEqual(byTerm.get('_부산'), [3]);
  });
}
