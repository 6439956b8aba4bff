import '../support/dom.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { AdminAnalysisPage, AdminChatReport, AdminStats } from '@olala/contract/admin';
import type { AdminIssue } from '@olala/contract/issues';
import type { WikiStatus } from '@olala/contract/wiki';
import { LabelsChart } from '../../src/features/admin/components/stats-panel.js';
import { appHooks, renderApp } from '../support/app.js';
import { fakeApi, json, type Call, type Handler } from '../support/fake-api.js';

const USER = {
  user_id: 'u1',
  nickname: '관리 수달',
  color: '#123456',
  kind: 'account',
  role: 'user',
  created_at: '2026-03-01T00:00:00.000Z',
} as const;
const ADMIN = { ...USER, role: 'admin' } as const;
const session = (user: typeof USER | typeof ADMIN) => ({
  token: `tok-${user.role}`,
  expires_at: '2099-01-01T00:00:00.000Z',
  user,
});

const zero = { TRUE: 0, FALSE: 0, MIXED: 0, UNVERIFIED: 0, REFUSED: 0 };
const STATS: AdminStats = {
  days: 3,
  time_zone: 'Asia/Seoul',
  from_day: '2026-03-08',
  to_day: '2026-03-10',
  generated_at: '2026-03-10T03:00:00.000Z',
  runs: 5,
  complete: 4,
  cancelled: 1,
  streamed: 2,
  degraded: 1,
  latency: { p50_ms: 250, p95_ms: 12_345 },
  stages: [
    { stage: 'stage01_normalize', runs: 4, skipped: 0, failed: 0, timeout: 0, error_rate: 0, p50_ms: 25, p95_ms: 38.5 },
    { stage: 'stage09_judge', runs: 3, skipped: 1, failed: 1, timeout: 0, error_rate: 1 / 3, p50_ms: 50, p95_ms: 68 },
  ],
  per_day: [
    { day: '2026-03-08', runs: 1, cancelled: 0, labels: { ...zero, MIXED: 1 } },
    { day: '2026-03-09', runs: 0, cancelled: 0, labels: zero },
    { day: '2026-03-10', runs: 4, cancelled: 1, labels: { ...zero, TRUE: 2, FALSE: 1 } },
  ],
  top_flags: [
    { flag: 'LOW_EVIDENCE', count: 2 },
    { flag: 'TIMEOUT', count: 1 },
  ],
};

const A1 = '3f1c2d4e-0000-4000-8000-000000000001';
const A2 = '3f1c2d4e-0000-4000-8000-000000000002';
const analysis = (id: string, claim: string, over: Partial<AdminAnalysisPage['items'][number]> = {}) => ({
  analysis_id: id,
  created_at: '2026-03-10T01:00:00.000Z',
  claim,
  label: 'FALSE' as const,
  confidence: 0.82,
  risk_flags: ['LOW_EVIDENCE'],
  latency_ms: 1530,
  streamed: true,
  status: 'complete' as const,
  ...over,
});

const ISSUE: AdminIssue = {
  id: 'a0000000-0000-4000-8000-000000000001',
  day: '2026-03-10',
  title: '전기차 보조금 축소 논란',
  summary: '',
  content: '',
  category: '경제',
  sourceUrl: null,
  participantCount: 0,
  publishedAt: null,
  status: 'draft',
  claim: null,
  createdAt: '2026-03-10T00:00:00.000Z',
  updatedAt: '2026-03-10T00:00:00.000Z',
};

const REPORT: AdminChatReport = {
  messageId: '42',
  issueId: ISSUE.id,
  issueTitle: ISSUE.title,
  authorId: 'u9',
  author: '용감한 수달',
  content: '광고 링크입니다',
  createdAt: '2026-03-10T01:00:00.000Z',
  hidden: false,
  reportCount: 2,
  lastReportedAt: '2026-03-10T02:00:00.000Z',
  reasons: ['광고'],
};

const WIKI: WikiStatus = {
  backend: 'pglite',
  wiki_pages: 1200,
  wiki_chunks: 34567,
  vector_enabled: true,
  embeddings: [{ model: 'bge-m3', embedded: 30000, missing: 4567, coverage_pct: 86.79, index: 'building' }],
  imports: [],
};

let api: ReturnType<typeof fakeApi> | undefined;
const calls = (prefix: string) => api!.calls.filter((c) => `${c.method} ${c.path}`.startsWith(prefix));

/** The admin API as an admin sees it, with `over` replacing routes. */
function adminApi(over: Record<string, Handler> = {}) {
  return fakeApi({
    'GET /v1/me': () => json(200, ADMIN),
    'GET /v1/admin/stats': () => json(200, STATS),
    'GET /v1/admin/analyses': () => json(200, { items: [] }),
    'GET /api/wiki/status': () => json(200, WIKI),
    'GET /v1/admin/issues': () => json(200, { items: [ISSUE] }),
    'GET /v1/admin/chat/reports': () => json(200, { items: [] }),
    ...over,
  });
}

appHooks();

test('only an admin sees the 관리 entry in the top bar', async () => {
  api = fakeApi({});
  localStorage.setItem('olala.identity', JSON.stringify(session(USER)));
  renderApp('/settings');
  await screen.findByRole('link', { name: '프로필' });
  assert.ok(!screen.queryByRole('link', { name: '관리' }));
  cleanup();

  localStorage.setItem('olala.identity', JSON.stringify(session(ADMIN)));
  renderApp();
  const entry = await screen.findByRole('link', { name: '관리' });
  assert.equal(entry.getAttribute('href'), '/admin');
});

test('a user who opens /admin gets the Korean 403 message, and no admin call is made', async () => {
  // The kept copy says admin; the server's answer (a demotion) wins.
  localStorage.setItem('olala.identity', JSON.stringify(session(ADMIN)));
  api = fakeApi({ 'GET /v1/me': () => json(200, USER) });
  renderApp('/admin');
  const alert = await screen.findByRole('alert');
  assert.match(alert.textContent!, /403/);
  assert.match(alert.textContent!, /관리자만 볼 수 있는 페이지예요/);
  assert.deepEqual(calls('GET /v1/admin'), []);
  await waitFor(() => assert.ok(!screen.queryByRole('link', { name: '관리' }), 'the entry goes with the role'));
  assert.equal(document.title, '관리 · OLaLA');
});

test('without any session /admin also refuses, with a way to log in', async () => {
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(201, session({ ...USER, kind: 'anonymous' } as unknown as typeof USER)),
    'GET /v1/me': () => json(200, { ...USER, kind: 'anonymous' }),
  });
  renderApp('/admin');
  assert.match((await screen.findByRole('alert')).textContent!, /관리자만/);
  assert.equal(screen.getByRole('link', { name: '로그인' }).getAttribute('href'), '/login?next=%2Fadmin');
});

test('현황: figures, the stage table with p50/p95 and error rates, the labels chart with its table, top flags; the period is asked for', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(session(ADMIN)));
  api = adminApi();
  renderApp('/admin');
  const table = await screen.findByTestId('stage-table');
  assert.equal(screen.getByRole('tab', { name: '현황' }).getAttribute('aria-selected'), 'true');
  assert.equal(calls('GET /v1/admin/stats')[0]!.path, '/v1/admin/stats?days=7');
  assert.equal(calls('GET /v1/admin/stats')[0]!.headers.authorization, 'Bearer tok-admin');

  const figures = within(screen.getByTestId('admin-figures'));
  assert.equal(figures.getByText('실행').nextSibling!.textContent, '5');
  assert.equal(figures.getByText('취소').nextSibling!.textContent, '1');
  assert.equal(figures.getByText('지연 p50').nextSibling!.textContent, '250ms');
  assert.equal(figures.getByText('지연 p95').nextSibling!.textContent, '12.3초');

  const rows = within(table).getAllByRole('row').slice(1);
  assert.deepEqual(
    rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent)),
    [
      ['01 normalize', '4', '25ms', '39ms', '0.0%'],
      ['09 judge', '3', '50ms', '68ms', '33.3%'],
    ],
  );
  assert.equal(rows[1]!.lastElementChild!.className, 'bad');

  // The chart: one group per day, one bar per label present, the same numbers in a table for screen readers.
  const chart = screen.getByTestId('labels-chart');
  assert.equal(chart.getAttribute('aria-hidden'), 'true');
  assert.equal(chart.querySelectorAll('g[data-day]').length, 3);
  assert.deepEqual(
    [...chart.querySelectorAll('g[data-day="2026-03-10"] rect')].map((r) => r.getAttribute('data-label')),
    ['TRUE', 'FALSE'],
  );
  assert.equal(chart.querySelectorAll('g[data-day="2026-03-09"] rect').length, 0);
  const trueBar = Number(
    chart.querySelector('g[data-day="2026-03-10"] rect[data-label="TRUE"]')!.getAttribute('height'),
  );
  const falseBar = Number(
    chart.querySelector('g[data-day="2026-03-10"] rect[data-label="FALSE"]')!.getAttribute('height'),
  );
  assert.ok(Math.abs(trueBar - 2 * falseBar) < 1e-9, 'bar heights are proportional to counts');
  const dayTable = screen.getByRole('table', { name: '일별 판정 건수' });
  assert.deepEqual(
    [...within(dayTable).getByRole('rowheader', { name: '2026-03-10' }).parentElement!.children].map(
      (c) => c.textContent,
    ),
    ['2026-03-10', '4', '2', '1', '0', '0', '0'],
  );
  assert.deepEqual(
    within(screen.getByTestId('top-flags'))
      .getAllByRole('listitem')
      .map((li) => li.textContent),
    ['LOW_EVIDENCE 2건', 'TIMEOUT 1건'],
  );

  fireEvent.change(screen.getByLabelText('기간'), { target: { value: '30' } });
  await waitFor(() => assert.equal(calls('GET /v1/admin/stats').at(-1)!.path, '/v1/admin/stats?days=30'));
});

test('LabelsChart draws nothing taller than its frame for an empty window', () => {
  render(<LabelsChart days={[{ day: '2026-03-10', runs: 0, cancelled: 0, labels: zero }]} />);
  assert.equal(screen.getByTestId('labels-chart').querySelectorAll('rect').length, 0);
  assert.match(screen.getByTestId('labels-chart').textContent!, /최대 1건/);
});

test('tabs: arrow keys move between them and the URL follows; 최근 검증 links to results and pages on', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(session(ADMIN)));
  api = adminApi({
    'GET /v1/admin/analyses': (call: Call) =>
      call.path.includes('before=')
        ? json(200, {
            items: [analysis(A2, '두 번째 쪽 주장', { status: 'cancelled', risk_flags: [], streamed: false })],
          })
        : json(200, { items: [analysis(A1, '화성에 공장이 있다')], next_before: 'cursor-1' }),
  });
  renderApp('/admin');
  const first = await screen.findByRole('tab', { name: '현황' });
  first.focus();
  fireEvent.keyDown(first, { key: 'ArrowRight' });
  await waitFor(() => assert.equal(location.search, '?tab=recent'));
  const recent = screen.getByRole('tab', { name: '최근 검증' });
  assert.equal(recent.getAttribute('aria-selected'), 'true');
  assert.equal(document.activeElement, recent);
  assert.equal(screen.getByRole('tabpanel').getAttribute('aria-labelledby'), 'admin-tab-recent');

  const link = await screen.findByRole('link', { name: '화성에 공장이 있다' });
  assert.equal(link.getAttribute('href'), `/r/${A1}`);
  const item = within(link.closest('li')!);
  assert.ok(item.getByText('거짓'));
  assert.ok(item.getByText('신뢰도 82%'));
  assert.ok(item.getByText('1.5초'));
  assert.ok(item.getByText('스트리밍'));
  assert.deepEqual(
    item.getAllByRole('listitem').map((li) => li.textContent),
    ['LOW_EVIDENCE'],
  );
  fireEvent.click(screen.getByRole('button', { name: '더 보기' }));
  await screen.findByRole('link', { name: '두 번째 쪽 주장' });
  assert.equal(calls('GET /v1/admin/analyses').at(-1)!.path, '/v1/admin/analyses?limit=20&before=cursor-1');
  assert.ok(screen.getByText('취소됨'));
  assert.ok(!screen.queryByRole('button', { name: '더 보기' }));

  fireEvent.keyDown(recent, { key: 'End' });
  await waitFor(() => assert.equal(location.search, '?tab=chat'));
  fireEvent.keyDown(screen.getByRole('tab', { name: '채팅 관리' }), { key: 'ArrowRight' });
  await waitFor(() => assert.equal(location.search, '', 'wraps around to 현황'));
});

test('위키: sizes and each model’s embedding coverage', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(session(ADMIN)));
  api = adminApi();
  renderApp('/admin?tab=wiki');
  const table = await screen.findByTestId('embedding-table');
  assert.deepEqual(
    [...within(table).getAllByRole('row')[1]!.children].map((c) => c.textContent),
    ['bge-m3', '30,000', '4,567', '86.8%', '만드는 중'],
  );
  assert.ok(screen.getByText('34,567'));
});

test('이슈: list, create (published at once), publish, unpublish and fact-check', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(session(ADMIN)));
  const created: AdminIssue = {
    ...ISSUE,
    id: 'a0000000-0000-4000-8000-000000000002',
    title: '새 이슈 제목',
    status: 'published',
    publishedAt: '2026-03-10T03:00:00.000Z',
  };
  api = adminApi({
    'POST /v1/admin/issues': () => json(201, created),
    [`POST /v1/admin/issues/${ISSUE.id}/publish`]: () =>
      json(200, { ...ISSUE, status: 'published', publishedAt: '2026-03-10T03:00:00.000Z' }),
    [`POST /v1/admin/issues/${ISSUE.id}/unpublish`]: () => json(200, ISSUE),
    [`POST /v1/admin/issues/${ISSUE.id}/fact-check`]: () =>
      json(200, {
        ...ISSUE,
        analysis: { analysisId: A1, label: 'FALSE', confidence: 0.8, headline: '보조금은 줄지 않아요' },
      }),
    [`PATCH /v1/admin/issues/${ISSUE.id}`]: (call: Call) => json(200, { ...ISSUE, ...(call.body as object) }),
  });
  renderApp('/admin?tab=issues');
  const list = await screen.findByTestId('issue-list');
  await within(list).findByText(ISSUE.title);
  assert.ok(within(list).getByText('초안'));

  fireEvent.click(screen.getByRole('button', { name: '새 이슈' }));
  const form = screen.getByRole('form', { name: '새 이슈' });
  fireEvent.click(within(form).getByRole('button', { name: '만들기' }));
  assert.equal((await within(form).findByRole('alert')).textContent, '제목을 입력해 주세요.');
  assert.equal(calls('POST /v1/admin/issues').length, 0);
  fireEvent.change(within(form).getByLabelText('제목'), { target: { value: '  새 이슈 제목 ' } });
  fireEvent.change(within(form).getByLabelText('분류'), { target: { value: '사회' } });
  fireEvent.change(within(form).getByLabelText('출처 URL'), { target: { value: 'https://news.example.com/a' } });
  fireEvent.click(within(form).getByLabelText('바로 게시하기'));
  fireEvent.click(within(form).getByRole('button', { name: '만들기' }));
  await within(list).findByText('새 이슈 제목');
  assert.deepEqual(calls('POST /v1/admin/issues')[0]!.body, {
    title: '새 이슈 제목',
    summary: '',
    content: '',
    category: '사회',
    sourceUrl: 'https://news.example.com/a',
    publish: true,
  });
  assert.match(screen.getByText(/이슈를 만들었어요/).textContent!, /새 이슈 제목/);

  fireEvent.click(screen.getByRole('button', { name: `${ISSUE.title} 게시` }));
  await within(list).findByRole('button', { name: `${ISSUE.title} 게시 취소` });
  fireEvent.click(screen.getByRole('button', { name: `${ISSUE.title} 게시 취소` }));
  await within(list).findByRole('button', { name: `${ISSUE.title} 게시` });

  fireEvent.click(screen.getByRole('button', { name: `${ISSUE.title} 팩트체크` }));
  const check = await within(list).findByRole('link', { name: '보조금은 줄지 않아요' });
  assert.equal(check.getAttribute('href'), `/r/${A1}`);

  // Editing sends every field; a cleared source or claim goes as null.
  fireEvent.click(screen.getByRole('button', { name: `${ISSUE.title} 편집` }));
  const edit = screen.getByRole('form', { name: '이슈 편집' });
  assert.equal((within(edit).getByLabelText('제목') as HTMLInputElement).value, ISSUE.title);
  fireEvent.change(within(edit).getByLabelText('제목'), { target: { value: '고친 제목' } });
  fireEvent.click(within(edit).getByRole('button', { name: '저장' }));
  await within(list).findByText('고친 제목');
  assert.deepEqual(calls(`PATCH /v1/admin/issues/${ISSUE.id}`)[0]!.body, {
    title: '고친 제목',
    summary: '',
    content: '',
    category: '경제',
    day: '2026-03-10',
    sourceUrl: null,
    claim: null,
  });
});

test('채팅 관리: reported messages with counts and reasons; hiding one removes it and says so; a refusal is shown', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(session(ADMIN)));
  const other = { ...REPORT, messageId: '43', author: '조용한 여우', content: '무례한 말', reasons: [] };
  api = adminApi({
    'GET /v1/admin/chat/reports': (call: Call) =>
      json(200, { items: call.path.includes('status=hidden') ? [{ ...REPORT, hidden: true }] : [REPORT, other] }),
    'POST /v1/admin/chat/messages/42/hide': () => json(200, { id: '42', hidden: true }),
    'POST /v1/admin/chat/messages/43/hide': () => json(403, { code: 'FORBIDDEN', message: '관리자만 할 수 있어요.' }),
  });
  renderApp('/admin?tab=chat');
  const list = await screen.findByTestId('report-list');
  await within(list).findByText('광고 링크입니다');
  assert.equal(calls('GET /v1/admin/chat/reports')[0]!.path, '/v1/admin/chat/reports?status=open&limit=100');
  const item = within(within(list).getByText('광고 링크입니다').closest('li')!);
  assert.ok(item.getByText('신고 2건'));
  assert.ok(item.getByText('사유: 광고'));
  assert.ok(item.getByText(ISSUE.title));

  fireEvent.click(screen.getByRole('button', { name: '용감한 수달의 메시지 숨기기' }));
  // Booleans, not elements: a failing comparison of DOM nodes would print React's whole fiber tree.
  await waitFor(() => assert.ok(!within(list).queryByText('광고 링크입니다'), 'the hidden message left the list'));
  assert.equal(screen.getByText(/메시지를 숨겼어요/).getAttribute('role'), 'status');
  assert.equal(calls('POST /v1/admin/chat/messages/42/hide').length, 1);

  fireEvent.click(screen.getByRole('button', { name: '조용한 여우의 메시지 숨기기' }));
  assert.ok(await screen.findByText('관리자만 할 수 있어요.'));
  assert.ok(within(list).getByText('무례한 말'), 'a refused hide keeps the message listed');

  fireEvent.click(screen.getByRole('button', { name: '숨긴 메시지' }));
  await waitFor(() =>
    assert.equal(calls('GET /v1/admin/chat/reports').at(-1)!.path, '/v1/admin/chat/reports?status=hidden&limit=100'),
  );
  await within(list).findByText('광고 링크입니다');
  assert.ok(!screen.queryByRole('button', { name: /숨기기$/ }), 'hidden messages have no hide button');
});
