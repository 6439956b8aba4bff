import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { parseHTML } from 'linkedom';
import type { TruthCheckResponse } from '@olala/contract';
import type { Queryable } from '@olala/core';
import { BACKENDS, storeAnalysis, tempDir } from '@olala/testing';
import share from '../../src/routes/share.js';
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
  assert.equal(meta('og:url'), `http://olala.example/r/${id}`);
  assert.equal(meta('twitter:card'), 'summary');
  assert.ok(![...document.querySelectorAll('script')].some((s) => (s.textContent ?? '').includes('alert')), 'the claim is text, not a script');
  assert.equal(document.querySelector('b'), null, 'the headline is text, not markup');
  assert.ok(!html.includes('<script>alert'));
}

for (const backend of BACKENDS) {
  test(`${backend}: /r/:id serves Open Graph tags from the stored result, escaped; unknown ids 404, malformed 400`, async (t) => {
    const app = await build(t, backend);
    const id = await storeShared(app.db);
    const res = await app.inject({ method: 'GET', url: `/r/${id}`, headers: { host: 'olala.example' } });
    assert.equal(res.statusCode, 200);
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

    // A Host header that is not a host name is not echoed into og:url.
    const spoofed = await app.inject({ method: 'GET', url: `/r/${id}`, headers: { host: '"><script>x</script>' } });
    assert.equal(parse(spoofed.body).meta('og:url'), `http://localhost/r/${id}`);
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
      await server.register(share, { webDir });
      t.after(() => server.close());
      const res = await server.inject({ method: 'GET', url: `/r/${id}`, headers: { host: 'olala.example' } });
      assert.equal(res.statusCode, 200, res.body);
      assertPreview(res.body, id);
      const { document, meta } = parse(res.body);
      assert.equal(meta('og:image'), hasApp ? 'http://olala.example/icon-512.png' : undefined);
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
