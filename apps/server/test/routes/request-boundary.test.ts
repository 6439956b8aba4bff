import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AdminIssue, StoredAnalysis, TruthCheckResponse } from '@olala/contract';
import { adminToken, anonymous, bearer, build } from '../helper.js';
import { appWithSample } from '../truth-fakes.js';

/**
 * What the request boundary lets through: control characters never reach the database (free
 * text is cleaned, single lines are refused with the field named), integers are bounded before
 * they reach a bigint column, and unknown fields are refused where the contract says so.
 */

function assertBadRequest(res: { statusCode: number; body: string; json(): unknown }, field: string) {
  assert.equal(res.statusCode, 400, res.body);
  const body = res.json() as { code: string; message: string };
  assert.equal(body.code, 'BAD_REQUEST');
  assert.match(body.message, new RegExp(field), `the message names ${field}: ${body.message}`);
}

test('control characters: free text is stored without them, single lines are refused with the field named', async (t) => {
  const app = await appWithSample(t);
  const { token } = await anonymous(app);

  // A truth check with NUL, a C1 control and CR LF in its text and note: stored and readable.
  const res = await app.inject({
    method: 'POST',
    url: '/truth/check',
    headers: bearer(token),
    payload: {
      input_payload: '화성은\u0000 태양계의 4번째\u0085 행성이다.\r\n',
      user_request: '메모\u0000\r\n둘째 줄',
      no_cache: true,
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  const result = res.json<TruthCheckResponse>();
  assert.ok(!result.risk_flags.includes('PERSISTENCE_FAILED'), `stored: ${result.risk_flags.join(',')}`);
  const stored = await app.inject({ method: 'GET', url: `/v1/analyses/${result.analysis_id}`, headers: bearer(token) });
  assert.equal(stored.statusCode, 200, stored.body);
  assert.equal(stored.json<StoredAnalysis>().input_payload, '화성은 태양계의 4번째 행성이다.\n');
  assert.equal(stored.json<StoredAnalysis>().user_request, '메모\n둘째 줄');
  assert.equal((await app.inject({ method: 'GET', url: `/r/${result.analysis_id}` })).statusCode, 200);

  // Only controls is no text at all.
  assertBadRequest(
    await app.inject({ method: 'POST', url: '/truth/check', payload: { input_payload: '\u0000\u0001' } }),
    'input_payload',
  );

  // Admin issues: a title is one line (refused); the content is free text (cleaned).
  const admin = await adminToken(app);
  const title = await app.inject({
    method: 'POST',
    url: '/v1/admin/issues',
    headers: bearer(admin),
    payload: { title: '제목\u0000' },
  });
  assertBadRequest(title, 'title');
  assert.match(title.json<{ message: string }>().message, /제어 문자/);
  const created = await app.inject({
    method: 'POST',
    url: '/v1/admin/issues',
    headers: bearer(admin),
    payload: { title: '제목', summary: '요약\u0000', content: '첫 줄\u0000\r\n둘째 줄\t끝', claim: '주장\u001b' },
  });
  assert.equal(created.statusCode, 201, created.body);
  const issue = created.json<AdminIssue>();
  assert.deepEqual([issue.summary, issue.content, issue.claim], ['요약', '첫 줄\n둘째 줄\t끝', '주장']);
  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/admin/issues/${issue.id}`,
    headers: bearer(admin),
    payload: { category: '기술\n' },
  });
  assertBadRequest(patched, 'category');

  // The nickname (profile and registration) and the email are single lines.
  assertBadRequest(
    await app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(token), payload: { nickname: '올라\u0000' } }),
    'nickname',
  );
  assertBadRequest(
    await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email: 'a\u0000@example.com', password: 'long enough password' },
    }),
    'email',
  );
  assertBadRequest(
    await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email: 'a@example.com', password: 'long enough password', nickname: '이름\u0007' },
    }),
    'nickname',
  );

  // A cursor is a single line too.
  assertBadRequest(await app.inject({ method: 'GET', url: '/v1/issues?before=%00' }), 'before');
});

test('integers are bounded before they reach a bigint: 400, never 500', async (t) => {
  const app = await build(t);
  assertBadRequest(await app.inject({ method: 'GET', url: '/api/wiki/pages/9223372036854775807' }), 'id');
  assertBadRequest(await app.inject({ method: 'GET', url: '/api/wiki/pages/1?chunk=99999999999999999999' }), 'chunk');
  const search = await app.inject({
    method: 'POST',
    url: '/api/wiki/search',
    headers: { 'content-type': 'application/json' },
    payload: '{"question":"화성","page_ids":[99999999999999999999]}',
  });
  assertBadRequest(search, 'page_ids');
  // A cursor carries a time in microseconds: one past any timestamp PostgreSQL holds is refused too.
  const cursor = Buffer.from('99999999999999999999.00000000-0000-0000-0000-000000000000').toString('base64url');
  assertBadRequest(await app.inject({ method: 'GET', url: `/v1/issues?before=${cursor}` }), 'before');
  // Dates: the year 0 does not exist in PostgreSQL.
  const admin = await adminToken(app);
  assertBadRequest(
    await app.inject({
      method: 'POST',
      url: '/v1/admin/issues',
      headers: bearer(admin),
      payload: { title: '제목', day: '0000-01-01' },
    }),
    'day',
  );
  const draft = await app.inject({
    method: 'POST',
    url: '/v1/admin/issues',
    headers: bearer(admin),
    payload: { title: '제목' },
  });
  const at = await app.inject({
    method: 'POST',
    url: `/v1/admin/issues/${draft.json<AdminIssue>().id}/publish`,
    headers: bearer(admin),
    payload: { at: '0000-01-01T00:00:00Z' },
  });
  assertBadRequest(at, 'at');
  // The largest id a JavaScript number holds exactly is still a valid (absent) page.
  assert.equal(
    (await app.inject({ method: 'GET', url: `/api/wiki/pages/${Number.MAX_SAFE_INTEGER}` })).statusCode,
    404,
  );
});

test('unknown fields are refused where the contract closes the body; the truth check keeps the predecessor fields', async (t) => {
  const app = await appWithSample(t);
  const admin = await adminToken(app);
  const typo = await app.inject({
    method: 'POST',
    url: '/v1/admin/issues',
    headers: bearer(admin),
    payload: { title: '제목', sumary: '요약' },
  });
  assertBadRequest(typo, 'sumary');
  const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues');
  assert.equal(rows[0]?.n, 0, 'nothing was stored');

  const { token } = await anonymous(app);
  assertBadRequest(
    await app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(token), payload: { nicknam: '올라' } }),
    'nicknam',
  );
  assertBadRequest(
    await app.inject({ method: 'POST', url: '/api/wiki/search', payload: { question: '화성', topk: 3 } }),
    'topk',
  );
  // The predecessor's wiki client sends embed_missing: known, accepted and ignored.
  assert.equal(
    (await app.inject({ method: 'POST', url: '/api/wiki/search', payload: { question: '화성', embed_missing: true } }))
      .statusCode,
    200,
  );

  const res = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: {
      input_payload: '화성은 태양계의 4번째 행성이다.',
      start_stage: 'stage01_normalize',
      end_stage: 'stage09_judge',
      querygen_prompt: '{{user_request}}',
      stage_state: { any: 'thing' },
      checkpoint_thread_id: 'thread-1',
      checkpoint_resume: true,
    },
  });
  assert.equal(res.statusCode, 200, res.body);
});
