import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '@olala/core';
import { BACKENDS } from '@olala/testing';
import { build } from '../helper.js';

test('an unknown URL answers 404 in the { code, message } shape', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/api/nothing-here?x=1' });
  assert.equal(res.statusCode, 404);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.deepEqual(res.json(), { code: 'NOT_FOUND', message: '요청한 주소를 찾을 수 없습니다: GET /api/nothing-here' });
});

test('a body over the configured limit answers 413 in the error shape', async (t) => {
  const app = await build(t, 'pglite', { OLALA_BODY_LIMIT: '2048' });
  const big = await app.inject({
    method: 'POST',
    url: '/api/wiki/status',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ x: 'a'.repeat(4096) }),
  });
  assert.equal(big.statusCode, 413);
  assert.deepEqual(big.json(), { code: 'PAYLOAD_TOO_LARGE', message: '요청 본문이 너무 큽니다. (최대 2048바이트)' });
  // Just under the limit the body is read, and the answer is about the route instead.
  const small = await app.inject({
    method: 'POST',
    url: '/api/wiki/status',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ x: 'a'.repeat(1024) }),
  });
  assert.notEqual(small.statusCode, 413);
  assert.equal(small.json().code, 'NOT_FOUND');
});

for (const backend of BACKENDS) {
  test(`${backend}: a server failure answers 500 with a generic message; the details stay in the log`, async (t) => {
    const app = await build(t, backend);
    await app.db.exec('DROP TABLE wiki_imports');
    const res = await app.inject({ method: 'GET', url: '/api/wiki/status' });
    assert.equal(res.statusCode, 500);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message']);
    assert.equal(body.code, 'INTERNAL_ERROR');
    assert.doesNotMatch(res.body, /wiki_imports|relation|does not exist/);
  });
}

test('clients over the rate limit get 429 in the error shape', async (t) => {
  const app = await build(t);
  let last = await app.inject({ method: 'GET', url: '/nope' });
  for (let i = 0; i < 600 && last.statusCode !== 429; i++) last = await app.inject({ method: 'GET', url: '/nope' });
  assert.equal(last.statusCode, 429);
  assert.equal(last.json().code, 'RATE_LIMITED');
  assert.match(last.json().message, /요청이 너무 많습니다/);
});

test('behind a trusted proxy (OLALA_TRUST_PROXY) rate limits count the forwarded client, not the proxy', async (t) => {
  const hit = (app: Awaited<ReturnType<typeof build>>, client: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/identity/anonymous',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': client },
    });
  const trusting = await build(t, 'pglite', { OLALA_TRUST_PROXY: '127.0.0.1' });
  for (let i = 0; i < 20; i++) assert.equal((await hit(trusting, '203.0.113.7')).statusCode, 201);
  assert.equal((await hit(trusting, '203.0.113.7')).statusCode, 429);
  assert.equal(
    (await hit(trusting, '203.0.113.8')).statusCode,
    201,
    'another client behind the same proxy has its own budget',
  );

  // Untrusted, the header is ignored: everyone behind the proxy shares one budget (and cannot forge one).
  const plain = await build(t, 'pglite');
  for (let i = 0; i < 20; i++) await hit(plain, `203.0.113.${i}`);
  assert.equal((await hit(plain, '198.51.100.1')).statusCode, 429);
  assert.throws(
    () => loadConfig({ OLALA_TRUST_PROXY: 'everyone' }),
    /OLALA_TRUST_PROXY: expected false, true, a hop count/,
  );
});
