import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importWiki, type Db } from '@olala/core';
import { ChunkPlaces, heldChunkPlaces } from '../src/search/chunk-places.js';
import { lexicalCounters, lexicalSearch, lexicalSearchMany } from '../src/search/lexical-search.js';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');

async function importSample(db: Db) {
  await importWiki(db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
}

const QUESTIONS = [
  '서울의 인구는 몇 명인가?',
  '안중근이 저격한 인물은 누구인가',
  '세종대왕이 만든 문자는?',
  '마이크로소프트를 세운 사람은',
  '한국 전쟁은 언제 일어났나',
  '대한민국의 수도와 인구',
];

/**
 * A search answered from the held places (asked for: the sample is below the size from which a
 * search holds them by itself): the places are loaded, and the round used them.
 */
async function searchHeld(db: Db, question: string, options: Parameters<typeof lexicalSearch>[2] = {}) {
  options = { ...options, heldPlaces: true };
  const reads = lexicalCounters.heldReads;
  const result = await lexicalSearch(db, question, options);
  if (lexicalCounters.heldReads > reads) return result;
  // The first search of this version started the load: wait for it and search again.
  assert.ok(await heldChunkPlaces.settled(db), 'the places were loaded');
  const again = await lexicalSearch(db, question, options);
  assert.ok(lexicalCounters.heldReads > reads, `${question}: answered from the held places`);
  return again;
}

test('ChunkPlaces answers what the statement over wiki_chunks answers', () => {
  // Ids beyond 2^32 and in no order, as a scaled corpus's (copy × 10^12 + id).
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows: { chunk_id: number; page_id: number; chunk_idx: number }[] = [];
  for (let page = 1; page <= 300; page++) {
    const pageId = page * 7919 + (page % 3) * 2 ** 33;
    const n = 1 + Math.floor(random() * 6);
    for (let idx = 0; idx < n; idx++) rows.push({ chunk_id: pageId * 1000 + idx, page_id: pageId, chunk_idx: idx });
  }
  rows.sort(() => random() - 0.5);
  const places = ChunkPlaces.build(
    'v1',
    Float64Array.from(rows, (r) => r.chunk_id),
    Float64Array.from(rows, (r) => r.page_id),
    Int32Array.from(rows, (r) => r.chunk_idx),
  );
  assert.equal(places.size, rows.length);
  assert.equal(places.byteSize, rows.length * 20 + 300 * 8 + 301 * 4);
  const key = (r: { chunk_id: number }) => r.chunk_id;
  const sorted = <T extends { chunk_id: number }>(a: T[]) => [...a].sort((x, y) => key(x) - key(y));
  for (let trial = 0; trial < 50; trial++) {
    const chunkIds = [...rows.filter(() => random() < 0.05).map(key), 42, -1];
    const pageIds = [...new Set(rows.filter(() => random() < 0.01).map((r) => r.page_id)), 13];
    const only = trial % 2 ? [...new Set(rows.filter(() => random() < 0.3).map((r) => r.page_id))] : undefined;
    const expected = rows.filter(
      (r) => (chunkIds.includes(r.chunk_id) || pageIds.includes(r.page_id)) && (!only || only.includes(r.page_id)),
    );
    assert.deepEqual(sorted(places.read(chunkIds, pageIds, only)), sorted(expected));
  }
  assert.throws(
    () => ChunkPlaces.build('v', Float64Array.of(1, 2, 1), Float64Array.of(1, 1, 1), Int32Array.of(0, 1, 0)),
    /read twice/,
  );
});

for (const backend of BACKENDS) {
  test(`${backend}: searches from the held places answer as reading wiki_chunks does`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_chunks');
    for (const q of QUESTIONS) {
      const fromSql = await lexicalSearch(db, q, { heldPlaces: false });
      assert.ok(fromSql.chunks.length > 0, q);
      for (const limit of [10, 64]) {
        assert.deepEqual(
          await searchHeld(db, q, { limit }),
          { ...fromSql, chunks: (await lexicalSearch(db, q, { limit, heldPlaces: false })).chunks },
          `${q} (limit ${limit})`,
        );
        assert.deepEqual(
          await searchHeld(db, q, { limit, exhaustive: true }),
          await lexicalSearch(db, q, { limit, exhaustive: true, heldPlaces: false }),
        );
      }
    }
    const reads = lexicalCounters.heldReads;
    assert.deepEqual(
      await lexicalSearchMany(db, QUESTIONS, { heldPlaces: true }),
      await lexicalSearchMany(db, QUESTIONS, { heldPlaces: false }),
    );
    assert.ok(lexicalCounters.heldReads > reads);
    // A wiki this small is searched without them unless asked.
    const batched = lexicalCounters.heldReads;
    await lexicalSearch(db, QUESTIONS[0]!);
    assert.equal(lexicalCounters.heldReads, batched);
    // page_ids filter the held places as the statement's condition does.
    const pageIds = [...new Set((await lexicalSearch(db, '서울', { limit: 200 })).chunks.map((c) => c.pageId))].slice(
      2,
      9,
    );
    assert.deepEqual(
      await searchHeld(db, '서울의 인구', { pageIds }),
      await lexicalSearch(db, '서울의 인구', { pageIds, heldPlaces: false }),
    );
    assert.equal((await heldChunkPlaces.settled(db))!.size, rows[0]!.n);
  });

  test(`${backend}: after an append the held places of the old wiki are not used`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    const seoul = await searchHeld(db, '서울특별시의 인구');
    const before = (await heldChunkPlaces.settled(db))!;
    const top = seoul.chunks[0]!;
    const { rows } = await db.query<{ title: string; content: string; chunks: number }>(
      `SELECT p.title, c.content, (SELECT count(*)::int FROM wiki_chunks WHERE page_id = p.page_id) AS chunks
         FROM wiki_pages p JOIN wiki_chunks c ON c.page_id = p.page_id WHERE c.chunk_id = $1`,
      [top.chunkId],
    );
    const page = rows[0]!;

    // An append: a new page, and the top chunk's page removed.
    const dir = tempDir(t);
    const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const append = async (pages: string, chunks: string) => {
      fs.writeFileSync(path.join(dir, 'p.csv'), `page_id,title,deleted\n${pages}`);
      fs.writeFileSync(path.join(dir, 'c.csv'), `chunk_id,page_id,chunk_idx,content\n${chunks}`);
      await importWiki(db, { pagesFile: path.join(dir, 'p.csv'), chunksFile: path.join(dir, 'c.csv'), mode: 'append' });
    };
    /** The search as wiki_chunks answers it now; the first search of a new version reads wiki_chunks too. */
    const searchAfterChange = async (question: string) => {
      const expected = await lexicalSearch(db, question, { heldPlaces: false });
      const reads = lexicalCounters.heldReads;
      assert.deepEqual(await lexicalSearch(db, question, { heldPlaces: true }), expected);
      assert.equal(lexicalCounters.heldReads, reads, 'the old places were not used');
      // Once the new version's places are held, they give the same answers.
      assert.deepEqual(await searchHeld(db, question), expected);
      return expected;
    };
    await append(
      `9000001,올라라 검증소,0\n${top.pageId},${csv(page.title)},1\n`,
      '9000001001,9000001,0,올라라 검증소는 서울특별시의 가짜뉴스를 가려내는 연구소이다.\n',
    );
    const after = await searchAfterChange('서울특별시의 인구');
    assert.ok(!after.chunks.some((c) => c.pageId === top.pageId), 'the removed page is not found');
    const held = (await heldChunkPlaces.settled(db))!;
    assert.notEqual(held.version, before.version);
    assert.equal(held.size, before.size - page.chunks + 1);

    // An append that only moves a chunk, its text unchanged: the lexical index has nothing to
    // redo, and still the held places are another version's.
    const other = after.chunks.find((c) => c.pageId !== top.pageId && c.chunkIdx > 0)!;
    const { rows: moved } = await db.query<{ content: string; title: string }>(
      'SELECT c.content, p.title FROM wiki_chunks c JOIN wiki_pages p USING (page_id) WHERE c.chunk_id = $1',
      [other.chunkId],
    );
    await append(
      `${other.pageId},${csv(moved[0]!.title)},0\n`,
      `${other.chunkId},${other.pageId},${other.chunkIdx + 1000},${csv(moved[0]!.content)}\n`,
    );
    const movedTo = await searchAfterChange('서울특별시의 인구');
    assert.equal(movedTo.chunks.find((c) => c.chunkId === other.chunkId)?.chunkIdx, other.chunkIdx + 1000);
    const found = await searchHeld(db, '가짜뉴스를 가려내는 연구소');
    assert.equal(found.chunks[0]?.chunkId, 9000001001, 'the appended chunk is found');
  });
}
