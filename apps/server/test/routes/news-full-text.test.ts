import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TruthCheckResponse } from '@olala/contract';
import { fakeArticleServer, fakeNaverNews } from '@olala/testing';
import { appWithSample } from '../truth-fakes.js';

/**
 * The server wires the news full-text reader from its configuration: a news result's page (a
 * loopback fake) is read, and its body, not the search's description, is what the rules quote.
 * The reader's bounds are tested in packages/core/test/sources/full-text.test.ts.
 */

const CLAIM = '가상시는 공공자전거를 내년 3월부터 무료로 운영한다.';
const DESCRIPTION = '가상시가 공공자전거 요금 제도를 바꾼다고 밝혔다.';
const PARAGRAPHS = [
  CLAIM,
  '시 관계자는 이용자가 늘어 자전거 대여소를 200곳 더 설치할 계획이라고 설명했다.',
  '시민단체는 요금 제도 변경을 환영하면서도 안전 교육이 함께 이뤄져야 한다고 주장했다.',
  '시의회는 다음 달 관련 조례 개정안을 심의할 예정이며 예산 규모는 아직 정해지지 않았다.',
  '교통 전문가들은 대중교통과 연계한 환승 할인이 이용을 더 늘릴 것이라고 내다봤다.',
];
const HTML = `<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>가상시 공공자전거 요금 개편</title></head>
<body><main><article><h1>가상시 공공자전거 요금 개편</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</article></main></body></html>`;

test('a news result is read in full when OLALA_NEWS_FULLTEXT_PER_CLAIM allows it, and its body is quoted', async (t) => {
  const site = await fakeArticleServer(t, { '/news/1': { body: HTML } });
  const naver = await fakeNaverNews(t, [
    {
      title: '가상시 공공자전거 요금 개편',
      originallink: `${site.url}/news/1`,
      link: '',
      description: DESCRIPTION,
      pubDate: 'Mon, 03 Mar 2025 09:30:00 +0900',
    },
  ]);
  const app = await appWithSample(t, 'pglite', {
    NAVER_CLIENT_ID: 'id',
    NAVER_CLIENT_SECRET: 'secret',
    NAVER_API_URL: naver.url,
    OLALA_FETCH_ALLOW_LOOPBACK: '1',
    OLALA_NEWS_FULLTEXT_PER_CLAIM: '3',
  });
  const res = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: { input_type: 'text', input_payload: CLAIM, no_cache: true, include_full_outputs: true },
  });
  assert.equal(res.statusCode, 200, res.body);
  const result: TruthCheckResponse = res.json();

  assert.equal(site.requests.length, 1, 'the page was fetched once');
  const web = result.stage_outputs?.stage03_web as { full_text?: { fetched: number } };
  assert.equal(web.full_text?.fetched, 1);
  const support = result.citations.find((c) => c.stance === 'support' && c.url === `${site.url}/news/1`);
  assert.ok(support, JSON.stringify(result.citations));
  assert.ok(support.quote.includes('무료로 운영한다'), support.quote);
});
