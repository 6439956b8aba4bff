import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AdminIssue, ChatMessage, TruthCheckResponse } from '@olala/contract';
import { postMessage } from '@olala/core/chat';
import { createRoom, createUsers, makeAdmin } from '../../../../bench/lib/chat-fixtures.js';
import { build } from '../helper.js';

const CLAIM = '올라라전자가 2031년 영업이익 9조원을 기록했다';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A room, an admin and a member, and a chat message of the member saying `content`. */
async function setUp(app: FastifyInstance, content: string) {
  const issueId = await createRoom(app.db);
  const [adminUser, member] = await createUsers(app.db, 2);
  await makeAdmin(app.db, adminUser!.userId);
  const { message } = await postMessage(app.db, { issueId, userId: member!.userId, clientId: 'm-1', content });
  return { admin: adminUser!.token, member: member!.token, messageId: message.id };
}

async function createIssue(app: FastifyInstance, token: string, title: string): Promise<AdminIssue> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/admin/issues',
    headers: bearer(token),
    payload: { title, publish: true },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

test('pglite: the truth route, the admin fact-check and 올라 in the chat reach one truth service: a result one stored is served to the others', async (t) => {
  const app = await build(t, 'pglite');
  const { admin, member, messageId } = await setUp(app, CLAIM);

  const first = await app.inject({ method: 'POST', url: '/truth/check', payload: { input_payload: CLAIM } });
  assert.equal(first.statusCode, 200, first.body);
  const checked = first.json<TruthCheckResponse>();
  assert.equal(checked.cached, false);

  // The issue's fact-check of the same words is the route's stored result, not a second run.
  const issue = await createIssue(app, admin, CLAIM);
  const linked = await app.inject({
    method: 'POST',
    url: `/v1/admin/issues/${issue.id}/fact-check`,
    headers: bearer(admin),
    payload: {},
  });
  assert.equal(linked.statusCode, 200, linked.body);
  assert.equal(linked.json<AdminIssue>().analysis?.analysisId, checked.analysis_id);

  // So is 올라's card for a chat message saying it.
  const button = await app.inject({
    method: 'POST',
    url: `/v1/chat/messages/${messageId}/fact-check`,
    headers: bearer(member),
  });
  assert.equal(button.statusCode, 200, button.body);
  const card = button.json<{ status: string; message: ChatMessage }>();
  assert.equal(card.status, 'posted');
  assert.equal(card.message.factCheck?.analysis_id, checked.analysis_id);

  const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM analyses');
  assert.equal(rows[0]!.n, 1, 'one run for the three callers');
});

test('pglite: one run limiter for the truth, batch and article routes, the admin fact-check and the chat', async (t) => {
  const app = await build(t, 'pglite', { OLALA_MAX_CONCURRENT_CHECKS: '1' });
  const { admin, member, messageId } = await setUp(app, CLAIM);
  const issue = await createIssue(app, admin, CLAIM);

  // A run holds the only slot of the service's limiter while the others ask.
  let release!: () => void;
  const held = app.truth.limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
  try {
    const route = await app.inject({ method: 'POST', url: '/truth/check', payload: { input_payload: CLAIM } });
    assert.equal(route.statusCode, 503, route.body);
    assert.equal(route.json().code, 'BUSY');
    const article = await app.inject({
      method: 'POST',
      url: '/v1/articles/check',
      payload: { input_type: 'text', input_payload: `${CLAIM}. 올라라전자는 서울에 있다.` },
    });
    assert.equal(article.statusCode, 503, article.body);
    const batch = await app.inject({
      method: 'POST',
      url: '/v1/truth/batch',
      payload: { claims: [{ id: 'a', claim: CLAIM }] },
    });
    assert.equal(batch.statusCode, 503, batch.body);
    const adminCheck = await app.inject({
      method: 'POST',
      url: `/v1/admin/issues/${issue.id}/fact-check`,
      headers: bearer(admin),
      payload: {},
    });
    assert.equal(adminCheck.statusCode, 503, adminCheck.body);
    assert.equal(adminCheck.json().code, 'BUSY');
    const chat = await app.inject({
      method: 'POST',
      url: `/v1/chat/messages/${messageId}/fact-check`,
      headers: bearer(member),
    });
    assert.equal(chat.statusCode, 200, chat.body);
    assert.match(chat.json<{ message: ChatMessage }>().message.content, /검증 요청이 많아/);
  } finally {
    release();
    await held;
  }
  const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM analyses');
  assert.equal(rows[0]!.n, 0, 'nothing ran while the slot was taken');

  // With the slot free again, the same route runs.
  const route = await app.inject({ method: 'POST', url: '/truth/check', payload: { input_payload: CLAIM } });
  assert.equal(route.statusCode, 200, route.body);
});
