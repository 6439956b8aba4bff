import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnonymousIdentityResponse, StoredAnalysis } from '@olala/contract';
import { recordHistory } from '@olala/core/analyses';
import { storeAnalysis } from '@olala/testing';
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

  const claim = '화성은 태양계의 4번째 행성이다.';
  const id = await storeAnalysis(
    app.db,
    { claim, label: 'TRUE', confidence: 0.8, headline: '사실' },
    { userRequest: '내 메모: 어머니가 보내 준 글' },
  );
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
  assert.equal(anonymousView.claim, claim, 'the rest is public');
  assert.equal(anonymousView.result.label, 'TRUE');
  assert.equal((await read(other.token)).user_request, null, 'another user: no note');
  assert.equal((await read(owner.token)).user_request, '내 메모: 어머니가 보내 준 글', 'the owner reads it');
});
