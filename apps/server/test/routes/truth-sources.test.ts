import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { TruthCheckResponse } from '@olala/contract';
import { FetchFailedError, FetchRefusedError, type FetchErrorCode } from '@olala/core';
import {
  fakeArticleServer,
  fakeChatServer,
  fakeGoogleNewsRss,
  fakeNaverNews,
  jsonReply,
  type FakeNaverItem,
} from '@olala/testing';
import {
  appWithSample,
  evidenceIdWith,
  LLM_ENV,
  llmScript,
  roleOf,
  rulesSupported,
  verifyAnswer,
} from '../truth-fakes.js';

/**
 * The truth-check routes with the outside world attached: URL inputs through the SSRF-safe
 * fetcher, news providers feeding evidence, an OpenAI-compatible model and the circuit breaker,
 * each against a loopback fake.
 */

const CLAIM = '화성은 태양계의 4번째 행성이다.';

async function check(app: FastifyInstance, body: object): Promise<TruthCheckResponse> {
  const res = await app.inject({ method: 'POST', url: '/truth/check', payload: { no_cache: true, ...body } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const displayOf = (code: FetchErrorCode) => new FetchRefusedError(code, '', '').display_message;

// ─── a Korean news article ───────────────────────────────────────────────────

const ARTICLE_TITLE = '우주항공청, 화성 궤도선 개발 착수…2035년 발사 목표';
const CANONICAL = 'https://www.olala-daily.co.kr/news/articleView.html?idxno=20250303';
const PARAGRAPHS = [
  '우주항공청은 3일 화성 궤도선 개발 사업에 본격적으로 착수한다고 밝혔다.',
  '화성은 태양계의 4번째 행성이며, 지구형 행성 중 하나이다.',
  '우주항공청에 따르면 궤도선은 2035년 발사를 목표로 하며 총사업비는 약 5,000억 원 규모로 책정됐다.',
  '궤도선은 화성 상공 400km 궤도를 돌며 극관의 얼음 분포와 대기 성분을 관측할 예정이다.',
  '연구진은 화성의 자전 주기가 지구와 비슷해 장기 관측 계획을 세우기에 유리하다고 설명했다.',
  '우주항공청 관계자는 "달 탐사에서 얻은 기술을 바탕으로 심우주 탐사 역량을 키우겠다"고 말했다.',
];

function articleHtml(): string {
  return `<!DOCTYPE html>
<html lang="ko"><head>
<meta charset="utf-8">
<title>${ARTICLE_TITLE} - 올라라일보</title>
<meta property="og:title" content="${ARTICLE_TITLE}">
<meta property="og:site_name" content="올라라일보">
<meta property="og:description" content="우주항공청이 화성 궤도선 개발에 착수했다.">
<meta property="article:published_time" content="2025-03-03T09:30:00+09:00">
<link rel="canonical" href="${CANONICAL}">
</head><body>
<header><nav><a href="/">홈</a> <a href="/science">과학</a> <a href="/login">로그인</a></nav></header>
<main><article>
<h1>${ARTICLE_TITLE}</h1>
<p class="byline">김올라 기자 | 입력 2025.03.03 09:30</p>
<div id="article-body">
${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
</div>
</article></main>
<aside><h3>많이 본 뉴스</h3><ul><li><a href="/a/1">서울 아파트값 3주 연속 상승</a></li></ul></aside>
<footer>Copyright 올라라일보. 무단 전재 및 재배포 금지.</footer>
</body></html>`;
}

// ─── URL input ───────────────────────────────────────────────────────────────

test('a URL input is fetched and its article checked: a sentence of it in rules mode, the user request when given', async (t) => {
  const site = await fakeArticleServer(t, { '/news/20250303': { body: articleHtml() } });
  const app = await appWithSample(t, 'pglite', { OLALA_FETCH_ALLOW_LOOPBACK: '1' });
  const url = `${site.url}/news/20250303`;

  const result = await check(app, { input_type: 'url', input_payload: url, include_full_outputs: true });
  assert.equal(site.requests.length, 1, 'the article was fetched once');
  assert.ok(
    PARAGRAPHS.some((p) => p.includes(result.claim)) || result.claim === ARTICLE_TITLE,
    `the claim is a sentence of the article: ${result.claim}`,
  );
  assert.ok(result.claim.length >= 15, 'a whole sentence, not a fragment');
  assert.notEqual(result.label, 'REFUSED', result.summary);
  assert.ok(!result.risk_flags.includes('FETCH_FAILED'));
  const stage01 = result.stage_outputs?.stage01_normalize as Record<string, unknown>;
  assert.equal(stage01.claim_source, 'rules');
  assert.equal(stage01.article_title, ARTICLE_TITLE, 'the og:title, without the site name');
  assert.equal(stage01.article_url, CANONICAL, 'the canonical URL of the article');

  const asked = await check(app, {
    input_type: 'url',
    input_payload: url,
    user_request: CLAIM,
    include_full_outputs: true,
  });
  assert.equal(asked.claim, CLAIM);
  assert.equal((asked.stage_outputs?.stage01_normalize as Record<string, unknown>).claim_source, 'user_request');
  assert.ok(rulesSupported(asked), `the request is judged against the wiki: ${asked.label}`);
  assert.ok(asked.citations.some((c) => c.source_type === 'WIKIPEDIA'));

  const stored = (await app.inject({ method: 'GET', url: `/v1/analyses/${asked.analysis_id}` })).json();
  assert.equal(stored.input_type, 'url');
  assert.equal(stored.input_payload, url);
  assert.equal(stored.user_request, null, "the note is its owner's only (routes/analyses.test.ts)");
  const { rows } = await app.db.query<{ user_request: string }>(
    'SELECT user_request FROM analyses WHERE analysis_id = $1',
    [asked.analysis_id],
  );
  assert.equal(rows[0]?.user_request, CLAIM, 'stored with the run');
});

// ─── news evidence ───────────────────────────────────────────────────────────

/** Only in the checked article's copies: any prompt or citation carrying it leaked a self-citation. */
const SELF_MARK = '올라라일보 단독 취재 결과';
const YNA_URL = 'https://www.yna.co.kr/view/AKR20250303000100017';
const YNA_QUOTE = '화성은 태양계의 4번째 행성으로, 지구형 행성 중 하나다.';

function naverItems(articleUrl: string): FakeNaverItem[] {
  const selfDescription = `${SELF_MARK} <b>화성</b>은 태양계의 4번째 행성이며, 지구형 행성 중 하나이다.`;
  return [
    // The checked article itself, by the URL it was fetched from…
    {
      title: ARTICLE_TITLE,
      originallink: articleUrl,
      link: articleUrl,
      description: selfDescription,
      pubDate: 'Mon, 03 Mar 2025 09:30:00 +0900',
    },
    // …by its canonical URL with tracking parameters…
    {
      title: `${ARTICLE_TITLE} (종합)`,
      originallink: `${CANONICAL}&utm_source=naver&utm_medium=news`,
      link: 'https://n.news.naver.com/mnews/article/999/0000012345',
      description: selfDescription,
      pubDate: 'Mon, 03 Mar 2025 09:31:00 +0900',
    },
    // …and re-published elsewhere under its own title.
    {
      title: `[단독] ${ARTICLE_TITLE.replace('…', '...')}`,
      originallink: 'https://www.mirror-press.kr/news/123456',
      link: 'https://www.mirror-press.kr/news/123456',
      description: selfDescription,
      pubDate: 'Mon, 03 Mar 2025 10:00:00 +0900',
    },
    {
      title: '&quot;붉은 행성&quot; <b>화성</b> 탐사 경쟁 본격화',
      originallink: YNA_URL,
      link: 'https://n.news.naver.com/mnews/article/001/0015200000',
      description: `미국과 중국에 이어 한국도 <b>화성</b> 탐사에 나선다. ${YNA_QUOTE} 지구와의 평균 거리는 약 7,800만 km다.`,
      pubDate: 'Mon, 03 Mar 2025 08:00:00 +0900',
    },
  ];
}

test('news evidence: the checked article is never its own evidence, another outlet is cited with its trust tier', async (t) => {
  const site = await fakeArticleServer(t, { '/news/20250303': { body: articleHtml() } });
  const articleUrl = `${site.url}/news/20250303`;
  const naver = await fakeNaverNews(t, naverItems(articleUrl));
  const llm = await fakeChatServer(
    t,
    llmScript({
      support: (req) => {
        assert.ok(!req.user.includes(SELF_MARK), 'the verifier never reads the checked article as evidence');
        return jsonReply(
          verifyAnswer([{ evid_id: evidenceIdWith(req.user, YNA_QUOTE), quote: YNA_QUOTE, stance: 'support' }], 'TRUE'),
        );
      },
      judge: 'TRUE',
    }),
  );
  const app = await appWithSample(t, 'pglite', {
    ...LLM_ENV(llm.url),
    OLALA_FETCH_ALLOW_LOOPBACK: '1',
    NAVER_CLIENT_ID: 'test-client-id',
    NAVER_CLIENT_SECRET: 'test-client-secret',
    NAVER_API_URL: naver.url,
  });

  const result = await check(app, {
    input_type: 'url',
    input_payload: articleUrl,
    user_request: CLAIM,
    include_full_outputs: true,
  });
  assert.ok(naver.requests.length >= 1, 'Naver was searched');
  assert.ok(
    naver.requests.every(
      (r) => r.path.startsWith('/v1/search/news.json?') && r.headers['x-naver-client-id'] === 'test-client-id',
    ),
  );
  assert.ok(result.risk_flags.includes('SELF_CITATION_REMOVED'), result.risk_flags.join());
  assert.equal(
    (result.stage_outputs?.stage03_merge as { self_citations: number }).self_citations,
    3,
    'three copies of the article removed',
  );

  assert.equal(result.label, 'TRUE', result.summary);
  const news = result.citations.find((c) => c.source_type === 'NEWS');
  assert.ok(news, `a news citation: ${JSON.stringify(result.citations)}`);
  assert.equal(news.url, YNA_URL, 'the publisher link, not the portal copy');
  assert.equal(news.title, '"붉은 행성" 화성 탐사 경쟁 본격화', 'markup and entities removed');
  assert.equal(news.quote, YNA_QUOTE);
  assert.equal(news.trust_tier, 'major_news');
  const all = [...result.citations, ...result.counter_evidence];
  assert.ok(
    !all.some(
      (c) =>
        c.quote.includes(SELF_MARK) ||
        c.url.includes('mirror-press') ||
        c.url.includes(site.url) ||
        c.url.includes('olala-daily'),
    ),
  );
  assert.ok(!llm.requests.some((r) => r.user.includes(SELF_MARK)), 'no prompt carried a self-citation');
});

test('news evidence in rules mode: a supporting sentence of another outlet can be cited, the article itself cannot', async (t) => {
  const site = await fakeArticleServer(t, { '/news/20250303': { body: articleHtml() } });
  const articleUrl = `${site.url}/news/20250303`;
  const naver = await fakeNaverNews(t, naverItems(articleUrl));
  const app = await appWithSample(t, 'pglite', {
    OLALA_FETCH_ALLOW_LOOPBACK: '1',
    NAVER_CLIENT_ID: 'test-client-id',
    NAVER_CLIENT_SECRET: 'test-client-secret',
    NAVER_API_URL: naver.url,
  });
  const result = await check(app, {
    input_type: 'url',
    input_payload: articleUrl,
    user_request: CLAIM,
    include_full_outputs: true,
  });
  assert.ok(result.risk_flags.includes('SELF_CITATION_REMOVED'));
  assert.ok(rulesSupported(result), result.summary);
  const web = result.stage_outputs?.stage03_web as { items: { url: string; trust_tier: string }[] };
  assert.ok(
    web.items.some((i) => i.url === YNA_URL && i.trust_tier === 'major_news'),
    'the outlet is a candidate with its tier',
  );
  const news = result.citations.find((c) => c.source_type === 'NEWS');
  assert.ok(news, `the rules cite the outlet's sentence: ${JSON.stringify(result.citations)}`);
  assert.equal(news.url, YNA_URL);
  assert.equal(news.trust_tier, 'major_news');
  assert.ok(YNA_QUOTE.includes(news.quote) || news.quote.includes('태양계의 4번째 행성'), news.quote);
  assert.ok(![...result.citations, ...result.counter_evidence].some((c) => c.quote.includes(SELF_MARK)));
});

test('Google News RSS, once enabled, feeds evidence with the publisher as its trust tier', async (t) => {
  const quote = '화성은 태양계의 4번째 행성으로 지구형 행성에 속한다.';
  const rss = await fakeGoogleNewsRss(t, [
    {
      title: '화성 탐사선, 올해 발사 준비 완료 - 한겨레',
      link: 'https://news.google.com/rss/articles/CBMiSmh0dHBzOi8vd3d3LmhhbmkuY28ua3IvYXJ0aTEyMzQ1Ng?oc=5',
      pubDate: 'Mon, 03 Mar 2025 01:00:00 GMT',
      description: `<a href="https://news.google.com/rss/articles/CBMi">화성 탐사선, 올해 발사 준비 완료</a>&nbsp;&nbsp;<font color="#6f6f6f">한겨레</font> ${quote}`,
      source: '한겨레',
      sourceUrl: 'https://www.hani.co.kr',
    },
  ]);
  const app = await appWithSample(t, 'pglite', { OLALA_NEWS_PROVIDERS: 'google-news', GOOGLE_NEWS_RSS_URL: rss.url });
  const result = await check(app, { input_payload: CLAIM, include_full_outputs: true });
  assert.ok(rss.requests.length >= 1, 'Google News was searched');
  const asked = new URL(rss.requests[0]!.path, 'http://x');
  assert.equal(asked.pathname, '/rss/search');
  assert.equal(asked.searchParams.get('hl'), 'ko');
  assert.ok(asked.searchParams.get('q'), 'with a query');

  const web = result.stage_outputs?.stage03_web as {
    count: number;
    items: { source_type: string; title: string; trust_tier: string }[];
  };
  assert.equal(result.stages.find((s) => s.stage === 'stage03_web')?.status, 'ok');
  assert.ok(web.count >= 1);
  const item = web.items.find((i) => i.title === '화성 탐사선, 올해 발사 준비 완료');
  assert.ok(item, `the RSS item, its " - 한겨레" suffix removed: ${JSON.stringify(web.items)}`);
  assert.equal(item.source_type, 'NEWS');
  assert.equal(item.trust_tier, 'major_news', 'judged by the publisher, not by news.google.com');
  assert.ok(!result.limitations.some((l) => l.includes('뉴스 검색이 설정되지 않아')));
  assert.ok(rulesSupported(result), result.summary);
  const news = result.citations.find((c) => c.source_type === 'NEWS');
  assert.ok(news, `the RSS item is cited: ${JSON.stringify(result.citations)}`);
  assert.equal(news.trust_tier, 'major_news');
});

test('a news provider that keeps failing costs its results, not the run: judged from the wiki, the provider named', async (t) => {
  const naver = await fakeNaverNews(t, [], { failures: 1_000 });
  const app = await appWithSample(t, 'pglite', {
    NAVER_CLIENT_ID: 'id',
    NAVER_CLIENT_SECRET: 'secret',
    NAVER_API_URL: naver.url,
  });
  const result = await check(app, { input_payload: CLAIM });
  assert.ok(naver.requests.length >= 2, 'the provider was retried');
  assert.ok(rulesSupported(result), result.summary);
  assert.ok(result.citations.every((c) => c.source_type === 'WIKIPEDIA'));
  assert.ok(!result.risk_flags.includes('STAGE_FAILED'), result.risk_flags.join());
  assert.equal(result.stages.find((s) => s.stage === 'stage03_web')?.status, 'ok');
  const note = result.limitations.find((l) => l.includes('naver'));
  assert.ok(note, result.limitations.join(' / '));
  assert.match(note, /뉴스 검색.*실패/);
});

// ─── SSRF ────────────────────────────────────────────────────────────────────

/**
 * A URL the service will never fetch is REFUSED, with the reason in Korean: UNVERIFIED would
 * mean "looked and found nothing". Never an error page, never TRUE or FALSE.
 */
function assertRefusedFetch(result: TruthCheckResponse, code: FetchErrorCode, what: string) {
  assert.equal(result.label, 'REFUSED', `${what}: ${result.label}`);
  assert.equal(result.refusal_reason, displayOf(code), what);
  assert.match(result.refusal_reason ?? '', /[가-힣]/);
  assert.ok(result.risk_flags.includes('URL_REFUSED'), `${what}: ${result.risk_flags.join()}`);
  assert.ok(!result.risk_flags.includes('FETCH_FAILED'), `${what}: ${result.risk_flags.join()}`);
  assert.equal(result.summary, displayOf(code), what);
  assert.match(result.headline, /[가-힣]/);
  assert.deepEqual(result.citations, []);
  assert.equal(result.confidence, 0);
}

test('SSRF through the API: file://, metadata, loopback and IPv6 loopback are refused without being contacted', async (t) => {
  const internal = await fakeArticleServer(t, {
    '/': { body: articleHtml() },
    '/latest/meta-data/': { body: 'iam/security-credentials/' },
  });
  const port = new URL(internal.url).port;
  const app = await appWithSample(t);
  const cases: [string, FetchErrorCode][] = [
    ['file:///etc/passwd', 'BAD_SCHEME'],
    ['http://169.254.169.254/latest/meta-data/', 'PRIVATE_ADDRESS'],
    [`http://127.0.0.1:${port}/`, 'PRIVATE_ADDRESS'],
    [`http://localhost:${port}/latest/meta-data/`, 'PRIVATE_ADDRESS'],
    [`http://[::1]:${port}/`, 'PRIVATE_ADDRESS'],
    ['http://[::ffff:127.0.0.1]/', 'PRIVATE_ADDRESS'],
  ];
  for (const [url, code] of cases) {
    const result = await check(app, { input_type: 'url', input_payload: url });
    assertRefusedFetch(result, code, url);
    assert.equal(
      result.stages.find((s) => s.stage === 'stage01_normalize')?.status,
      'ok',
      'a refusal is a decision, not a failure',
    );
    const stored = (await app.inject({ method: 'GET', url: `/v1/analyses/${result.analysis_id}` })).json();
    assert.equal(stored.result.label, 'REFUSED', 'refused URLs are stored too');
  }
  assert.deepEqual(internal.requests, [], 'the loopback service was never contacted');
});

test('SSRF through the API: a redirect to the metadata address is refused, even with loopback allowed', async (t) => {
  const site = await fakeArticleServer(t, {
    '/news/1': { redirect: 'http://169.254.169.254/latest/meta-data/' },
    '/news/2': { redirect: 'http://10.0.0.1/admin', status: 301 },
  });
  const app = await appWithSample(t, 'pglite', { OLALA_FETCH_ALLOW_LOOPBACK: '1' });
  for (const p of ['/news/1', '/news/2']) {
    const started = Date.now();
    const result = await check(app, { input_type: 'url', input_payload: `${site.url}${p}` });
    // A dial to a blackholed address would end in a timeout, not an address refusal.
    assertRefusedFetch(result, 'PRIVATE_ADDRESS', p);
    assert.ok(Date.now() - started < 4000, 'refused before dialling');
  }
  assert.deepEqual(
    site.requests.map((r) => r.path),
    ['/news/1', '/news/2'],
  );
});

test('a public page that cannot be fetched is UNVERIFIED with FETCH_FAILED: the service looked and found nothing', async (t) => {
  const site = await fakeArticleServer(t, { '/': { body: articleHtml() } });
  const app = await appWithSample(t, 'pglite', { OLALA_FETCH_ALLOW_LOOPBACK: '1' });
  const result = await check(app, { input_type: 'url', input_payload: `${site.url}/gone` });
  assert.equal(result.label, 'UNVERIFIED');
  assert.ok(result.risk_flags.includes('FETCH_FAILED'), result.risk_flags.join());
  assert.equal(result.refusal_reason, undefined);
  assert.equal(result.summary, new FetchFailedError('HTTP_STATUS', '', '').display_message);
  assert.deepEqual(
    site.requests.map((r) => r.path),
    ['/gone'],
  );
});

// ─── OpenAI-compatible provider ──────────────────────────────────────────────

test('the OpenAI-compatible provider through the pipeline: /v1/chat/completions, json_schema, bearer key', async (t) => {
  const key = 'sk-test-olala-0123456789';
  const fake = await fakeChatServer(
    t,
    llmScript({
      support: (req) =>
        jsonReply(
          verifyAnswer(
            [
              {
                evid_id: evidenceIdWith(req.user, '태양계의 4번째 행성이며'),
                quote: '태양계의 4번째 행성이며',
                stance: 'support',
              },
            ],
            'TRUE',
          ),
        ),
      judge: 'TRUE',
    }),
    { apiKey: key },
  );
  const env: Record<string, string> = { LLM_MAX_RETRIES: '0' };
  for (const [prefix, model] of [
    ['SLM1', 'gpt-4o-mini'],
    ['SLM2', 'gpt-4o-mini'],
    ['JUDGE', 'gpt-4o'],
  ] as const) {
    Object.assign(env, {
      [`${prefix}_PROVIDER`]: 'openai',
      [`${prefix}_BASE_URL`]: fake.url,
      [`${prefix}_MODEL`]: model,
      [`${prefix}_API_KEY`]: key,
    });
  }
  const app = await appWithSample(t, 'pglite', env);
  const result = await check(app, { input_payload: CLAIM });
  assert.equal(result.label, 'TRUE', result.summary);
  assert.equal(result.model_info.provider, 'openai');
  assert.equal(result.model_info.model, 'gpt-4o');
  assert.ok(!result.risk_flags.includes('NO_LLM'));

  const roles = new Set(fake.requests.map(roleOf));
  for (const role of ['querygen', 'support', 'skeptic', 'judge'] as const)
    assert.ok(roles.has(role), `${role} was asked`);
  for (const req of fake.requests) {
    assert.equal(req.api, 'openai', 'POST /v1/chat/completions');
    assert.equal(req.authorization, `Bearer ${key}`);
    const format = req.body.response_format as {
      type: string;
      json_schema: { name: string; schema: { type: string }; strict: boolean };
    };
    assert.equal(format.type, 'json_schema');
    assert.equal(format.json_schema.strict, true);
    assert.equal(format.json_schema.schema.type, 'object');
    assert.ok(format.json_schema.name);
    assert.equal(req.model, roleOf(req) === 'judge' ? 'gpt-4o' : 'gpt-4o-mini');
  }
});

// ─── circuit breaker ─────────────────────────────────────────────────────────

test('the circuit breaker outlives requests: after LLM_CIRCUIT_FAILURES failures the next check fails fast', async (t) => {
  const fake = await fakeChatServer(
    t,
    llmScript({
      support: () => ({ status: 500, error: 'model crashed' }),
      skeptic: () => ({ status: 500, error: 'model crashed' }),
    }),
  );
  // The verifiers get their own model, so their breaker counts only their own failures.
  const app = await appWithSample(t, 'pglite', {
    ...LLM_ENV(fake.url),
    SLM2_MODEL: 'exaone3.5:7.8b',
    LLM_CIRCUIT_FAILURES: '3',
    LLM_CIRCUIT_OPEN_SECONDS: '600',
  });
  const verifyCalls = () => fake.requests.filter((r) => r.model === 'exaone3.5:7.8b').length;

  const counts: number[] = [];
  const results: TruthCheckResponse[] = [];
  for (let i = 0; i < 3; i++) {
    const before = verifyCalls();
    results.push(await check(app, { input_payload: CLAIM, include_full_outputs: true }));
    counts.push(verifyCalls() - before);
  }
  assert.equal(counts[0], 2, 'first check: both verifiers asked the model');
  assert.ok(counts[1]! >= 1, 'second check: the third failure opens the breaker');
  assert.equal(counts[2], 0, `third check: no request reached the model (${counts.join(', ')})`);
  for (const r of results) {
    assert.equal(r.label, 'UNVERIFIED');
    assert.ok(r.risk_flags.includes('LLM_FAILED'), r.risk_flags.join());
    assert.ok(r.stages.find((s) => s.stage === 'stage06_verify_support')?.status === 'failed');
  }
  const failure = (results[2]!.stage_outputs?.stage06_verify_support as { failure?: string }).failure;
  assert.match(failure ?? '', /circuit open/);
  assert.ok(!fake.requests.some((r) => roleOf(r) === 'judge'), 'a failed run never reaches the judge');
});

test('with OLALA_MAX_CONCURRENT_CHECKS=1, a second check while one runs gets 503 BUSY in Korean', async (t) => {
  const fake = await fakeChatServer(
    t,
    llmScript({
      support: (req) =>
        jsonReply(
          verifyAnswer(
            [
              {
                evid_id: evidenceIdWith(req.user, '태양계의 4번째 행성이며'),
                quote: '태양계의 4번째 행성이며',
                stance: 'support',
              },
            ],
            'TRUE',
          ),
          1500,
        ),
      judge: 'TRUE',
    }),
  );
  const app = await appWithSample(t, 'pglite', { ...LLM_ENV(fake.url), OLALA_MAX_CONCURRENT_CHECKS: '1' });
  const first = app.inject({ method: 'POST', url: '/truth/check', payload: { input_payload: CLAIM } });
  for (let i = 0; i < 200 && !fake.requests.some((r) => roleOf(r) === 'support'); i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.ok(
    fake.requests.some((r) => roleOf(r) === 'support'),
    'the first check is waiting on the model',
  );

  for (const url of ['/truth/check', '/v1/truth/check', '/api/truth/check/stream']) {
    const busy = await app.inject({
      method: 'POST',
      url,
      payload: { input_payload: '서울특별시는 대한민국의 수도이다.' },
    });
    assert.equal(busy.statusCode, 503, `${url}: ${busy.body}`);
    assert.equal(busy.json().code, 'BUSY', `${url}: ${busy.body}`);
    assert.match(busy.json().message, /검증 요청이 많습니다/);
  }
  const done = await first;
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().label, 'TRUE');
  const after = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: { input_payload: '서울특별시는 대한민국의 수도이다.' },
  });
  assert.equal(after.statusCode, 200, 'the slot is free again');
});
