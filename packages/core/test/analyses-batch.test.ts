import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { TruthCheckResponse } from '@olala/contract';
import type { Db } from '@olala/core';
import { getAnalysis, saveAnalyses, saveAnalysis, type NewAnalysis } from '../src/analyses/store.js';
import { BACKENDS, freshDb } from '@olala/testing';

function run(claim: string, overrides: Partial<NewAnalysis> = {}): NewAnalysis {
  const id = randomUUID();
  const result: TruthCheckResponse = {
    analysis_id: id,
    label: 'FALSE',
    confidence: 0.7,
    headline: `거짓: ${claim}`,
    summary: '요약',
    rationale: ['근거 하나'],
    claim,
    citations: [],
    counter_evidence: [],
    limitations: [],
    recommended_next_steps: [],
    risk_flags: ['NO_LLM'],
    model_info: { provider: 'none', model: 'olala-rules', version: '1' },
    stages: [{ stage: 'stage01_normalize', status: 'ok', ms: 0.4 }],
    latency_ms: 12.6,
    cost_usd: 0,
    created_at: new Date().toISOString(),
    cached: false,
  };
  return {
    input_type: 'text',
    input_payload: claim,
    user_request: null,
    input_key: `key-${id}`,
    result,
    status: 'complete',
    streamed: false,
    cacheable: true,
    ...overrides,
  };
}

/** Every column a run is stored with, as the database holds it. */
async function storedRow(db: Db, id: string) {
  const { rows } = await db.query(
    `SELECT input_type, input_payload, user_request, input_key, claim, label, confidence, status, streamed, cacheable,
            latency_ms, created_at, result FROM analyses WHERE analysis_id = $1`,
    [id],
  );
  return rows[0];
}

for (const backend of BACKENDS) {
  test(`${backend}: runs stored together are one statement and read back exactly as runs stored one by one`, async (t) => {
    const { db } = await freshDb(t, backend);
    let inserts = 0;
    const counting: Db = {
      ...db,
      query: ((sql: string, params?: readonly unknown[]) => {
        if (sql.includes('INSERT INTO analyses')) inserts++;
        return db.query(sql, params);
      }) as Db['query'],
    };
    const together = [
      run('서울은 대한민국의 수도이다.'),
      run('부산은 항구 도시이다.', { user_request: '출처도 알려 줘', streamed: true, cacheable: false }),
      run('인천에는 국제공항이 있다.', { status: 'cancelled' }),
    ];
    const outcomes = await saveAnalyses(counting, together);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'fulfilled', 'fulfilled'],
    );
    assert.equal(inserts, 1, 'one statement for the three');

    // The same runs under other ids, stored one at a time, are the reference.
    for (const a of together) {
      const copy = structuredClone(a);
      copy.result.analysis_id = randomUUID();
      await saveAnalysis(db, copy);
      const [batched, alone] = [
        await storedRow(db, a.result.analysis_id),
        await storedRow(db, copy.result.analysis_id),
      ];
      assert.ok(batched, a.input_payload);
      const { result: batchedResult, ...batchedColumns } = batched;
      const { result: aloneResult, ...aloneColumns } = alone!;
      assert.deepEqual(batchedColumns, aloneColumns, a.input_payload);
      assert.deepEqual(
        { ...(batchedResult as object), analysis_id: null },
        { ...(aloneResult as object), analysis_id: null },
      );
      assert.deepEqual((await getAnalysis(db, a.result.analysis_id))?.result, JSON.parse(JSON.stringify(a.result)));
    }
  });

  test(`${backend}: a run that cannot be stored fails alone; the others of its batch are stored`, async (t) => {
    const { db } = await freshDb(t, backend);
    // PostgreSQL refuses NUL in text: the one statement fails as a whole.
    const runs = [
      run('서울은 대한민국의 수도이다.'),
      run('부산은\u0000 항구 도시이다.'),
      run('인천에는 국제공항이 있다.'),
    ];
    const outcomes = await saveAnalyses(db, runs);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.ok(await getAnalysis(db, runs[0]!.result.analysis_id));
    assert.equal(await getAnalysis(db, runs[1]!.result.analysis_id), undefined);
    assert.ok(await getAnalysis(db, runs[2]!.result.analysis_id));
  });
}
