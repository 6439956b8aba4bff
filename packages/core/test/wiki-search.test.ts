import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { WikiSearchResponse } from '@olala/contract';
import { cutAt } from '@olala/contract/text-tools';
import { importWiki, UserError, type Db } from '@olala/core';
import { fuse, vectorOnly, type LexicalRanked, type VectorRanked } from '../src/search/fusion.js';
import { reindexLexical } from '../src/search/lexical-index.js';
import { lexicalSearch } from '../src/search/lexical-search.js';
import { buildPromptContext, makeSnippet, markTerms } from '../src/search/snippets.js';
import {
  clearCoverageCache,
  EmbeddingsUnavailableError,
  searchWiki,
  searchWikiMany,
  searchWikiSettled,
  type VectorSource,
  type WikiSearchInput,
} from '../src/search/wiki-search.js';
import { getWikiPage, pageLeads } from '../src/search/wiki-page.js';
import { BACKENDS, freshDb } from '@olala/testing';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample/wiki');

async function importSample(db: Db) {
  return importWiki(db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
}

async function pageIdOf(db: Db, title: string): Promise<number> {
  const { rows } = await db.query<{ page_id: number }>('SELECT page_id FROM wiki_pages WHERE title = $1', [title]);
  assert.ok(rows[0], `the sample has a page titled ${title}`);
  return rows[0].page_id;
}

/** A tiny wiki whose page 1 mentions 올라라 in chunks 1 and 3 only, to test how windows merge. */
async function tinyWiki(db: Db): Promise<void> {
  const filler = [
    '강물은 바다로 흐른다.',
    '산에는 나무가 많다.',
    '들판에 바람이 분다.',
    '하늘에 구름이 떠 있다.',
    '마을에 비가 내린다.',
    '겨울에 눈이 온다.',
  ];
  const chunks: [number, number, number, string][] = [];
  for (let i = 0; i < 6; i++)
    chunks.push([100 + i, 1, i, i === 1 || i === 3 ? `올라라 검증소는 소식 ${i}을 전한다. ${filler[i]}` : filler[i]!]);
  chunks.push([200, 2, 0, '다른 문서에는 아무 관련 없는 이야기만 있다.']);
  await db.exec(
    "INSERT INTO wiki_pages (page_id, title, url) VALUES (1, '올라라 소식', 'https://example.org/1'), (2, '다른 문서', NULL)",
  );
  for (const [id, page, idx, content] of chunks) {
    await db.query(
      'INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash) VALUES ($1, $2, $3, $4, $5)',
      [id, page, idx, content, `h${id}`],
    );
  }
  await reindexLexical(db);
}

// ---------------------------------------------------------------------------------------------
// Fusion, without a database.

const lex = (id: number, score: number, pageId = id): LexicalRanked => ({ chunkId: id, pageId, score, coverage: 0.8 });
const vec = (id: number, distance: number, pageId = id): VectorRanked => ({ chunkId: id, pageId, distance });

test('RRF rewards chunks both rankings agree on', () => {
  // A tops lexical only; C is third lexically but first by vector; D only the vector search found.
  const fused = fuse([lex(1, 10), lex(2, 5), lex(3, 2)], [vec(3, 0.1), vec(2, 0.2), vec(4, 0.3)], { method: 'rrf' });
  assert.deepEqual(
    fused.map((c) => c.chunkId),
    [3, 2, 1, 4],
  );
  const c = fused[0]!;
  assert.equal(c.final, 1 / 63 + 1 / 61);
  assert.equal(c.lexical, 2);
  assert.ok(Math.abs(c.vector! - 0.9) < 1e-12);
  // Vector-only D counts at half: 0.5 / (60 + 3).
  assert.equal(fused[3]!.final, 0.5 / 63);
  assert.equal(fused[3]!.coverage, 0);
});

test('weighted fusion follows score margins that RRF ignores', () => {
  // Same lists as above: A's lexical lead (10 vs 5 vs 2) is large, and weighted fusion keeps it first.
  const fused = fuse([lex(1, 10), lex(2, 5), lex(3, 2)], [vec(3, 0.1), vec(2, 0.2), vec(4, 0.3)], {
    method: 'weighted',
    alpha: 0.6,
  });
  assert.deepEqual(
    fused.map((c) => c.chunkId),
    [1, 3, 2, 4],
  );
  const byId = new Map(fused.map((c) => [c.chunkId, c.final]));
  assert.ok(Math.abs(byId.get(1)! - 0.6) < 1e-9);
  assert.ok(Math.abs(byId.get(3)! - (0.6 * 0.2 + 0.4 * 1)) < 1e-9);
  assert.ok(Math.abs(byId.get(2)! - (0.6 * 0.5 + 0.4 * 0.5)) < 1e-9);
  assert.equal(byId.get(4), 0);
});

test('a vector-only neighbour unrelated by words does not outrank a strong lexical hit', () => {
  // The strong lexical hit (1) is missing from the vector list altogether; 9 is the nearest neighbour.
  const lexical = [lex(1, 40), lex(2, 3), lex(3, 2.5)];
  const vector = [vec(9, 0.05), vec(8, 0.1), vec(2, 0.4)];
  for (const method of ['rrf', 'weighted'] as const) {
    const order = fuse(lexical, vector, { method }).map((c) => c.chunkId);
    assert.ok(order.indexOf(9) > order.indexOf(1), `${method}: ${order.join(',')}`);
  }
  // In RRF, a chunk both searches found beats the vector-only one however weak its words.
  const rrf = fuse(lexical, vector, { method: 'rrf' }).map((c) => c.chunkId);
  assert.ok(rrf.indexOf(2) < rrf.indexOf(9), rrf.join(','));
  // Weighted fusion keeps the big lexical margin: 1 stays first.
  assert.equal(fuse(lexical, vector, { method: 'weighted' })[0]!.chunkId, 1);
  // Without the penalty, RRF would tie 9 with 1: the penalty is what keeps it below.
  const unpenalised = fuse(lexical, vector, { method: 'rrf', vectorOnlyWeight: 1 });
  assert.equal(unpenalised.find((c) => c.chunkId === 9)!.final, unpenalised.find((c) => c.chunkId === 1)!.final);
});

test('vector-only ranking orders by similarity and keeps lexical scores where known', () => {
  const ranked = vectorOnly([vec(5, 0.3), vec(6, 0.1)], [lex(5, 7)]);
  assert.deepEqual(
    ranked.map((c) => [c.chunkId, c.lexical]),
    [
      [6, 0],
      [5, 7],
    ],
  );
  assert.ok(Math.abs(ranked[0]!.final - 0.9) < 1e-12);
});

// ---------------------------------------------------------------------------------------------
// Snippets and context, without a database.

test('snippets mark matched stems and words inside compounds, and escape HTML', () => {
  const terms = markTerms('서울의 인구는?');
  const s = makeSnippet('<b>서울특별시</b>의 인구는 천만 명이다. 서울은 수도이다.', terms);
  assert.equal(
    s,
    '&lt;b&gt;<mark>서울</mark>특별시&lt;/b&gt;의 <mark>인구</mark>는 천만 명이다. <mark>서울</mark>은 수도이다.',
  );
});

test('a long text gives a snippet of about 240 characters around the densest matches', () => {
  const text = `${'가나다라 '.repeat(200)}이순신 장군은 거북선을 만들었다. ${'마바사아 '.repeat(200)}`;
  const s = makeSnippet(text, markTerms('거북선을 만든 장군'));
  const visible = s.replace(/<\/?mark>/g, '');
  assert.ok(visible.length <= 242 && visible.length >= 200, `${visible.length} characters`);
  assert.ok(s.startsWith('…') && s.endsWith('…'));
  assert.match(s, /<mark>장군<\/mark>은 <mark>거북선<\/mark>을/);
});

test('cuts never split a character', () => {
  assert.equal(cutAt('가나👍🏽다', 3), '가나');
  assert.equal(cutAt('가나👍🏽다', 6), '가나👍🏽');
  const ctx = buildPromptContext([{ title: 'T', pageId: 7, content: '👍'.repeat(300) }], 200);
  assert.ok(ctx.length <= 200);
  assert.ok(ctx.startsWith('[1] T (wiki://page/7)\n👍'));
  assert.ok(ctx.endsWith('👍…'), 'cut after a whole emoji');
});

// ---------------------------------------------------------------------------------------------
// Search on the bundled sample and on a tiny fixture, on both back ends.

for (const backend of BACKENDS) {
  test(`${backend}: searchWiki finds known answers with snippets, candidates and numbered context`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    const known: [string, string][] = [
      ['서울의 인구는 몇 명인가?', '서울특별시'],
      ['세종대왕이 만든 문자는?', '한글'],
      ['독도는 어느 나라 영토인가요', '독도'],
    ];
    for (const [question, title] of known) {
      const res = await searchWiki({ question }, { reader: db });
      assert.equal(res.mode, 'lexical');
      assert.equal(res.requested_mode, 'auto');
      assert.match(res.fallback_reason ?? '', /EMBED_MODEL/);
      assert.ok(
        res.hits.some((h) => h.title === title),
        `${question} → ${res.hits.map((h) => h.title).join(', ')}`,
      );
      assert.ok(res.hits.length <= 8 && res.hits.length > 0);
      assert.equal(res.no_match_reason, undefined);
    }

    const res = await searchWiki(
      { question: '서울의 인구는 몇 명인가?', top_k: 5, page_limit: 3, max_chars: 1500 },
      { reader: db },
    );
    assert.ok(res.hits.length <= 5);
    assert.ok(new Set(res.hits.map((h) => h.page_id)).size <= 3);
    assert.ok(res.candidates.length <= 3 && res.candidates.length > 0);
    assert.ok(res.candidates.every((c, i) => i === 0 || c.score <= res.candidates[i - 1]!.score));
    for (const h of res.hits) {
      assert.equal(h.url, `wiki://page/${h.page_id}`);
      assert.match(h.source_url ?? '', /^https:\/\/ko\.wikipedia\.org\//);
      assert.match(h.snippet, /<mark>(서울|인구|명)<\/mark>/, h.snippet);
      assert.ok(h.scores.final > 0 && h.scores.coverage > 0 && h.scores.coverage <= 1);
      assert.equal(h.scores.vector, undefined);
    }
    assert.ok(res.hits.every((h, i) => i === 0 || h.scores.final <= res.hits[i - 1]!.scores.final));
    // The context is numbered like the hits and within budget.
    assert.ok(res.prompt_context.length <= 1500, `${res.prompt_context.length} characters`);
    assert.ok(res.prompt_context.startsWith(`[1] ${res.hits[0]!.title} (wiki://page/${res.hits[0]!.page_id})\n`));
    const wide = await searchWiki(
      { question: '서울의 인구는 몇 명인가?', top_k: 3, window: 0, max_chars: 20000 },
      { reader: db },
    );
    const expected = wide.hits
      .map((h, i) => `[${i + 1}] ${h.title} (wiki://page/${h.page_id})\n${h.content}`)
      .join('\n\n');
    assert.equal(wide.prompt_context, expected);
  });

  test(`${backend}: each hit is expanded with ±window chunks of its page`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    const res = await searchWiki({ question: '세종대왕이 만든 문자는?', top_k: 3, window: 1 }, { reader: db });
    for (const h of res.hits) {
      const { rows } = await db.query<{ chunk_idx: number; content: string }>(
        'SELECT chunk_idx, content FROM wiki_chunks WHERE page_id = $1 AND chunk_idx BETWEEN $2 AND $3 ORDER BY chunk_idx',
        [h.page_id, h.chunk_range[0], h.chunk_range[1]],
      );
      assert.equal(h.content, rows.map((r) => r.content).join('\n'));
      assert.ok(h.chunk_range[0] <= h.chunk_idx && h.chunk_idx <= h.chunk_range[1]);
      assert.ok(h.chunk_range[0] >= h.chunk_idx - 2 * 3 && h.chunk_range[1] <= h.chunk_idx + 2 * 3);
      const hit = await db.query<{ chunk_id: number }>(
        'SELECT chunk_id FROM wiki_chunks WHERE page_id = $1 AND chunk_idx = $2',
        [h.page_id, h.chunk_idx],
      );
      assert.equal(hit.rows[0]!.chunk_id, h.chunk_id);
    }
  });

  test(`${backend}: overlapping windows of one page merge into one hit`, async (t) => {
    const { db } = await freshDb(t, backend);
    await tinyWiki(db);
    // Chunks 1 and 3 match. Window 0: two separate hits. Window 1: [0,2] and [2,4] overlap → one.
    const apart = await searchWiki({ question: '올라라 검증소', window: 0 }, { reader: db });
    assert.deepEqual(apart.hits.map((h) => h.chunk_range).sort(), [
      [1, 1],
      [3, 3],
    ]);
    const merged = await searchWiki({ question: '올라라 검증소', window: 1 }, { reader: db });
    assert.equal(merged.hits.length, 1);
    const [hit] = merged.hits;
    assert.deepEqual(hit!.chunk_range, [0, 4]);
    assert.equal(hit!.content.split('\n').length, 5);
    assert.ok(hit!.content.startsWith('강물은 바다로 흐른다.'));
    assert.ok(hit!.content.endsWith('마을에 비가 내린다.'));
    assert.ok([101, 103].includes(hit!.chunk_id));
    assert.equal(hit!.source_url, 'https://example.org/1');
    // The window stops at the page's edges, and never borrows from another page.
    const edge = await searchWiki({ question: '올라라 검증소', window: 10 }, { reader: db });
    assert.deepEqual(
      edge.hits.map((h) => h.chunk_range),
      [[0, 5]],
    );
    assert.deepEqual(
      edge.candidates.map((c) => c.title),
      ['올라라 소식'],
    );
  });

  test(`${backend}: a batch reads each chunk's text once, however many of its searches' windows hold it`, async (t) => {
    const { db } = await freshDb(t, backend);
    await tinyWiki(db);
    const sent: { pages: number[]; lo: number[]; hi: number[] }[] = [];
    const textRows: string[] = [];
    const watching = {
      ...db,
      query: (async (sql: string, params?: readonly unknown[]) => {
        const res = await db.query(sql, params);
        if (sql.includes('AS r(page_id, lo, hi)')) {
          const [pages, lo, hi] = params as [number[], number[], number[]];
          sent.push({ pages, lo, hi });
          for (const r of res.rows as { page_id: number; chunk_idx: number | null }[])
            if (r.chunk_idx !== null) textRows.push(`${r.page_id}:${r.chunk_idx}`);
        }
        return res;
      }) as Db['query'],
    };
    // Windows [1,1] and [3,3]; [0,2] and [2,4] (one hit [0,4]); [0,4] again; [1,1] again: page 1's
    // chunks 0–4, each wanted by three or four of the searches.
    const inputs: WikiSearchInput[] = [
      { question: '올라라 검증소', window: 0 },
      { question: '올라라 검증소', window: 1 },
      { question: '올라라 검증소는 소식', window: 1 },
      { question: '검증소 소식', window: 0, snippets: false },
    ];
    const alone = [];
    for (const input of inputs) alone.push(await searchWiki(input, { reader: db }));
    const together = await searchWikiMany(inputs, { reader: watching });
    const withoutTime = ({ took_ms: _, ...rest }: { took_ms: number }) => rest;
    assert.deepEqual(together.map(withoutTime), alone.map(withoutTime));
    assert.equal(sent.length, 1, 'one read of text for the batch');
    // Each chunk's text came once, though the searches' hits hold most of them several times over.
    const wanted = alone.flatMap((r) =>
      r.hits.flatMap((h) =>
        Array.from(
          { length: h.chunk_range[1] - h.chunk_range[0] + 1 },
          (_, i) => `${h.page_id}:${h.chunk_range[0] + i}`,
        ),
      ),
    );
    assert.equal(new Set(textRows).size, textRows.length, textRows.join(' '));
    assert.ok(wanted.every((k) => textRows.includes(k)));
    assert.ok(textRows.length * 2 < wanted.length, `${textRows.length} rows read for ${wanted.length} in hits`);
    // One range per run of a page's chunks: none overlaps or touches another of its page.
    const { pages, lo, hi } = sent[0]!;
    for (let i = 0; i < pages.length; i++)
      for (let j = i + 1; j < pages.length; j++)
        if (pages[i] === pages[j])
          assert.ok(lo[j]! > hi[i]! + 1 || lo[i]! > hi[j]! + 1, `${lo[i]}–${hi[i]}, ${lo[j]}–${hi[j]}`);
  });

  test(`${backend}: page_ids restrict the search, unrelated questions get no hits with a reason, and a batch answers each search as alone`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    const korea = await pageIdOf(db, '대한민국');
    const only = await searchWiki({ question: '서울의 인구', page_ids: [korea] }, { reader: db });
    assert.ok(only.hits.length > 0);
    assert.ok(only.hits.every((h) => h.page_id === korea));
    assert.deepEqual(
      only.candidates.map((c) => c.page_id),
      [korea],
    );

    for (const question of ['qwxzv 쀍뷁', '?!…']) {
      const none = await searchWiki({ question }, { reader: db });
      assert.deepEqual(none.hits, []);
      assert.deepEqual(none.candidates, []);
      assert.equal(none.prompt_context, '');
      assert.ok(
        none.no_match_code === 'no_match' || none.no_match_code === 'weak_match' || none.no_match_code === 'no_terms',
      );
      assert.match(none.no_match_reason ?? '', /찾지 못했습니다/);
    }
    await assert.rejects(
      searchWiki({ question: '   ' }, { reader: db }),
      (err: Error) => err instanceof UserError && /question/.test(err.message),
    );
    await assert.rejects(
      searchWiki({ question: '서울', top_k: 0 }, { reader: db }),
      /top_k: expected an integer from 1 to 50, got 0/,
    );
    assert.equal((await searchWiki({ question: '서울', search_mode: 'fts' }, { reader: db })).mode, 'lexical');

    // A batch answers each search exactly as searching it alone, in a few reads; a bad input fails only itself.
    const inputs: WikiSearchInput[] = [
      { question: '서울은 대한민국의 수도이다.', top_k: 3, window: 1, page_limit: 3, max_chars: 1000 },
      { question: '서울 수도', top_k: 3, window: 1, page_limit: 3, max_chars: 1000 },
      { question: '세종대왕이 만든 문자는?' },
      { question: '독도는 어느 나라 영토인가요', window: 0, snippets: false },
      { question: '서울의 인구', page_ids: [korea] },
      { question: 'qwxzv 쀍뷁' },
      { question: '?!…' },
      // Twice: the same chunks in two searches of one batch.
      { question: '서울 수도', top_k: 3, window: 1, page_limit: 3, max_chars: 1000 },
    ];
    let reads = 0;
    const counting = {
      ...db,
      query: ((sql: string, params?: readonly unknown[]) => (reads++, db.query(sql, params))) as Db['query'],
    };
    const alone = [];
    for (const input of inputs) alone.push(await searchWiki(input, { reader: counting }));
    assert.ok(alone.filter((r) => r.hits.length > 0).length >= 5, 'most of them find something');
    const readsAlone = reads;
    reads = 0;
    const together = await searchWikiMany(inputs, { reader: counting });
    const withoutTime = ({ took_ms: _, ...rest }: { took_ms: number }) => rest;
    assert.deepEqual(together.map(withoutTime), alone.map(withoutTime));
    // Two sets of page_ids: the lexical pass runs once per set, the rest once.
    assert.ok(reads <= 8 && reads * 3 <= readsAlone, `${reads} reads together, ${readsAlone} one by one`);
    assert.equal(together[3]!.hits[0]!.snippet, '', 'no snippets when not asked for');
    assert.match(together[2]!.hits[0]!.snippet, /<mark>/);

    const settled = await searchWikiSettled([inputs[0]!, { question: '   ' }, inputs[2]!], { reader: db });
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.ok(settled[1]!.status === 'rejected' && settled[1]!.reason instanceof UserError);
    assert.deepEqual(
      withoutTime((settled[2] as PromiseFulfilledResult<WikiSearchResponse>).value),
      withoutTime(alone[2]!),
    );
    await assert.rejects(searchWikiMany([inputs[0]!, { question: '   ' }], { reader: db }), UserError);
  });

  test(`${backend}: titles are read for the pages an answer shows, not for every page of its ranking`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    const titleReads: number[][] = [];
    const watching = {
      ...db,
      query: ((sql: string, params?: readonly unknown[]) => {
        if (sql.includes('FROM wiki_pages WHERE page_id = ANY($4')) titleReads.push(params![3] as number[]);
        return db.query(sql, params);
      }) as Db['query'],
    };
    const inputs: WikiSearchInput[] = [
      { question: '서울은 대한민국의 수도이다.', top_k: 3, window: 1, page_limit: 3, snippets: false },
      { question: '세종대왕이 만든 문자는?' },
      { question: '독도는 어느 나라 영토인가요', top_k: 2, page_limit: 1 },
      { question: '서울의 인구는 몇 명인가?', top_k: 5, window: 0, page_limit: 4 },
    ];
    let rankedPages = 0;
    for (const input of inputs) {
      titleReads.length = 0;
      const res = await searchWiki(input, { reader: watching });
      assert.equal(titleReads.length, 1, 'one read of text and titles');
      const shown = new Set([...res.hits.map((h) => h.page_id), ...res.candidates.map((c) => c.page_id)]);
      assert.deepEqual(new Set(titleReads[0]), shown);
      // The candidates are the ranking's first page_limit pages, each with its best chunk's score.
      const topK = input.top_k ?? 8;
      const ranking = await lexicalSearch(db, input.question, { limit: Math.max(50, topK * 8) });
      const first = new Map<number, number>();
      for (const c of ranking.chunks)
        if (first.size < (input.page_limit ?? 8) && !first.has(c.pageId)) first.set(c.pageId, c.score);
      assert.deepEqual(
        res.candidates.map((c) => [c.page_id, c.score]),
        [...first].map(([id, score]) => [id, Math.round(score * 1e6) / 1e6]),
      );
      const { rows } = await db.query<{ page_id: number; title: string }>(
        'SELECT page_id, title FROM wiki_pages WHERE page_id = ANY($1::bigint[])',
        [[...shown]],
      );
      const titles = new Map(rows.map((r) => [r.page_id, r.title]));
      for (const h of res.hits) assert.equal(h.title, titles.get(h.page_id));
      for (const c of res.candidates) assert.equal(c.title, titles.get(c.page_id));
      rankedPages += new Set(ranking.chunks.map((c) => c.pageId)).size;
    }
    assert.ok(rankedPages > 4 * 8, `the rankings name more pages (${rankedPages}) than the answers show`);
  });

  test(`${backend}: hybrid fuses a vector source when the model covers the wiki; auto falls back, vector mode refuses`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importSample(db);
    const seoul = await pageIdOf(db, '서울특별시');
    const unrelated = await pageIdOf(db, '마이크로소프트');
    const { rows } = await db.query<{ chunk_id: number }>(
      'SELECT chunk_id FROM wiki_chunks WHERE page_id = $1 ORDER BY chunk_idx LIMIT 1',
      [unrelated],
    );
    const stray = rows[0]!.chunk_id;
    const calls: { question: string; k: number }[] = [];
    // The nearest "neighbour" is a chunk about Microsoft: a bad embedding, or a bad question.
    const vector: VectorSource = async (question, { k }) => {
      calls.push({ question, k });
      return [{ chunkId: stray, distance: 0.01 }];
    };
    const deps = { reader: db, embedModel: 'fake-model', vector };

    // No embeddings yet: auto stays lexical and says why; vector and hybrid refuse.
    const auto = await searchWiki({ question: '서울의 인구' }, deps);
    assert.equal(auto.mode, 'lexical');
    assert.match(auto.fallback_reason ?? '', /fake-model cover 0%/);
    for (const mode of ['vector', 'hybrid'] as const) {
      await assert.rejects(searchWiki({ question: '서울의 인구', search_mode: mode }, deps), (err: Error) => {
        assert.ok(err instanceof EmbeddingsUnavailableError);
        assert.match(
          err.message,
          /embeddings for model fake-model cover 0% of the wiki; run `olala wiki embed --model fake-model`/,
        );
        return true;
      });
    }
    await assert.rejects(searchWiki({ question: '서울', search_mode: 'vector' }, { reader: db }), /set EMBED_MODEL/);
    assert.equal(calls.length, 0, 'no vector call when vectors are not used');

    if (!db.features.vector) return; // the test server has no pgvector: nothing can be embedded there
    await db.exec(
      "INSERT INTO wiki_embeddings (model, chunk_id, content_hash, dims, embedding) SELECT 'fake-model', chunk_id, content_hash, 3, '[1,0,0]' FROM wiki_chunks",
    );
    clearCoverageCache(db);
    const hybrid = await searchWiki({ question: '서울의 인구', top_k: 5 }, deps);
    assert.equal(hybrid.mode, 'hybrid');
    assert.equal(hybrid.fusion, 'rrf');
    assert.equal(hybrid.fallback_reason, undefined);
    assert.deepEqual(calls.at(-1), { question: '서울의 인구', k: 50 });
    assert.ok(hybrid.hits.some((h) => h.page_id === seoul));
    const strayAt = hybrid.hits.findIndex((h) => h.page_id === unrelated);
    assert.notEqual(strayAt, 0, 'the vector-only stray chunk is not the top hit');
    if (strayAt > 0)
      assert.ok(hybrid.hits[strayAt]!.scores.vector! > 0.98 && hybrid.hits[strayAt]!.scores.lexical === 0);
    const weighted = await searchWiki(
      { question: '서울의 인구', top_k: 5, search_mode: 'hybrid', fusion: 'weighted' },
      deps,
    );
    assert.equal(weighted.fusion, 'weighted');
    assert.notEqual(weighted.hits[0]!.page_id, unrelated);
    const dense = await searchWiki({ question: '서울의 인구', search_mode: 'vector' }, deps);
    assert.equal(dense.mode, 'vector');
    assert.deepEqual(
      dense.hits.map((h) => h.page_id),
      [unrelated],
    );
    // The lexical gate holds in every mode: no words matched, no hits, whatever the neighbours.
    const none = await searchWiki({ question: 'qwxzv 쀍뷁', search_mode: 'hybrid' }, deps);
    assert.deepEqual(none.hits, []);
    assert.ok(none.no_match_reason);
  });

  test(`${backend}: getWikiPage returns every chunk in order`, async (t) => {
    const { db } = await freshDb(t, backend);
    await tinyWiki(db);
    const page = await getWikiPage(db, 1);
    assert.equal(page?.title, '올라라 소식');
    assert.equal(page?.url, 'wiki://page/1');
    assert.deepEqual(
      page?.chunks.map((c) => c.chunk_idx),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(await getWikiPage(db, 999), undefined);
  });

  test(`${backend}: pageLeads reads the first chunk of each page titled exactly so, by the title index`, async (t) => {
    const { db } = await freshDb(t, backend);
    await tinyWiki(db);
    const leads = await pageLeads(db, ['올라라 소식', '올라라', '다른 문서', '']);
    assert.deepEqual(leads.map((l) => [l.title, l.chunk_id, l.source_url]).sort(), [
      ['다른 문서', 200, null],
      ['올라라 소식', 100, 'https://example.org/1'],
    ]);
    assert.equal(leads.find((l) => l.page_id === 1)?.content, '강물은 바다로 흐른다.');
    // Bounded: a claim's subject is said a few ways, never a list of every title.
    assert.equal(
      (
        await pageLeads(
          db,
          Array.from({ length: 50 }, () => '다른 문서'),
        )
      ).length,
      1,
    );
    assert.deepEqual(await pageLeads(db, []), []);
    const index = await db.query("SELECT 1 FROM pg_indexes WHERE indexname = 'wiki_pages_title_idx'");
    assert.equal(index.rows.length, 1);
  });
}
