import '../support/dom.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { VERDICT_NAMES } from '@olala/contract/verdicts';
import { articleStore, resetArticleRun } from '../../src/features/articles/article-store.js';
import { ArticleShare } from '../../src/features/articles/components/article-share.js';
import { ArticleView, SKIP_REASON_TEXT } from '../../src/features/articles/components/article-view.js';
import { countLabels, segmentText, type Segment } from '../../src/features/articles/spans.js';
import { resetRun, verifyStore } from '../../src/features/verify/verify-store.js';
import { appHooks, IDENTITY, renderApp } from '../support/app.js';
import {
  ARTICLE_TEXT,
  fakeApi,
  json,
  ndjsonStream,
  sampleArticle,
  sampleResult,
  stageEvent,
  type Call,
} from '../support/fake-api.js';

/** The article's segments as [text, mark] pairs, the easiest to read in a failure. */
const shape = (segments: Segment[]) =>
  segments.map((s) => [s.text, s.mark ? (s.mark.kind === 'claim' ? s.mark.id : `skip${s.mark.index}`) : '']);

/** What every cut must keep: the pieces cover the text once, in order, and no piece splits a surrogate pair. */
function assertWhole(text: string, segments: Segment[]) {
  assert.equal(segments.map((s) => s.text).join(''), text);
  let at = 0;
  for (const s of segments) {
    assert.equal(s.start, at);
    assert.ok(s.end > s.start, 'no empty piece');
    assert.equal(s.text, text.slice(s.start, s.end));
    assert.doesNotMatch(s.text, /^[\udc00-\udfff]/, 'no piece starts with a low surrogate');
    assert.doesNotMatch(s.text, /[\ud800-\udbff]$/, 'no piece ends with a high surrogate');
    at = s.end;
  }
  assert.equal(at, text.length);
}

test('spans: out of order, overlapping and nested claims; a claim wins over a skipped sentence, the shorter claim over the longer', () => {
  const text = '0123456789abcdefghijKLMNOPQRST';
  const segments = segmentText(
    text,
    [
      { id: 'c1', spans: [{ start: 10, end: 20 }] },
      { id: 'c2', spans: [{ start: 0, end: 5 }] },
      { id: 'c3', spans: [{ start: 12, end: 14 }] },
    ],
    [{ spans: [{ start: 15, end: 30 }] }],
  );
  assertWhole(text, segments);
  assert.deepEqual(shape(segments), [
    ['01234', 'c2'],
    ['56789', ''],
    ['ab', 'c1'],
    ['cd', 'c3'],
    ['efghij', 'c1'],
    ['KLMNOPQRST', 'skip0'],
  ]);
});

test('spans: at both ends of the text, past its end, empty or reversed ones ignored, a claim of two spans drawn twice', () => {
  const text = '가나다라마바사';
  const segments = segmentText(
    text,
    [
      {
        id: 'c1',
        spans: [
          { start: 0, end: 2 },
          { start: 5, end: 99 },
        ],
      },
      {
        id: 'c2',
        spans: [
          { start: 3, end: 3 },
          { start: 4, end: 2 },
        ],
      },
    ],
    [],
  );
  assertWhole(text, segments);
  assert.deepEqual(shape(segments), [
    ['가나', 'c1'],
    ['다라마', ''],
    ['바사', 'c1'],
  ]);
  assert.deepEqual(shape(segmentText(text, [], [])), [[text, '']]);
  assert.deepEqual(shape(segmentText('', [{ id: 'c1', spans: [{ start: 0, end: 3 }] }], [])), []);
});

test('spans: a span cutting into an emoji, an emoji sequence or a Hangul syllable in jamo takes the whole character', () => {
  const rocket = '화성 🚀 발사';
  // 🚀 is two UTF-16 units at 3..5: a span from its second half takes all of it.
  assert.deepEqual(shape(segmentText(rocket, [{ id: 'c1', spans: [{ start: 4, end: 8 }] }], [])), [
    ['화성 ', ''],
    ['🚀 발사', 'c1'],
  ]);
  const family = '가족 👨‍👩‍👧 사진';
  const inside = family.indexOf('👩');
  const seg = segmentText(family, [{ id: 'c1', spans: [{ start: 0, end: inside }] }], []);
  assertWhole(family, seg);
  assert.deepEqual(shape(seg)[0], ['가족 👨‍👩‍👧', 'c1'], 'the ZWJ sequence stays one piece');
  // 한 written as three jamo (ᄒ ᅡ ᆫ): a span starting on its vowel starts on its first letter.
  const jamo = '\u1112\u1161\u11ab국 사람';
  const j = segmentText(jamo, [], [{ spans: [{ start: 1, end: 4 }] }]);
  assertWhole(jamo, j);
  assert.deepEqual(shape(j)[0], ['\u1112\u1161\u11ab국', 'skip0']);
});

test('spans: random spans over Korean, emoji and line breaks always cover the text once and never split a character', () => {
  const text = '정부는 올해 예산을 5% 늘렸다. 🇰🇷🇯🇵 그러나\n야당은 반대했다 👍🏽! 끝.';
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let round = 0; round < 300; round++) {
    const span = () => {
      const a = rand(text.length + 4) - 2;
      return { start: a, end: a + rand(20) - 3 };
    };
    const claims = Array.from({ length: rand(4) }, (_, i) => ({
      id: `c${i + 1}`,
      spans: Array.from({ length: 1 + rand(2) }, span),
    }));
    const skipped = Array.from({ length: rand(3) }, () => ({ spans: [span()] }));
    const segments = segmentText(text, claims, skipped);
    assertWhole(text, segments);
    // The flags stay pairs of regional indicators: no piece holds an odd number of them.
    for (const s of segments)
      assert.equal(
        (s.text.match(/[\u{1F1E6}-\u{1F1FF}]/gu) ?? []).length % 2,
        0,
        `flag split: ${JSON.stringify(s.text)}`,
      );
  }
});

test('summary counts: per label from the claims, failed and still pending apart; they equal the server summary of a finished run', () => {
  const article = sampleArticle();
  const figures = countLabels(article.claims);
  assert.deepEqual(figures.counts, article.summary.counts);
  assert.equal(figures.failed, 0);
  assert.equal(figures.pending, 0);
  const mixed = countLabels([
    { result: sampleResult({ label: 'MIXED' }) },
    { result: sampleResult({ label: 'MIXED' }) },
    { result: null, error: { code: 'PIPELINE_ERROR', message: '실패' } },
    { result: null, done: true },
    {},
  ]);
  assert.deepEqual(mixed, {
    counts: { TRUE: 0, FALSE: 0, MIXED: 2, UNVERIFIED: 0, REFUSED: 0 },
    failed: 2,
    pending: 1,
  });
});

test('article view: summary bar, highlights in verdict colours, a claim opens its result, a skipped sentence says why (mouse and keyboard)', () => {
  const article = sampleArticle();
  render(<ArticleView article={article} renderResult={(r) => <p data-testid="shown-result">{r.headline}</p>} />);
  const bar = screen.getByTestId('summary-bar');
  assert.match(bar.textContent!, /주장 2개 확인/);
  assert.match(bar.textContent!, new RegExp(`${VERDICT_NAMES.TRUE} 1개, ${VERDICT_NAMES.FALSE} 1개`));

  const body = screen.getByTestId('article-text');
  assert.equal(
    body.textContent!.replace(/ \((주장 \d: [^)]+|확인하지 않은 문장)\)/g, '').replace(/(행성이다\.)\d/g, '$1'),
    ARTICLE_TEXT,
  );
  const marks = body.querySelectorAll('.claim-mark');
  assert.deepEqual(
    [...marks].map((m) => [m.getAttribute('data-claim'), m.className]),
    [
      ['c1', 'claim-mark mark-true'],
      ['c2', 'claim-mark mark-false'],
    ],
  );
  assert.equal(body.querySelectorAll('.skipped-mark').length, 2);

  const falseClaim = within(body).getByRole('button', { name: /주장 2: 거짓/ });
  assert.equal(falseClaim.getAttribute('tabindex'), '0');
  fireEvent.click(falseClaim);
  assert.equal(falseClaim.getAttribute('aria-pressed'), 'true');
  const detail = screen.getByTestId('article-detail');
  assert.equal(within(detail).getByTestId('shown-result').textContent, '화성은 세 번째 행성이 아니에요');
  assert.equal(document.activeElement?.textContent, '주장 2', 'focus moves to what was opened');

  const opinion = within(body).getByRole('button', { name: /정말 아름다운 행성인 것 같다\. \(확인하지 않은 문장\)/ });
  fireEvent.keyDown(opinion, { key: 'Enter' });
  assert.equal(opinion.getAttribute('aria-pressed'), 'true');
  assert.equal(falseClaim.getAttribute('aria-pressed'), 'false');
  assert.ok(within(detail).getByText(SKIP_REASON_TEXT.opinion));
  assert.equal(within(detail).queryByTestId('shown-result'), null);
  fireEvent.keyDown(opinion, { key: ' ' });
  assert.equal(within(detail).queryByText(SKIP_REASON_TEXT.opinion), null, 'a second press closes it');

  // The list under the text reaches every claim too.
  fireEvent.click(screen.getByRole('button', { name: /1\s*사실\s*화성은 태양계의 4번째 행성이다\./ }));
  assert.equal(within(detail).getByTestId('shown-result').textContent, '화성은 네 번째 행성이 맞아요');
});

test('article view: a claim whose check failed is drawn apart, counted as failed and says why', () => {
  const article = sampleArticle();
  article.claims[1] = {
    ...article.claims[1]!,
    result: null,
    error: { code: 'PIPELINE_ERROR', message: '이 주장은 검증하지 못했어요: 시간 초과' },
  };
  render(<ArticleView article={article} renderResult={() => null} />);
  assert.match(screen.getByTestId('summary-bar').textContent!, /사실 1개, 검증 실패 1개/);
  const failed = screen.getByTestId('article-text').querySelector('[data-claim="c2"]')!;
  assert.equal(failed.className, 'claim-mark mark-none');
  fireEvent.click(failed);
  assert.ok(screen.getByText('이 주장은 검증하지 못했어요: 시간 초과'));
});

// The verify screen: a long text or an address is offered as an article; the stream shows claims, then their stages.

let api: ReturnType<typeof fakeApi> | undefined;
appHooks({
  reset: () => {
    resetRun();
    resetArticleRun();
    verifyStore.set((s) => ({ ...s, text: '', mode: 'text', autoDetected: false, scope: undefined, fromImage: false }));
  },
});

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await act(() => new Promise((r) => setTimeout(r, 5)));
  assert.ok(cond());
};
const radio = (name: string) => screen.getByRole('radio', { name });

test("verify: a pasted article is checked whole: claims found, each claim's stages, then the article with its highlights", async () => {
  let stream!: ReturnType<typeof ndjsonStream>;
  let call!: Call;
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'POST /v1/articles/check/stream': (c) => {
      call = c;
      stream = ndjsonStream(c.signal);
      return stream.response;
    },
  });
  renderApp();
  const box = screen.getByLabelText('검증할 문장') as HTMLTextAreaElement;
  fireEvent.change(box, { target: { value: '화성은 태양계의 4번째 행성이다.' } });
  assert.equal(screen.queryByRole('radiogroup', { name: '확인 범위' }), null, 'one sentence: no choice to make');
  fireEvent.change(box, { target: { value: ARTICLE_TEXT } });
  assert.equal(
    radio('전체 기사로 확인').getAttribute('aria-checked'),
    'true',
    'three sentences: an article by default',
  );
  fireEvent.click(screen.getByRole('button', { name: '검증하기' }));
  await until(() => Boolean(stream));
  assert.deepEqual(call.body, { input_type: 'text', input_payload: ARTICLE_TEXT });
  assert.equal(call.headers.authorization, 'Bearer tok-1');
  assert.equal(call.headers.accept, 'application/x-ndjson');
  await until(() => Boolean(screen.queryByText('확인할 주장을 찾는 중…')));

  const article = sampleArticle();
  for (const c of article.claims) stream.push({ event: 'claim_found', data: { ...c, result: undefined } });
  await until(() => screen.queryAllByText(/^주장 2개를 찾았어요/).length > 0);
  // As the server sends them: a text's claims skip the image stage first.
  for (const id of ['c1', 'c2']) stream.push({ claim_id: id, ...stageEvent('stage00_ocr', 'skipped') });
  stream.push({ claim_id: 'c1', ...stageEvent('stage01_normalize') });
  stream.push({ claim_id: 'c1', ...stageEvent('stage02_querygen') });
  stream.push({ claim_id: 'c2', ...stageEvent('stage01_normalize', 'failed') });
  await until(() =>
    screen
      .getByTestId('article-progress')
      .querySelector('[data-claim="c1"]')!
      .textContent!.endsWith('12단계 중 3단계 · 위키 검색 중'),
  );
  assert.match(
    screen.getByTestId('article-progress').querySelector('[data-claim="c2"]')!.textContent!,
    /12단계 중 2단계 · 검색어 생성 중 \(정규화 실패\)/,
  );
  const bar = within(screen.getByTestId('article-progress')).getByRole('progressbar', { name: '기사 검증 진행률' });
  assert.deepEqual(
    ['aria-valuenow', 'aria-valuemax', 'aria-valuetext'].map((a) => bar.getAttribute(a)),
    ['5', '24', '주장 2개 중 0개 완료'],
    "every claim's stages count, out of all the claims' stages",
  );
  assert.equal((bar.firstElementChild as HTMLElement).style.width, `${(5 / 24) * 100}%`);
  assert.match(
    within(screen.getByTestId('article-progress')).getByRole('heading').nextSibling!.textContent!,
    /^\d+초$/,
  );
  stream.push({ event: 'claim_complete', data: { id: 'c1', result: article.claims[0]!.result } });
  await until(
    () =>
      screen.getByTestId('article-progress').querySelector('[data-claim="c1"] .pill')?.textContent ===
      VERDICT_NAMES.TRUE,
  );
  stream.push({ event: 'claim_complete', data: { id: 'c2', result: article.claims[1]!.result } });
  stream.push({ event: 'complete', data: article });
  stream.close();
  await until(() => Boolean(screen.queryByTestId('article-result')));
  assert.equal(articleStore.get().phase, 'done');
  assert.equal(screen.getByTestId('article-text').querySelectorAll('.claim-mark').length, 2);
  assert.equal(
    screen.getByTestId('article-share-link').getAttribute('href'),
    `http://localhost:3000/r/${article.article_id}`,
  );
  // A claim opens the result screen's own view, evidence and all.
  fireEvent.click(screen.getByTestId('article-text').querySelector('[data-claim="c1"]')!);
  assert.ok(within(screen.getByTestId('article-detail')).getByTestId('result'));
  assert.ok(
    within(screen.getByTestId('article-detail')).getByText('화성은 태양계의 네 번째 행성이다.'),
    'its evidence quote',
  );
});

test('verify: "한 문장만 확인" sends the same text to the single check; an address is an article by default', async () => {
  let single: Call | undefined;
  let articleCall: Call | undefined;
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'POST /api/truth/check/stream': (c) => {
      single = c;
      const s = ndjsonStream(c.signal);
      s.push({ event: 'complete', data: sampleResult() });
      s.close();
      return s.response;
    },
    'POST /v1/articles/check/stream': (c) => {
      articleCall = c;
      const s = ndjsonStream(c.signal);
      s.push({ event: 'error', data: { code: 'FETCH_FAILED', message: '기사를 가져오지 못했습니다.' } });
      s.close();
      return s.response;
    },
  });
  renderApp();
  fireEvent.change(screen.getByLabelText('검증할 문장'), { target: { value: ARTICLE_TEXT } });
  fireEvent.click(radio('한 문장만 확인'));
  fireEvent.click(screen.getByRole('button', { name: '검증하기' }));
  await until(() => Boolean(screen.queryByTestId('result')));
  assert.equal((single!.body as { input_payload: string }).input_payload, ARTICLE_TEXT);
  assert.equal(articleCall, undefined);

  fireEvent.click(screen.getByRole('button', { name: '새로 검증' }));
  fireEvent.click(screen.getByRole('button', { name: '입력 지우기' }));
  fireEvent.change(screen.getByLabelText('검증할 문장'), { target: { value: 'https://news.example.com/a/1' } });
  assert.equal(
    radio('전체 기사로 확인').getAttribute('aria-checked'),
    'true',
    'the choice was forgotten with the emptied box',
  );
  fireEvent.click(screen.getByRole('button', { name: '검증하기' }));
  await until(() => Boolean(screen.queryByTestId('verify-error')));
  assert.deepEqual(articleCall!.body, { input_type: 'url', input_payload: 'https://news.example.com/a/1' });
  assert.match(screen.getByTestId('verify-error').textContent!, /기사를 가져오지 못했습니다\./);
  assert.equal(screen.queryByTestId('result'), null, 'the earlier single result is gone from the slot');
});

test("verify: a screenshot's text may be checked as an article whatever its length, as the edited text", async () => {
  let articleCall: Call | undefined;
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'POST /v1/truth/ocr': () => json(200, { text: '정부가 전기요금을 15% 올린대요', confidence: 0.9, lines: [] }),
    'POST /v1/articles/check/stream': (c) => {
      articleCall = c;
      return ndjsonStream(c.signal).response;
    },
  });
  renderApp();
  const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'shot.png', { type: 'image/png' });
  fireEvent.paste(screen.getByLabelText('검증할 문장'), { clipboardData: { files: [file] } });
  await until(() => (screen.getByLabelText('검증할 문장') as HTMLTextAreaElement).value.startsWith('정부가'));
  assert.equal(radio('한 문장만 확인').getAttribute('aria-checked'), 'true', 'one sentence read: one claim by default');
  fireEvent.change(screen.getByLabelText('검증할 문장'), { target: { value: '정부가 전기요금을 15% 올린다고 한다' } });
  fireEvent.click(radio('전체 기사로 확인'));
  fireEvent.click(screen.getByRole('button', { name: '검증하기' }));
  await until(() => Boolean(articleCall));
  assert.deepEqual(articleCall!.body, { input_type: 'text', input_payload: '정부가 전기요금을 15% 올린다고 한다' });
  fireEvent.click(screen.getByRole('button', { name: '검증 취소' }));
  await until(() => articleStore.get().phase === 'cancelled');
  assert.ok(articleCall!.signal?.aborted, 'cancelling closes the connection');
});

test('routes: /articles/:id loads the stored article; /r/:id of an article falls back to it', async () => {
  const article = sampleArticle();
  api = fakeApi({
    'GET /v1/articles/7a1c2d4e-0000-4000-8000-0000000000a1': () => json(200, article),
    'GET /v1/analyses/7a1c2d4e-0000-4000-8000-0000000000a1': () => json(404, { code: 'NOT_FOUND', message: '없음' }),
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
  });
  for (const path of [`/articles/${article.article_id}`, `/r/${article.article_id}`]) {
    renderApp(path);
    await until(() => Boolean(screen.queryByTestId('article-result')));
    assert.match(screen.getByTestId('summary-bar').textContent!, /주장 2개 확인/);
    cleanup();
  }
  assert.ok(
    api.calls.some((c) => c.path === `/v1/analyses/${article.article_id}`),
    'the share address asked for a single result first',
  );
});

test('history and bookmarks: an article run is a row of its own, with its title and counts, opening the article; delete and unbookmark send its id', async () => {
  const article = {
    kind: 'article' as const,
    article_id: '7a1c2d4e-0000-4000-8000-0000000000a1',
    created_at: '2026-11-21T10:00:00.000Z',
    input_type: 'text' as const,
    title: '화성 탐사 기사',
    url: null,
    counts: { TRUE: 2, FALSE: 1, MIXED: 0, UNVERIFIED: 0, REFUSED: 0 },
    failed: 1,
    bookmarked: true,
  };
  const single = {
    kind: 'truth' as const,
    analysis_id: '3f1c2d4e-0000-4000-8000-000000000001',
    created_at: '2026-11-20T10:00:00.000Z',
    input_type: 'text',
    input_payload: '화성은 붉다.',
    claim: '화성은 붉다.',
    label: 'TRUE' as const,
    confidence: 0.9,
    headline: '사실로 확인됐어요',
    bookmarked: false,
  };
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'GET /v1/history': () => json(200, { items: [article, single] }),
    'GET /v1/bookmarks': () => json(200, { items: [{ ...article, bookmarked_at: '2026-11-22T10:00:00.000Z' }] }),
    [`DELETE /v1/history/${article.article_id}`]: () => json(204, null),
    [`DELETE /v1/bookmarks/${article.article_id}`]: () => json(204, null),
  });
  renderApp('/history');
  await until(() => document.querySelectorAll('.analysis-row').length === 2);
  const row = document.querySelector<HTMLElement>('.analysis-row[data-kind="article"]')!;
  assert.match(row.textContent!, /화성 탐사 기사/);
  assert.match(row.textContent!, /기사 · 주장 4개/);
  assert.deepEqual(
    [...row.querySelectorAll('.article-row-counts > [data-label]')].map((e) => [
      e.getAttribute('data-label'),
      e.textContent,
    ]),
    [
      ['TRUE', `${VERDICT_NAMES.TRUE} 2`],
      ['FALSE', `${VERDICT_NAMES.FALSE} 1`],
    ],
  );
  assert.match(row.textContent!, /검증 실패 1/);
  assert.equal(row.querySelector('a')!.getAttribute('href'), `/articles/${article.article_id}`);
  assert.equal(
    document.querySelector('.analysis-row[data-kind="truth"] a')!.getAttribute('href'),
    `/r/${single.analysis_id}`,
  );
  fireEvent.click(within(row).getByRole('button', { name: '기록에서 삭제: 화성 탐사 기사' }));
  await until(() => document.querySelectorAll('.analysis-row').length === 1);
  assert.ok(api.calls.some((c) => c.method === 'DELETE' && c.path === `/v1/history/${article.article_id}`));
  cleanup();

  renderApp('/bookmarks');
  await until(() => document.querySelectorAll('.analysis-row').length === 1);
  fireEvent.click(screen.getByRole('button', { name: '북마크 해제: 화성 탐사 기사' }));
  await until(() => document.querySelectorAll('.analysis-row').length === 0);
  assert.ok(api.calls.some((c) => c.method === 'DELETE' && c.path === `/v1/bookmarks/${article.article_id}`));
});

test("share: the article's /r/:id link goes to the share sheet, else to the clipboard", async () => {
  const article = sampleArticle();
  const copied: string[] = [];
  const shared: ShareData[] = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (t: string) => void copied.push(t) },
  });
  Object.defineProperty(navigator, 'share', { configurable: true, value: undefined });
  try {
    render(<ArticleShare article={article} />);
    fireEvent.click(screen.getByRole('button', { name: '링크 공유' }));
    await until(() => Boolean(screen.queryByText('링크를 복사했어요.')));
    assert.deepEqual(copied, [`http://localhost:3000/r/${article.article_id}`]);
    cleanup();
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: async (d: ShareData) => void shared.push(d),
    });
    render(<ArticleShare article={article} />);
    fireEvent.click(screen.getByRole('button', { name: '링크 공유' }));
    await until(() => shared.length === 1);
    assert.equal(shared[0]!.url, `http://localhost:3000/r/${article.article_id}`);
    assert.match(shared[0]!.text!, /사실 1개, 거짓 1개/);
  } finally {
    Reflect.deleteProperty(navigator, 'share');
    Reflect.deleteProperty(navigator, 'clipboard');
  }
});
