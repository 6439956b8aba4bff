import '../support/dom.js';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { HistoryItem } from '@olala/contract/me';
import { ResultView } from '../../src/features/result/components/result-view.js';
import { bookmarkedIds } from '../../src/features/bookmarks/api/bookmarks.js';
import { onboardingStore } from '../../src/features/onboarding/onboarding-store.js';
import { appHooks, IDENTITY, renderApp } from '../support/app.js';
import { fakeApi, json, sampleResult } from '../support/fake-api.js';

const ROW: HistoryItem = {
  kind: 'truth',
  analysis_id: '3f1c2d4e-0000-4000-8000-000000000001',
  created_at: '2026-11-20T10:00:00.000Z',
  input_type: 'text',
  input_payload: '화성은 태양계의 4번째 행성이다.',
  claim: '화성은 태양계의 4번째 행성이다.',
  label: 'TRUE',
  confidence: 0.9,
  headline: '사실로 확인됐어요',
  bookmarked: false,
};

let api: ReturnType<typeof fakeApi> | undefined;
const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));

appHooks({
  reset: () => {
    bookmarkedIds.set(new Set());
  },
});
afterEach(() => {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
});
afterEach(() => {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
});

test('every verdict has its pill; REFUSED shows its reason; counter-evidence, limitations and next steps are listed', () => {
  for (const [label, text] of [
    ['TRUE', '사실'],
    ['FALSE', '거짓'],
    ['MIXED', '일부 사실'],
    ['UNVERIFIED', '판단 보류'],
  ] as const) {
    render(<ResultView result={sampleResult({ label })} />);
    assert.equal(screen.getByText(text, { selector: '.pill' }).getAttribute('data-label'), label);
    cleanup();
  }
  render(
    <ResultView
      result={sampleResult({
        label: 'REFUSED',
        headline: '',
        refusal_reason: '질문은 검증할 수 없어요.',
        risk_flags: [],
        model_info: { provider: 'ollama', model: 'qwen2.5:7b', version: '1' },
        counter_evidence: [
          {
            source_type: 'NEWS',
            title: '반대 기사',
            url: 'https://news.example.com/b',
            quote: '아니다',
            relevance: 0.4,
            evid_id: 'ev_3',
            stance: 'refute',
          },
        ],
      })}
    />,
  );
  assert.ok(screen.getByText('검증 불가', { selector: '.pill' }));
  assert.ok(screen.getByText('검증할 수 없는 입력이에요'), 'a missing headline falls back to the verdict’s own');
  assert.ok(screen.getByText(/질문은 검증할 수 없어요/));
  assert.ok(screen.getByText('반대 근거 1건'));
  assert.ok(screen.getByText('위키 문서만 확인했어요.'));
  assert.ok(screen.getByText('천문 기관 자료를 확인해 보세요.'));
  assert.equal(screen.queryByTestId('no-llm'), null, 'with a model there is no no-LLM notice');
  cleanup();
  // The rules answer with a code: a person reads it in Korean, never "question".
  render(<ResultView result={sampleResult({ label: 'REFUSED', refusal_reason: 'question' })} />);
  assert.ok(screen.getByText('검증할 수 없는 이유: 질문입니다'));
  assert.equal(screen.queryByText(/question/), null);
});

test('관련 자료: every verdict lists the related passages, the claim words in <mark>; none, no section', () => {
  const quote = '물(水, )은 산소와 수소가 결합된 화학 물질이다.';
  const at = (word: string) => ({ start: quote.indexOf(word), end: quote.indexOf(word) + word.length });
  render(
    <ResultView
      result={sampleResult({
        label: 'UNVERIFIED',
        citations: [],
        related: [
          {
            title: '물',
            url: 'https://ko.wikipedia.org/wiki?curid=3900',
            quote,
            chunk_id: 390000000,
            highlights: [at('수소'), at('산소')],
          },
        ],
      })}
    />,
  );
  const section = screen.getByRole('region', { name: '관련 자료 1건' });
  assert.deepEqual(
    [...section.querySelectorAll('mark')].map((m) => m.textContent),
    ['산소', '수소'],
  );
  assert.equal(section.querySelector('blockquote')?.textContent, quote, 'the quote reads whole around the marks');
  assert.ok(within(section).getByText('위키 문서에서 보기'));
  cleanup();
  render(<ResultView result={sampleResult({ label: 'TRUE', related: [] })} />);
  assert.equal(screen.queryByText(/관련 자료/), null);
});

test('History comes from the server with the identity obtained once; a row is removed on the server', async () => {
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'GET /v1/history': () => json(200, { items: [ROW] }),
    'DELETE /v1/history/3f1c2d4e-0000-4000-8000-000000000001': () => json(204, null),
  });
  renderApp('/history');
  const row = await screen.findByText(ROW.claim);
  assert.ok(row);
  assert.equal(api.calls.filter((c) => c.path === '/v1/identity/anonymous').length, 1);
  assert.equal(api.calls.find((c) => c.path.startsWith('/v1/history'))!.headers.authorization, 'Bearer tok-1');
  assert.equal(JSON.parse(localStorage.getItem('olala.identity')!).token, 'tok-1', 'the token is kept');
  fireEvent.click(screen.getByRole('button', { name: `기록에서 삭제: ${ROW.claim}` }));
  await settle();
  assert.equal(screen.queryByText(ROW.claim), null);
  assert.ok(api.calls.some((c) => c.method === 'DELETE'));
});

test('the top bar and the tabs mark the page shown, and move the mark as the user goes', async () => {
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'GET /v1/me': () => json(200, IDENTITY.user),
    'GET /v1/history': () => json(200, { items: [] }),
  });
  renderApp('/profile');
  const marked = () =>
    screen
      .getAllByRole('link')
      .filter((a) => a.getAttribute('aria-current') === 'page')
      .map((a) => a.getAttribute('href'));
  assert.deepEqual(marked(), ['/profile']);
  fireEvent.click(screen.getByRole('link', { name: '히스토리' }));
  assert.ok(await screen.findByText(/아직 검증한 기록이 없어요/));
  assert.equal(location.pathname, '/history');
  assert.deepEqual(marked(), ['/history']);
  fireEvent.click(screen.getByRole('link', { name: '설정' }));
  assert.deepEqual(marked(), ['/settings']);
});

test('History reads further pages with 더 보기 until the server has no more', async () => {
  const older: HistoryItem = {
    ...ROW,
    analysis_id: '3f1c2d4e-0000-4000-8000-000000000002',
    claim: '물은 100도에서 끓는다.',
  };
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'GET /v1/history': (c) =>
      c.path.includes('before=')
        ? json(200, { items: [older] })
        : json(200, { items: [ROW], next_before: ROW.created_at }),
  });
  renderApp('/history');
  assert.ok(await screen.findByText(ROW.claim));
  assert.equal(screen.queryByText(older.claim), null);
  fireEvent.click(screen.getByRole('button', { name: '더 보기' }));
  assert.ok(await screen.findByText(older.claim));
  assert.ok(screen.getByText(ROW.claim), 'the first page stays');
  assert.equal(screen.queryByRole('button', { name: '더 보기' }), null);
  assert.ok(api.calls.some((c) => c.path.includes(`before=${encodeURIComponent(ROW.created_at)}`)));
});

test('offline: the banner shows and History is read from this device', async () => {
  localStorage.setItem('olala.identity', JSON.stringify(IDENTITY));
  localStorage.setItem('olala.cache.history', JSON.stringify([ROW]));
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  api = fakeApi({ 'GET /v1/history': () => Promise.reject(new TypeError('Failed to fetch')) });
  renderApp('/history');
  assert.ok(await screen.findByText(/오프라인이에요/));
  assert.ok(await screen.findByText(ROW.claim));
  assert.ok(screen.getByText(/이 기기에 저장된 목록/));
});

test('a token the server no longer knows is replaced once, and the call retried', async () => {
  localStorage.setItem('olala.identity', JSON.stringify({ ...IDENTITY, token: 'old' }));
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'GET /v1/bookmarks': (c) =>
      c.headers.authorization === 'Bearer old'
        ? json(401, { code: 'UNAUTHORIZED', message: '세션이 만료됐어요.' })
        : json(200, { items: [{ ...ROW, bookmarked: true }] }),
  });
  renderApp('/bookmarks');
  assert.ok(await screen.findByText(ROW.claim));
  assert.deepEqual(
    api.calls.filter((c) => c.path.startsWith('/v1/bookmarks')).map((c) => c.headers.authorization),
    ['Bearer old', 'Bearer tok-1'],
  );
});

test('the result page /r/:id: bookmark toggles on the server; offline it shows the copy kept here', async () => {
  const stored = {
    analysis_id: ROW.analysis_id,
    input_type: 'text',
    input_payload: ROW.input_payload,
    user_request: null,
    claim: ROW.claim,
    label: 'TRUE',
    streamed: true,
    created_at: ROW.created_at,
    result: sampleResult(),
  };
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    [`GET /v1/analyses/${ROW.analysis_id}`]: () => json(200, stored),
    [`PUT /v1/bookmarks/${ROW.analysis_id}`]: () => json(204, null),
    [`DELETE /v1/bookmarks/${ROW.analysis_id}`]: () => json(204, null),
  });
  renderApp(`/r/${ROW.analysis_id}`);
  const result = await screen.findByTestId('result');
  fireEvent.click(within(result).getByRole('button', { name: '☆ 북마크' }));
  await settle();
  assert.equal(within(result).getByRole('button', { name: '★ 북마크됨' }).getAttribute('aria-pressed'), 'true');
  assert.ok(api.calls.some((c) => c.method === 'PUT' && c.headers.authorization === 'Bearer tok-1'));
  cleanup();
  api.restore();

  api = fakeApi({ [`GET /v1/analyses/${ROW.analysis_id}`]: () => Promise.reject(new TypeError('Failed to fetch')) });
  renderApp();
  assert.ok(await screen.findByText('이 기기에 저장된 결과를 보여 드려요.'));
  assert.ok(screen.getByText('화성은 태양계의 네 번째 행성이 맞아요'));
});

test('first run: introduction, then the three-step coach; both once; the help button brings the coach back', async () => {
  onboardingStore.set({ onboardingDone: false, coachDone: false, coachRequested: false });
  api = fakeApi({});
  renderApp();
  fireEvent.click(screen.getByRole('button', { name: '건너뛰기' }));
  const coach = await screen.findByTestId('coach');
  assert.match(coach.textContent!, /1\/3/);
  assert.ok(document.querySelector('[data-coach="selector"]'));
  fireEvent.click(within(coach).getByRole('button', { name: '다음' }));
  fireEvent.click(within(coach).getByRole('button', { name: '다음' }));
  assert.match(coach.textContent!, /3\/3/);
  fireEvent.click(within(coach).getByRole('button', { name: '이전' }));
  assert.match(coach.textContent!, /2\/3/);
  fireEvent.click(within(coach).getByRole('button', { name: '다음' }));
  fireEvent.click(within(coach).getByRole('button', { name: '검증 시작하기' }));
  assert.equal(screen.queryByTestId('coach'), null);
  assert.equal(localStorage.getItem('olala.onboarding_completed'), 'true');
  assert.equal(localStorage.getItem('olala.coach_completed'), 'true');
  fireEvent.click(screen.getByRole('button', { name: '도움말' }));
  assert.match((await screen.findByTestId('coach')).textContent!, /1\/3/);
});

test('settings: dark mode and text size apply at once and are kept', async () => {
  api = fakeApi({});
  renderApp('/settings');
  fireEvent.click(await screen.findByLabelText('어둡게'));
  fireEvent.click(screen.getByLabelText('크게'));
  assert.equal(document.documentElement.dataset.theme, 'dark');
  assert.equal(document.documentElement.dataset.textSize, 'large');
  assert.deepEqual(JSON.parse(localStorage.getItem('olala.settings')!), { theme: 'dark', textSize: 'large' });
  assert.ok(screen.getByText(/CC BY-SA 3.0/));
});
