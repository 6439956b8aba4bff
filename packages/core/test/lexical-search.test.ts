import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importWiki, type Db } from '@olala/core';
import { reindexLexical } from '../src/search/lexical-index.js';
import { lexicalCounters, lexicalSearch, lexicalSearchMany } from '../src/search/lexical-search.js';
import { heldTitleTerms } from '../src/search/posting-cache.js';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');

async function importSample(db: Db) {
  return importWiki(db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
}

async function topTitles(db: Db, question: string, n = 3): Promise<string[]> {
  const { chunks } = await lexicalSearch(db, question);
  const pages = [...new Set(chunks.map((c) => c.pageId))].slice(0, n);
  const { rows } = await db.query<{ page_id: number; title: string }>(
    'SELECT page_id, title FROM wiki_pages WHERE page_id = ANY($1::bigint[])',
    [pages],
  );
  return pages.map((id) => rows.find((r) => r.page_id === id)!.title);
}

// Known answers on the bundled sample: questions phrased with particles and endings that
// never appear verbatim in the page, so whitespace matching (the predecessor's) misses them.
const KNOWN: [string, string][] = [
  ['서울의 인구는 몇 명인가?', '서울특별시'],
  ['안중근이 저격한 인물은 누구인가', '안중근'],
  ['독도는 어느 나라 영토인가요', '독도'],
  ['세종대왕이 만든 문자는?', '한글'],
  ['세종대왕의 업적과 생애', '조선 세종'],
  ['마이크로소프트를 세운 사람은', '마이크로소프트'],
];

for (const backend of BACKENDS) {
  test(`${backend}: an import builds the lexical index and search finds the right page`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    for (const [question, title] of KNOWN) {
      const top = await topTitles(db, question);
      assert.ok(top.includes(title), `${question} → ${top.join(', ')} (expected ${title} in the top 3)`);
    }
  });

  test(`${backend}: unknown words and empty questions return no hits with a reason`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    assert.equal((await lexicalSearch(db, '')).reason, 'no_terms');
    assert.equal((await lexicalSearch(db, '?!…')).reason, 'no_terms');
    const nonsense = await lexicalSearch(db, 'qwxzv 쀍뷁');
    assert.equal(nonsense.chunks.length, 0);
    assert.ok(nonsense.reason === 'no_match' || nonsense.reason === 'weak_match');
  });

  test(`${backend}: reindex and append keep the index in step with the chunks`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    const before = await lexicalSearch(db, '서울특별시');
    const stats = await reindexLexical(db);
    assert.ok(stats.chunks.documents > 1000);
    assert.deepEqual(
      (await lexicalSearch(db, '서울특별시')).chunks.map((c) => c.chunkId),
      before.chunks.map((c) => c.chunkId),
    );
    // An appended page is searchable as soon as the import returns.
    const dir = (await import('@olala/testing')).tempDir(t);
    const fs = await import('node:fs');
    fs.writeFileSync(path.join(dir, 'p.csv'), 'page_id,title\n9000001,올라라 검증소\n');
    fs.writeFileSync(
      path.join(dir, 'c.csv'),
      'chunk_id,page_id,chunk_idx,content\n9000001001,9000001,0,올라라 검증소는 가짜뉴스를 가려내는 연구소이다.\n',
    );
    await importWiki(db, { pagesFile: path.join(dir, 'p.csv'), chunksFile: path.join(dir, 'c.csv'), mode: 'append' });
    assert.deepEqual(await topTitles(db, '가짜뉴스를 가려내는 연구소', 1), ['올라라 검증소']);
  });
  test(`${backend}: title terms held for a wiki never hide a title that an append or a re-import adds`, async (t) => {
    const { db } = await freshDb(t, backend);
    const dir = tempDir(t);
    const wiki = async (name: string, mode: 'replace' | 'append', pages: [number, string, string][]) => {
      const pagesFile = path.join(dir, `${name}-p.csv`);
      const chunksFile = path.join(dir, `${name}-c.csv`);
      fs.writeFileSync(pagesFile, `page_id,title\n${pages.map(([id, title]) => `${id},${title}\n`).join('')}`);
      fs.writeFileSync(
        chunksFile,
        `chunk_id,page_id,chunk_idx,content\n${pages.map(([id, , text]) => `${id}001,${id},0,${text}\n`).join('')}`,
      );
      await importWiki(db, { pagesFile, chunksFile, mode });
    };
    // Searched through another object, the same database has no set held: every term is sent.
    const unfiltered = async (question: string) =>
      lexicalSearch({ query: db.query.bind(db) } as unknown as Db, question);

    await wiki('a', 'replace', [
      [1, '서울특별시', '서울특별시는 대한민국의 수도이다.'],
      [2, '부산광역시', '부산광역시는 대한민국의 항구 도시이다.'],
    ]);
    const question = '올라라 검증소는 가짜뉴스를 가려내는 연구소이다';
    await lexicalSearch(db, question);
    const held = await heldTitleTerms.settled(db);
    assert.ok(held?.mayHave('=서울특별시') && held.mayHave('=부산광역시'));
    assert.equal(held?.mayHave('=올라라검증소'), false);
    const skipped = lexicalCounters.titleTermsSkipped;
    assert.deepEqual(await lexicalSearch(db, question), await unfiltered(question));
    assert.ok(lexicalCounters.titleTermsSkipped > skipped, 'candidates that name no page are not sent');

    // The search starts with the old version's set, which lacks the new title.
    await wiki('b', 'append', [[3, '올라라 검증소', '올라라 검증소는 가짜뉴스를 가려내는 연구소이다.']]);
    assert.equal(heldTitleTerms.latest(db), held);
    const appended = await lexicalSearch(db, question);
    assert.equal(appended.chunks[0]?.pageId, 3);
    assert.deepEqual(appended, await unfiltered(question));
    assert.equal((await heldTitleTerms.settled(db))?.mayHave('=올라라검증소'), true);
    assert.deepEqual(await lexicalSearch(db, question), appended);

    const renamed = '가나다 연구동은 가짜뉴스를 가려내는 연구소이다';
    await lexicalSearch(db, renamed);
    const before = await heldTitleTerms.settled(db);
    assert.equal(before?.mayHave('=가나다연구동'), false);
    await wiki('c', 'replace', [
      [1, '서울특별시', '서울특별시는 대한민국의 수도이다.'],
      [2, '부산광역시', '부산광역시는 대한민국의 항구 도시이다.'],
      [4, '가나다 연구동', '가나다 연구동은 가짜뉴스를 가려내는 연구소이다.'],
    ]);
    assert.equal(heldTitleTerms.latest(db), before);
    const replaced = await lexicalSearch(db, renamed);
    assert.equal(replaced.chunks[0]?.pageId, 4);
    assert.deepEqual(replaced, await unfiltered(renamed));
    assert.equal((await heldTitleTerms.settled(db))?.mayHave('=가나다연구동'), true);
  });
}

test('pglite: page_ids restrict the search to those pages', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  await importSample(db);
  const { rows } = await db.query<{ page_id: number }>("SELECT page_id FROM wiki_pages WHERE title = '대한민국'");
  const only = rows[0]!.page_id;
  const { chunks } = await lexicalSearch(db, '서울', { pageIds: [only] });
  assert.ok(chunks.length > 0);
  assert.ok(chunks.every((c) => c.pageId === only));
});

/**
 * Each question at several limits against its ranking with all 400 candidates read (limit 1000
 * asks for all at once), alone and batched; returns how many searches read more than once and
 * the candidates read per search, narrow and full.
 */
async function narrowEqualsFull(db: Db, questions: string[], limits: number[]) {
  const before = { ...lexicalCounters };
  const full = await Promise.all(questions.map((q) => lexicalSearch(db, q, { limit: 1000 })));
  const all = { ...lexicalCounters };
  let rereads = 0;
  for (const limit of limits) {
    const expected = full.map((r) => ({ ...r, chunks: r.chunks.slice(0, limit) }));
    for (const [i, q] of questions.entries()) {
      const reads = lexicalCounters.candidateReads;
      assert.deepEqual(await lexicalSearch(db, q, { limit }), expected[i], `${q} (limit ${limit})`);
      if (lexicalCounters.candidateReads - reads > 1) rereads++;
    }
    assert.deepEqual(await lexicalSearchMany(db, questions, { limit }), expected, `batched, limit ${limit}`);
  }
  const searches = questions.length * limits.length * 2;
  return {
    rereads,
    pagesSkipped: lexicalCounters.pagesSkipped - all.pagesSkipped,
    fullPerSearch: (all.candidatesRead - before.candidatesRead) / questions.length,
    narrowPerSearch: (lexicalCounters.candidatesRead - all.candidatesRead) / searches,
  };
}

test('pglite: reading fewer candidates ranks exactly as reading all of them', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  await importSample(db);
  const questions = [
    ...KNOWN.map(([q]) => q),
    '대한민국의 수도와 인구',
    '조선 시대의 왕과 문자',
    '한국 전쟁은 언제 일어났나',
    '축구 국가대표 감독',
    '컴퓨터 운영체제를 만든 회사',
  ];
  const sample = await narrowEqualsFull(db, questions, [1, 10, 64, 150]);
  assert.ok(sample.narrowPerSearch < sample.fullPerSearch / 2, `fewer candidates read: ${JSON.stringify(sample)}`);
  // Top title pages whose chunks could not place were left unread, and the answers held.
  assert.ok(sample.pagesSkipped > 0, `title pages skipped: ${JSON.stringify(sample)}`);
  // page_ids leaving out the best candidates: the bound that let pages go unread no longer holds
  // on the rows read, and the search reads them after all.
  for (const q of questions) {
    const pages = [...new Set((await lexicalSearch(db, q, { limit: 1000 })).chunks.map((c) => c.pageId))];
    const pageIds = pages.slice(3, 40);
    for (const limit of [1, 10, 64])
      assert.deepEqual(
        await lexicalSearch(db, q, { limit, pageIds }),
        await lexicalSearch(db, q, { limit, pageIds, exhaustive: true }),
        `${q} (limit ${limit}, ${pageIds.length} pages)`,
      );
  }

  // Chunks of equal text score alike: the limit-th ties with the unread ones, which a tie
  // (broken by chunk id) could place above it, so the search must read on.
  const dir = tempDir(t);
  const n = 450;
  fs.writeFileSync(
    path.join(dir, 'p.csv'),
    'page_id,title\n' + Array.from({ length: n }, (_, i) => `${i + 1},문서 ${i + 1}\n`).join(''),
  );
  fs.writeFileSync(
    path.join(dir, 'c.csv'),
    'chunk_id,page_id,chunk_idx,content\n' +
      Array.from(
        { length: n },
        (_, i) => `${(i + 1) * 100},${i + 1},0,${i % 3 ? '서울은 대한민국의 수도이다.' : `서울 ${i}번 지역의 인구`}\n`,
      ).join(''),
  );
  await importWiki(db, { pagesFile: path.join(dir, 'p.csv'), chunksFile: path.join(dir, 'c.csv'), mode: 'replace' });
  const ties = await narrowEqualsFull(db, ['서울의 인구', '대한민국의 수도 서울'], [1, 10, 64, 150]);
  assert.ok(ties.rereads > 0, `some searches read on past a tie: ${JSON.stringify(ties)}`);
});
