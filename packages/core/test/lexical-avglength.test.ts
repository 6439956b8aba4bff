import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { importWiki, type Db } from '@olala/core';
import { averageLength, LENGTH_SAMPLE } from '../src/search/average-length.js';
import { mergeLexical, reindexLexical } from '../src/search/lexical-index.js';
import { decodePostings, quantiseWeight } from '../src/search/postings.js';
import { tokenize } from '../src/search/tokenizer.js';
import { freshDb, tempDir } from '@olala/testing';

// Long articles first, stubs after: cut into small segments, each segment's own average length
// would differ from the others' by a factor of several.
const LONG = '서울특별시는 대한민국의 수도이며 정치 경제 사회 문화의 중심지이다. 한강이 도시를 가로질러 흐른다. ';
const PAGES = Array.from({ length: 24 }, (_, i) => ({
  id: i + 1,
  title: `문서${i + 1}`,
  text: i < 12 ? `${LONG.repeat(4)}서울 ${i}번째 긴 문서` : `서울 짧은 문서 ${i}`,
}));
const SEGMENT = 4;

async function importPages(db: Db, dir: string) {
  const pagesFile = path.join(dir, 'pages.csv');
  const chunksFile = path.join(dir, 'chunks.csv');
  fs.writeFileSync(pagesFile, stringify([['page_id', 'title', 'url'], ...PAGES.map((p) => [p.id, p.title, ''])]));
  fs.writeFileSync(
    chunksFile,
    stringify([['chunk_id', 'page_id', 'chunk_idx', 'content'], ...PAGES.map((p) => [p.id * 100000, p.id, 0, p.text])]),
  );
  await importWiki(db, { pagesFile, chunksFile, mode: 'replace' });
}

/** Every posting of the index as term → id → weight (restart records and row layout aside). */
async function weights(db: Db): Promise<Record<string, Record<number, number>>> {
  const { rows } = await db.query<{ field: string; term: string; postings: Uint8Array }>(
    "SELECT field, term, postings FROM wiki_postings WHERE term <> '' ORDER BY field, term, segment",
  );
  const out: Record<string, Record<number, number>> = {};
  for (const r of rows) {
    const key = `${r.field}:${r.term}`;
    out[key] ??= {};
    decodePostings(r.postings, (id, w) => (out[key]![id] = w));
  }
  return out;
}

test('pglite: BM25 weights do not depend on the segment size of the build', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  await importPages(db, tempDir(t));
  const lengths = PAGES.map((p) => tokenize(p.text).length);
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;

  await t.test('the average length is the whole field’s, exactly, below the sample size', async () => {
    assert.ok(PAGES.length < LENGTH_SAMPLE);
    const avg = await db.session((s) =>
      averageLength(s, 'c', '(SELECT chunk_id AS id, content AS text FROM wiki_chunks)'),
    );
    assert.equal(avg, mean);
    // The corpus is built to make per-segment averages disagree: the first segment's is far above the mean.
    const first = lengths.slice(0, SEGMENT).reduce((a, b) => a + b, 0) / SEGMENT;
    assert.ok(first > mean * 1.5, `first segment ${first}, whole ${mean}`);
  });

  await t.test('many small segments give the same weights as one segment', async () => {
    const one = await reindexLexical(db, { segmentDocs: 1000, workers: 0 });
    assert.equal(one.chunks.segments, 1);
    const whole = await weights(db);
    const many = await reindexLexical(db, { segmentDocs: SEGMENT, workers: 0 });
    assert.equal(many.chunks.segments, PAGES.length / SEGMENT);
    assert.deepEqual(await weights(db), whole);
    // And they are BM25 with the whole field's average: a short document's "서울" weighs more than a long one's.
    const seoul = whole['c:서울']!;
    const shortId = PAGES.length * 100000;
    assert.equal(seoul[shortId], quantiseWeight(1, lengths[PAGES.length - 1]!, mean));
    assert.ok(seoul[shortId]! > seoul[100000]!);
  });
});

test('pglite: a build records its average length, and an append weighs its postings with it', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  const dir = tempDir(t);
  await importPages(db, dir);
  const lengths = PAGES.map((p) => tokenize(p.text).length);
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  const recorded = async () =>
    (await db.query<{ df: number }>("SELECT df FROM wiki_postings WHERE term = '#' AND field = 'c' AND segment = 0"))
      .rows[0]?.df;
  assert.equal(await recorded(), Math.round(mean * 1000));

  // Recorded far from the live wiki's average: an append that sampled the wiki would weigh otherwise.
  await db.query("UPDATE wiki_postings SET df = $1 WHERE term = '#' AND field = 'c'", [mean * 3 * 1000]);
  const text = '부산광역시는 항구 도시이다';
  const pagesFile = path.join(dir, 'append-pages.csv');
  const chunksFile = path.join(dir, 'append-chunks.csv');
  fs.writeFileSync(
    pagesFile,
    stringify([
      ['page_id', 'title', 'url'],
      [99, '부산', ''],
    ]),
  );
  fs.writeFileSync(
    chunksFile,
    stringify([
      ['chunk_id', 'page_id', 'chunk_idx', 'content'],
      [9900000, 99, 0, text],
    ]),
  );
  await importWiki(db, { pagesFile, chunksFile, mode: 'append' });

  const { rows } = await db.query<{ postings: Uint8Array }>(
    "SELECT postings FROM wiki_postings WHERE term = '항구' AND field = 'c' AND segment > 0",
  );
  let weight: number | undefined;
  for (const r of rows) decodePostings(r.postings, (id, w) => id === 9900000 && (weight = w));
  const length = tokenize(text).length;
  assert.equal(weight, quantiseWeight(1, length, mean * 3));
  assert.notEqual(weight, quantiseWeight(1, length, mean), 'the two averages give different weights here');
  // The append and the merge after it keep the recorded figure, as one row.
  assert.equal(await recorded(), Math.round(mean * 3 * 1000));
  await mergeLexical(db);
  assert.equal(await recorded(), Math.round(mean * 3 * 1000));
  const { rows: kept } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM wiki_postings WHERE term = '#'");
  assert.equal(kept[0]!.n, 2, 'one row per field');
});
