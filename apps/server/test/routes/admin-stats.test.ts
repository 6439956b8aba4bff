import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type {
  AdminAnalysisPage,
  AdminChatReportList,
  AdminStats,
  AuthSessionResponse,
  StageTiming,
} from '@olala/contract';
import type { Queryable } from '@olala/core';
import { analysisStats } from '@olala/core/analyses';
import { hideMessage, postMessage, reportMessage } from '@olala/core/chat';
import { createAnonymousUser, createOrPromoteAdmin } from '@olala/core/identity';
import { BACKENDS } from '@olala/testing';
import { createRoom } from '../../../../bench/lib/chat-fixtures.js';
import { build } from '../helper.js';

const PASSWORD = '관리자-비밀번호-1234';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface Seed {
  at: string;
  label?: string;
  status?: 'complete' | 'cancelled';
  latency: number;
  stages?: [string, StageTiming['status'], number][];
  flags?: string[];
  streamed?: boolean;
  cacheable?: boolean;
  claim?: string;
}

/** A stored analysis as `saveAnalysis` writes one, with only the columns the dashboard reads made to matter. */
async function seed(db: Queryable, s: Seed): Promise<string> {
  const id = randomUUID();
  const stages = (s.stages ?? []).map(([stage, status, ms]) => ({ stage, status, ms }));
  await db.query(
    `INSERT INTO analyses (analysis_id, created_at, input_type, input_payload, input_key, claim, label, confidence, status, streamed,
       cacheable, latency_ms, result)
     VALUES ($1, $2, 'text', $3, $4, $3, $5, 0.75, $6, $7, $8, $9, $10)`,
    [
      id,
      s.at,
      s.claim ?? `주장 ${id.slice(0, 8)}`,
      `test:${id}`,
      s.label ?? 'TRUE',
      s.status ?? 'complete',
      s.streamed ?? false,
      s.cacheable ?? true,
      s.latency,
      JSON.stringify({ risk_flags: s.flags ?? [], model_info: {}, stages }),
    ],
  );
  return id;
}

/** An admin made the way `olala users create-admin` makes one, logged in over the API. */
async function adminToken(app: FastifyInstance, email = 'admin@example.com'): Promise<string> {
  await createOrPromoteAdmin(app.db, email, PASSWORD);
  const res = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password: PASSWORD } });
  assert.equal(res.statusCode, 200, res.body);
  const session = res.json<AuthSessionResponse>();
  assert.equal(session.user.role, 'admin');
  return session.token;
}

async function userToken(app: FastifyInstance): Promise<string> {
  return (await createAnonymousUser(app.db)).token;
}

const ROUTES = ['/v1/admin/stats', '/v1/admin/analyses', '/v1/admin/chat/reports'];

// 12:00 on 10 March in Korea. The window of 3 days is 8–10 March, Korean time.
const NOW = new Date('2026-03-10T03:00:00Z');

for (const backend of BACKENDS) {
  test(`${backend}: stats over a known set: exact percentiles, error rates, Korean days, counts and flags`, async (t) => {
    const app = await build(t, backend);
    const db = app.db;
    const stages = (n: number, w: number, j: [StageTiming['status'], number], wStatus: StageTiming['status'] = 'ok') =>
      [
        ['stage01_normalize', 'ok', n],
        ['stage03_wiki', wStatus, w],
        ['stage09_judge', j[0], j[1]],
      ] as [string, StageTiming['status'], number][];
    await seed(db, {
      at: '2026-03-10T01:00:00Z',
      label: 'TRUE',
      latency: 100,
      stages: stages(10, 100, ['failed', 5]),
      flags: ['LOW_EVIDENCE'],
      streamed: true,
    });
    // 00:30 on 10 March in Korea, still 9 March in UTC.
    await seed(db, {
      at: '2026-03-09T15:30:00Z',
      label: 'FALSE',
      latency: 200,
      stages: stages(20, 300, ['skipped', 0], 'timeout'),
      flags: ['LOW_EVIDENCE', 'TIMEOUT'],
      cacheable: false,
    });
    // 23:30 on 9 March in Korea.
    await seed(db, { at: '2026-03-09T14:30:00Z', label: 'TRUE', latency: 300, stages: stages(30, 200, ['ok', 50]) });
    await seed(db, {
      at: '2026-03-08T00:00:00Z',
      label: 'MIXED',
      latency: 400,
      stages: stages(40, 400, ['ok', 70]),
      flags: ['LOW_CONFIDENCE'],
    });
    // Cancelled: counted as a run of its day, left out of latency and stage figures.
    await seed(db, {
      at: '2026-03-10T02:00:00Z',
      label: 'UNVERIFIED',
      status: 'cancelled',
      latency: 9000,
      stages: [
        ['stage01_normalize', 'ok', 1000],
        ['stage03_wiki', 'failed', 5000],
      ],
      flags: ['CANCELLED'],
      streamed: true,
    });
    // Outside the window: 23:59 on 7 March in Korea, and after `now`.
    await seed(db, {
      at: '2026-03-07T14:59:00Z',
      latency: 50_000,
      stages: stages(9999, 9999, ['failed', 9999]),
      flags: ['PIPELINE_CRASH'],
    });
    await seed(db, {
      at: '2026-03-10T04:00:00Z',
      latency: 50_000,
      stages: stages(9999, 9999, ['failed', 9999]),
      flags: ['PIPELINE_CRASH'],
    });

    const stats = await analysisStats(db, { days: 3, now: NOW });
    assert.deepEqual([stats.from_day, stats.to_day, stats.time_zone], ['2026-03-08', '2026-03-10', 'Asia/Seoul']);
    assert.deepEqual(
      {
        runs: stats.runs,
        complete: stats.complete,
        cancelled: stats.cancelled,
        streamed: stats.streamed,
        degraded: stats.degraded,
      },
      { runs: 5, complete: 4, cancelled: 1, streamed: 2, degraded: 1 },
    );
    // percentile_cont over 100, 200, 300, 400: p50 = 250, p95 = 300 + 0.85 × 100.
    assert.deepEqual(stats.latency, { p50_ms: 250, p95_ms: 385 });
    assert.deepEqual(stats.stages, [
      {
        stage: 'stage01_normalize',
        runs: 4,
        skipped: 0,
        failed: 0,
        timeout: 0,
        error_rate: 0,
        p50_ms: 25,
        p95_ms: 38.5,
      },
      { stage: 'stage03_wiki', runs: 4, skipped: 0, failed: 0, timeout: 1, error_rate: 0.25, p50_ms: 250, p95_ms: 385 },
      // Skipped runs have no timing: 5, 50, 70 → p95 = 50 + 0.9 × 20.
      { stage: 'stage09_judge', runs: 3, skipped: 1, failed: 1, timeout: 0, error_rate: 1 / 3, p50_ms: 50, p95_ms: 68 },
    ]);
    const zero = { TRUE: 0, FALSE: 0, MIXED: 0, UNVERIFIED: 0, REFUSED: 0 };
    assert.deepEqual(stats.per_day, [
      { day: '2026-03-08', runs: 1, cancelled: 0, labels: { ...zero, MIXED: 1 } },
      { day: '2026-03-09', runs: 1, cancelled: 0, labels: { ...zero, TRUE: 1 } },
      { day: '2026-03-10', runs: 3, cancelled: 1, labels: { ...zero, TRUE: 1, FALSE: 1 } },
    ]);
    assert.deepEqual(stats.top_flags, [
      { flag: 'LOW_EVIDENCE', count: 2 },
      { flag: 'CANCELLED', count: 1 },
      { flag: 'LOW_CONFIDENCE', count: 1 },
      { flag: 'TIMEOUT', count: 1 },
    ]);

    // One day: only 10 March in Korea (the 00:30 run included, the 23:30 one not).
    const today = await analysisStats(db, { days: 1, now: NOW });
    assert.deepEqual([today.runs, today.per_day.length, today.latency.p50_ms], [3, 1, 150]);

    // An empty window: zeros and nulls, every day present.
    const empty = await analysisStats(db, { days: 2, now: new Date('2030-01-01T00:00:00Z') });
    assert.deepEqual(
      [empty.runs, empty.latency, empty.stages, empty.top_flags],
      [0, { p50_ms: null, p95_ms: null }, [], []],
    );
    assert.deepEqual(
      empty.per_day.map((d) => d.day),
      ['2029-12-31', '2030-01-01'],
    );
  });

  test(`${backend}: every admin route answers 401 without a token, 403 to a user, 200 to an admin`, async (t) => {
    const app = await build(t, backend);
    const admin = await adminToken(app);
    const user = await userToken(app);
    for (const url of ROUTES) {
      const none = await app.inject({ url });
      assert.equal(none.statusCode, 401, `${url}: ${none.body}`);
      assert.equal(none.json<{ code: string }>().code, 'UNAUTHORIZED');
      const refused = await app.inject({ url, headers: bearer(user) });
      assert.equal(refused.statusCode, 403, `${url}: ${refused.body}`);
      assert.equal(refused.json<{ code: string }>().code, 'FORBIDDEN');
      const ok = await app.inject({ url, headers: bearer(admin) });
      assert.equal(ok.statusCode, 200, `${url}: ${ok.body}`);
      assert.equal(ok.headers['cache-control'], 'no-store');
    }
  });

  test(`${backend}: GET /v1/admin/stats counts a real verification; bad days are refused`, async (t) => {
    const app = await build(t, backend);
    const admin = await adminToken(app);
    const get = (q = '') => app.inject({ url: `/v1/admin/stats${q}`, headers: bearer(admin) });
    const before = (await get()).json<AdminStats>();
    assert.equal(before.runs, 0);
    assert.equal(before.per_day.length, 7);

    const check = await app.inject({
      method: 'POST',
      url: '/v1/truth/check',
      payload: { input_payload: '올라라전자가 2031년에 화성에 공장을 지었다.' },
    });
    assert.equal(check.statusCode, 200, check.body);
    const after = (await get('?days=1')).json<AdminStats>();
    assert.equal(after.runs, 1);
    assert.equal(after.complete, 1);
    assert.equal(after.per_day[0]!.runs, 1);
    assert.ok(after.stages.length > 0, 'the run stored its stages');
    assert.ok(after.stages.some((s) => s.stage === 'stage01_normalize' && s.runs === 1));
    assert.ok(after.latency.p50_ms !== null && after.latency.p50_ms >= 0);

    for (const bad of ['?days=0', '?days=91', '?days=abc']) {
      const res = await get(bad);
      assert.equal(res.statusCode, 400, `${bad}: ${res.body}`);
      assert.match(res.json<{ message: string }>().message, /days/);
    }
  });

  test(`${backend}: GET /v1/admin/analyses: newest first with flags, paged without repeats across equal times`, async (t) => {
    const app = await build(t, backend);
    const admin = await adminToken(app);
    const same = '2026-03-10T01:00:00.123456Z';
    const tied = [
      await seed(app.db, { at: same, latency: 1 }),
      await seed(app.db, { at: same, latency: 2 }),
      await seed(app.db, { at: same, latency: 3 }),
    ];
    const newest = await seed(app.db, {
      at: '2026-03-10T02:00:00Z',
      label: 'FALSE',
      status: 'cancelled',
      latency: 1234,
      flags: ['CANCELLED', 'LOW_EVIDENCE'],
      streamed: true,
      claim: '가장 최근 주장',
    });
    const list = async (q: string) => {
      const res = await app.inject({ url: `/v1/admin/analyses${q}`, headers: bearer(admin) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<AdminAnalysisPage>();
    };
    const first = await list('?limit=2');
    assert.equal(first.items.length, 2);
    assert.deepEqual(first.items[0], {
      analysis_id: newest,
      created_at: '2026-03-10T02:00:00.000Z',
      claim: '가장 최근 주장',
      label: 'FALSE',
      confidence: 0.75,
      risk_flags: ['CANCELLED', 'LOW_EVIDENCE'],
      latency_ms: 1234,
      streamed: true,
      status: 'cancelled',
    });
    assert.ok(first.next_before);
    const second = await list(`?limit=2&before=${first.next_before}`);
    const seen = [...first.items, ...second.items].map((i) => i.analysis_id);
    assert.equal(second.next_before, undefined);
    assert.deepEqual(seen, [newest, ...[...tied].sort().reverse()]);

    const bad = await app.inject({ url: '/v1/admin/analyses?before=nonsense', headers: bearer(admin) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ message: string }>().message, /before/);
  });

  test(`${backend}: GET /v1/admin/chat/reports: reported messages with counts and reasons; hidden ones by status`, async (t) => {
    const app = await build(t, backend);
    const admin = await adminToken(app);
    const issueId = await createRoom(app.db, '신고 시험 이슈');
    const [author, r1, r2] = [
      await createAnonymousUser(app.db),
      await createAnonymousUser(app.db),
      await createAnonymousUser(app.db),
    ];
    const post = async (content: string, clientId: string) =>
      (await postMessage(app.db, { issueId, userId: author.user.user_id, clientId, content })).message.id;
    const spam = await post('광고 링크입니다', 'a');
    const rude = await post('무례한 말', 'b');
    await post('멀쩡한 메시지', 'c');
    await reportMessage(app.db, spam, r1.user.user_id, '광고');
    await reportMessage(app.db, spam, r2.user.user_id, '');
    await reportMessage(app.db, rude, r1.user.user_id, '욕설');

    const list = async (q = '') => {
      const res = await app.inject({ url: `/v1/admin/chat/reports${q}`, headers: bearer(admin) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<AdminChatReportList>().items;
    };
    const open = await list();
    assert.deepEqual(
      open.map((r) => [r.messageId, r.reportCount, r.reasons, r.hidden]).sort(),
      [
        [rude, 1, ['욕설'], false],
        [spam, 2, ['광고'], false],
      ].sort(),
    );
    const item = open.find((r) => r.messageId === spam)!;
    assert.deepEqual(
      [item.issueId, item.issueTitle, item.author, item.authorId, item.content],
      [issueId, '신고 시험 이슈', author.user.nickname, author.user.user_id, '광고 링크입니다'],
    );

    const adminId = (
      await app.db.query<{ user_id: string }>("SELECT user_id::text AS user_id FROM users WHERE role = 'admin'")
    ).rows[0]!.user_id;
    assert.equal(await hideMessage(app.db, spam, adminId), 'hidden');
    assert.deepEqual(
      (await list()).map((r) => r.messageId),
      [rude],
    );
    assert.deepEqual(
      (await list('?status=hidden')).map((r) => [r.messageId, r.hidden]),
      [[spam, true]],
    );
    assert.equal((await list('?status=all')).length, 2);
    assert.equal((await list('?status=all&limit=1')).length, 1);
    const bad = await app.inject({ url: '/v1/admin/chat/reports?status=gone', headers: bearer(admin) });
    assert.equal(bad.statusCode, 400);
  });
}
