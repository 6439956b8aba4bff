import assert from 'node:assert/strict';
import path from 'node:path';
import { importWiki, type Db } from '@olala/core';
import { test } from 'node:test';
import { checkArticle } from '../src/articles/service.js';
import type { CheckClaim } from '../src/articles/claim-group.js';
import { getArticle } from '../src/articles/store.js';
import { wikiSearchPool } from '../src/articles/search-pool.js';
import { searchWiki, searchWikiMany } from '../src/search/wiki-search.js';
import { pageLeads } from '../src/search/wiki-page.js';
import { heldTitleTerms } from '../src/search/posting-cache.js';
import { checkTruth } from '../src/analyses/service.js';
import { getAnalysis } from '../src/analyses/store.js';
import type { PipelineDeps } from '../src/pipeline/types.js';
import { BACKENDS, freshDb } from '@olala/testing';
import { CITED, SAMPLE, verdictOf } from './article-fixtures.js';

const TEXT =
  '서울은 대한민국의 수도이다. 부산은 대한민국 제2의 도시이다. 인천에는 국제공항이 있다. 정말 살기 좋은 곳인 것 같다.';

for (const backend of BACKENDS) {
  test(`${backend}: one failing claim is an error entry, the others keep their full results; the run is stored whole and read back`, async (t) => {
    const { db } = await freshDb(t, backend);
    const deps: PipelineDeps = { db, wiki: { reader: db }, llm: {}, providers: [] };
    const failing: CheckClaim = async (d, request, options) => {
      if (request.input_payload.startsWith('부산')) throw new Error('the database went away');
      return checkTruth(d, request, options);
    };
    const found: string[] = [];
    const completed: string[] = [];
    const stages = new Map<string, number>();
    const result = await checkArticle(
      deps,
      { input_type: 'text', input_payload: TEXT, title: '서울은 대한민국의 수도' },
      {
        maxClaims: 8,
        cacheMs: 0,
        streamed: false,
        checkClaim: failing,
        onClaimFound: (c) => found.push(c.id),
        onStage: (id) => stages.set(id, (stages.get(id) ?? 0) + 1),
        onClaimComplete: (c) => completed.push(c.id),
      },
    );

    assert.deepEqual(
      result.claims.map((c) => c.text),
      ['서울은 대한민국의 수도이다.', '부산은 대한민국 제2의 도시이다.', '인천에는 국제공항이 있다.'],
    );
    const [seoul, busan, incheon] = result.claims;
    assert.equal(busan!.result, null);
    assert.equal(busan!.error?.code, 'CLAIM_FAILED');
    assert.match(busan!.error!.message, /[가-힣]/);
    for (const ok of [seoul!, incheon!]) {
      assert.ok(ok.result, `${ok.id} has its result`);
      assert.equal(ok.error, undefined);
      assert.equal(ok.result.claim, ok.text);
      assert.ok(ok.result.stages.length >= 10, 'a full result, every stage timed');
      assert.ok(ok.result.analysis_id);
    }
    assert.equal(seoul!.main, true);
    assert.equal(result.summary.main_claim_id, 'c1');
    assert.equal(result.summary.failed, 1);
    assert.equal(
      Object.values(result.summary.counts).reduce((a, b) => a + b, 0),
      2,
    );
    assert.match(result.summary.overview, /주장 3개/);
    assert.match(result.summary.overview, /확인 실패 1개/);
    assert.deepEqual(
      result.skipped.map((s) => s.reason),
      ['opinion'],
    );
    assert.deepEqual(found, ['c1', 'c2', 'c3']);
    assert.deepEqual([...completed].sort(), ['c1', 'c2', 'c3']);
    assert.ok((stages.get('c1') ?? 0) >= 10 && !stages.has('c2'), 'stage events carry their claim');

    const stored = await getArticle(db, result.article_id);
    assert.ok(stored);
    assert.equal(stored.status, 'complete');
    assert.deepEqual(stored.article, result.article);
    assert.deepEqual(stored.skipped, result.skipped);
    assert.deepEqual(stored.summary, result.summary);
    assert.deepEqual(
      stored.claims.map((c) => [c.id, c.text, c.spans, c.main, c.error?.code ?? null, c.result?.analysis_id ?? null]),
      result.claims.map((c) => [c.id, c.text, c.spans, c.main, c.error?.code ?? null, c.result?.analysis_id ?? null]),
    );
    assert.equal(stored.claims[0]!.result?.label, seoul!.result!.label);
  });
}

test('a cancelled article run is stored as cancelled and throws', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  const controller = new AbortController();
  const deps: PipelineDeps = { db, wiki: { reader: db }, llm: {}, providers: [] };
  const cancelling: CheckClaim = async () => {
    controller.abort();
    throw new Error('aborted');
  };
  await assert.rejects(
    checkArticle(
      deps,
      { input_type: 'text', input_payload: TEXT },
      { maxClaims: 8, cacheMs: 0, streamed: true, signal: controller.signal, checkClaim: cancelling },
    ),
    { name: 'RunCancelledError' },
  );
  const { rows } = await db.query<{ status: string; claims: number }>(
    'SELECT status, (SELECT count(*)::int FROM article_claims) AS claims FROM articles',
  );
  assert.deepEqual(rows, [{ status: 'cancelled', claims: 3 }]);
});

for (const backend of BACKENDS) {
  test(`${backend}: each claim of an article gets the result it gets checked alone, citations included, its searches run in one batch`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importWiki(db, {
      pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
      chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
      mode: 'replace',
    });
    let searches = 0;
    const deps: PipelineDeps = {
      db,
      wiki: { reader: db, onSearch: () => searches++ },
      llm: {},
      providers: [],
    };
    const article = await checkArticle(
      deps,
      { input_type: 'text', input_payload: CITED },
      { maxClaims: 8, cacheMs: 0, streamed: false },
    );
    assert.equal(article.claims.length, 5);
    const inArticle = searches;
    searches = 0;
    for (const c of article.claims) {
      assert.ok(c.result, `${c.id} has a result`);
      const alone = await checkTruth(
        deps,
        { input_type: 'text', input_payload: c.text },
        { streamed: false, cacheMs: 0 },
      );
      assert.deepEqual(verdictOf(c.result), verdictOf(alone), c.text);
    }
    // The comparison means something: claims were cited, and at least one was decided.
    assert.ok(article.claims.filter((c) => c.result!.related!.length > 0).length >= 4);
    assert.ok(article.claims.some((c) => c.result!.citations.length + c.result!.counter_evidence.length > 0));
    // Searches two claims share (the same query) ran once.
    assert.ok(inArticle <= searches, `${inArticle} searches in the article, ${searches} one claim at a time`);
  });
}

test('the search pool runs its members’ searches as one batch once every running member has asked, and shares repeats', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  await importWiki(db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
  let reads = 0;
  const counting = {
    ...db,
    query: ((sql: string, params?: readonly unknown[]) => (reads++, db.query(sql, params))) as Db['query'],
  };
  // The wiki's title terms held first: their load runs beside the searches, and is none of theirs.
  await searchWiki({ question: '대한민국' }, { reader: counting });
  assert.ok(await heldTitleTerms.settled(counting));
  reads = 0;
  const pool = wikiSearchPool({ reader: counting });
  const [a, b, c] = [pool.join(), pool.join(), pool.join()];
  const first = searchWikiMany([{ question: '서울의 인구' }, { question: '세종대왕' }], a.wiki);
  const second = searchWikiMany([{ question: '세종대왕' }, { question: '독도' }], b.wiki);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(reads, 0, 'nothing runs while a member may still ask');
  c.leave();
  const [x, y] = await Promise.all([first, second]);
  assert.deepEqual(pool.stats(), { batches: 1, asked: 4, shared: 1 });
  assert.ok(reads <= 5, `${reads} reads`);
  assert.ok(x[0]!.hits.length > 0 && y[1]!.hits.length > 0);
  assert.deepEqual(y[0]!.hits, x[1]!.hits);
  assert.deepEqual(x[0]!.hits, (await searchWiki({ question: '서울의 인구' }, { reader: db })).hits);

  // A member that joins and never asks holds a batch back only briefly.
  const late = pool.join();
  pool.join();
  const started = performance.now();
  const [z] = await searchWikiMany([{ question: '안중근' }], late.wiki);
  assert.ok(z!.hits.length > 0);
  assert.ok(performance.now() - started < 2_000);
  assert.equal(pool.stats().batches, 2);

  // The members' subject-page lookups are one statement too, each answered with its own titles' leads.
  reads = 0;
  const titled = wikiSearchPool({ reader: counting });
  const [d, e] = [titled.join(), titled.join()];
  const [dLeads, eLeads] = await Promise.all([d.wiki.leads!(['독도', '없는 문서']), e.wiki.leads!(['안중근'])]);
  assert.equal(reads, 1, 'one lookup for both members');
  assert.deepEqual(
    dLeads.map((l) => l.title),
    ['독도'],
  );
  assert.deepEqual(
    eLeads.map((l) => l.title),
    ['안중근'],
  );
  assert.deepEqual(eLeads, await pageLeads(db, ['안중근']));

  // A failed search is not remembered.
  const failing = wikiSearchPool({
    reader: { ...db, query: (() => Promise.reject(new Error('the database went away'))) as Db['query'] },
  });
  const m = failing.join();
  await assert.rejects(searchWikiMany([{ question: '독도' }], m.wiki), /went away/);
  await assert.rejects(searchWikiMany([{ question: '독도' }], m.wiki), /went away/);
  assert.deepEqual(failing.stats(), { batches: 2, asked: 2, shared: 0 });
});

for (const backend of BACKENDS) {
  test(`${backend}: an article's claims store their runs in one insert, with the article when no one hears of a claim first; a run that cannot be stored degrades only its claim`, async (t) => {
    const { db } = await freshDb(t, backend);
    let statements: string[] = [];
    const counting: Db = {
      ...db,
      query: ((sql: string, params?: readonly unknown[]) => {
        statements.push(sql);
        return db.query(sql, params);
      }) as Db['query'],
    };
    const inserts = () => statements.filter((sql) => sql.includes('INSERT INTO analyses')).length;
    const deps: PipelineDeps = { db: counting, wiki: { reader: db }, llm: {}, providers: [] };
    const check = (claimCheck?: CheckClaim, heard?: string[]) =>
      checkArticle(
        deps,
        { input_type: 'text', input_payload: TEXT },
        {
          maxClaims: 8,
          cacheMs: 0,
          streamed: heard !== undefined,
          ...(claimCheck ? { checkClaim: claimCheck } : {}),
          ...(heard ? { onClaimComplete: (c) => heard.push(c.id) } : {}),
        },
      );

    const whole = await check();
    assert.equal(whole.claims.length, 3);
    assert.equal(inserts(), 1, 'the three claims’ runs in one statement');
    assert.ok(statements.find((sql) => sql.includes('INSERT INTO analyses'))!.includes('INSERT INTO articles'));
    // Streamed, a claim is stored before it is heard of: the runs' insert goes first, alone.
    statements = [];
    const heard: string[] = [];
    const streamed = await check(undefined, heard);
    assert.deepEqual([...heard].sort(), ['c1', 'c2', 'c3']);
    assert.equal(inserts(), 1);
    assert.ok(!statements.find((sql) => sql.includes('INSERT INTO analyses'))!.includes('INSERT INTO articles'));
    for (const c of [...whole.claims, ...streamed.claims]) {
      assert.ok(c.result && !c.result.risk_flags.includes('PERSISTENCE_FAILED'), c.id);
      // Each stored run reads back one by one exactly as its claim's result.
      assert.deepEqual((await getAnalysis(db, c.result.analysis_id))?.result, JSON.parse(JSON.stringify(c.result)));
    }

    // PostgreSQL refuses NUL in text: 부산's row cannot be stored, so the one insert fails and
    // each run is stored again alone, then the article without them.
    statements = [];
    const unstorable: CheckClaim = (d, request, options) =>
      checkTruth(
        d,
        request.input_payload.startsWith('부산')
          ? { ...request, input_payload: `${request.input_payload}\u0000` }
          : request,
        options,
      );
    const degraded = await check(unstorable);
    const [seoul, busan, incheon] = degraded.claims;
    assert.ok(busan!.result?.risk_flags.includes('PERSISTENCE_FAILED'), 'the claim whose run was not stored says so');
    assert.equal(await getAnalysis(db, busan!.result!.analysis_id), undefined);
    for (const ok of [seoul!, incheon!]) {
      assert.ok(ok.result && !ok.result.risk_flags.includes('PERSISTENCE_FAILED'), ok.id);
      assert.deepEqual((await getAnalysis(db, ok.result.analysis_id))?.result, JSON.parse(JSON.stringify(ok.result)));
    }
    assert.equal(inserts(), 4, 'the failed statement, then each run alone');
    const stored = await getArticle(db, degraded.article_id);
    // The article is stored all the same; the claim without a stored run says why it has no result.
    assert.deepEqual(
      stored?.claims.map((c) => [c.result?.analysis_id ?? null, c.error?.code ?? null]),
      [
        [seoul!.result!.analysis_id, null],
        [null, 'NOT_STORED'],
        [incheon!.result!.analysis_id, null],
      ],
    );
  });
}

test('an article without a claim worth checking is stored all the same, with its skipped sentences', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  const deps: PipelineDeps = { db, wiki: { reader: db }, llm: {}, providers: [] };
  const result = await checkArticle(
    deps,
    { input_type: 'text', input_payload: '정말 살기 좋은 곳인 것 같다. 여러분은 어떻게 생각하나요?' },
    { maxClaims: 8, cacheMs: 0, streamed: false },
  );
  assert.deepEqual(result.claims, []);
  assert.ok(result.skipped.length > 0);
  const stored = await getArticle(db, result.article_id);
  assert.deepEqual(stored?.claims, []);
  assert.deepEqual(stored?.skipped, result.skipped);
});
