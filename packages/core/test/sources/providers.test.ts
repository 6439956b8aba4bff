import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createSearchProviders,
  GoogleNewsProvider,
  loadSourcesConfig,
  NaverNewsProvider,
  SearchProviderError,
} from '@olala/core';
import { fakeGoogleNewsRss, fakeNaverNews, type FakeNaverItem, type FakeRssItem } from '@olala/testing';

const SECRET = 'naver-secret-do-not-log';
const KEYS = { clientId: 'naver-client-id', clientSecret: SECRET };
const FAST = { retryDelayMs: 5, timeoutMs: 1000 };

const NAVER_ITEMS: FakeNaverItem[] = [
  {
    title: '가상시 &quot;<b>공공자전거</b> 무료화&quot; 내년 3월 시행',
    originallink: 'https://www.yna.co.kr/view/AKR20250303000100001',
    link: 'https://n.news.naver.com/mnews/article/001/0015000000?sid=102',
    description: '가상시가 <b>공공자전거</b>를 무료로 개방한다. 예산은 120억&amp;원이며 R&amp;D와 무관하다.',
    pubDate: 'Mon, 03 Mar 2025 09:30:00 +0900',
  },
  {
    title: '<b>공공자전거</b> 이용 늘어',
    originallink: '',
    link: 'https://n.news.naver.com/mnews/article/003/0012000000',
    description: '하루 평균 1만&nbsp;2천 건',
    pubDate: 'not a date',
  },
  { title: '', originallink: 'https://x.example/empty', link: '', description: '', pubDate: '' },
];

const RSS_ITEMS: FakeRssItem[] = [
  {
    title: '가상시 공공자전거 무료화 내년 3월 시행 - 연합뉴스',
    link: 'https://news.google.com/rss/articles/CBMiAAA?oc=5',
    pubDate: 'Mon, 03 Mar 2025 00:30:00 GMT',
    description:
      '<a href="https://news.google.com/rss/articles/CBMiAAA?oc=5" target="_blank">가상시 공공자전거 무료화 내년 3월 시행</a>&nbsp;&nbsp;<font color="#6f6f6f">연합뉴스</font>',
    source: '연합뉴스',
    sourceUrl: 'https://www.yna.co.kr',
  },
  {
    title: 'R&D 예산 "삭감" 논란 - 가상일보',
    link: 'https://news.google.com/rss/articles/CBMiBBB?oc=5',
    pubDate: 'Tue, 04 Mar 2025 01:00:00 GMT',
    description: '<p>과학계 &lt;반발&gt; 계속</p>',
    source: '가상일보',
    sourceUrl: 'https://www.gasang-ilbo.example',
  },
];

describe('Naver News', () => {
  test('markup is stripped, entities decoded, dates parsed, the original link preferred, keys sent as headers', async (t) => {
    const api = await fakeNaverNews(t, NAVER_ITEMS);
    const naver = new NaverNewsProvider({ ...KEYS, baseUrl: api.url, ...FAST });
    const results = await naver.search('  가상시   공공자전거 ', { limit: 5 });
    assert.deepEqual(results, [
      {
        title: '가상시 "공공자전거 무료화" 내년 3월 시행',
        url: 'https://www.yna.co.kr/view/AKR20250303000100001',
        description: '가상시가 공공자전거를 무료로 개방한다. 예산은 120억&원이며 R&D와 무관하다.',
        published_at: '2025-03-03T00:30:00.000Z',
        publisher: 'yna.co.kr',
        publisher_url: 'https://www.yna.co.kr',
      },
      {
        title: '공공자전거 이용 늘어',
        url: 'https://n.news.naver.com/mnews/article/003/0012000000',
        description: '하루 평균 1만 2천 건',
      },
    ]);
    const sent = api.requests[0]!;
    assert.equal(sent.headers['x-naver-client-id'], 'naver-client-id');
    assert.equal(sent.headers['x-naver-client-secret'], SECRET);
    const params = new URL(sent.path, api.url).searchParams;
    assert.equal(params.get('query'), '가상시 공공자전거');
    assert.equal(params.get('display'), '5');
    assert.equal(params.get('sort'), 'sim');
    assert.ok(!sent.path.includes(SECRET), 'the secret is not in the URL');
  });

  test("the publisher is the site as trust tiers name it: a mobile host is the newspaper's site", async (t) => {
    const api = await fakeNaverNews(t, [
      { ...NAVER_ITEMS[0]!, originallink: 'https://m.yna.co.kr/view/AKR20250303000100001' },
    ]);
    const [result] = await new NaverNewsProvider({ ...KEYS, baseUrl: api.url, ...FAST }).search('자전거', { limit: 1 });
    assert.equal(result?.publisher, 'yna.co.kr');
    assert.equal(result?.publisher_url, 'https://m.yna.co.kr');
  });

  test('queries are cut to 100 characters and display to 100', async (t) => {
    const api = await fakeNaverNews(t, NAVER_ITEMS);
    await new NaverNewsProvider({ ...KEYS, baseUrl: api.url, ...FAST }).search('가'.repeat(150), { limit: 500 });
    const params = new URL(api.requests[0]!.path, api.url).searchParams;
    assert.equal(params.get('query'), '가'.repeat(100));
    assert.equal(params.get('display'), '100');
  });

  test('500s are retried with backoff; three in a row fail with the status and without the keys', async (t) => {
    const flaky = await fakeNaverNews(t, NAVER_ITEMS, { failures: 2 });
    const ok = await new NaverNewsProvider({ ...KEYS, baseUrl: flaky.url, ...FAST }).search('자전거', { limit: 3 });
    assert.equal(ok.length, 2);
    assert.equal(flaky.requests.length, 3);

    const down = await fakeNaverNews(t, NAVER_ITEMS, { failures: 10 });
    await assert.rejects(
      new NaverNewsProvider({ ...KEYS, baseUrl: down.url, ...FAST }).search('자전거', { limit: 3 }),
      (err: unknown) => {
        assert.ok(err instanceof SearchProviderError);
        assert.equal(err.status, 500);
        assert.match(err.message, /^naver: HTTP 500.*after 3 attempts/);
        assert.ok(!err.message.includes(SECRET) && !String(err.stack).includes(SECRET));
        return true;
      },
    );
    assert.equal(down.requests.length, 3);
  });

  test('401 is not retried; a timeout is, and the caller can abort', async (t) => {
    const api = await fakeNaverNews(t, NAVER_ITEMS);
    await assert.rejects(
      new NaverNewsProvider({ ...KEYS, clientId: '', baseUrl: api.url, ...FAST }).search('자전거', { limit: 3 }),
      /naver: HTTP 401.*인증에 실패/,
    );
    assert.equal(api.requests.length, 1);

    const slow = await fakeNaverNews(t, NAVER_ITEMS, { delayMs: 2000 });
    await assert.rejects(
      new NaverNewsProvider({ ...KEYS, baseUrl: slow.url, retryDelayMs: 5, timeoutMs: 100 }).search('자전거', {
        limit: 3,
      }),
      /no answer within 100 ms \(after 3 attempts\)/,
    );
    assert.equal(slow.requests.length, 3);

    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    await assert.rejects(
      new NaverNewsProvider({ ...KEYS, baseUrl: slow.url, ...FAST }).search('자전거', {
        limit: 3,
        signal: controller.signal,
      }),
      /run cancelled/,
    );
  });

  test('the concurrency limit is shared by every search on one provider', async (t) => {
    const api = await fakeNaverNews(t, NAVER_ITEMS, { delayMs: 50 });
    const naver = new NaverNewsProvider({ ...KEYS, baseUrl: api.url, ...FAST, concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => naver.search(`질의 ${i}`, { limit: 1 })));
    assert.equal(api.requests.length, 6);
    assert.equal(api.peakConcurrency(), 2);
  });
});

describe('Google News RSS', () => {
  test('titles lose the publisher suffix, descriptions that only repeat the title are dropped, the source site is kept', async (t) => {
    const rss = await fakeGoogleNewsRss(t, RSS_ITEMS);
    const google = new GoogleNewsProvider({ baseUrl: rss.url, ...FAST });
    const results = await google.search('공공자전거 무료화', { limit: 10 });
    assert.deepEqual(results, [
      {
        title: '가상시 공공자전거 무료화 내년 3월 시행',
        url: 'https://news.google.com/rss/articles/CBMiAAA?oc=5',
        description: '',
        published_at: '2025-03-03T00:30:00.000Z',
        publisher: '연합뉴스',
        publisher_url: 'https://www.yna.co.kr',
      },
      {
        title: 'R&D 예산 "삭감" 논란',
        url: 'https://news.google.com/rss/articles/CBMiBBB?oc=5',
        description: '과학계 <반발> 계속',
        published_at: '2025-03-04T01:00:00.000Z',
        publisher: '가상일보',
        publisher_url: 'https://www.gasang-ilbo.example',
      },
    ]);
    const params = new URL(rss.requests[0]!.path, rss.url).searchParams;
    assert.deepEqual(
      [params.get('q'), params.get('hl'), params.get('gl'), params.get('ceid')],
      ['공공자전거 무료화', 'ko', 'KR', 'KR:ko'],
    );
    assert.equal((await google.search('x', { limit: 1 })).length, 1, 'limit applies');
  });

  test('503s are retried; an empty feed is no results; a non-RSS answer is an error', async (t) => {
    const flaky = await fakeGoogleNewsRss(t, RSS_ITEMS, { failures: 2 });
    assert.equal(
      (await new GoogleNewsProvider({ baseUrl: flaky.url, ...FAST }).search('자전거', { limit: 5 })).length,
      2,
    );
    assert.equal(flaky.requests.length, 3);
    const empty = await fakeGoogleNewsRss(t, []);
    assert.deepEqual(
      await new GoogleNewsProvider({ baseUrl: empty.url, ...FAST }).search('없는 주제', { limit: 5 }),
      [],
    );
    const wrong = await fakeNaverNews(t, []); // answers JSON 404 on /rss/search
    await assert.rejects(
      new GoogleNewsProvider({ baseUrl: wrong.url, ...FAST }).search('자전거', { limit: 5 }),
      /google-news: HTTP 404/,
    );
  });
});

describe('configuration', () => {
  test('Naver runs when both keys are set; Google News only when named', () => {
    assert.deepEqual(loadSourcesConfig({}).providers, []);
    const naverOnly = loadSourcesConfig({ NAVER_CLIENT_ID: 'id', NAVER_CLIENT_SECRET: 's' });
    assert.deepEqual(naverOnly.providers, ['naver']);
    assert.equal(naverOnly.naver?.baseUrl, 'https://openapi.naver.com');
    const both = loadSourcesConfig({
      NAVER_CLIENT_ID: 'id',
      NAVER_CLIENT_SECRET: 's',
      OLALA_NEWS_PROVIDERS: 'naver, google-news',
      NAVER_API_URL: 'http://127.0.0.1:9/',
      GOOGLE_NEWS_RSS_URL: 'http://127.0.0.1:8',
    });
    assert.deepEqual(both.providers, ['naver', 'google-news']);
    assert.equal(both.naver?.baseUrl, 'http://127.0.0.1:9');
    assert.equal(both.googleNews.baseUrl, 'http://127.0.0.1:8');
    assert.deepEqual(
      loadSourcesConfig({ NAVER_CLIENT_ID: 'id', NAVER_CLIENT_SECRET: 's', OLALA_NEWS_PROVIDERS: 'none' }).providers,
      [],
    );
    assert.deepEqual(
      createSearchProviders(both).map((p) => [p.name, p.kind]),
      [
        ['naver', 'news'],
        ['google-news', 'news'],
      ],
    );
  });

  test('mistakes name the variable', () => {
    assert.throws(() => loadSourcesConfig({ NAVER_CLIENT_ID: 'id' }), /NAVER_CLIENT_SECRET/);
    assert.throws(
      () => loadSourcesConfig({ OLALA_NEWS_PROVIDERS: 'naver' }),
      /OLALA_NEWS_PROVIDERS: naver is listed but NAVER_CLIENT_ID/,
    );
    assert.throws(
      () => loadSourcesConfig({ OLALA_NEWS_PROVIDERS: 'bing' }),
      /OLALA_NEWS_PROVIDERS: unknown provider "bing"/,
    );
    assert.throws(
      () => loadSourcesConfig({ NAVER_API_URL: 'ftp://x', NAVER_CLIENT_ID: 'i', NAVER_CLIENT_SECRET: 's' }),
      /NAVER_API_URL/,
    );
    assert.throws(() => loadSourcesConfig({ OLALA_NEWS_TIMEOUT_MS: '5s' }), /OLALA_NEWS_TIMEOUT_MS/);
  });
});
