import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AnonymousIdentityResponse, UserProfile } from '@olala/contract';
import { BACKENDS } from '@olala/testing';
import { build } from '../helper.js';

async function issue(app: FastifyInstance, ip = '127.0.0.1'): Promise<AnonymousIdentityResponse> {
  const res = await app.inject({ method: 'POST', url: '/v1/identity/anonymous', remoteAddress: ip });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.headers['cache-control'], 'no-store');
  return res.json();
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

for (const backend of BACKENDS) {
  test(`${backend}: an anonymous identity is issued once, the database keeps only the token's hash, /v1/me reads and changes it`, async (t) => {
    const app = await build(t, backend);
    const created = await issue(app);
    assert.match(created.token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(created.user.nickname, /^[가-힣 ]+ \d{4}$/);
    assert.match(created.user.color, /^#[0-9a-f]{6}$/);
    assert.equal(created.user.kind, 'anonymous');
    const other = await issue(app);
    assert.notEqual(other.user.user_id, created.user.user_id);
    assert.notEqual(other.token, created.token);

    const { rows } = await app.db.query<{ dump: string }>(
      "SELECT string_agg(s::text || encode(token_hash, 'escape'), ' ') AS dump FROM sessions s",
    );
    assert.ok(!rows[0]!.dump.includes(created.token), 'the token is not stored');

    const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(created.token) });
    assert.equal(me.statusCode, 200, me.body);
    assert.deepEqual(me.json(), created.user);

    const patched = await app.inject({
      method: 'PATCH',
      url: '/v1/me',
      headers: bearer(created.token),
      payload: { nickname: ' 진실 탐정 ', color: '#ABCDEF' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(patched.json<UserProfile>(), { ...created.user, nickname: '진실 탐정', color: '#abcdef' });
    assert.equal(
      (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(created.token) })).json<UserProfile>().nickname,
      '진실 탐정',
    );
    // The other user is untouched.
    assert.equal(
      (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(other.token) })).json<UserProfile>().nickname,
      other.user.nickname,
    );

    for (const [payload, pattern] of [
      [{ nickname: '가'.repeat(21) }, /body\/nickname must NOT have more than 20 characters/],
      [{ nickname: '' }, /body\/nickname must NOT have fewer than 1 characters/],
      [{ color: 'red' }, /body\/color must match pattern/],
      [{ nickname: '   ' }, /닉네임\(nickname\)은 공백만으로/],
      [{ nickname: 'a\u0000b' }, /제어 문자/],
    ] as const) {
      const res = await app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(created.token), payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().code, 'BAD_REQUEST');
      assert.match(res.json().message, pattern);
    }
  });

  test(`${backend}: missing, malformed, unknown, expired and revoked tokens are 401 with a Korean message`, async (t) => {
    const app = await build(t, backend);
    const { token } = await issue(app);

    const expect401 = async (headers: Record<string, string>, message: RegExp, url = '/v1/me') => {
      const res = await app.inject({ method: 'GET', url, headers });
      assert.equal(res.statusCode, 401, `${url} ${JSON.stringify(headers)}: ${res.body}`);
      assert.equal(res.json().code, 'UNAUTHORIZED');
      assert.match(res.json().message, message);
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
    };
    await expect401({}, /토큰이 필요합니다/);
    await expect401({}, /토큰이 필요합니다/, '/v1/history');
    await expect401({}, /토큰이 필요합니다/, '/v1/bookmarks');
    await expect401({ authorization: `Basic ${token}` }, /올바르지 않습니다/);
    await expect401({ authorization: 'Bearer' }, /올바르지 않습니다/);
    await expect401(bearer('x'.repeat(43)), /올바르지 않습니다/);

    await app.db.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
    await expect401(bearer(token), /만료/);
    await app.db.query("UPDATE sessions SET expires_at = now() + interval '1 day', revoked_at = now()");
    await expect401(bearer(token), /유효하지 않습니다/);
    await expect401(bearer(token), /유효하지 않습니다/, '/v1/history');

    // Routes that take no token ignore the header.
    assert.equal((await app.inject({ method: 'GET', url: '/health', headers: bearer(token) })).statusCode, 200);
  });

  test(`${backend}: issuing identities is rate-limited per address`, async (t) => {
    const app = await build(t, backend);
    for (let i = 0; i < 20; i++) await issue(app, '10.0.0.1');
    const refused = await app.inject({ method: 'POST', url: '/v1/identity/anonymous', remoteAddress: '10.0.0.1' });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().code, 'RATE_LIMITED');
    await issue(app, '10.0.0.2');
    const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    assert.equal(rows[0]!.n, 21);
  });
}
