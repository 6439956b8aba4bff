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
import { BACKENDS, storeAnalysis, storeArticle, tempDir } from '@olala/testing';
import share, { shareMeta, standalonePage } from '../../src/routes/share.js';
import { build } from '../helper.js';

/** Everything a page could break on: tags, both quotes, an entity, and a replacement pattern. */
const CLAIM = `<script>alert("x")</script> 올라라가 '최고' & "1위"라는 $& 주장`;
const HEADLINE = `거짓: <b>"올라라"</b>는 1위가 아닙니다 $'`;

function storeShared(db: Queryable, label: TruthCheckResponse['label'] = 'FALSE'): Promise<string> {
  return storeAnalysis(db, {
    label,
    confidence: 0.73,
    headline: HEADLINE,
    summary: '근거 자료는 <i>다른</i> 순위를 보여 줍니다.',
    claim: CLAIM,
  });
}

function parse(html: string) {
  const { document } = parseHTML(html);
  const meta = (key: string) =>
    document.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content');
  return { document, meta };
}

type Review = Record<string, unknown> & {
  reviewRating: Record<string, unknown>;
  itemReviewed: Record<string, unknown>;
  author: Record<string, unknown>;
};

/**
 * The page's ClaimReviews, parsed out of its `application/ld+json` scripts. The script's text
 * must not be able to end the element or open another: no raw `<` in it.
 */
function claimReviews(html: string): Review[] {
  const { document } = parse(html);
  return [...document.querySelectorAll('script[type="application/ld+json"]')].flatMap((el) => {
    const text = el.textContent ?? '';
    assert.ok(!text.includes('<') && !text.includes('>'), 'markup characters are escaped as \\u003c / \\u003e');
    const data = JSON.parse(text) as Review | Review[];
    return Array.isArray(data) ? data : [data];
  });
}

/**
 * A ClaimReview as schema.org defines it and Google's fact-check markup reads it: the required
 * and recommended fields (claimReviewed, reviewRating with alternateName, url, author,
 * itemReviewed as a Claim, datePublished), each property one the vocabulary has for its type,
 * a numeric rating inside its scale.
 */
function assertClaimReview(
  r: Review,
  expected: { claim: string; label: keyof typeof VERDICT_NAMES; url?: string; author?: string; appearance?: string },
) {
  const allowed = (obj: Record<string, unknown>, keys: string[]) =>
    assert.deepEqual(
      Object.keys(obj).filter((k) => !keys.includes(k)),
      [],
      `schema.org properties only: ${JSON.stringify(obj)}`,
    );
  assert.equal(r['@context'], 'https://schema.org');
  assert.equal(r['@type'], 'ClaimReview');
  allowed(r, ['@context', '@type', 'url', 'claimReviewed', 'datePublished', 'author', 'reviewRating', 'itemReviewed']);
  assert.equal(r.claimReviewed, expected.claim);
  assert.ok(
    typeof r.datePublished === 'string' && !Number.isNaN(Date.parse(r.datePublished)),
    'datePublished is ISO 8601',
  );
  assert.equal(r.url, expected.url);
  assert.deepEqual(r.author, {
    '@type': 'Organization',
    name: expected.author ?? 'OLaLA',
    ...(expected.url ? { url: PUBLIC } : {}),
  });
  const rating = r.reviewRating;
  assert.equal(rating['@type'], 'Rating');
  allowed(rating, ['@type', 'ratingValue', 'bestRating', 'worstRating', 'alternateName']);
  assert.equal(rating.alternateName, VERDICT_NAMES[expected.label], 'the Korean label');
  if (rating.ratingValue !== undefined) {
    assert.ok(
      Number(rating.worstRating) <= Number(rating.ratingValue) &&
        Number(rating.ratingValue) <= Number(rating.bestRating),
    );
  }
  const item = r.itemReviewed;
  assert.equal(item['@type'], 'Claim');
  allowed(item, ['@type', 'appearance', 'datePublished', 'author', 'firstAppearance']);
  assert.deepEqual(
    item.appearance,
    expected.appearance ? { '@type': 'CreativeWork', url: expected.appearance } : undefined,
  );
}

/** The configured public address (OLALA_PUBLIC_URL): the only origin absolute URLs may name. */
const PUBLIC = 'https://olala.example';
/** What a client can claim about where it reached us. */
const SPOOFED = {
  host: 'evil.example',
  'x-forwarded-host': 'evil-forwarded.example',
  'x-forwarded-proto': 'javascript',
};

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
  assert.ok(
    ![...document.querySelectorAll('script:not([type="application/ld+json"])')].some((s) =>
      (s.textContent ?? '').includes('alert'),
    ),
    'the claim is text, not a script',
  );
  assert.equal(claimReviews(html)[0]?.claimReviewed, CLAIM, 'in the JSON-LD the claim is data, read back intact');
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

  test(`${backend}: a server failure behind /r/:id is a page too, with the generic Korean message and no details`, async (t) => {
    const app = await build(t, backend);
    await app.db.exec('DROP TABLE analyses CASCADE');
    const res = await app.inject({ method: 'GET', url: `/r/${randomUUID()}` });
    assert.equal(res.statusCode, 500);
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
    assert.match(parse(res.body).document.querySelector('p')?.textContent ?? '', /잠시 후 다시 시도해 주세요/);
    assert.doesNotMatch(res.body, /analyses|relation|does not exist|INTERNAL_ERROR/);
  });

  test(`${backend}: without OLALA_PUBLIC_URL, /r/:id names no host at all (relative canonical, no og:url/og:image) and is private to the browser`, async (t) => {
    const app = await build(t, backend, { OLALA_TRUST_PROXY: 'true' });
    const id = await storeShared(app.db);
    for (const headers of [SPOOFED, { host: '"><script>x</script>' }, {}]) {
      const res = await app.inject({ method: 'GET', url: `/r/${id}`, headers });
      assert.equal(res.statusCode, 200);
      assert.ok(
        !res.body.includes('evil') && !res.body.includes('<script>x'),
        'the Host and X-Forwarded-Host headers never reach the page',
      );
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

    for (const [webDir, hasApp] of [
      [withBuild, true],
      [withoutBuild, false],
    ] as const) {
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
      assert.equal(
        document.querySelectorAll('meta[property="og:title"]').length,
        1,
        "the build's own preview tags are replaced",
      );
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
  for (const bad of [
    'olala.example',
    'ftp://olala.example',
    'javascript:alert(1)',
    'https://user:pw@olala.example',
    'https://olala.example/app',
    'https://olala.example/?a=1',
    'https://olala.example/#x',
  ]) {
    assert.throws(
      () => loadConfig({ OLALA_PUBLIC_URL: bad }),
      (err: unknown) =>
        err instanceof ConfigError && err.variable === 'OLALA_PUBLIC_URL' && !err.message.includes(':pw@'),
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

for (const backend of BACKENDS) {
  test(`${backend}: every share page carries a schema.org ClaimReview: the claim, the Korean label, the organisation as author, the checked URL`, async (t) => {
    const app = await build(t, backend, { OLALA_PUBLIC_URL: PUBLIC, OLALA_ORG_NAME: '올라 팩트체크' });
    const id = await storeShared(app.db);
    const [review, ...more] = claimReviews(
      (await app.inject({ method: 'GET', url: `/r/${id}`, headers: SPOOFED })).body,
    );
    assert.equal(more.length, 0);
    assertClaimReview(review!, { claim: CLAIM, label: 'FALSE', url: `${PUBLIC}/r/${id}`, author: '올라 팩트체크' });
    assert.deepEqual(
      [review!.reviewRating.ratingValue, review!.reviewRating.worstRating, review!.reviewRating.bestRating],
      [1, 1, 5],
    );

    // A checked URL is where the claim appeared.
    const fromUrl = await storeAnalysis(app.db, { claim: '올라라전자가 1위다.', label: 'TRUE' });
    await app.db.query(
      `UPDATE analyses SET input_type = 'url', input_payload = 'https://news.example.kr/a?b=1&c=<2>' WHERE analysis_id = $1`,
      [fromUrl],
    );
    const [urlReview] = claimReviews((await app.inject({ method: 'GET', url: `/r/${fromUrl}` })).body);
    assertClaimReview(urlReview!, {
      claim: '올라라전자가 1위다.',
      label: 'TRUE',
      url: `${PUBLIC}/r/${fromUrl}`,
      author: '올라 팩트체크',
      appearance: 'https://news.example.kr/a?b=1&c=<2>',
    });
    assert.equal(urlReview!.reviewRating.ratingValue, 5);

    // 판단 보류 is not on the numeric scale; a refusal reviewed no claim.
    const undecided = await storeShared(app.db, 'UNVERIFIED');
    const [open] = claimReviews((await app.inject({ method: 'GET', url: `/r/${undecided}` })).body);
    assertClaimReview(open!, {
      claim: CLAIM,
      label: 'UNVERIFIED',
      url: `${PUBLIC}/r/${undecided}`,
      author: '올라 팩트체크',
    });
    assert.equal(open!.reviewRating.ratingValue, undefined);
    const refused = await storeShared(app.db, 'REFUSED');
    assert.deepEqual(claimReviews((await app.inject({ method: 'GET', url: `/r/${refused}` })).body), []);
  });

  test(`${backend}: /r/:id renders an article: title, label counts, each claim with its label and quote, the source, and one ClaimReview per checked claim`, async (t) => {
    const app = await build(t, backend);
    const article = await storeArticle(app.db, {
      title: '정부 "<내년> 예산 600조" 발표',
      url: 'https://news.example.kr/economy/1',
      published_at: '2026-11-30T01:00:00.000Z',
      claims: [
        { text: '내년 예산은 600조 원이다.', label: 'TRUE' },
        { text: '국방비는 10% 늘었다.', label: 'FALSE' },
        { text: '복지 예산은 줄었다.', label: null },
      ],
    });
    const withoutBuild = tempDir(t);
    const server = Fastify();
    server.decorate('db', app.db);
    server.decorate('config', { ...app.config, publicUrl: PUBLIC, organization: { name: 'OLaLA', url: PUBLIC } });
    await server.register(share, { webDir: withoutBuild });
    t.after(() => server.close());
    const res = await server.inject({ method: 'GET', url: `/r/${article.article_id}`, headers: SPOOFED });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes('evil'));
    const { document, meta } = parse(res.body);
    assert.equal(document.querySelector('h1')?.textContent, '정부 "<내년> 예산 600조" 발표');
    assert.equal(meta('og:title'), '기사 검증: 정부 "<내년> 예산 600조" 발표');
    assert.match(meta('og:description') ?? '', /^주장 3개 검증 — 사실 1 · 거짓 1 · 확인 실패 1\./);
    assert.equal(meta('og:url'), `${PUBLIC}/r/${article.article_id}`);
    // The summary bar: one coloured stretch per label present, as wide as its share.
    const bar = [...document.querySelectorAll('.summary-bar > span')].map((el) => el.getAttribute('style'));
    assert.deepEqual(bar, [
      `width:33.33%;background:${VERDICT_COLOURS.TRUE.light}`,
      `width:33.33%;background:${VERDICT_COLOURS.FALSE.light}`,
    ]);
    assert.deepEqual(
      [...document.querySelectorAll('.counts .pill')].map((el) => el.textContent),
      ['사실 1', '거짓 1'],
    );
    const rows = [...document.querySelectorAll('.claims > li')];
    assert.deepEqual(
      rows.map((li) => li.querySelector('.pill')?.textContent),
      ['사실', '거짓', '확인 실패'],
    );
    assert.deepEqual(
      rows.map((li) => li.querySelector('.claim')?.textContent),
      article.claims.map((c) => c.text),
    );
    assert.deepEqual(
      rows.map((li) => li.querySelector('blockquote')?.textContent),
      article.claims.map((c) => `기사 원문: “${c.text}”`),
    );
    assert.equal(document.querySelector('a[href="https://news.example.kr/economy/1"]')?.textContent, '기사 원문 보기');

    const reviews = claimReviews(res.body);
    assert.equal(reviews.length, 2, 'one per checked claim; the failed one reviewed nothing');
    for (const [i, r] of reviews.entries()) {
      assertClaimReview(r, {
        claim: article.claims[i]!.text,
        label: i === 0 ? 'TRUE' : 'FALSE',
        url: `${PUBLIC}/r/${article.article_id}`,
        appearance: 'https://news.example.kr/economy/1',
      });
      assert.equal(r.itemReviewed.datePublished, '2026-11-30T01:00:00.000Z');
    }

    // Served by the app's own route too (no public URL there: no url in the markup, relative canonical).
    const direct = await app.inject({ method: 'GET', url: `/r/${article.article_id}` });
    assert.equal(direct.statusCode, 200);
    assert.equal(claimReviews(direct.body)[0]!.url, undefined);
  });
}

test('OLALA_ORG_NAME and OLALA_ORG_URL: the ClaimReview author, "OLaLA" and the public URL by default; one bounded line', () => {
  assert.deepEqual(loadConfig({}).organization, { name: 'OLaLA', url: undefined });
  assert.deepEqual(loadConfig({ OLALA_PUBLIC_URL: PUBLIC }).organization, { name: 'OLaLA', url: PUBLIC });
  assert.deepEqual(
    loadConfig({ OLALA_ORG_NAME: ' 올라 팩트체크 ', OLALA_ORG_URL: 'https://factcheck.example/about' }).organization,
    { name: '올라 팩트체크', url: 'https://factcheck.example/about' },
  );
  for (const [name, value] of [
    ['OLALA_ORG_NAME', '가'.repeat(101)],
    ['OLALA_ORG_NAME', '올라\n팩트체크'],
    ['OLALA_ORG_URL', 'javascript:alert(1)'],
  ] as const) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (err: unknown) => err instanceof ConfigError && err.variable === name,
      `${name}=${value}`,
    );
  }
});
