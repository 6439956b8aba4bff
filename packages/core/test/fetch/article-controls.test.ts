import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchArticle } from '@olala/core';
import { fakeArticleServer } from '@olala/testing';

/** A page's text becomes a claim and a stored result: control characters (U+0000 above all, which PostgreSQL refuses) are cleaned on the way in. */
test('fetched pages lose their control characters: HTML and plain text', async (t) => {
  const site = await fakeArticleServer(t, {
    '/a': {
      body: '<html><head><title>제목\u0000입니다</title></head><body><article><p>화성은\u0000 태양계의\u0007 4번째 행성이다.</p></article></body></html>',
    },
    '/b.txt': { body: '메모 제목\u0000\r\n본문\u0085 둘째 줄', contentType: 'text/plain; charset=utf-8' },
  });
  const html = await fetchArticle(`${site.url}/a`, { allowLoopback: true });
  assert.equal(html.title, '제목입니다');
  assert.match(html.text, /화성은 태양계의 4번째 행성이다\./);
  const plain = await fetchArticle(`${site.url}/b.txt`, { allowLoopback: true });
  assert.equal(plain.title, '메모 제목');
  for (const s of [html.title, html.text, html.description, plain.title, plain.text, plain.description]) {
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(s, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, JSON.stringify(s));
  }
});
