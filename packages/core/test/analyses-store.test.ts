import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { StageTiming, TruthCheckResponse } from '@olala/contract';
import { loadMigrations, migrate } from '@olala/core';
import { getAnalysis } from '../src/analyses/store.js';
import { analysisStats } from '../src/analyses/stats.js';
import { BACKENDS, freshDb, storeAnalysis } from '@olala/testing';

const quiet = { info() {}, warn() {} };
const MODEL = { provider: 'ollama', model: 'qwen3:4b', version: 'q4' };
const STAGES: StageTiming[] = [
  { stage: 'stage01_normalize', status: 'ok', ms: 120 },
  { stage: 'stage03_wiki', status: 'failed', ms: 900 },
];

for (const backend of BACKENDS) {
  test(`${backend}: rows stored before model_info and stages lived only in result still read whole, and count in the stats`, async (t) => {
    const { db } = await freshDb(t, backend, { migrate: false });
    const single = loadMigrations().find((m) => m.name === 'analyses-single-copy');
    assert.ok(single, 'the migration exists');
    await migrate(
      db,
      quiet,
      loadMigrations().filter((m) => m.version < single.version),
    );

    const insertOld = (id: string, result: object) =>
      db.query(
        `INSERT INTO analyses (analysis_id, created_at, input_type, input_payload, input_key, claim, label, confidence, status, streamed,
           cacheable, latency_ms, model_info, stages, result)
         VALUES ($1::uuid, now(), 'text', '주장', $1::text, '주장', 'TRUE', 0.8, 'complete', false, true, 1000, $2, $3, $4)`,
        [id, JSON.stringify(MODEL), JSON.stringify(STAGES), JSON.stringify(result)],
      );
    // As saveAnalysis wrote them: both copies.
    const both = randomUUID();
    await insertOld(both, { analysis_id: both, label: 'TRUE', headline: '사실', model_info: MODEL, stages: STAGES });
    // Only the columns (a hand-made or partial result): the migration must not lose them.
    const columnsOnly = randomUUID();
    await insertOld(columnsOnly, { analysis_id: columnsOnly, label: 'TRUE', headline: '사실' });

    await migrate(db, quiet);

    for (const id of [both, columnsOnly]) {
      const stored = await getAnalysis(db, id);
      assert.deepEqual(stored?.result.model_info, MODEL, id);
      assert.deepEqual(stored?.result.stages, STAGES, id);
      assert.equal(stored?.result.headline, '사실');
    }
    const { rows } = await db.query<{ copies: number }>(
      'SELECT count(*)::int AS copies FROM analyses WHERE model_info IS NOT NULL OR stages IS NOT NULL',
    );
    assert.equal(rows[0]!.copies, 0, 'one copy left: the one in result');

    const stats = await analysisStats(db, { days: 1 });
    const wiki = stats.stages.find((s) => s.stage === 'stage03_wiki');
    assert.equal(wiki?.runs, 2, 'both old rows count in the per-stage stats');

    // A run stored now keeps a single copy too, and reads the same.
    const fresh = await storeAnalysis(db, {
      claim: '새 주장',
      model_info: MODEL,
      stages: STAGES,
    } satisfies Partial<TruthCheckResponse> & { claim: string });
    assert.deepEqual((await getAnalysis(db, fresh))?.result.stages, STAGES);
    const { rows: after } = await db.query<{ copies: number }>(
      'SELECT count(*)::int AS copies FROM analyses WHERE model_info IS NOT NULL OR stages IS NOT NULL',
    );
    assert.equal(after[0]!.copies, 0);
    assert.equal((await analysisStats(db, { days: 1 })).stages.find((s) => s.stage === 'stage03_wiki')?.runs, 3);
  });
}
