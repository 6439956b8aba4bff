import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { AnonymousIdentityResponse, StoredAnalysis, TruthCheckResponse } from '@olala/contract';
import { recordHistory, saveAnalysis } from '@olala/core/analyses';
import { build } from '../helper.js';

/**
 * `GET /v1/analyses/:id` is public by design (the id is unguessable, shared links use it), but
 * the note a user wrote with their check (`user_request`) is theirs: only a user who has the
 * run in their history reads it.
 */
test('a stored run is public; its user_request note is shown to its owner only', async (t) => {
  const app = await build(t);
  const identity = async () =>
    (await app.inject({ method: 'POST', url: '/v1/identity/anonymous' })).json<AnonymousIdentityResponse>();
  const owner = await identity();
  const other = await identity();

  const id = randomUUID();
  const result = {
    analysis_id: id,
    claim: '화성은 태양계의 4번째 행성이다.',
    label: 'TRUE',
    confidence: 0.8,
    headline: '사실',
    summary: '요약',
  } as TruthCheckResponse;
  await saveAnalysis(app.db, {
    input_type: 'text',
    input_payload: result.claim,
    user_request: '내 메모: 어머니가 보내 준 글',
    input_key: id,
    result: {
      ...result,
      rationale: [],
      citations: [],
      counter_evidence: [],
      limitations: [],
      recommended_next_steps: [],
      risk_flags: [],
      model_info: { provider: 'none', model: 'rules', version: '1' },
      latency_ms: 1,
      cost_usd: 0,
      created_at: new Date().toISOString(),
      cached: false,
      stages: [],
    },
    status: 'complete',
    streamed: false,
    cacheable: true,
  });
  await recordHistory(app.db, owner.user.user_id, id);

  const read = async (token?: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/v1/analyses/${id}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<StoredAnalysis>();
  };
  const anonymousView = await read();
  assert.equal(anonymousView.user_request, null, 'nobody in particular: no note');
  assert.equal(anonymousView.claim, result.claim, 'the rest is public');
  assert.equal(anonymousView.result.label, 'TRUE');
  assert.equal((await read(other.token)).user_request, null, 'another user: no note');
  assert.equal((await read(owner.token)).user_request, '내 메모: 어머니가 보내 준 글', 'the owner reads it');
});
