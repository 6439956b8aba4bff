import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { STAGE_NAMES, type ArticleCheckResponse } from '@olala/contract';
import { BACKENDS, fakeArticleServer, fakeChatServer, jsonReply, type FakeChatRequest } from '@olala/testing';
import { build } from '../helper.js';
import { appWithSample, cite, judgeAnswer, LLM_ENV, roleOf, rulesSupported, verifyAnswer } from '../truth-fakes.js';

/** An article about the sample's 화성 page: a claim it supports, one it refutes, an opinion, and a line break as Windows writes it. */
const ARTICLE =
  '화성은 태양계의 4번째 행성이다. 🚀\r\n화성은 태양계의 3번째 행성이다.\r\n정말 아름다운 행성인 것 같다.';
const TRUE_CLAIM = '화성은 태양계의 4번째 행성이다.';
const FALSE_CLAIM = '화성은 태양계의 3번째 행성이다.';

async function checkArticle(app: FastifyInstance, body: object): Promise<ArticleCheckResponse> {
  const res = await app.inject({ method: 'POST', url: '/v1/articles/check', payload: body });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** Every claim's and skipped sentence's spans are stretches of `article.text`; a claim's spans hold its sentence. */
function assertSpans(r: ArticleCheckResponse) {
  for (const item of [...r.claims, ...r.skipped]) {
    for (const s of item.spans)
      assert.ok(s.start >= 0 && s.start < s.end && s.end <= r.article.text.length, JSON.stringify(s));
  }
}

for (const backend of BACKENDS) {
  test(`${backend}: a pasted article in no-LLM mode: each claim checked on its own against the sample wiki, spans into the text, stored and read back`, async (t) => {
    const app = await appWithSample(t, backend);
    const r = await checkArticle(app, {
      input_type: 'text',
      input_payload: ARTICLE,
      published_at: '2025-03-03T09:00:00+09:00',
    });
    // Pasted text is stored as the request boundary cleans it: CR LF as LF.
    assert.equal(r.article.text, ARTICLE.replace(/\r\n/g, '\n'));
    assert.deepEqual(r.article, {
      title: '',
      url: null,
      published_at: '2025-03-03T00:00:00.000Z',
      text: r.article.text,
    });
    assertSpans(r);
    assert.deepEqual(
      r.claims.map((c) => [c.id, c.text, c.main]),
      [
        ['c1', TRUE_CLAIM, true],
        ['c2', FALSE_CLAIM, false],
      ],
    );
    assert.deepEqual(
      r.claims.map((c) => r.article.text.slice(c.spans[0]!.start, c.spans[0]!.end)),
      [TRUE_CLAIM, FALSE_CLAIM],
    );
    assert.deepEqual(
      r.skipped.map((s) => [s.reason, s.text]),
      [
        ['too_vague', '🚀'],
        ['opinion', '정말 아름다운 행성인 것 같다.'],
      ],
    );

    const [supported, refuted] = r.claims;
    assert.ok(rulesSupported(supported!.result!), `c1 supported by the wiki: ${supported!.result!.label}`);
    assert.ok(
      refuted!.result!.citations.some((c) => c.stance === 'refute'),
      'c2 refuted by the wiki',
    );
    for (const c of r.claims) {
      assert.equal(c.result!.claim, c.text);
      assert.deepEqual(
        c.result!.stages.map((s) => s.stage).sort(),
        [...STAGE_NAMES].sort(),
        'each claim has its own full run',
      );
    }
    assert.equal(r.model_info.provider, 'none');
    assert.equal(r.summary.decomposition, 'rules');
    assert.equal(r.summary.main_claim_id, 'c1');
    assert.equal(r.summary.failed, 0);
    assert.equal(
      Object.values(r.summary.counts).reduce((a, b) => a + b, 0),
      2,
    );
    assert.match(r.summary.overview, /주장 2개/);
    assert.match(r.summary.overview, /핵심 주장 ‘화성은 태양계의 4번째 행성이다’/);

    const stored = await app.inject({ method: 'GET', url: `/v1/articles/${r.article_id}` });
    assert.equal(stored.statusCode, 200);
    const back: ArticleCheckResponse = stored.json();
    assert.deepEqual(
      { ...back, claims: back.claims.map((c) => ({ ...c, result: c.result?.analysis_id })) },
      { ...r, claims: r.claims.map((c) => ({ ...c, result: c.result?.analysis_id })) },
    );
    // Each claim's check is an ordinary analysis too (its own share page and cache entry).
    const analysis = await app.inject({ method: 'GET', url: `/v1/analyses/${r.claims[0]!.result!.analysis_id}` });
    assert.equal(analysis.json().claim, TRUE_CLAIM);

    const missing = await app.inject({ method: 'GET', url: '/v1/articles/00000000-0000-4000-8000-000000000000' });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().message, /기사 검증 기록을 찾을 수 없습니다/);
    assert.equal((await app.inject({ method: 'GET', url: '/v1/articles/not-a-uuid' })).statusCode, 400);
  });
}

test("the stream: claim_found for every claim first, then each claim's stages with its id, claim_complete per claim, complete last", async (t) => {
  const app = await appWithSample(t);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/articles/check/stream',
    headers: { accept: 'text/event-stream' },
    payload: { input_type: 'text', input_payload: ARTICLE },
  });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/event-stream/);
  const events = res.body
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [name, data] = block.split('\n');
      const event = JSON.parse(data!.replace(/^data: /, ''));
      assert.equal(name, `event: ${event.event}`);
      return event;
    });
  const kinds = events.map((e) => e.event);
  assert.deepEqual(kinds.slice(0, 2), ['claim_found', 'claim_found']);
  assert.deepEqual(
    events.slice(0, 2).map((e) => e.data.id),
    ['c1', 'c2'],
  );
  assert.equal(kinds.at(-1), 'complete');
  for (const id of ['c1', 'c2']) {
    const stages = events.filter((e) => e.event === 'stage_complete' && e.claim_id === id).map((e) => e.stage);
    assert.deepEqual([...stages].sort(), [...STAGE_NAMES].sort(), `${id}: one event per stage`);
    const done = events.findIndex((e) => e.event === 'claim_complete' && e.data.id === id);
    assert.ok(
      done > events.findLastIndex((e) => e.event === 'stage_complete' && e.claim_id === id),
      `${id} completes after its stages`,
    );
    assert.ok(events[done].data.result.analysis_id);
  }
  const complete = events.at(-1).data as ArticleCheckResponse;
  assert.equal(complete.claims.length, 2);
  const stored = (await app.inject({ method: 'GET', url: `/v1/articles/${complete.article_id}` })).json();
  assert.equal(stored.claims.length, 2);
  const { rows } = await app.db.query<{ streamed: boolean }>('SELECT streamed FROM articles');
  assert.deepEqual(rows, [{ streamed: true }]);
});

test('with an LLM: a claim whose verifier fails degrades only itself; the others keep their verdicts', async (t) => {
  const script = (req: FakeChatRequest) => {
    if (req.user.includes('주장을 모두 찾아')) {
      return jsonReply({
        claims: [
          { claim: TRUE_CLAIM, sources: [TRUE_CLAIM], checkworthiness: 0.9, type: '기타' },
          { claim: FALSE_CLAIM, sources: [FALSE_CLAIM], checkworthiness: 0.8, type: '기타' },
          // Not in the article: dropped before any check.
          { claim: '화성에는 물이 흐른다.', sources: ['화성에는 물이 흐른다.'], checkworthiness: 0.7, type: '기타' },
        ],
        skipped: [{ sentence: '정말 아름다운 행성인 것 같다.', reason: 'opinion' }],
      });
    }
    const about3rd = req.user.includes('3번째 행성이다');
    switch (roleOf(req)) {
      case 'querygen':
        return jsonReply({ wiki_queries: ['화성'], news_queries: ['화성 행성'] });
      case 'support':
      case 'skeptic':
        if (about3rd) return { status: 500, error: 'model crashed' };
        return jsonReply(verifyAnswer([cite(req, '화성(火星, )은 태양계의 4번째 행성이며', 'support')], 'TRUE'));
      case 'judge':
        return jsonReply(judgeAnswer('TRUE'));
      default:
        return { status: 500, error: 'unexpected prompt' };
    }
  };
  const fake = await fakeChatServer(t, script);
  const app = await appWithSample(t, 'pglite', LLM_ENV(fake.url));
  const r = await checkArticle(app, { input_type: 'text', input_payload: ARTICLE, max_claims: 5 });
  assert.equal(r.summary.decomposition, 'llm');
  assert.deepEqual(
    r.claims.map((c) => c.text),
    [TRUE_CLAIM, FALSE_CLAIM],
  );
  assertSpans(r);
  assert.equal(r.claims[0]!.result!.label, 'TRUE');
  assert.equal(r.claims[1]!.result!.label, 'UNVERIFIED');
  assert.ok(r.claims[1]!.result!.risk_flags.includes('LLM_FAILED'));
  assert.ok(!r.claims[0]!.result!.risk_flags.includes('LLM_FAILED'));
  assert.deepEqual(
    r.skipped.map((s) => s.reason),
    ['opinion'],
  );
  assert.equal(r.summary.counts.TRUE, 1);
  assert.equal(r.summary.counts.UNVERIFIED, 1);
});

test('a URL is fetched through the SSRF-safe fetcher with its title and date; an internal address is refused in Korean', async (t) => {
  const html = `<html><head><meta property="og:title" content="화성은 태양계의 4번째 행성">
    <meta property="article:published_time" content="2025-03-03T00:00:00Z"></head>
    <body><article><p>${TRUE_CLAIM} 화성의 위성은 2개이다.</p><p>화성 탐사는 계속될 것이다.</p></article></body></html>`;
  const site = await fakeArticleServer(t, { '/news/1': { body: html } });
  const app = await appWithSample(t, 'pglite', { OLALA_FETCH_ALLOW_LOOPBACK: '1' });
  const r = await checkArticle(app, { input_type: 'url', input_payload: `${site.url}/news/1` });
  assert.equal(r.article.title, '화성은 태양계의 4번째 행성');
  assert.equal(r.article.url, `${site.url}/news/1`);
  assert.equal(r.article.published_at, '2025-03-03T00:00:00.000Z');
  assert.equal(r.claims[0]!.text, TRUE_CLAIM, "the headline's claim is the main claim");
  assert.equal(r.claims[0]!.main, true);
  assertSpans(r);

  const closed = await appWithSample(t, 'pglite');
  const refused = await closed.inject({
    method: 'POST',
    url: '/v1/articles/check',
    payload: { input_type: 'url', input_payload: 'http://127.0.0.1:9/news' },
  });
  assert.equal(refused.statusCode, 400);
  assert.equal(refused.json().code, 'URL_REFUSED');
  assert.match(refused.json().message, /내부망/);
  assert.equal((await closed.db.query('SELECT 1 FROM articles')).rowCount, 0, 'nothing to store: no article was read');
});

test('bad bodies get a 400 that names the field', async (t) => {
  const app = await build(t);
  const cases: [unknown, RegExp][] = [
    [{}, /input_type/],
    [{ input_type: 'text' }, /input_payload/],
    // image is an input type since screenshots reach the article check (articles-image.test.ts).
    [{ input_type: 'video', input_payload: 'x' }, /input_type/],
    [{ input_type: 'text', input_payload: '' }, /input_payload/],
    [{ input_type: 'text', input_payload: '가'.repeat(20_001) }, /input_payload/],
    [{ input_type: 'text', input_payload: '화성은 행성이다.', max_claims: 0 }, /max_claims/],
    [{ input_type: 'text', input_payload: '화성은 행성이다.', max_claims: 21 }, /max_claims/],
    [{ input_type: 'text', input_payload: '화성은 행성이다.', max_claims: 2.5 }, /max_claims/],
    [{ input_type: 'text', input_payload: '화성은 행성이다.', published_at: 'yesterday' }, /published_at/],
    [{ input_type: 'text', input_payload: '화성은 행성이다.', title: '제목\n둘째 줄' }, /title/],
    [{ input_type: 'text', input_payload: '화성은 행성이다.', claims: 3 }, /claims: 알 수 없는 항목입니다/],
    [
      { input_type: 'url', input_payload: `https://example.com/${'a'.repeat(2_000)}` },
      /input_payload: URL은 최대 2000자/,
    ],
    [{ input_type: 'url', input_payload: 'ftp://example.com/a' }, /input_payload: http/],
  ];
  let client = 0;
  for (const url of ['/v1/articles/check', '/v1/articles/check/stream']) {
    for (const [payload, message] of cases) {
      // One address per request: the route's own budget (10 a minute) is tested below.
      const res = await app.inject({
        method: 'POST',
        url,
        payload: payload as object,
        remoteAddress: `10.0.0.${++client}`,
      });
      assert.equal(res.statusCode, 400, `${url} ${JSON.stringify(payload).slice(0, 60)}: ${res.body}`);
      assert.equal(res.json().code, 'BAD_REQUEST');
      assert.match(res.json().message, message);
    }
  }
});

test('the route has its own per-client budget: the 11th check in a minute is refused with 429', async (t) => {
  const app = await build(t);
  const bad = { input_type: 'text', input_payload: '' };
  for (let i = 0; i < 10; i++)
    assert.equal((await app.inject({ method: 'POST', url: '/v1/articles/check', payload: bad })).statusCode, 400);
  const limited = await app.inject({ method: 'POST', url: '/v1/articles/check', payload: bad });
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().code, 'RATE_LIMITED');
  assert.equal(
    (await app.inject({ method: 'POST', url: '/v1/articles/check', payload: bad, remoteAddress: '10.9.9.9' }))
      .statusCode,
    400,
    'other clients are not affected',
  );
});
