import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigError,
  createFullTextReader,
  FullTextReader,
  loadFetchConfig,
  loadSourcesConfig,
  NaverNewsProvider,
  type FullTextConfig,
  type SearchProvider,
  type SearchResult,
  fetchArticle,
} from '@olala/core';
import { collectWeb } from '../../src/pipeline/stages/collect/web.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { checkArticle } from '../../src/articles/service.js';
import type { PipelineDeps } from '../../src/pipeline/types.js';
import { fakeArticleServer, fakeNaverNews, freshDb, type FakeServer } from '@olala/testing';

/**
 * News results read in full: through the SSRF-safe fetch, at most N per claim, a few
 * connections per site, within the stage's time, cached, and never the checked article.
 * Every site is a loopback fake; "slow" and "late" are decided by the budget handed in, not by
 * measuring time.
 */

const CONFIG: FullTextConfig = { perClaim: 3, perHost: 2, timeoutMs: 5000, maxBytes: 1024 * 1024, cacheMs: 60_000 };
const PLENTY = () => 60_000;
const DESCRIPTION = '가상시가 공공자전거 요금 제도를 바꾼다고 밝혔다.';
/** Only in the body: the search's description does not say it. */
const BODY_FACT = '가상시는 공공자전거를 내년 3월부터 무료로 운영한다.';

function articleHtml(title: string, paragraphs: readonly string[] = [BODY_FACT], extra = ''): string {
  const filler = [
    '시 관계자는 이용자가 늘어 자전거 대여소를 200곳 더 설치할 계획이라고 설명했다.',
    '시민단체는 요금 제도 변경을 환영하면서도 안전 교육이 함께 이뤄져야 한다고 주장했다.',
    '시의회는 다음 달 관련 조례 개정안을 심의할 예정이며 예산 규모는 아직 정해지지 않았다.',
    '교통 전문가들은 대중교통과 연계한 환승 할인이 이용을 더 늘릴 것이라고 내다봤다.',
    '시는 운영 결과를 분기마다 공개하고 시민 의견을 받아 제도를 보완하겠다고 덧붙였다.',
  ];
  return `<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:title" content="${title}">${extra}</head><body><main><article><h1>${title}</h1>
${[...paragraphs, ...filler].map((p) => `<p>${p}</p>`).join('\n')}
</article></main></body></html>`;
}

/** A search provider answering `results` for every query. */
function provider(results: SearchResult[]): SearchProvider {
  return { name: 'naver', kind: 'news', search: async (_query, { limit }) => results.slice(0, limit) };
}

const result = (url: string, title: string, description = DESCRIPTION): SearchResult => ({ url, title, description });

function reader(overrides: Partial<ConstructorParameters<typeof FullTextReader>[0]> = {}): FullTextReader {
  return new FullTextReader({ ...CONFIG, allowLoopback: true, ...overrides });
}

async function collect(
  results: SearchResult[],
  fullText: FullTextReader,
  options: { remainingMs?: () => number; signal?: AbortSignal; checked?: { url: string; title?: string } } = {},
) {
  return collectWeb([provider(results)], ['공공자전거 무료'], options.signal ?? new AbortController().signal, {
    reader: fullText,
    remainingMs: options.remainingMs ?? PLENTY,
    ...(options.checked ? { checked: options.checked } : {}),
  });
}

const pathsAsked = (site: FakeServer) => site.requests.map((r) => r.path);

describe('news articles read in full', () => {
  test('the body becomes the evidence, so the rules quote a sentence only the body has', async (t) => {
    const site = await fakeArticleServer(t, { '/news/1': { body: articleHtml('가상시 공공자전거 요금 개편') } });
    const api = await fakeNaverNews(t, [
      {
        title: '가상시 공공자전거 요금 개편',
        originallink: `${site.url}/news/1`,
        link: '',
        description: DESCRIPTION,
        pubDate: 'Mon, 03 Mar 2025 09:30:00 +0900',
      },
    ]);
    const { db } = await freshDb(t, 'pglite');
    const naver = new NaverNewsProvider({ clientId: 'id', clientSecret: 'secret', baseUrl: api.url, retryDelayMs: 5 });
    const deps: PipelineDeps = { db, wiki: { reader: db }, llm: {}, providers: [naver] };
    const request = { input_type: 'text', input_payload: BODY_FACT } as const;

    const without = await runPipeline(deps, request);
    assert.ok(
      !without.citations.some((c) => c.quote.includes('무료로 운영')),
      'the description alone cannot support it',
    );

    const withBody = await runPipeline({ ...deps, fullText: reader() }, request);
    const support = withBody.citations.find((c) => c.stance === 'support');
    assert.ok(support, `a supporting citation: ${JSON.stringify(withBody.citations)}`);
    assert.ok(support.quote.includes('무료로 운영한다'), `quoted from the body: ${support.quote}`);
    assert.ok(!DESCRIPTION.includes(support.quote));
    assert.deepEqual((withBody.stage_outputs.stage03_web as { full_text: unknown }).full_text, {
      fetched: 1,
      cached: 0,
      failed: 0,
      self_citations: 0,
    });
  });

  test('a result on a private address is refused by the safe fetch, never contacted, and keeps its description', async (t) => {
    const site = await fakeArticleServer(t, { '/news/1': { body: articleHtml('가상시 공공자전거 요금 개편') } });
    const api = await fakeNaverNews(t, [
      { title: '루프백 기사', originallink: `${site.url}/news/1`, link: '', description: DESCRIPTION, pubDate: '' },
      {
        title: '메타데이터 기사',
        originallink: 'http://169.254.169.254/latest/meta-data/',
        link: '',
        description: DESCRIPTION,
        pubDate: '',
      },
      { title: '사설망 기사', originallink: 'http://10.0.0.7/news/1', link: '', description: DESCRIPTION, pubDate: '' },
    ]);
    const naver = new NaverNewsProvider({ clientId: 'id', clientSecret: 'secret', baseUrl: api.url, retryDelayMs: 5 });
    // As in production: loopback is not allowed.
    const fullText = createFullTextReader(
      loadSourcesConfig({ NAVER_CLIENT_ID: 'id', NAVER_CLIENT_SECRET: 'secret' }),
      loadFetchConfig({}),
    );
    assert.ok(fullText);
    const web = await collectWeb([naver], ['공공자전거'], new AbortController().signal, {
      reader: fullText,
      remainingMs: PLENTY,
    });

    assert.equal(site.requests.length, 0, 'the loopback site was never contacted');
    assert.equal(web.evidence.length, 3);
    for (const e of web.evidence) assert.equal(e.content, `${e.title}\n${DESCRIPTION}`);
    assert.deepEqual(web.full_text, { fetched: 0, cached: 0, failed: 3, self_citations: 0 });
  });

  test('an oversize page falls back to its description', async (t) => {
    const site = await fakeArticleServer(t, { '/huge': { streamBytes: 4 * 1024 * 1024 } });
    const web = await collect([result(`${site.url}/huge`, '큰 기사')], reader({ maxBytes: 64 * 1024 }));
    assert.equal(web.evidence[0]!.content, `큰 기사\n${DESCRIPTION}`);
    assert.deepEqual(web.full_text, { fetched: 0, cached: 0, failed: 1, self_citations: 0 });
  });

  test('a page that would answer after the stage deadline falls back to its description, and the stage returns', async (t) => {
    const site = await fakeArticleServer(t, { '/slow': { body: articleHtml('느린 기사'), delayMs: 60_000 } });
    // 1 s left in the stage against an answer a minute away: it cannot fit, whatever the machine's speed.
    const web = await collect([result(`${site.url}/slow`, '느린 기사')], reader(), { remainingMs: () => 1000.5 });
    assert.equal(site.requests.length, 1);
    assert.equal(web.evidence[0]!.content, `느린 기사\n${DESCRIPTION}`);
    assert.deepEqual(web.full_text, { fetched: 0, cached: 0, failed: 1, self_citations: 0 });
  });

  test("the run's signal stops a fetch in flight; the result keeps its description", async (t) => {
    const site = await fakeArticleServer(t, { '/slow': { body: articleHtml('느린 기사'), delayMs: 60_000 } });
    const run = new AbortController();
    const collecting = collect([result(`${site.url}/slow`, '느린 기사')], reader(), { signal: run.signal });
    while (site.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    run.abort(new Error('client gone'));
    const web = await collecting;
    assert.equal(web.evidence[0]!.content, `느린 기사\n${DESCRIPTION}`);
    assert.equal(web.full_text?.failed, 1);
  });

  test('no time left in the stage: nothing is fetched', async (t) => {
    const site = await fakeArticleServer(t, { '/ok': { body: articleHtml('기사') } });
    const web = await collect([result(`${site.url}/ok`, '기사')], reader(), { remainingMs: () => 100 });
    assert.equal(site.requests.length, 0);
    assert.equal(web.evidence[0]!.content, `기사\n${DESCRIPTION}`);
  });

  test('a cached article is not fetched again within its time to live, and is after it', async (t) => {
    const site = await fakeArticleServer(t, { '/news/1': { body: articleHtml('기사') } });
    let now = 1_000_000;
    const fullText = reader({ cacheMs: 60_000, now: () => now });
    const results = [result(`${site.url}/news/1`, '기사')];

    assert.equal((await collect(results, fullText)).full_text?.fetched, 1);
    now += 59_000;
    const again = await collect(results, fullText);
    assert.deepEqual(again.full_text, { fetched: 0, cached: 1, failed: 0, self_citations: 0 });
    assert.ok(again.evidence[0]!.content.includes(BODY_FACT), 'the cached body is used');
    assert.equal(site.requests.length, 1);

    now += 2_000;
    assert.equal((await collect(results, fullText)).full_text?.fetched, 1);
    assert.equal(site.requests.length, 2, 'refetched once expired');
  });

  test('a failed fetch is not cached: the next claim tries again', async (t) => {
    const site = await fakeArticleServer(t, { '/news/1': { status: 503, body: 'busy' } });
    const fullText = reader();
    await collect([result(`${site.url}/news/1`, '기사')], fullText);
    await collect([result(`${site.url}/news/1`, '기사')], fullText);
    assert.equal(site.requests.length, 2);
  });

  test('at most N articles per claim, the best-ranked ones', async (t) => {
    const routes = Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`/news/${i}`, { body: articleHtml(`기사 ${i}`) }]));
    const site = await fakeArticleServer(t, routes);
    const results = [1, 2, 3, 4, 5].map((i) => result(`${site.url}/news/${i}`, `기사 ${i}`));
    const web = await collect(results, reader({ perClaim: 2 }));
    assert.deepEqual(pathsAsked(site).sort(), ['/news/1', '/news/2']);
    assert.equal(web.evidence.filter((e) => e.content.includes(BODY_FACT)).length, 2);
    assert.equal(web.evidence.length, 5, 'the others keep their descriptions');
  });

  test('connections to one site are capped across concurrent runs, other sites are not held up', async (t) => {
    const paths = [1, 2, 3, 4];
    // Slow enough that uncapped fetches would overlap; the cap is what the server counts.
    const routes = Object.fromEntries(
      paths.map((i) => [`/news/${i}`, { body: articleHtml(`기사 ${i}`), delayMs: 150 }]),
    );
    const busy = await fakeArticleServer(t, routes);
    const other = await fakeArticleServer(t, routes);
    const fullText = reader({ perClaim: 4, perHost: 1 });
    const runs = await Promise.all([
      collect(
        paths.map((i) => result(`${busy.url}/news/${i}`, `기사 ${i}`)),
        fullText,
      ),
      collect(
        paths.map((i) => result(`${other.url}/news/${i}`, `기사 ${i}`)),
        fullText,
      ),
    ]);
    assert.equal(busy.peakConcurrency(), 1);
    assert.equal(other.peakConcurrency(), 1);
    for (const web of runs) assert.equal(web.full_text?.fetched, 4, 'every article was read in turn');

    const two = await fakeArticleServer(t, routes);
    await collect(
      paths.map((i) => result(`${two.url}/news/${i}`, `기사 ${i}`)),
      reader({ perClaim: 4, perHost: 2 }),
    );
    assert.ok(two.peakConcurrency() <= 2, `peak ${two.peakConcurrency()}`);
  });

  test('the checked article is never its own evidence: not fetched when recognised, dropped when its page reveals it', async (t) => {
    const checkedTitle = '가상시, 공공자전거 내년 3월부터 무료로 운영';
    const site = await fakeArticleServer(t, {
      '/news/1': { body: articleHtml(checkedTitle) },
      // An aggregator's link that lands on the checked article.
      '/r/abc': { redirect: '/news/1' },
      // Another address whose page names the checked article as canonical.
      '/amp/1': {
        body: articleHtml('공공자전거 무료화 (모바일)', [BODY_FACT], `<link rel="canonical" href="/news/1">`),
      },
      '/news/2': { body: articleHtml('다른 언론의 공공자전거 기사') },
    });
    const checked = { url: `${site.url}/news/1`, title: checkedTitle };
    const web = await collect(
      [
        result(`${site.url}/news/1`, checkedTitle),
        result(`${site.url}/r/abc`, '구글 뉴스 링크'),
        result(`${site.url}/amp/1`, '모바일 기사'),
        result(`${site.url}/news/2`, '다른 언론의 공공자전거 기사'),
      ],
      reader({ perClaim: 4 }),
      { checked },
    );
    assert.equal(
      pathsAsked(site).filter((p) => p === '/news/1').length,
      1,
      'the checked URL is not fetched for itself, only at the end of the redirect',
    );
    assert.deepEqual(
      web.evidence.map((e) => e.title),
      [checkedTitle, '다른 언론의 공공자전거 기사'],
      'the redirect and the canonical copy are dropped; the checked URL itself is left for the merge to drop',
    );
    assert.equal(web.evidence[0]!.content, `${checkedTitle}\n${DESCRIPTION}`, 'the checked article was not read');
    assert.equal(web.full_text?.self_citations, 2);
    assert.equal(web.full_text?.fetched, 1);
  });

  test("an article check: the news search's copy of the article, behind a redirect, is neither read nor cited for its claims", async (t) => {
    const title = '가상시, 공공자전거 내년 3월부터 무료로 운영';
    const site = await fakeArticleServer(t, {
      '/news/1': { body: articleHtml(title) },
      '/r/abc': { redirect: '/news/1' },
    });
    const api = await fakeNaverNews(t, [
      {
        title: '공공자전거 무료화 소식',
        originallink: `${site.url}/r/abc`,
        link: '',
        description: DESCRIPTION,
        pubDate: '',
      },
    ]);
    const { db } = await freshDb(t, 'pglite');
    const deps: PipelineDeps = {
      db,
      wiki: { reader: db },
      llm: {},
      providers: [new NaverNewsProvider({ clientId: 'id', clientSecret: 'secret', baseUrl: api.url, retryDelayMs: 5 })],
      fullText: reader(),
      fetchArticle: (url, signal) => fetchArticle(url, { signal, allowLoopback: true }),
    };
    const checked = await checkArticle(
      deps,
      { input_type: 'url', input_payload: `${site.url}/news/1` },
      { maxClaims: 2, cacheMs: 0, streamed: false },
    );
    assert.ok(checked.claims.length > 0);
    for (const claim of checked.claims) {
      assert.ok(claim.result, JSON.stringify(claim.error));
      const cited = [...claim.result.citations, ...claim.result.counter_evidence, ...(claim.result.related ?? [])];
      assert.ok(!cited.some((c) => c.url.startsWith(site.url)), `${claim.text}: the article is not its own evidence`);
      assert.ok(claim.result.risk_flags.includes('SELF_CITATION_REMOVED'), claim.text);
    }
  });

  test('configuration: defaults, bounds, and off when 0 or without news search', () => {
    const keys = { NAVER_CLIENT_ID: 'id', NAVER_CLIENT_SECRET: 'secret' };
    assert.deepEqual(loadSourcesConfig(keys).fullText, {
      perClaim: 3,
      perHost: 2,
      timeoutMs: 4000,
      maxBytes: 1024 * 1024,
      cacheMs: 3_600_000,
    });
    const set = loadSourcesConfig({
      ...keys,
      OLALA_NEWS_FULLTEXT_PER_CLAIM: '5',
      OLALA_NEWS_FULLTEXT_PER_HOST: '1',
      OLALA_NEWS_FULLTEXT_TIMEOUT_MS: '2500',
      OLALA_NEWS_FULLTEXT_MAX_BYTES: '65536',
      OLALA_NEWS_FULLTEXT_CACHE_SECONDS: '0',
    });
    assert.deepEqual(set.fullText, { perClaim: 5, perHost: 1, timeoutMs: 2500, maxBytes: 65536, cacheMs: 0 });
    assert.throws(() => loadSourcesConfig({ ...keys, OLALA_NEWS_FULLTEXT_PER_HOST: '9' }), ConfigError);
    assert.throws(
      () => loadSourcesConfig({ ...keys, OLALA_NEWS_FULLTEXT_MAX_BYTES: '99999999' }),
      /OLALA_NEWS_FULLTEXT_MAX_BYTES/,
    );
    assert.equal(
      createFullTextReader(loadSourcesConfig({ ...keys, OLALA_NEWS_FULLTEXT_PER_CLAIM: '0' }), loadFetchConfig({})),
      undefined,
    );
    assert.equal(
      createFullTextReader(loadSourcesConfig({}), loadFetchConfig({})),
      undefined,
      'no news search, nothing to read',
    );
  });
});
