import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@olala/core';
import {
  budgetSubject,
  createApiKey,
  isApiKeyToken,
  listApiKeys,
  lookupApiKey,
  revokeApiKey,
  takeBudget,
} from '../src/identity/api-keys.js';
import { BACKENDS, freshDb } from '@olala/testing';

for (const backend of BACKENDS) {
  test(`${backend}: a claim budget grants what is left of the minute, in part when a batch asks for more, and says when the next unit frees up`, async (t) => {
    const { db } = await freshDb(t, backend);
    // 2 a minute: one unit every 30 s, so no unit comes back while the test runs.
    const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, s));
    assert.deepEqual(await takeBudget(db, 'key:a', 3, 2, at(0)), { granted: 2, retryAfterSeconds: 30 });
    assert.deepEqual(await takeBudget(db, 'key:a', 1, 2, at(10)), { granted: 0, retryAfterSeconds: 20 });
    // A unit every 30 s: one back at 30 s, a whole minute's worth never more than 2.
    assert.deepEqual(await takeBudget(db, 'key:a', 2, 2, at(30)), { granted: 1, retryAfterSeconds: 30 });
    assert.deepEqual(await takeBudget(db, 'key:a', 5, 2, at(59 + 120)), { granted: 2, retryAfterSeconds: 30 });
    // Budgets are per subject.
    assert.equal((await takeBudget(db, budgetSubject({ address: '203.0.113.7' }), 1, 2, at(10))).granted, 1);
    assert.deepEqual(await takeBudget(db, 'key:b', 1, 1, at(0)), { granted: 1, retryAfterSeconds: 0 });
    assert.equal((await takeBudget(db, 'key:b', 1, 1, at(1))).granted, 0);
  });
}

test('keys: bounded names and rates, looked up only while live, listed without the key', async (t) => {
  const { db } = await freshDb(t, 'pglite');
  await assert.rejects(createApiKey(db, { name: 'a\nb' }), UserError);
  await assert.rejects(createApiKey(db, { name: '   ' }), /--name: 1 to 100 characters/);
  await assert.rejects(createApiKey(db, { name: 'x', ratePerMin: 0 }), /--rate: an integer from 1 to 10000/);
  await assert.rejects(createApiKey(db, { name: 'x', ratePerMin: 10_001 }), /--rate/);
  const { key, apiKey } = await createApiKey(db, { name: ' 연합 뉴스룸 ' });
  assert.deepEqual([apiKey.name, apiKey.rate_per_min, apiKey.revoked_at], ['연합 뉴스룸', 60, null]);
  const found = await lookupApiKey(db, key);
  assert.ok(found.ok && found.apiKey.key_id === apiKey.key_id && found.apiKey.last_used_at !== null);
  assert.deepEqual(await lookupApiKey(db, `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`), {
    ok: false,
    reason: 'unknown',
  });
  assert.deepEqual(await lookupApiKey(db, 'olk_short'), { ok: false, reason: 'unknown' });
  assert.equal((await revokeApiKey(db, apiKey.prefix))?.already, false);
  assert.deepEqual(await lookupApiKey(db, key), { ok: false, reason: 'revoked' });
  const [listed] = await listApiKeys(db);
  // A session token (43 base64url characters) that happens to begin with olk_ stays a session token.
  assert.equal(isApiKeyToken(`olk_${'a'.repeat(39)}`), false);
  assert.equal(isApiKeyToken(key), true);
  assert.equal(isApiKeyToken('olk_short'), true);
  assert.ok(listed!.revoked_at !== null);
  assert.ok(!JSON.stringify(listed).includes(key.slice(12)));
});
