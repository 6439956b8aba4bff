import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { parseHTML } from 'linkedom';
import { VERDICT_LABELS, type StoredAnalysis, type TruthCheckResponse } from '@olala/contract';
import { VERDICT_CHIP_TEXT, VERDICT_COLOURS, VERDICT_NAMES } from '@olala/contract/verdicts';
import { ConfigError, loadConfig, type Queryable } from '@olala/core';
import { BACKENDS, storeAnalysis, tempDir } from '@olala/testing';
import share, { shareMeta, standalonePage } from '../../src/routes/share.js';
import { build } from '../helper.js';

/** Everything a page could break on: tags, both quotes, an entity, and a replacement pattern. */
const CLAIM = `<script>alert("x")</script> 올라라가 '최고' & "1위"라는 $& 주장`;
const HEADLINE = `거짓: <b>"올라라"</b>는 1위가 아닙니다 $'`;

function storeShared(db: Queryable, label: TruthCheckResponse['label'] = 'FALSE'): Promise<string> {
  return storeAnalysis(db, { label, confidence: 0.73, headline: HEADLINE, summary: '근거 자료는 <i>다른</i> 순위를 보여 줍니다.', claim: CLAIM });
}

function parse(html: string) {
  const { document } = parseHTML(html);
  const meta = (key: string) => document.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content');
  return { document, meta };
}

/** The configured public address (OLALA_PUBLIC_URL): the only origin absolute URLs may name. */
const PUBLIC = 'https://olala.example';
/** What a client can claim about where it reached us. */
const SPOOFED = { host: 'evil.example', 'x-forwarded-host': 'evil-forwarded.example', 'x-forwarded-proto': 'javascript' };

/** The preview tags a messenger reads, with the stored text intact and nothing injected. */
function assertPreview(html: string, id: string) {
  const { document, meta } = parse(html);
  assert.equal(meta('og:title'), HEADLINE);
  assert.equal(meta('twitter:title'), HEADLINE);
  assert.equal(document.querySelector('title')?.textContent, `${HEADLINE} — OLaLA`);
  assert.equal(document.querySelectorAll('title').length, 1);
  const description = meta('og:description') ?? '';
  assert.ok(description.includes(CLAIM), description);
  assert.match(description, /— 거짓 · 신뢰도 73%$/);
  assert.equal(meta('description'), description);
  assert.equal(meta('og:type'), 'article');
  assert.equal(meta('og:url'), `${PUBLIC}/r/${id}`);
  assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute('href'), `${PUBLIC}/r/${id}`);
  assert.equal(meta('twitter:card'), 'summary');
  assert.ok(!html.includes('evil'), 'nothing the client said about the host reaches the page');
  assert.ok(![...document.querySelectorAll('script')].some((s) => (s.textContent ?? '').includes('alert')), 'the claim is text, not a script');
  assert.equal(document.querySelector('b'), null, 'the headline is text, not markup');
  assert.ok(!html.includes('<script>alert'));
}

for (const backend of BACKENDS) {
  test(`${backend}: /r/:id serves Open Graph tags from the stored result, escaped; unknown ids 404, malformed 400`, async (t) => {
    // Trusting the proxy makes Fastify believe X-Forwarded-Host: the page must not.
    const app = await build(t, backend, { OLALA_PUBLIC_URL: PUBLIC, OLALA_TRUST_PROXY: 'true' });
    const id = await storeShared(app.db);
    const res = await app.inject({ method: 'GET', url: `/r/${id}`, headers: SPOOFED });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
    assertPreview(res.body, id);

    const unknown = await app.inject({ method: 'GET', url: `/r/${randomUUID()}` });
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers['content-type']), /^text\/html/);
    assert.match(unknown.body, /결과를 찾을 수 없습니다/);
    const malformed = await app.inject({ method: 'GET', url: '/r/%3Cscript%3E' });
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.body, /잘못된 주소/);
    assert.ok(!malformed.body.includes('<script>'));
  });

  test(`${backend}: without OLALA_PUBLIC_URL, /r/:id names no host at all (relative canonical, no og:url/og:image) and is private to the browser`, async (t) => {
    const app = await build(t, backend, { OLALA_TRUST_PROXY: 'true' });
    const id = await storeShared(app.db);
    for (const headers of [SPOOFED, { host: '"><script>x</script>' }, {}]) {
      const res = await app.inject({ method: 'GET', url: `/r/${id}`, headers });
      assert.equal(res.statusCode, 200);
      assert.ok(!res.body.includes('evil') && !res.body.includes('<script>x'), 'the Host and X-Forwarded-Host headers never reach the page');
      const { document, meta } = parse(res.body);
      assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute('href'), `/r/${id}`);
      assert.equal(meta('og:url'), undefined, 'og:url must be absolute: without a configured address there is none');
      assert.equal(meta('og:image'), undefined);
      assert.equal(meta('og:title'), HEADLINE, 'the preview text stays');
      // A shared cache keyed without the Host header must not keep a page built for one request.
      assert.match(String(res.headers['cache-control']), /^private\b/);
    }
  });

  test(`${backend}: /r/:id injects the tags into the web app's index.html, or renders the verdict itself before there is one`, async (t) => {
    const app = await build(t, backend);
    const id = await storeShared(app.db);
    const refused = await storeShared(app.db, 'REFUSED');

    const withBuild = tempDir(t);
    fs.mkdirSync(path.join(withBuild, 'dist'));
    fs.writeFileSync(
      path.join(withBuild, 'dist', 'index.html'),
      `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>OLaLA</title>
<meta name="description" content="앱 설명"><meta property="og:title" content="OLaLA 기본">
<script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div></body></html>`,
    );
    fs.writeFileSync(path.join(withBuild, 'dist', 'icon-512.png'), 'png');
    const withoutBuild = tempDir(t);

    for (const [webDir, hasApp] of [[withBuild, true], [withoutBuild, false]] as const) {
      const server = Fastify();
      server.decorate('db', app.db);
      server.decorate('config', { ...app.config, publicUrl: PUBLIC });
      await server.register(share, { webDir });
      t.after(() => server.close());
      const res = await server.inject({ method: 'GET', url: `/r/${id}`, headers: SPOOFED });
      assert.equal(res.statusCode, 200, res.body);
      assertPreview(res.body, id);
      const { document, meta } = parse(res.body);
      assert.equal(meta('og:image'), hasApp ? `${PUBLIC}/icon-512.png` : undefined);
      assert.equal(document.querySelectorAll('meta[property="og:title"]').length, 1, 'the build\'s own preview tags are replaced');
      assert.equal(Boolean(document.querySelector('#root')), hasApp);
      assert.equal(Boolean(document.querySelector('script[src="/assets/index-abc.js"]')), hasApp);
      if (!hasApp) {
        assert.equal(document.querySelector('.pill')?.textContent, '거짓');
        assert.equal(document.querySelector('h1')?.textContent, HEADLINE);
        assert.equal(document.querySelector('.claim')?.textContent, CLAIM);
        assert.equal(document.querySelector('i'), null);
      }
      const refusal = parse((await server.inject({ method: 'GET', url: `/r/${refused}` })).body);
      assert.match(refusal.meta('og:description') ?? '', /— 검증 불가$/);
    }
  });
}

test('OLALA_PUBLIC_URL: an http(s) origin without credentials, path, query or fragment; kept without a trailing slash', () => {
  assert.equal(loadConfig({}).publicUrl, undefined);
  assert.equal(loadConfig({ OLALA_PUBLIC_URL: ' https://Olala.Example/ ' }).publicUrl, 'https://olala.example');
  assert.equal(loadConfig({ OLALA_PUBLIC_URL: 'http://10.0.0.5:8080' }).publicUrl, 'http://10.0.0.5:8080');
  for (const bad of ['olala.example', 'ftp://olala.example', 'javascript:alert(1)', 'https://user:pw@olala.example', 'https://olala.example/app', 'https://olala.example/?a=1', 'https://olala.example/#x']) {
    assert.throws(
      () => loadConfig({ OLALA_PUBLIC_URL: bad }),
      (err: unknown) => err instanceof ConfigError && err.variable === 'OLALA_PUBLIC_URL' && !err.message.includes(':pw@'),
      bad,
    );
  }
});

test('the share page names and colours every verdict with the contract values (the chip colours the app uses)', () => {
  for (const label of VERDICT_LABELS) {
    const analysis = {
      analysis_id: randomUUID(),
      claim: '올라라는 1위다',
      created_at: '2026-12-01T00:00:00.000Z',
      result: { label, confidence: 0.5, headline: '제목', summary: '요약' },
    } as unknown as StoredAnalysis;
    const meta = shareMeta(analysis, '/r/x');
    assert.ok(meta.description.includes(`— ${VERDICT_NAMES[label]}`), meta.description);
    const { document } = parse(standalonePage(analysis, meta));
    const pill = document.querySelector('.pill');
    assert.equal(pill?.textContent, VERDICT_NAMES[label]);
    assert.equal(pill?.getAttribute('style'), `background:${VERDICT_COLOURS[label].light}`);
    assert.ok(document.querySelector('style')?.textContent?.includes(`color: ${VERDICT_CHIP_TEXT.light}`));
  }
});
