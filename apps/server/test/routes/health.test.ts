import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { BACKENDS } from '@olala/testing';
import staticPlugin from '../../src/plugins/static.js';
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

test('GET / serves the built web app with an SPA fallback, or a Korean placeholder before the first build', async (t) => {
  const serve = async (webDir: string) => {
    const app = Fastify();
    await app.register(staticPlugin, { webDir });
    t.after(() => app.close());
    return app;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-web-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'package.json'), '{}');

  const bare = await serve(dir);
  const placeholder = await bare.inject({ method: 'GET', url: '/' });
  assert.equal(placeholder.statusCode, 200);
  assert.match(String(placeholder.headers['content-type']), /^text\/html/);
  assert.match(placeholder.body, /<html lang="ko">/);
  assert.match(placeholder.body, /앱이 아직 빌드되지 않았습니다/);
  // Only the page is public, not the sources beside it.
  assert.equal((await bare.inject({ method: 'GET', url: '/package.json' })).statusCode, 404);

  fs.mkdirSync(path.join(dir, 'dist', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><html lang="ko"><title>OLaLA</title>');
  fs.writeFileSync(path.join(dir, 'dist', 'assets', 'app-1a2b.js'), 'console.log(1)');
  const built = await serve(dir);
  const page = await built.inject({ method: 'GET', url: '/history', headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<title>OLaLA<\/title>/);
  const asset = await built.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
  assert.match(String(asset.headers['cache-control']), /immutable/);
  for (const url of ['/v1/nothing', '/assets/old-9z.js', '/package.json']) {
    assert.equal((await built.inject({ method: 'GET', url, headers: { accept: 'text/html' } })).statusCode, 404, url);
  }
});
