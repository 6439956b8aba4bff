import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AdminIssue, Issue, IssuePage, StoredAnalysis } from '@olala/contract';
import { recordParticipant, seoulDay } from '@olala/core/issues';
import { BACKENDS } from '@olala/testing';
import { adminToken, anonymous, bearer, build } from '../helper.js';

async function create(app: FastifyInstance, token: string, body: Record<string, unknown>): Promise<AdminIssue> {
  const res = await app.inject({ method: 'POST', url: '/v1/admin/issues', headers: bearer(token), payload: body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function post(
  app: FastifyInstance,
  token: string,
  url: string,
  payload: Record<string, unknown> = {},
): Promise<AdminIssue> {
  const res = await app.inject({ method: 'POST', url, headers: bearer(token), payload });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const daysAgo = (n: number) => seoulDay(new Date(Date.now() - n * 86_400_000));

for (const backend of BACKENDS) {
  test(`${backend}: today's issue has the predecessor's shape; today's day wins over a newer issue of another day; drafts stay hidden`, async (t) => {
    const app = await build(t, backend);
    const token = await adminToken(app);

    const none = await app.inject({ method: 'GET', url: '/v1/issues/today' });
    assert.equal(none.statusCode, 404);
    // A screen reads it: the Korean display_message comes along (the same text here).
    assert.deepEqual(none.json(), {
      code: 'NOT_FOUND',
      message: '오늘의 이슈가 아직 없습니다.',
      display_message: '오늘의 이슈가 아직 없습니다.',
    });

    // A draft for today is not today's issue.
    const draft = await create(app, token, {
      title: '  AI 규제와 산업 영향  ',
      summary: '요약',
      content: '본문 첫 줄\n둘째 줄',
      category: '기술',
    });
    assert.equal(draft.status, 'draft');
    assert.equal(draft.publishedAt, null);
    assert.equal(draft.title, 'AI 규제와 산업 영향');
    assert.equal(draft.day, seoulDay());
    assert.equal((await app.inject({ method: 'GET', url: '/v1/issues/today' })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/v1/issues/${draft.id}` })).statusCode, 404);

    const today = await post(app, token, `/v1/admin/issues/${draft.id}/publish`);
    assert.equal(today.status, 'published');
    // Yesterday's issue, published after today's: still not today's issue.
    const old = await create(app, token, {
      title: '어제의 이슈',
      day: daysAgo(1),
      sourceUrl: 'https://news.example.com/a/1',
      publish: true,
    });
    assert.ok(Date.parse(old.publishedAt!) >= Date.parse(today.publishedAt!));

    const res = await app.inject({ method: 'GET', url: '/v1/issues/today' });
    assert.equal(res.statusCode, 200, res.body);
    const issue = res.json<Issue>();
    assert.deepEqual(Object.keys(issue).sort(), [
      'category',
      'content',
      'day',
      'id',
      'participantCount',
      'publishedAt',
      'sourceUrl',
      'summary',
      'title',
    ]);
    assert.equal(issue.id, draft.id);
    assert.equal(issue.content, '본문 첫 줄\n둘째 줄');
    assert.equal(issue.category, '기술');
    assert.equal(issue.sourceUrl, null);
    assert.equal(issue.participantCount, 0);
    assert.equal(issue.publishedAt, today.publishedAt);

    // Participants are distinct users; a repeat does not count twice.
    const alice = await anonymous(app);
    const bob = await anonymous(app);
    for (const u of [alice, bob, alice]) assert.equal(await recordParticipant(app.db, issue.id, u.user.user_id), true);
    assert.equal(await recordParticipant(app.db, randomUUID(), alice.user.user_id), false);
    assert.equal((await app.inject({ method: 'GET', url: '/v1/issues/today' })).json<Issue>().participantCount, 2);

    // Unpublished, it disappears; the newest published issue of another day stands in.
    const back = await post(app, token, `/v1/admin/issues/${draft.id}/unpublish`);
    assert.equal(back.status, 'draft');
    const fallback = (await app.inject({ method: 'GET', url: '/v1/issues/today' })).json<Issue>();
    assert.equal(fallback.id, old.id);
    assert.equal(fallback.sourceUrl, 'https://news.example.com/a/1');
    assert.equal((await app.inject({ method: 'GET', url: `/v1/issues/${draft.id}` })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/v1/issues/${old.id}` })).json<Issue>().title, '어제의 이슈');

    // Scheduled for later: not public yet.
    const scheduled = await post(app, token, `/v1/admin/issues/${draft.id}/publish`, {
      at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    assert.equal(scheduled.status, 'scheduled');
    assert.equal((await app.inject({ method: 'GET', url: '/v1/issues/today' })).json<Issue>().id, old.id);
  });

  test(`${backend}: GET /v1/issues pages published issues newest first and never lists drafts`, async (t) => {
    const app = await build(t, backend);
    const token = await adminToken(app);
    const published: string[] = [];
    for (let i = 0; i < 5; i++) {
      published.unshift((await create(app, token, { title: `이슈 ${i}`, day: daysAgo(5 - i), publish: true })).id);
      await create(app, token, { title: `초안 ${i}` });
    }
    const seen: string[] = [];
    let url = '/v1/issues?limit=2';
    for (let pages = 0; pages < 5; pages++) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json<IssuePage>();
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((i) => i.id));
      if (!page.next_before) break;
      url = `/v1/issues?limit=2&before=${page.next_before}`;
    }
    assert.deepEqual(seen, published);

    const bad = await app.inject({ method: 'GET', url: '/v1/issues?before=nonsense' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().display_message, /next_before/);
    const tooMany = await app.inject({ method: 'GET', url: '/v1/issues?limit=1000' });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.json().display_message, /limit\(개수\)/);
    const badId = await app.inject({ method: 'GET', url: '/v1/issues/issue_20250303' });
    assert.equal(badId.statusCode, 400);
    assert.match(badId.json().message, /UUID/);

    // Admins see drafts too.
    const all = await app.inject({ method: 'GET', url: '/v1/admin/issues?limit=100', headers: bearer(token) });
    assert.equal(all.statusCode, 200, all.body);
    const items = all.json<{ items: AdminIssue[] }>().items;
    assert.equal(items.length, 10);
    assert.equal(items.filter((i) => i.status === 'draft').length, 5);
  });

  test(`${backend}: admin routes refuse anonymous requests (401) and users who are not admins (403)`, async (t) => {
    const app = await build(t, backend);
    const user = await anonymous(app);
    const id = (await create(app, await adminToken(app), { title: '관리자 전용' })).id;
    const routes: [string, string][] = [
      ['GET', '/v1/admin/issues'],
      ['GET', `/v1/admin/issues/${id}`],
      ['POST', '/v1/admin/issues'],
      ['PATCH', `/v1/admin/issues/${id}`],
      ['POST', `/v1/admin/issues/${id}/publish`],
      ['POST', `/v1/admin/issues/${id}/unpublish`],
      ['POST', `/v1/admin/issues/${id}/fact-check`],
      ['DELETE', `/v1/admin/issues/${id}`],
    ];
    for (const [method, url] of routes) {
      const payload = method === 'GET' || method === 'DELETE' ? undefined : { title: '바뀐 제목' };
      const anon = await app.inject({ method: method as 'GET', url, payload });
      assert.equal(anon.statusCode, 401, `${method} ${url}`);
      const forbidden = await app.inject({ method: method as 'GET', url, headers: bearer(user.token), payload });
      assert.equal(forbidden.statusCode, 403, `${method} ${url}: ${forbidden.body}`);
      assert.equal(forbidden.json().code, 'FORBIDDEN');
    }
    const { rows } = await app.db.query<{ title: string; published: boolean }>(
      'SELECT title, published_at IS NOT NULL AS published FROM issues',
    );
    assert.deepEqual(rows, [{ title: '관리자 전용', published: false }]);
  });

  test(`${backend}: admins edit, validate (Korean 400s), publish idempotently and delete`, async (t) => {
    const app = await build(t, backend);
    const token = await adminToken(app);
    const issue = await create(app, token, {
      title: '원래 제목',
      sourceUrl: 'https://a.example/1',
      claim: '주장 하나',
    });
    assert.equal(issue.category, '일반');

    const patch = (payload: Record<string, unknown>, id = issue.id) =>
      app.inject({ method: 'PATCH', url: `/v1/admin/issues/${id}`, headers: bearer(token), payload });
    let res = await patch({ title: '새 제목', sourceUrl: null, day: '2025-03-03' });
    assert.equal(res.statusCode, 200, res.body);
    const edited = res.json<AdminIssue>();
    assert.equal(edited.title, '새 제목');
    assert.equal(edited.sourceUrl, null);
    assert.equal(edited.claim, '주장 하나');
    assert.equal(edited.day, '2025-03-03');
    assert.ok(Date.parse(edited.updatedAt) >= Date.parse(issue.updatedAt));

    const cases: [Record<string, unknown>, RegExp][] = [
      [{ title: '가'.repeat(201) }, /title\(제목\): 최대 200자까지/],
      [{ title: '' }, /title\(제목\): 비어 있으면 안 됩니다/],
      [{ title: '   ' }, /title\(제목\): 공백만으로/],
      [{ day: '2025-02-30' }, /day\(날짜\): YYYY-MM-DD/],
      [{ sourceUrl: 'javascript:alert(1)' }, /sourceUrl\(출처 URL\): http:\/\/ 또는 https:\/\//],
      [{ content: 'x'.repeat(50_001) }, /content\(본문\): 최대 50000자/],
      [{ category: { name: '정치' } }, /category\(분류\): 문자열이어야 합니다/],
    ];
    for (const [payload, message] of cases) {
      res = await patch(payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 80));
      assert.equal(res.json().code, 'BAD_REQUEST');
      assert.match(res.json().display_message, message);
    }
    res = await app.inject({
      method: 'POST',
      url: '/v1/admin/issues',
      headers: bearer(token),
      payload: { summary: '제목 없음' },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().display_message, /title\(제목\): 필수 항목입니다/);
    assert.equal((await patch({ title: '없는 이슈' }, randomUUID())).statusCode, 404);

    // Clients may send no body at all to publish (or fact-check) with the defaults.
    const bare = await app.inject({
      method: 'POST',
      url: `/v1/admin/issues/${issue.id}/publish`,
      headers: bearer(token),
    });
    assert.equal(bare.statusCode, 200, bare.body);
    const first = bare.json<AdminIssue>();
    assert.equal(first.status, 'published');
    const again = await post(app, token, `/v1/admin/issues/${issue.id}/publish`);
    assert.equal(again.publishedAt, first.publishedAt, 'publishing twice keeps the first time');
    const noBody = await app.inject({
      method: 'POST',
      url: `/v1/admin/issues/${issue.id}/unpublish`,
      headers: bearer(token),
    });
    assert.equal(noBody.statusCode, 200, noBody.body);
    assert.equal(noBody.json<AdminIssue>().status, 'draft');

    const del = await app.inject({ method: 'DELETE', url: `/v1/admin/issues/${issue.id}`, headers: bearer(token) });
    assert.equal(del.statusCode, 204);
    assert.equal(
      (await app.inject({ method: 'DELETE', url: `/v1/admin/issues/${issue.id}`, headers: bearer(token) })).statusCode,
      404,
    );
  });

  test(`${backend}: an issue's fact-check runs the pipeline on its main claim and links the stored analysis`, async (t) => {
    const app = await build(t, backend);
    const token = await adminToken(app);
    const issue = await create(app, token, { title: '올라라전자가 2031년 영업이익 9조원을 기록했다', publish: true });

    const checked = await post(app, token, `/v1/admin/issues/${issue.id}/fact-check`);
    assert.ok(checked.analysis, JSON.stringify(checked));
    const stored = await app.inject({ method: 'GET', url: `/v1/analyses/${checked.analysis.analysisId}` });
    assert.equal(stored.statusCode, 200, stored.body);
    const analysis = stored.json<StoredAnalysis>();
    assert.equal(analysis.input_payload, issue.title, 'without a claim, the title is checked');
    assert.equal(checked.analysis.label, analysis.result.label);
    assert.equal(checked.analysis.headline, analysis.result.headline);
    assert.equal(checked.analysis.confidence, analysis.result.confidence);

    // The public sees the verdict with the issue.
    const today = (await app.inject({ method: 'GET', url: '/v1/issues/today' })).json<Issue>();
    assert.deepEqual(today.analysis, checked.analysis);

    // An explicit claim is checked instead, and remembered on the issue.
    const claim = '올라라전자는 2031년에 적자를 냈다';
    const second = await post(app, token, `/v1/admin/issues/${issue.id}/fact-check`, { claim });
    assert.notEqual(second.analysis?.analysisId, checked.analysis.analysisId);
    assert.equal(second.claim, claim);
    const { rows } = await app.db.query<{ input_payload: string }>(
      'SELECT input_payload FROM analyses WHERE analysis_id = $1',
      [second.analysis!.analysisId],
    );
    assert.equal(rows[0]?.input_payload, claim);

    const missing = await app.inject({
      method: 'POST',
      url: `/v1/admin/issues/${randomUUID()}/fact-check`,
      headers: bearer(token),
      payload: {},
    });
    assert.equal(missing.statusCode, 404);
  });
}
