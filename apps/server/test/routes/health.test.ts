import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKENDS } from '@olala/testing';
import { build } from '../helper.js';

for (const backend of BACKENDS) {
  test(`${backend}: GET /health answers the predecessor's exact body`, async (t) => {
    const app = await build(t, backend);
    const res = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.body, '{"status":"healthy"}');
  });
}

test('GET / serves the Korean placeholder page until the web app is built', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.match(res.body, /<html lang="ko">/);
  assert.match(res.body, /가짜뉴스 검증 서비스/);
  assert.match(res.body, /앱 준비 중/);
  // Only the page itself is public, not the sources beside it.
  const pkg = await app.inject({ method: 'GET', url: '/package.json' });
  assert.equal(pkg.statusCode, 404);
});
