import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { importWiki } from '@olala/core';
import { BACKENDS, freshDb } from '@olala/testing';
import { checkClaims, type CheckClaim } from '../src/articles/claim-group.js';
import { checkTruth, RunCancelledError } from '../src/analyses/service.js';
import type { Evidence } from '../src/evidence.js';
import { evidenceTermsMemo, scoreEvidence } from '../src/pipeline/stages/score/index.js';
import type { PipelineDeps } from '../src/pipeline/types.js';
import { CITED, SAMPLE, verdictOf } from './article-fixtures.js';

for (const backend of BACKENDS) {
  test(`${backend}: claims checked as one group get the results they get alone, a failing one fails alone, and share one memo per run`, async (t) => {
    const { db } = await freshDb(t, backend);
    await importWiki(db, {
      pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
      chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
      mode: 'replace',
    });
    const deps: PipelineDeps = { db, wiki: { reader: db }, llm: {}, providers: [] };
    const claims = [...CITED.split(/(?<=\.) /), '독도는 어느 나라 땅인가요?', '세종대왕은 훈민정음을 반포하였다.'];
    const memos: unknown[] = [];
    const failing: CheckClaim = async (d, request, options) => {
      memos.push(d.evidenceTerms);
      if (request.input_payload.startsWith('세종대왕은 훈민정음')) throw new Error('the database went away');
      return checkTruth(d, request, options);
    };
    const finished: number[] = [];
    const outcomes = await checkClaims(
      deps,
      claims.map((c) => ({ input_type: 'text', input_payload: c })),
      { cacheMs: 0, streamed: false, checkClaim: failing, onResult: (i) => finished.push(i) },
    );
    assert.equal(outcomes.length, claims.length);
    assert.deepEqual(
      [...finished].sort((a, b) => a - b),
      claims.map((_, i) => i),
      'each claim reported once',
    );
    const last = outcomes.at(-1)!;
    assert.ok('error' in last && (last.error as Error).message === 'the database went away');
    for (const [i, outcome] of outcomes.slice(0, -1).entries()) {
      assert.ok('result' in outcome, `${claims[i]} has its result`);
      const alone = await checkTruth(
        deps,
        { input_type: 'text', input_payload: claims[i]! },
        { streamed: false, cacheMs: 0 },
      );
      assert.deepEqual(verdictOf(outcome.result), verdictOf(alone), claims[i]);
      assert.notEqual(outcome.result.analysis_id, alone.analysis_id);
    }
    const labels = outcomes.flatMap((o) => ('result' in o ? [o.result.label] : []));
    assert.ok(labels.includes('REFUSED') && labels.some((l) => l === 'TRUE' || l === 'FALSE'), labels.join());
    // Every claim of the run read the candidates' terms through one memo, which was used …
    assert.equal(new Set(memos).size, 1);
    assert.ok(memos[0] instanceof Map && memos[0].size > 0);
    // … and the next run starts with its own.
    await checkClaims(deps, [{ input_type: 'text', input_payload: claims[0]! }], {
      cacheMs: 0,
      streamed: false,
      checkClaim: failing,
    });
    assert.equal(new Set(memos).size, 2);
    // Stored like single checks: one row per claim that answered, in both runs.
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM analyses WHERE status = 'complete'");
    assert.equal(rows[0]!.n, 2 * (claims.length - 1) + 1);
  });
}

test('claims of a group whose caller has left are never started', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  const controller = new AbortController();
  controller.abort();
  let started = 0;
  const outcomes = await checkClaims(
    { db, wiki: { reader: db }, llm: {}, providers: [] },
    [
      { input_type: 'text', input_payload: '서울은 대한민국의 수도이다.' },
      { input_type: 'text', input_payload: '부산은 대한민국의 수도이다.' },
    ],
    {
      cacheMs: 0,
      streamed: false,
      signal: controller.signal,
      checkClaim: async () => {
        started++;
        throw new Error('never called');
      },
    },
  );
  assert.equal(started, 0);
  assert.ok(outcomes.every((o) => 'error' in o && o.error instanceof RunCancelledError));
});

test('the memo of evidence terms answers only for the same words: a page changed since is read again', () => {
  const claim = '독도는 울릉도에서 동남쪽으로 떨어진 섬이다.';
  const page = (content: string): Evidence => ({
    evid_id: 'wiki:1',
    source_type: 'WIKIPEDIA',
    title: '독도',
    url: 'https://ko.wikipedia.org/wiki/독도',
    content,
    provider: 'wiki',
    trust_tier: 'encyclopedia',
    trust: 0.82,
    relevance: 1,
  });
  const before = page('독도는 울릉도에서 동남쪽으로 87.4 km 떨어진 섬이다.');
  const after = page('독도는 동해에 있는 섬이다.');
  const memo = evidenceTermsMemo();
  const first = scoreEvidence(claim, [before], memo);
  assert.deepEqual(first, scoreEvidence(claim, [before]));
  // Same evidence id, other text (a wiki import in between): scored from its new words.
  const changed = scoreEvidence(claim, [after], memo);
  assert.deepEqual(changed, scoreEvidence(claim, [after]));
  assert.ok(changed[0]!.coverage < first[0]!.coverage);
  assert.equal(memo.size, 2);
  // Another claim over the same pages reads them from the memo and scores them as alone.
  const other = '독도는 동해에 있다.';
  assert.deepEqual(scoreEvidence(other, [before, after], memo), scoreEvidence(other, [before, after]));
  assert.equal(memo.size, 2);
});

test("a group's claims listen to the caller's signal through one listener: no leak warning however many run at once", async (t) => {
  const { db } = await freshDb(t, 'pglite');
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  const controller = new AbortController();
  const outcomes = await checkClaims(
    { db, wiki: { reader: db }, llm: {}, providers: [] },
    Array.from({ length: 12 }, (_, i) => ({
      input_type: 'text' as const,
      input_payload: `서울의 인구는 ${i + 1}00만 명이다.`,
    })),
    { cacheMs: 0, streamed: false, signal: controller.signal },
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(outcomes.every((o) => 'result' in o));
  assert.deepEqual(warnings, []);
});
