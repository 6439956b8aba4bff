import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { extractArticle, fetchArticle } from '@olala/core';
import { fakeArticleServer } from '@olala/testing';

// A made-up article laid out like a Korean news site: navigation, ads, byline, related links, footer.
const NEWS = fs.readFileSync(new URL('./fixtures/korean-news.html', import.meta.url), 'utf8');
const URL_SEEN = 'https://m.olala-ilbo.example/news/articleView.html?idxno=123456&utm_source=share';

test('the article body is extracted from a Korean news page, without navigation, sidebars or footer', () => {
  const a = extractArticle(NEWS, URL_SEEN);
  assert.equal(
    a.title,
    "[단독] 가상시 '무료 공공자전거' 내년 3월 시행… 예산 120억 투입",
    'og:title, without the site name of <title>',
  );
  assert.equal(a.description, '가상시가 내년 3월부터 공공자전거를 시민에게 무료로 개방한다.');
  assert.equal(a.site_name, '올랄라일보');
  assert.equal(
    a.canonical_url,
    'https://m.olala-ilbo.example/news/articleView.html?idxno=123456',
    'relative canonical resolved',
  );
  assert.equal(a.published_at, '2025-03-03T00:30:00.000Z');
  assert.match(a.text, /3일 시에 따르면 시는 이를 위해 내년도 본예산에 120억 원을 편성했으며/);
  assert.match(a.text, /공청회는 4월 10일 시청 대회의실에서 열린다\./);
  for (const noise of ['많이 본 뉴스', '주말 나들이 명소', '대표전화', '정치', 'dataLayer', '.ad-banner']) {
    assert.ok(!a.text.includes(noise), `"${noise}" should not be in the text`);
  }
  const paragraphs = a.text.split('\n');
  assert.ok(
    paragraphs.some((p) => p.startsWith('다만 일부 시의원들은')),
    'paragraphs stay on their own lines',
  );
  assert.ok(
    paragraphs.every((p) => p === p.trim() && !/\s{2}/.test(p)),
    'whitespace collapsed',
  );
});

test('little extractable text: the title falls back to <title> and the text to the page or the description', () => {
  const bare = extractArticle(
    '<html><head><title>짧은 공지 - 사이트</title><meta name="description" content="  설명만   있는 페이지 "></head><body><p>안내 말씀</p></body></html>',
    'https://www.notice.example/x',
  );
  assert.equal(bare.title, '짧은 공지 - 사이트');
  assert.equal(bare.description, '설명만 있는 페이지');
  assert.equal(bare.text, '안내 말씀');
  assert.equal(bare.site_name, 'notice.example');
  assert.equal(bare.canonical_url, 'https://www.notice.example/x');
  assert.equal(bare.published_at, undefined);

  const empty = extractArticle(
    '<html><head><meta property="og:title" content="제목만"><meta property="og:description" content="요약문"></head><body></body></html>',
    'https://e.example/',
  );
  assert.equal(empty.title, '제목만');
  assert.equal(empty.text, '요약문');
});

test('the text is capped at a word boundary', () => {
  const html = `<html><body><article>${Array.from({ length: 400 }, (_, i) => `<p>문단 ${i} 번째 내용입니다. 시민들은 이 소식을 반겼다.</p>`).join('')}</article></body></html>`;
  const a = extractArticle(html, 'https://long.example/a', { maxChars: 1000 });
  assert.ok(a.text.length <= 1000 && a.text.length > 900, `length ${a.text.length}`);
  assert.ok(/[.다]$/.test(a.text) || !/\s$/.test(a.text));
});

test('fetchArticle fetches through safeFetch: EUC-KR pages, plain text, and the final URL after redirects', async (t) => {
  const site = await fakeArticleServer(t, {
    '/old': { redirect: '/euc' },
    '/euc': {
      body: NEWS.replace('<meta charset="utf-8">', '<meta charset="euc-kr">'),
      charset: 'euc-kr',
      contentType: 'text/html',
    },
    '/note.txt': { body: '공지 제목\n\n본문 첫 줄입니다.\n  둘째   줄.', contentType: 'text/plain; charset=utf-8' },
  });
  const a = await fetchArticle(`${site.url}/old`, { allowLoopback: true });
  assert.equal(a.url, `${site.url}/euc`);
  assert.match(a.title, /무료 공공자전거/);
  assert.match(a.text, /120억 원을 편성했으며/);
  const txt = await fetchArticle(`${site.url}/note.txt`, { allowLoopback: true });
  assert.equal(txt.title, '공지 제목');
  assert.equal(txt.text, '공지 제목\n본문 첫 줄입니다.\n둘째 줄.');
  await assert.rejects(fetchArticle(`${site.url}/euc`), { code: 'PRIVATE_ADDRESS' });
});
