import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { importWiki } from '@olala/core';
import { createEmbedder, embedBackfill } from '@olala/core/embeddings';
import { fakeEmbedServer } from '@olala/testing';
import { build } from '../helper.js';

/** One error path (apps/server/src/routes/errors.ts): every refusal has the shape of its scope's audience. */

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../sample/wiki');
const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const API_KEYS = ['code', 'message'];
const PERSON_KEYS = ['code', 'display_message', 'message'];

async function withSample(app: FastifyInstance): Promise<void> {
  await importWiki(app.db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
}

test('a schema error is worded for the scope: fields as sent for API clients, plus a Korean display_message where a person reads it', async (t) => {
  const app = await build(t);
  // API scope: English code, the field named as sent, nothing else.
  const api = await app.inject({ method: 'GET', url: '/v1/analyses/not-a-uuid' });
  assert.equal(api.statusCode, 400);
  assert.deepEqual(Object.keys(api.json()).sort(), API_KEYS);
  assert.deepEqual(api.json(), { code: 'BAD_REQUEST', message: 'params/id must be a UUID' });
  const batch = await app.inject({ method: 'POST', url: '/v1/truth/batch', payload: { claims: [] } });
  assert.equal(batch.statusCode, 400);
  assert.deepEqual(batch.json(), { code: 'BAD_REQUEST', message: 'body/claims must NOT have fewer than 1 items' });

  // Person scope, at the root and under /v1 alike: the same English message (the predecessor
  // console's contract), and the Korean line the app shows.
  for (const url of ['/truth/check', '/v1/truth/check']) {
    const res = await app.inject({ method: 'POST', url, payload: {} });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), PERSON_KEYS, url);
    assert.equal(body.code, 'BAD_REQUEST');
    assert.equal(body.message, "body must have required property 'input_payload'");
    assert.equal(body.display_message, '요청 본문이 올바르지 않습니다. input_payload: 필수 항목입니다.');
  }
  const issue = await app.inject({ method: 'GET', url: '/v1/issues/issue_20250303' });
  assert.equal(issue.statusCode, 400);
  assert.deepEqual(Object.keys(issue.json()).sort(), PERSON_KEYS);
  assert.equal(issue.json().message, 'params/id must be a UUID');
  assert.match(issue.json().display_message, /^요청 주소이 올바르지 않습니다\. id: 이슈 ID\(UUID\)/);

  // A rule no schema states, thrown as a typed error, takes the same shape as a schema error.
  const both = await app.inject({
    method: 'POST',
    url: '/v1/truth/batch',
    payload: { claims: [{ id: 'a', claim: '화성은 행성이다.', url: 'https://example.com' }] },
  });
  assert.equal(both.statusCode, 400);
  assert.deepEqual(both.json(), {
    code: 'BAD_REQUEST',
    message: 'body/claims/0: claim(검증할 문장)과 url 중 하나만 보내 주세요',
  });
});

test('a not-found of every kind has one body shape: NOT_FOUND and a Korean message (display_message too where a person reads it)', async (t) => {
  const app = await build(t);
  await withSample(app);
  const { token } = (await app.inject({ method: 'POST', url: '/v1/identity/anonymous' })).json<{ token: string }>();
  const auth = { authorization: `Bearer ${token}` };
  const { rows } = await app.db.query<{ page_id: number }>('SELECT min(page_id)::int AS page_id FROM wiki_pages');
  const page = rows[0]!.page_id;

  const cases: [string, InjectOptions, 'api' | 'person', RegExp][] = [
    ['analysis', { method: 'GET', url: `/v1/analyses/${MISSING_UUID}` }, 'api', /^검증 기록을 찾을 수 없습니다: 0{8}-/],
    [
      'analysis (bookmark)',
      { method: 'PUT', url: `/v1/bookmarks/${MISSING_UUID}`, headers: auth },
      'api',
      /^검증 기록을 찾을 수 없습니다/,
    ],
    ['article', { method: 'GET', url: `/v1/articles/${MISSING_UUID}` }, 'api', /^기사 검증 기록을 찾을 수 없습니다/],
    [
      'wiki page',
      { method: 'GET', url: '/api/wiki/pages/999999999' },
      'api',
      /^위키 문서 999999999을\(를\) 찾을 수 없습니다\.$/,
    ],
    [
      'wiki chunk',
      { method: 'GET', url: `/api/wiki/pages/${page}?chunk=999999999` },
      'api',
      new RegExp(`^위키 문서 ${page}에 조각 999999999이\\(가\\) 없습니다\\.$`),
    ],
    [
      'route',
      { method: 'GET', url: '/v1/nothing-here?x=1' },
      'api',
      /^요청한 주소를 찾을 수 없습니다: GET \/v1\/nothing-here$/,
    ],
    ['issue', { method: 'GET', url: `/v1/issues/${MISSING_UUID}` }, 'person', /^이슈를 찾을 수 없습니다/],
    ["today's issue", { method: 'GET', url: '/v1/issues/today' }, 'person', /^오늘의 이슈가 아직 없습니다\.$/],
    [
      'chat message',
      { method: 'POST', url: '/v1/chat/messages/999999/report', headers: auth },
      'person',
      /^메시지를 찾을 수 없습니다: 999999$/,
    ],
    [
      'chat message (fact-check)',
      { method: 'POST', url: '/v1/chat/messages/999999/fact-check', headers: auth },
      'person',
      /^메시지를 찾을 수 없습니다: 999999$/,
    ],
  ];
  for (const [kind, request, audience, message] of cases) {
    const res = await app.inject(request);
    assert.equal(res.statusCode, 404, `${kind}: ${res.body}`);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), audience === 'api' ? API_KEYS : PERSON_KEYS, kind);
    assert.equal(body.code, 'NOT_FOUND', kind);
    assert.match(body.message, message, kind);
    if (audience === 'person') assert.equal(body.display_message, body.message, kind);
  }
});

test('a chat report checks its optional body against the schema: no body, a reason, and a reason too long', async (t) => {
  const app = await build(t);
  const { token } = (await app.inject({ method: 'POST', url: '/v1/identity/anonymous' })).json<{ token: string }>();
  const headers = { authorization: `Bearer ${token}` };
  const tooLong = await app.inject({
    method: 'POST',
    url: '/v1/chat/messages/1/report',
    headers,
    payload: { reason: '가'.repeat(501) },
  });
  assert.equal(tooLong.statusCode, 400);
  assert.equal(tooLong.json().message, 'body/reason must NOT have more than 500 characters');
  assert.match(tooLong.json().display_message, /reason: 최대 500자까지/);
  // Valid bodies reach the lookup (and find no message 1).
  for (const payload of [undefined, { reason: '광고' }]) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/chat/messages/1/report',
      headers,
      ...(payload ? { payload } : {}),
    });
    assert.equal(res.statusCode, 404, res.body);
  }
});

test('EmbeddingsUnavailableError from the search is answered 503 by the central error handler, in the API shape', async (t) => {
  const fake = await fakeEmbedServer(t, { reject: (text) => text.includes('쀍') });
  const app = await build(t, 'pglite', { EMBED_MODEL: 'fake-embed', OLLAMA_URL: fake.url });
  assert.ok(app.db.features.vector, 'PGlite carries pgvector');
  await withSample(app);
  const done = await embedBackfill(app.db, createEmbedder(app.config));
  assert.equal(done.remaining, 0);
  const refused = await app.inject({
    method: 'POST',
    url: '/api/wiki/search',
    payload: { question: '독도 쀍', search_mode: 'hybrid' },
  });
  assert.equal(refused.statusCode, 503, refused.body);
  assert.deepEqual(Object.keys(refused.json()).sort(), API_KEYS);
  assert.equal(refused.json().code, 'EMBEDDINGS_UNAVAILABLE');
  assert.match(refused.json().message, /embedding the question failed/);
});
