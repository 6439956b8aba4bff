import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { storeAnalysis, tempDir } from '@olala/testing';
import securityHeaders from '../../src/plugins/security-headers.js';
import { build } from '../helper.js';

/** The policy as a map of directive → sources. */
function csp(res: LightMyRequestResponse): Map<string, string[]> {
  const header = res.headers['content-security-policy'];
  assert.equal(typeof header, 'string', `${res.statusCode} ${res.headers['content-type']}: no Content-Security-Policy`);
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

// Scripts the browser runs: a data block (the share page's application/ld+json ClaimReview) is
// never executed, so script-src does not apply to it and needs no hash.
const inlineScripts = (html: string) =>
  [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*\btype="application\/ld\+json")[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) => m[1]!,
  );
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function assertBrowserHeaders(res: LightMyRequestResponse, what: string) {
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['x-frame-options'], 'DENY', what);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', what);
  const policy = csp(res);
  assert.deepEqual(policy.get('default-src'), ["'self'"], what);
  assert.deepEqual(policy.get('frame-ancestors'), ["'none'"], what);
  assert.deepEqual(policy.get('object-src'), ["'none'"], what);
  assert.deepEqual(policy.get('base-uri'), ["'none'"], what);
  const scripts = policy.get('script-src') ?? [];
  assert.ok(scripts.includes("'self'"), what);
  for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'https:', 'http:'])
    assert.ok(!scripts.includes(loose), `${what}: script-src allows ${loose}`);
  // Every inline script of an HTML page is allowed by its hash, and nothing else inline is.
  for (const script of inlineScripts(res.body))
    assert.ok(
      scripts.includes(sha256(script)),
      `${what}: the inline script ${script.slice(0, 60)}… is not in script-src`,
    );
}

test('the app page, the share page, JSON answers and errors carry CSP, X-Frame-Options, nosniff and Referrer-Policy; no HSTS over plain http', async (t) => {
  const app = await build(t);
  const id = await storeAnalysis(app.db, {
    label: 'TRUE',
    confidence: 0.9,
    headline: '사실입니다',
    summary: '요약',
    claim: '주장',
  });
  const pages = {
    '/': { accept: 'text/html' },
    [`/r/${id}`]: { accept: 'text/html' },
    '/health': {},
    '/v1/no-such-route': {},
  };
  for (const [url, headers] of Object.entries(pages)) {
    const res = await app.inject({ method: 'GET', url, headers });
    assertBrowserHeaders(res, url);
    assert.equal(
      res.headers['strict-transport-security'],
      undefined,
      `${url}: HSTS is for an https public address only`,
    );
  }
  // The share page's ClaimReview is a data block: the one inline script the hashes leave out.
  const sharePage = await app.inject({ method: 'GET', url: `/r/${id}`, headers: { accept: 'text/html' } });
  assert.match(sharePage.body, /<script type="application\/ld\+json">\{"@context":"https:\/\/schema.org"/);
  const api = await app.inject({ method: 'POST', url: '/v1/identity/anonymous' });
  assert.match(String(api.headers['content-type']), /^application\/json/);
  assertBrowserHeaders(api, 'POST /v1/identity/anonymous');
  // The streamed check writes its own head (reply.raw.writeHead): the headers must be in it too.
  const stream = await app.inject({
    method: 'POST',
    url: '/api/truth/check/stream',
    payload: { input_payload: '화성은 태양계의 4번째 행성이다.' },
  });
  assert.match(String(stream.headers['content-type']), /^application\/x-ndjson/);
  assertBrowserHeaders(stream, 'POST /api/truth/check/stream');
});

test("inline scripts of the web build's index.html are allowed by their SHA-256, read from the build; an https public address adds HSTS and its wss: origin", async (t) => {
  const webDir = tempDir(t);
  fs.mkdirSync(path.join(webDir, 'dist'));
  const inline = `\n      try { document.documentElement.dataset.theme = 'dark'; } catch (e) {}\n    `;
  fs.writeFileSync(
    path.join(webDir, 'dist', 'index.html'),
    `<!doctype html><html><head><script>${inline}</script><script type="module" src="/assets/a.js"></script></head><body></body></html>`,
  );
  const server = Fastify();
  server.decorate('config', { publicUrl: 'https://olala.example' } as never);
  await server.register(securityHeaders, { webDir });
  server.get('/', (_request, reply) => reply.type('text/html').send('<p>x</p>'));
  t.after(() => server.close());
  const res = await server.inject({ method: 'GET', url: '/' });
  const scripts = csp(res).get('script-src') ?? [];
  assert.ok(scripts.includes(sha256(inline)), scripts.join(' '));
  // Over an https public address browsers are told to stay on https (not for subdomains we do not know).
  assert.match(String(res.headers['strict-transport-security']), /^max-age=\d{7,}$/);
  // Same-origin WebSocket, named explicitly for browsers whose 'self' does not cover wss:.
  assert.ok(csp(res).get('connect-src')?.includes('wss://olala.example'));
});
