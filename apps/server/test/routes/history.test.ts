import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type {
  AnonymousIdentityResponse,
  ArticleCheckResponse,
  HistoryItem,
  HistoryPage,
  TruthCheckResponse,
} from '@olala/contract';
import { BACKENDS } from '@olala/testing';
import { build } from '../helper.js';

const CLAIM = '올라라전자가 2031년 3분기 영업이익 9조원을 기록했다.';

async function issue(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/v1/identity/anonymous' });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<AnonymousIdentityResponse>().token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function check(
  app: FastifyInstance,
  token: string | undefined,
  input_payload: string,
  url = '/truth/check',
): Promise<TruthCheckResponse> {
  const res = await app.inject({
    method: 'POST',
    url,
    headers: token ? bearer(token) : {},
    payload: { input_payload },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function page(app: FastifyInstance, token: string, url: string): Promise<HistoryPage> {
  const res = await app.inject({ method: 'GET', url, headers: bearer(token) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const idOf = (i: HistoryItem) => (i.kind === 'truth' ? i.analysis_id : i.article_id);
const ids = (p: HistoryPage) => p.items.map(idOf);

for (const backend of BACKENDS) {
  test(`${backend}: checks sent with a token land in that user's history, cached repeats and streamed runs too`, async (t) => {
    const app = await build(t, backend);
    const alice = await issue(app);
    const bob = await issue(app);

    const first = await check(app, alice, CLAIM);
    const other = await check(app, alice, '올라라전자가 2032년에 화성에 공장을 지었다.', '/v1/truth/check');
    let history = await page(app, alice, '/v1/history');
    assert.deepEqual(ids(history), [other.analysis_id, first.analysis_id]);
    const item = history.items[1]!;
    assert.ok(item.kind === 'truth');
    assert.equal(item.claim, first.claim);
    assert.equal(item.label, first.label);
    assert.equal(item.headline, first.headline);
    assert.equal(item.confidence, first.confidence);
    assert.equal(item.input_payload, CLAIM);
    assert.equal(item.created_at, first.created_at);
    assert.equal(item.bookmarked, false);

    // Bob asks the same question: the cache answers with Alice's run, and it is in his history too.
    const cached = await check(app, bob, CLAIM);
    assert.equal(cached.cached, true);
    assert.equal(cached.analysis_id, first.analysis_id);
    assert.deepEqual(ids(await page(app, bob, '/v1/history')), [first.analysis_id]);
    // Alice asking again moves it to the top of hers.
    assert.equal((await check(app, alice, CLAIM)).cached, true);
    assert.deepEqual(ids(await page(app, alice, '/v1/history')), [first.analysis_id, other.analysis_id]);

    const streamed = await app.inject({
      method: 'POST',
      url: '/api/truth/check/stream',
      headers: bearer(bob),
      payload: { input_payload: '올라라전자가 2033년에 달에 지점을 열었다.' },
    });
    assert.equal(streamed.statusCode, 200);
    const complete = streamed.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e) => e.event === 'complete');
    assert.ok(complete, streamed.body);
    assert.deepEqual(ids(await page(app, bob, '/v1/history')), [complete.data.analysis_id, first.analysis_id]);

    // Without a token nothing is recorded; with a dead one the check is refused, not run anonymously.
    await check(app, undefined, '올라라전자가 2034년에 해저 도시를 세웠다.');
    const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM history');
    assert.equal(rows[0]!.n, 4);
    await app.db.query('UPDATE sessions SET revoked_at = now()');
    for (const url of ['/truth/check', '/v1/truth/check', '/api/truth/check/stream']) {
      const res = await app.inject({ method: 'POST', url, headers: bearer(alice), payload: { input_payload: CLAIM } });
      assert.equal(res.statusCode, 401, url);
      assert.equal(res.json().code, 'UNAUTHORIZED');
    }
    await app.db.query('UPDATE sessions SET revoked_at = NULL');

    // Removing from history leaves the analysis (Bob still has it).
    const del = await app.inject({ method: 'DELETE', url: `/v1/history/${first.analysis_id}`, headers: bearer(alice) });
    assert.equal(del.statusCode, 204);
    assert.equal(
      (await app.inject({ method: 'DELETE', url: `/v1/history/${first.analysis_id}`, headers: bearer(alice) }))
        .statusCode,
      204,
    );
    history = await page(app, alice, '/v1/history');
    assert.deepEqual(ids(history), [other.analysis_id]);
    assert.deepEqual(ids(await page(app, bob, '/v1/history')), [complete.data.analysis_id, first.analysis_id]);
    assert.equal((await app.inject({ method: 'GET', url: `/v1/analyses/${first.analysis_id}` })).statusCode, 200);
    assert.equal(
      (await app.inject({ method: 'DELETE', url: '/v1/history/not-a-uuid', headers: bearer(alice) })).statusCode,
      400,
    );
  });

  test(`${backend}: bookmarks are put, listed newest first in pages, flagged in history, deleted; unknown analyses are 404`, async (t) => {
    const app = await build(t, backend);
    const token = await issue(app);
    const runs: TruthCheckResponse[] = [];
    for (let i = 0; i < 5; i++)
      runs.push(await check(app, token, `올라라전자가 ${2040 + i}년에 신제품 ${i}종을 냈다.`));

    for (const r of runs) {
      const put = await app.inject({ method: 'PUT', url: `/v1/bookmarks/${r.analysis_id}`, headers: bearer(token) });
      assert.equal(put.statusCode, 204, put.body);
    }
    // Bookmarking again is not an error and does not duplicate.
    assert.equal(
      (await app.inject({ method: 'PUT', url: `/v1/bookmarks/${runs[0]!.analysis_id}`, headers: bearer(token) }))
        .statusCode,
      204,
    );

    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const p = await page(app, token, `/v1/bookmarks?limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      pages++;
      assert.ok(p.items.every((i) => i.bookmarked && i.bookmarked_at));
      seen.push(...ids(p));
      before = p.next_before;
    } while (before);
    assert.equal(pages, 3);
    assert.deepEqual(seen, runs.map((r) => r.analysis_id).reverse());

    const del = await app.inject({
      method: 'DELETE',
      url: `/v1/bookmarks/${runs[4]!.analysis_id}`,
      headers: bearer(token),
    });
    assert.equal(del.statusCode, 204);
    assert.equal(
      (await app.inject({ method: 'DELETE', url: `/v1/bookmarks/${runs[4]!.analysis_id}`, headers: bearer(token) }))
        .statusCode,
      204,
    );
    assert.equal((await page(app, token, '/v1/bookmarks')).items.length, 4);
    const history = await page(app, token, '/v1/history?limit=100');
    assert.deepEqual(
      history.items.map((i) => i.bookmarked),
      [false, true, true, true, true],
    );

    const unknown = randomUUID();
    const missing = await app.inject({ method: 'PUT', url: `/v1/bookmarks/${unknown}`, headers: bearer(token) });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'NOT_FOUND');
    assert.match(missing.json().message, /찾을 수 없습니다/);

    const bad = await app.inject({ method: 'PUT', url: '/v1/bookmarks/123', headers: bearer(token) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /params\/analysisId/);
    const badCursor = await app.inject({ method: 'GET', url: '/v1/bookmarks?before=nope', headers: bearer(token) });
    assert.equal(badCursor.statusCode, 400);
    assert.match(badCursor.json().message, /next_before/);
    const badLimit = await app.inject({ method: 'GET', url: '/v1/history?limit=1000', headers: bearer(token) });
    assert.equal(badLimit.statusCode, 400);
    assert.match(badLimit.json().message, /querystring\/limit/);

    // Another user sees none of it.
    const stranger = await issue(app);
    assert.deepEqual(await page(app, stranger, '/v1/bookmarks'), { items: [] });
    assert.deepEqual(await page(app, stranger, '/v1/history'), { items: [] });
  });

  test(`${backend}: an article checked with a token is in History as kind "article", can be bookmarked by its id, and single checks keep their fields`, async (t) => {
    const app = await build(t, backend);
    const token = await issue(app);
    const single = await check(app, token, CLAIM);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/articles/check',
      headers: bearer(token),
      payload: {
        input_type: 'text',
        title: '올라라전자 실적 발표',
        input_payload: `${CLAIM} 올라라전자는 2030년에 서울에서 설립되었다.`,
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const article = res.json<ArticleCheckResponse>();
    // Without a token an article joins nobody's History.
    const anonymous = await app.inject({
      method: 'POST',
      url: '/v1/articles/check',
      payload: { input_type: 'text', input_payload: '올라라전자는 2029년에 부산에서 설립되었다.' },
    });
    assert.equal(anonymous.statusCode, 200, anonymous.body);

    const history = await page(app, token, '/v1/history');
    assert.deepEqual(ids(history), [article.article_id, single.analysis_id]);
    const [entry, truth] = history.items;
    assert.deepEqual(entry, {
      kind: 'article',
      article_id: article.article_id,
      created_at: article.created_at,
      input_type: 'text',
      title: '올라라전자 실적 발표',
      url: null,
      counts: article.summary.counts,
      failed: article.summary.failed,
      bookmarked: false,
    });
    assert.ok(
      Object.values(article.summary.counts).reduce((a, b) => a + b, 0) + article.summary.failed >= 1,
      'the article had claims',
    );
    assert.deepEqual(truth, {
      kind: 'truth',
      analysis_id: single.analysis_id,
      created_at: single.created_at,
      input_type: 'text',
      input_payload: CLAIM,
      claim: single.claim,
      label: single.label,
      confidence: single.confidence,
      headline: single.headline,
      bookmarked: false,
    });

    assert.equal(
      (await app.inject({ method: 'PUT', url: `/v1/bookmarks/${article.article_id}`, headers: bearer(token) }))
        .statusCode,
      204,
    );
    const marks = await page(app, token, '/v1/bookmarks');
    assert.deepEqual(ids(marks), [article.article_id]);
    assert.ok(marks.items[0]!.bookmarked && marks.items[0]!.bookmarked_at);
    assert.equal(
      (await app.inject({ method: 'DELETE', url: `/v1/bookmarks/${article.article_id}`, headers: bearer(token) }))
        .statusCode,
      204,
    );
    assert.deepEqual(await page(app, token, '/v1/bookmarks'), { items: [] });
    assert.equal(
      (await app.inject({ method: 'DELETE', url: `/v1/history/${article.article_id}`, headers: bearer(token) }))
        .statusCode,
      204,
    );
    assert.deepEqual(ids(await page(app, token, '/v1/history')), [single.analysis_id]);
    assert.equal(
      (await app.inject({ method: 'GET', url: `/v1/articles/${article.article_id}` })).statusCode,
      200,
      'the run itself stays',
    );
  });
}
