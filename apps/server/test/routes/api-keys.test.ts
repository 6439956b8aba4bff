import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { createApiKey, revokeApiKey } from '@olala/core/identity';
import { BACKENDS } from '@olala/testing';
import { appWithLog } from '../logged-app.js';

const CLAIM = '화성은 태양계의 4번째 행성이다.';
/** The app's clock, held still: a budget never refills while a slow test runs. */
const CLOCK = new Date('2026-12-01T09:00:00Z');
const now = () => CLOCK;

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

for (const backend of BACKENDS) {
  test(`${backend}: a key is stored only as its hash, spends its own per-minute budget on batch claims and single checks (429 past it), and is never logged`, async (t) => {
    const { app, log } = await appWithLog(t, { backend, now });
    const { key, apiKey } = await createApiKey(app.db, { name: '뉴스룸 CMS', ratePerMin: 3 });
    assert.match(key, /^olk_[A-Za-z0-9_-]{43}$/);
    assert.equal(apiKey.prefix, key.slice(0, 12));

    // Every column of the row as text (bytea as hex): nothing of the key beyond the prefix, and its SHA-256.
    const { rows } = await app.db.query<{ row: string; hash: string }>(
      "SELECT to_jsonb(k)::text AS row, encode(key_hash, 'hex') AS hash FROM api_keys k",
    );
    assert.equal(rows.length, 1);
    assert.ok(!rows[0]!.row.includes(key.slice(12)), rows[0]!.row);
    assert.equal(rows[0]!.hash, createHash('sha256').update(key).digest('hex'));

    const batch = await app.inject({
      method: 'POST',
      url: '/v1/truth/batch',
      headers: bearer(key),
      payload: {
        claims: [
          { id: 'a', claim: CLAIM },
          { id: 'b', claim: '금성은 태양계의 2번째 행성이다.' },
        ],
      },
    });
    assert.equal(batch.statusCode, 200, batch.body);
    const lines = batch.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; result?: unknown });
    assert.deepEqual(lines.map((l) => [l.id, Boolean(l.result)]).sort(), [
      ['a', true],
      ['b', true],
    ]);

    // Two claims spent; a single check is the third and last unit of this minute.
    const third = await app.inject({
      method: 'POST',
      url: '/v1/truth/check',
      headers: bearer(key),
      payload: { input_payload: CLAIM },
    });
    assert.equal(third.statusCode, 200, third.body);
    const fourth = await app.inject({
      method: 'POST',
      url: '/truth/check',
      headers: bearer(key),
      payload: { input_payload: CLAIM },
    });
    assert.equal(fourth.statusCode, 429, fourth.body);
    assert.equal(fourth.json().code, 'RATE_LIMITED');
    assert.match(fourth.json().message, /API 키의 검증 한도\(분당 3건\)를 넘었습니다/);
    assert.ok(Number(fourth.headers['retry-after']) >= 1);
    const overBatch = await app.inject({
      method: 'POST',
      url: '/v1/truth/batch',
      headers: bearer(key),
      payload: { claims: [{ id: 'c', claim: CLAIM }] },
    });
    assert.equal(overBatch.statusCode, 429, overBatch.body);
    assert.match(overBatch.json().message, /분당 3건/);

    // The key's budget is its own: the same address without a key still checks.
    assert.equal(
      (await app.inject({ method: 'POST', url: '/truth/check', payload: { input_payload: CLAIM } })).statusCode,
      200,
    );
    assert.ok(log.length > 0);
    assert.ok(!log.some((l) => l.includes(key.slice(12))), 'no log line carries the key');
    assert.ok(
      log.some((l) => l.includes('"api_key":"olk_') && l.includes(apiKey.prefix)),
      'the batch log line names the key by its prefix',
    );
  });
}

test("with a valid key the address's 30 per minute on single checks gives way to the key's own rate", async (t) => {
  const { app } = await appWithLog(t, { now });
  const { key } = await createApiKey(app.db, { name: 'wire', ratePerMin: 40 });
  for (let i = 0; i < 31; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/truth/check',
      headers: bearer(key),
      payload: { input_payload: CLAIM },
    });
    assert.equal(res.statusCode, 200, `check ${i + 1}: ${res.body}`);
  }
});

test('a revoked or unknown key is a 401 that says so; a key opens no user routes', async (t) => {
  const { app } = await appWithLog(t, { now });
  const { key, apiKey } = await createApiKey(app.db, { name: 'old integration' });
  const check = (k: string) =>
    app.inject({ method: 'POST', url: '/truth/check', headers: bearer(k), payload: { input_payload: CLAIM } });
  const batch = (k: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/truth/batch',
      headers: bearer(k),
      payload: { claims: [{ id: 'a', claim: CLAIM }] },
    });

  const user = await app.inject({ method: 'GET', url: '/v1/history', headers: bearer(key) });
  assert.equal(user.statusCode, 403, user.body);
  assert.match(user.json().message, /API 키로는 검증 요청만/);

  const unknown = `olk_${'A'.repeat(43)}`;
  for (const res of [await check(unknown), await batch(unknown), await batch('olk_short')]) {
    assert.equal(res.statusCode, 401, res.body);
    assert.equal(res.json().code, 'UNAUTHORIZED');
    assert.match(res.json().message, /API 키가 올바르지 않습니다/);
  }

  assert.equal((await check(key)).statusCode, 200);
  const revoked = await revokeApiKey(app.db, apiKey.prefix);
  assert.equal(revoked?.already, false);
  for (const res of [await check(key), await batch(key)]) {
    assert.equal(res.statusCode, 401, res.body);
    assert.match(res.json().message, /API 키가 폐기되었습니다/);
  }
  assert.equal((await revokeApiKey(app.db, apiKey.key_id))?.already, true);
  assert.equal(await revokeApiKey(app.db, 'olk_nothere1'), undefined);
});
