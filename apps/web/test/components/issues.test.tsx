import '../support/dom.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Issue } from '@olala/contract/issues';
import { appHooks, renderApp } from '../support/app.js';
import { fakeApi, json } from '../support/fake-api.js';

const ID = 'a0000000-0000-4000-8000-000000000001';
const ISSUE: Issue = {
  id: ID,
  day: '2026-11-20',
  title: '전기차 보조금 축소 논란',
  summary: '정부가 내년 보조금을 줄인다는 보도가 나왔어요.',
  content: '첫 문단이에요.\n\n둘째 문단이에요.',
  category: '경제',
  sourceUrl: 'https://news.example.com/ev',
  participantCount: 7,
  publishedAt: '2026-11-20T00:00:00.000Z',
  analysis: { analysisId: 'an-9', label: 'FALSE', confidence: 0.82, headline: '보조금은 줄지 않아요' },
};

let api: ReturnType<typeof fakeApi> | undefined;
appHooks({ onboardingDone: false });

test('the article: category, participants, summary, paragraphs, the source, its fact-check, and the way into the chat room', async () => {
  api = fakeApi({ [`GET /v1/issues/${ID}`]: () => json(200, ISSUE) });
  renderApp(`/issues/${ID}`);
  assert.ok(
    await screen.findByRole('heading', { level: 1, name: ISSUE.title }),
    'a shared issue link opens before the introduction',
  );
  assert.ok(screen.getByText('경제'));
  assert.match(screen.getByText(/7명 참여/).textContent!, /2026-11-20/);
  assert.ok(screen.getByText(ISSUE.summary));
  assert.ok(screen.getByText('첫 문단이에요.') && screen.getByText('둘째 문단이에요.'));
  const source = screen.getByRole('link', { name: 'news.example.com' });
  assert.deepEqual(
    [source.getAttribute('href'), source.getAttribute('rel')],
    ['https://news.example.com/ev', 'noopener noreferrer'],
  );
  const check = screen.getByTestId('issue-fact-check');
  assert.ok(within(check).getByText('거짓'));
  assert.ok(within(check).getByText('신뢰도 82%'));
  assert.equal(within(check).getByRole('link', { name: '검증 결과 자세히 보기' }).getAttribute('href'), '/r/an-9');
  fireEvent.click(screen.getByRole('link', { name: '채팅방 들어가기' }));
  await waitFor(() => assert.equal(location.pathname, `/issues/${ID}/chat`));
});

test('an issue with no fact-check and a non-http source shows neither; an unknown issue says so', async () => {
  api = fakeApi({
    [`GET /v1/issues/${ID}`]: () => json(200, { ...ISSUE, analysis: undefined, sourceUrl: 'javascript:alert(1)' }),
  });
  renderApp(`/issues/${ID}`);
  await screen.findByRole('heading', { level: 1, name: ISSUE.title });
  assert.equal(screen.queryByTestId('issue-fact-check'), null);
  assert.equal(screen.queryByText(/출처/), null);
  cleanup();
  api.restore();
  api = fakeApi({});
  renderApp();
  assert.equal((await screen.findByRole('alert')).textContent, '이 이슈를 찾을 수 없어요.');
});
