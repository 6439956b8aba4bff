import '../support/dom.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { STAGE_NAMES } from '@olala/contract';
import { env } from '../../src/config/env.js';
import { PipelineError, streamCheck } from '../../src/features/verify/api/stream-check.js';
import { resetRun, verifyStore } from '../../src/features/verify/verify-store.js';
import { appHooks, IDENTITY, renderApp } from '../support/app.js';
import { fakeApi, json, ndjsonStream, sampleResult, stageEvent, type Call } from '../support/fake-api.js';

let api: ReturnType<typeof fakeApi> | undefined;
appHooks({
  reset: () => {
    resetRun();
    verifyStore.set((s) => ({ ...s, text: '', mode: 'text', autoDetected: false }));
  },
});

const input = () => screen.getByLabelText('검증할 문장') as HTMLTextAreaElement;
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await act(() => new Promise((r) => setTimeout(r, 5)));
  assert.ok(cond());
};

test('streamCheck reads NDJSON lines split across chunks and reports each stage', async () => {
  const seen: string[] = [];
  api = fakeApi({
    'POST /api/truth/check/stream': (call) => {
      const s = ndjsonStream(call.signal);
      const line = JSON.stringify(stageEvent('stage01_normalize'));
      s.pushRaw(line.slice(0, 10));
      setTimeout(() => {
        s.pushRaw(`${line.slice(10)}\n${JSON.stringify(stageEvent('stage02_querygen', 'skipped'))}\n`);
        s.push({ event: 'complete', data: sampleResult() });
        s.close();
      }, 5);
      return s.response;
    },
  });
  const result = await streamCheck(
    { input_payload: 'x' },
    { signal: new AbortController().signal, onStage: (e) => seen.push(`${e.stage}:${e.status}`) },
  );
  assert.deepEqual(seen, ['stage01_normalize:ok', 'stage02_querygen:skipped']);
  assert.equal(result.label, 'TRUE');
  assert.equal(api.calls[0]!.headers.accept, 'application/x-ndjson');
});

test("streamCheck turns the server's error event into a PipelineError with its Korean message", async () => {
  api = fakeApi({
    'POST /api/truth/check/stream': (call) => {
      const s = ndjsonStream(call.signal);
      s.push({
        event: 'error',
        data: {
          code: 'TIMEOUT',
          stage: 'stage06_verify_support',
          message: 'llm timed out',
          display_message: '시간이 너무 오래 걸렸어요.',
        },
      });
      s.close();
      return s.response;
    },
  });
  await assert.rejects(
    streamCheck({ input_payload: 'x' }, { signal: new AbortController().signal, onStage: () => {} }),
    (err: unknown) =>
      err instanceof PipelineError && err.message === '시간이 너무 오래 걸렸어요.' && err.data.code === 'TIMEOUT',
  );
});

test('verify: stages show as the server reports them, then the result; the run carries the identity token', async () => {
  let stream!: ReturnType<typeof ndjsonStream>;
  let streamCall!: Call;
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'POST /api/truth/check/stream': (call) => {
      streamCall = call;
      stream = ndjsonStream(call.signal);
      return stream.response;
    },
  });
  renderApp();
  fireEvent.change(input(), { target: { value: '화성은 태양계의 4번째 행성이다.' } });
  fireEvent.click(screen.getByRole('button', { name: '검증하기' }));
  await until(() => Boolean(stream));
  const progress = await screen.findByTestId('progress');
  assert.equal(within(progress).getAllByRole('listitem').length, STAGE_NAMES.length);
  assert.deepEqual(streamCall.body, {
    input_type: 'text',
    input_payload: '화성은 태양계의 4번째 행성이다.',
    language: 'ko',
  });
  assert.equal(streamCall.headers.authorization, 'Bearer tok-1');
  assert.equal(
    (screen.getByLabelText('검증할 문장') as HTMLTextAreaElement).disabled,
    true,
    'the input waits for the run',
  );

  await act(async () => {
    // The server reports the OCR stage first, skipped for a text input.
    stream.push(stageEvent('stage00_ocr', 'skipped'));
    stream.push(stageEvent('stage01_normalize'));
    stream.push(stageEvent('stage02_querygen'));
    await new Promise((r) => setTimeout(r, 10));
  });
  const stateOf = (name: string) => progress.querySelector(`[data-stage="${name}"]`)!.getAttribute('data-state');
  assert.equal(stateOf('stage01_normalize'), 'done');
  assert.equal(stateOf('stage02_querygen'), 'done');
  assert.equal(stateOf('stage03_wiki'), 'active');
  assert.equal(stateOf('stage09_judge'), 'pending');
  assert.match(progress.textContent!, /정규화완료/);
  assert.equal(screen.getByRole('progressbar').getAttribute('aria-valuenow'), '3');

  await act(async () => {
    stream.push({ event: 'complete', data: sampleResult() });
    stream.close();
    await new Promise((r) => setTimeout(r, 10));
  });
  const result = await screen.findByTestId('result');
  assert.equal(within(result).getByText('사실', { selector: '.pill' }).getAttribute('data-label'), 'TRUE');
  assert.ok(within(result).getByText('화성은 태양계의 네 번째 행성이 맞아요'));
  assert.ok(within(result).getByTestId('no-llm'), 'no-LLM mode is said plainly');
  assert.equal(
    within(result).getByRole('link', { name: '위키 문서에서 보기' }).getAttribute('href')!.split('?')[0],
    '/wiki/518',
  );
  assert.equal(
    within(result).getByTestId('share-link').getAttribute('href'),
    'http://localhost:3000/r/3f1c2d4e-0000-4000-8000-000000000001',
  );
  assert.ok(
    JSON.parse(localStorage.getItem('olala.results')!)['3f1c2d4e-0000-4000-8000-000000000001'],
    'kept for offline reading',
  );
});

test('cancel closes the connection; the app says the run was cancelled', async () => {
  let stream!: ReturnType<typeof ndjsonStream>;
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(404, { code: 'NOT_FOUND', message: '없음' }),
    'POST /api/truth/check/stream': (call) => (stream = ndjsonStream(call.signal)).response,
  });
  renderApp();
  fireEvent.change(input(), { target: { value: '화성은 행성이다.' } });
  fireEvent.click(screen.getByRole('button', { name: '검증하기' }));
  await screen.findByTestId('progress');
  await until(() => Boolean(stream));
  fireEvent.click(screen.getByRole('button', { name: '검증 취소' }));
  await screen.findByText(/검증을 취소했어요/);
  assert.equal(stream.aborted, true, 'the request was aborted');
  assert.equal(
    api.calls.find((c) => c.path === '/api/truth/check/stream')!.headers.authorization,
    undefined,
    'without an identity the run goes anonymous',
  );
});

test('an error shows the error screen; retry sends the same check again', async () => {
  let n = 0;
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'POST /api/truth/check/stream': (call) => {
      n++;
      if (n === 1)
        return json(429, { code: 'RATE_LIMITED', message: '요청이 너무 많습니다. 1분 뒤에 다시 시도해 주세요.' });
      const s = ndjsonStream(call.signal);
      s.push({ event: 'complete', data: sampleResult({ label: 'FALSE', headline: '사실이 아니에요' }) });
      s.close();
      return s.response;
    },
  });
  renderApp();
  fireEvent.change(input(), { target: { value: '화성은 태양계의 3번째 행성이다.' } });
  fireEvent.click(screen.getByRole('button', { name: '검증하기' }));
  const error = await screen.findByTestId('verify-error');
  assert.match(error.textContent!, /1분 뒤에 다시 시도/);
  fireEvent.click(within(error).getByRole('button', { name: '다시 시도' }));
  await screen.findByTestId('result');
  const sent = api.calls.filter((c) => c.path === '/api/truth/check/stream');
  assert.equal(sent.length, 2);
  assert.deepEqual(sent[1]!.body, sent[0]!.body);
  assert.ok(screen.getByText('거짓', { selector: '.pill' }));
});

test('a run past the time limit stops with a clear timeout message', async (t) => {
  const saved = env.verifyTimeoutMs;
  env.verifyTimeoutMs = 30;
  t.after(() => (env.verifyTimeoutMs = saved));
  let stream!: ReturnType<typeof ndjsonStream>;
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'POST /api/truth/check/stream': (call) => (stream = ndjsonStream(call.signal)).response,
  });
  renderApp();
  fireEvent.change(input(), { target: { value: '느린 검증' } });
  fireEvent.click(screen.getByRole('button', { name: '검증하기' }));
  const error = await screen.findByTestId('verify-error', {}, { timeout: 2000 });
  assert.match(error.textContent!, /시간이 초과됐어요/);
  assert.match(error.textContent!, /너무 오래 걸려 중단했어요/);
  assert.equal(stream.aborted, true);
});

test('pasting an address switches to URL mode and says so; clear empties the input', async () => {
  api = fakeApi({});
  renderApp();
  fireEvent.change(input(), { target: { value: 'https://news.example.com/a/1' } });
  await waitFor(() => assert.equal(screen.getByRole('radio', { name: 'URL' }).getAttribute('aria-checked'), 'true'));
  assert.ok(screen.getByText('URL을 감지해 URL 모드로 바꿨어요.'));
  const url = screen.getByLabelText('기사 주소') as HTMLTextAreaElement;
  fireEvent.change(url, { target: { value: 'not an address' } });
  assert.ok(screen.getByText(/http:\/\/ 또는 https:\/\/로 시작하는 주소/));
  assert.equal((screen.getByRole('button', { name: '검증하기' }) as HTMLButtonElement).disabled, true);
  fireEvent.click(screen.getByRole('button', { name: '입력 지우기' }));
  assert.equal((screen.getByLabelText('기사 주소') as HTMLTextAreaElement).value, '');
});

test("today's issue: a banner when the server has one, nothing when it answers 404", async () => {
  api = fakeApi({
    'GET /v1/issues/today': () =>
      json(200, {
        id: 'a0000000-0000-4000-8000-000000000001',
        day: '2026-11-20',
        title: '오늘의 검증 이슈',
        summary: '',
        content: '',
        category: '사회',
        sourceUrl: null,
        participantCount: 12,
        publishedAt: '2026-11-20T00:00:00.000Z',
      }),
  });
  renderApp();
  const link = await screen.findByRole('link', { name: '오늘의 검증 이슈' });
  assert.equal(
    link.getAttribute('href'),
    '/issues/a0000000-0000-4000-8000-000000000001',
    'the banner leads to the article',
  );
  assert.ok(screen.getByText('12명 참여'));
  cleanup();
  api.restore();
  api = fakeApi({});
  renderApp();
  await until(() => api!.calls.some((c) => c.path === '/v1/issues/today'));
  await act(() => new Promise((r) => setTimeout(r, 10)));
  assert.equal(screen.queryByLabelText('오늘의 이슈'), null);
  assert.equal(screen.queryByRole('alert'), null, 'no error shown');
});

test('a run sent with a token the server no longer knows (401) renews the identity and runs once more', async () => {
  localStorage.setItem('olala.identity', JSON.stringify({ ...IDENTITY, token: 'old' }));
  api = fakeApi({
    'POST /v1/identity/anonymous': () => json(200, IDENTITY),
    'POST /api/truth/check/stream': (call) => {
      if (call.headers.authorization === 'Bearer old')
        return json(401, { code: 'UNAUTHORIZED', message: '세션이 만료됐어요.' });
      const s = ndjsonStream(call.signal);
      s.push({ event: 'complete', data: sampleResult() });
      s.close();
      return s.response;
    },
  });
  renderApp();
  fireEvent.change(input(), { target: { value: '화성은 태양계의 4번째 행성이다.' } });
  fireEvent.click(screen.getByRole('button', { name: '검증하기' }));
  await screen.findByTestId('result');
  assert.deepEqual(
    api.calls.filter((c) => c.path === '/api/truth/check/stream').map((c) => c.headers.authorization),
    ['Bearer old', 'Bearer tok-1'],
  );
});
