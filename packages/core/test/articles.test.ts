import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkArticle, type CheckClaim } from '../src/articles/service.js';
import { getArticle } from '../src/articles/store.js';
import { memoReader } from '../src/articles/memo.js';
import { checkTruth } from '../src/analyses/service.js';
import type { PipelineDeps } from '../src/pipeline/types.js';
import { BACKENDS, freshDb } from '@olala/testing';

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

test('the memo reader answers a repeated read once and forgets failures', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  let calls = 0;
  const counting = {
    ...db,
    query: (async (sql: string, params?: readonly unknown[]) => {
      calls++;
      if (sql.includes('boom')) throw new Error('boom');
      return db.query(sql, params);
    }) as typeof db.query,
  };
  const memo = memoReader(counting);
  assert.deepEqual((await memo.query('SELECT $1::int AS n', [1])).rows, [{ n: 1 }]);
  assert.deepEqual((await memo.query('SELECT $1::int AS n', [1])).rows, [{ n: 1 }]);
  assert.deepEqual((await memo.query('SELECT $1::int AS n', [2])).rows, [{ n: 2 }]);
  assert.equal(calls, 2);
  assert.equal(memo.hits(), 1);
  await assert.rejects(memo.query('SELECT boom'));
  await assert.rejects(memo.query('SELECT boom'));
  assert.equal(calls, 4);
});
