import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { STAGE_NAMES } from '@olala/contract';
import { fakeChatServer, jsonReply, type FakeChat, type FakeChatRequest } from '@olala/testing';
import {
  ARTIFACTS,
  e2eSuite,
  initialJsGzipBytes,
  type PageOptions,
  PHONE,
  pngSize,
  type RunningApp,
} from './harness.js';

/**
 * The app in Debian's Chromium against the real server (embedded database, sample wiki):
 * `plain` runs without an LLM (the default no-LLM mode), `slow` with a loopback fake LLM whose
 * verifiers never answer, so a run can be cancelled while it waits on them.
 */
const TRUE_CLAIM = '화성은 태양계의 4번째 행성이다.';
const DESKTOP = { width: 1280, height: 800 };
const suite = e2eSuite('app');
const { hooks, report: budgets, axe } = suite;

let plain: RunningApp;
let slow: RunningApp;
let fake: FakeChat;

/** Records every stage state the page ever showed, and every layout shift with its time. */
const PROBES = `
  window.__stageLog = [];
  window.__shifts = [];
  const seen = () => document.querySelectorAll('[data-stage]').forEach((el) => {
    const k = el.dataset.stage + ':' + el.dataset.state;
    if (!window.__stageLog.includes(k)) window.__stageLog.push(k);
  });
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shifts.push({ t: e.startTime, v: e.value }); }).observe({ type: 'layout-shift', buffered: true });
`;

const roleOf = (req: FakeChatRequest) =>
  req.user.includes('뒷받침하는 근거를 찾는 검증자') || req.user.includes('회의적인 검증자')
    ? 'verifier'
    : req.user.includes('검색 엔지니어')
      ? 'querygen'
      : 'other';

before(async () => {
  budgets.push(`screenshots in ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}`);
  plain = await suite.startApp({ OLALA_RESULT_CACHE_SECONDS: '0' });
  fake = await fakeChatServer(hooks as never, (req) =>
    roleOf(req) === 'querygen'
      ? jsonReply({ wiki_queries: ['화성'], news_queries: [] })
      : roleOf(req) === 'verifier'
        ? { hang: true }
        : { status: 500, error: 'not scripted' },
  );
  slow = await suite.startApp({
    OLLAMA_URL: fake.url,
    SLM1_MODEL: 'qwen2.5:3b',
    SLM2_MODEL: 'qwen2.5:3b',
    JUDGE_MODEL: 'qwen2.5:7b',
    LLM_MAX_RETRIES: '0',
    OLALA_RESULT_CACHE_SECONDS: '0',
  });
});

const newPage = (options: Omit<PageOptions, 'initScripts'> = {}) =>
  suite.newPage({ ...options, initScripts: [PROBES] });

async function verify(page: Page, claim: string): Promise<void> {
  await page.getByLabel('검증할 문장').fill(claim);
  await page.getByRole('button', { name: '검증하기' }).click();
}

test('first run: the introduction, then the coach overlay once; the help button brings it back', async () => {
  const { context, page } = await newPage({ returning: false });
  await page.goto(plain.url);
  await page.getByRole('heading', { name: 'OLaLA에 오신 걸 환영해요' }).waitFor();
  await axe(page, 'onboarding');
  await page.getByRole('button', { name: '다음' }).click();
  await page.getByRole('button', { name: '다음' }).click();
  await page.getByRole('button', { name: '시작하기' }).click();

  const coach = page.getByTestId('coach');
  await coach.waitFor();
  assert.match(await coach.innerText(), /1\/3/);
  await axe(page, 'coach overlay');
  await page.screenshot({ path: path.join(ARTIFACTS, 'coach-phone.png') });
  await page.getByRole('button', { name: '다음' }).click();
  assert.match(await coach.innerText(), /2\/3/);
  await page.getByRole('button', { name: '다음' }).click();
  assert.match(await coach.innerText(), /3\/3/);
  await page.getByRole('button', { name: '검증 시작하기' }).click();
  await coach.waitFor({ state: 'detached' });

  await page.reload();
  await page.getByRole('button', { name: '검증하기' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('coach').count(), 0, 'the coach shows once');
  assert.equal(
    await page.getByRole('heading', { name: 'OLaLA에 오신 걸 환영해요' }).count(),
    0,
    'the introduction shows once',
  );

  await page.getByRole('button', { name: '도움말' }).click();
  await coach.waitFor();
  assert.match(await coach.innerText(), /1\/3/);
  await page.getByRole('button', { name: '도움말 닫기' }).click();
  await coach.waitFor({ state: 'detached' });
  await context.close();
});

test('verify a claim end to end: every stage reported, the verdict, no layout shift; share card, bookmark, history', async () => {
  const { context, page } = await newPage();
  await page.goto(plain.url);
  await page.getByRole('button', { name: '검증하기' }).waitFor();
  const firstRender = await page.evaluate(
    () => performance.getEntriesByName('olala:verify-rendered')[0]?.startTime ?? -1,
  );
  assert.ok(firstRender > 0, 'the Verify tab marked its first render');
  budgets.push(`first render of the Verify tab: ${Math.round(firstRender)} ms (budget 1500 ms)`);
  assert.ok(firstRender <= 1500, `first render took ${firstRender} ms`);
  const js = initialJsGzipBytes();
  budgets.push(
    `initial JavaScript: ${(js.bytes / 1024).toFixed(1)} KB gzipped in ${js.files.length} file(s) (budget 200 KB)`,
  );
  assert.ok(js.bytes <= 200 * 1024);
  await axe(page, 'verify (empty)');

  const streams: string[] = [];
  page.on('request', (r) => r.url().endsWith('/api/truth/check/stream') && streams.push(r.method()));
  const clickedAt = await page.evaluate(() => performance.now());
  await verify(page, TRUE_CLAIM);
  const result = page.getByTestId('result');
  await result.waitFor({ timeout: 60_000 });
  assert.deepEqual(streams, ['POST'], 'one streamed check');

  const log: string[] = await page.evaluate(() => (window as unknown as { __stageLog: string[] }).__stageLog);
  for (const stage of STAGE_NAMES)
    assert.ok(
      log.some((k) => k.startsWith(`${stage}:`) && !k.endsWith(':pending') && !k.endsWith(':active')),
      `stage ${stage} was shown finished (${log.join(', ')})`,
    );
  assert.ok(
    log.some((k) => k === 'stage01_normalize:done'),
    'the first stage was shown done while the run went on',
  );

  // Without an LLM: the 화성 sentence states the claim, a kind of support measured ≥ 0.9 precise.
  assert.equal(await result.locator('.pill-large').innerText(), '사실');
  assert.match(await result.innerText(), /No-LLM/);
  assert.match(await page.locator('#result-headline').innerText(), /[가-힣]/);
  assert.ok((await result.locator('.evidence').count()) >= 1, 'evidence cards');
  await page.waitForTimeout(500);
  const shifts: { t: number; v: number }[] = await page.evaluate(
    () => (window as unknown as { __shifts: { t: number; v: number }[] }).__shifts,
  );
  const cls = shifts.filter((s) => s.t >= clickedAt).reduce((sum, s) => sum + s.v, 0);
  budgets.push(`layout shift from the click to the result: ${cls.toFixed(4)} (budget ~0)`);
  assert.ok(cls < 0.01, `layout shift ${cls}`);
  await axe(page, 'verify (result)');
  await page.screenshot({ path: path.join(ARTIFACTS, 'result-phone.png'), fullPage: true });
  const analysisId = (await page.getByTestId('share-link').getAttribute('href'))!.split('/r/')[1]!;

  // The share card: a PNG of 800×1400 (headless Chromium has no share sheet: it downloads).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '이미지로 공유' }).click();
  const file = await (await download).path();
  const png = fs.readFileSync(file);
  assert.deepEqual(pngSize(png), { width: 800, height: 1400 });
  fs.writeFileSync(path.join(ARTIFACTS, 'share-card.png'), png);

  // Bookmark it; after a reload it is in History and in Bookmarks, from the server.
  await page.getByRole('button', { name: '☆ 북마크' }).click();
  await page.getByRole('button', { name: '★ 북마크됨' }).waitFor();
  await page.goto(`${plain.url}/history`);
  await page.reload();
  const row = page.locator('.analysis-row', { hasText: TRUE_CLAIM });
  await row.waitFor();
  assert.equal(
    await page.locator('.notice', { hasText: '저장된 목록' }).count(),
    0,
    'History came from the server, not the local copy',
  );
  await axe(page, 'history');
  await page.goto(`${plain.url}/bookmarks`);
  await page.locator('.analysis-row', { hasText: TRUE_CLAIM }).waitFor();
  await axe(page, 'bookmarks');

  // The read-only result page and the cited wiki page at the cited chunk.
  await page.goto(`${plain.url}/r/${analysisId}`);
  await page.getByTestId('result').waitFor();
  assert.equal(await page.locator('.pill-large').innerText(), '사실');
  const wikiLink = page.getByRole('link', { name: '위키 문서에서 보기' }).first();
  await wikiLink.click();
  const focused = page.locator('.wiki-chunk.focused');
  await focused.waitFor();
  assert.match(await focused.innerText(), /화성/);
  await axe(page, 'wiki page');

  await page.goto(`${plain.url}/settings`);
  await page.getByRole('heading', { name: '설정' }).waitFor();
  await page.getByLabel('어둡게').check();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await axe(page, 'settings (dark)');
  await context.close();
});

test('screenshots at phone and desktop sizes', async () => {
  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    const { context, page } = await newPage({ viewport });
    await page.goto(plain.url);
    await page.getByRole('button', { name: '검증하기' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, `verify-${name}.png`) });
    await verify(page, TRUE_CLAIM);
    await page.getByTestId('result').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, `result-${name}.png`) });
    assert.deepEqual(pngSize(fs.readFileSync(path.join(ARTIFACTS, `result-${name}.png`))), viewport);
    await context.close();
  }
});

test('a failed run shows the error screen, and its retry button really sends the check again', async () => {
  const { context, page } = await newPage();
  let calls = 0;
  await page.route('**/api/truth/check/stream', async (route) => {
    calls++;
    if (calls === 1)
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'NOT_READY', message: '서버가 아직 준비 중입니다.' }),
      });
    else await route.continue();
  });
  await page.goto(plain.url);
  await verify(page, TRUE_CLAIM);
  const error = page.getByTestId('verify-error');
  await error.waitFor();
  assert.match(await error.innerText(), /서버가 아직 준비 중입니다/);
  await axe(page, 'error screen');
  await page.getByRole('button', { name: '다시 시도' }).click();
  await page.getByTestId('result').waitFor({ timeout: 60_000 });
  assert.equal(calls, 2, 'retry sent the request again');
  await context.close();
});

test('cancel mid-run: the app says so, and the server stops the run (its LLM calls are dropped, the run stored as cancelled)', async () => {
  const { context, page } = await newPage();
  await page.goto(slow.url);
  await verify(page, TRUE_CLAIM);
  await page.locator('[data-stage="stage05_topk"][data-state="done"]').waitFor({ timeout: 60_000 });
  const verifiers = () => fake.requests.filter((r) => roleOf(r) === 'verifier');
  for (let i = 0; i < 200 && verifiers().length < 2; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(verifiers().length >= 2, 'both verifiers are waiting on the model');
  assert.equal(await page.locator('[data-stage="stage09_judge"]').getAttribute('data-state'), 'pending');
  await page.getByRole('button', { name: '검증 취소' }).click();
  await page.getByText('검증을 취소했어요').waitFor();
  for (let i = 0; i < 200 && !verifiers().every((r) => r.closedEarly); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(
    verifiers().every((r) => r.closedEarly),
    'the pending LLM calls were aborted',
  );
  let status: string | undefined;
  for (let i = 0; i < 200 && !status; i++) {
    status = (
      await slow.app.db.query<{ status: string }>('SELECT status FROM analyses ORDER BY created_at DESC LIMIT 1')
    ).rows[0]?.status;
    if (!status) await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(status, 'cancelled');
  // The form is usable again.
  assert.equal(await page.getByRole('button', { name: '검증하기' }).isEnabled(), true);
  await context.close();
});

test('the service worker keeps the app shell and never an API answer; unknown app paths get the app, API paths JSON 404', async () => {
  const { context, page } = await newPage();
  await page.goto(plain.url);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await verify(page, TRUE_CLAIM);
  await page.getByTestId('result').waitFor({ timeout: 60_000 });
  await page.goto(`${plain.url}/history`);
  await page.locator('.analysis-row').first().waitFor();
  const cached: string[] = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys())
      for (const req of await (await caches.open(key)).keys()) urls.push(new URL(req.url).pathname);
    return urls;
  });
  assert.ok(
    cached.includes('/') && cached.some((u) => u.startsWith('/assets/')),
    `the shell is cached: ${cached.join(', ')}`,
  );
  assert.deepEqual(
    cached.filter((u) => /^\/(api|v1|truth|r)\b/.test(u)),
    [],
    'no API answer is cached',
  );

  // Offline, the shell still opens and the History list comes from this device.
  await context.setOffline(true);
  await page.reload();
  await page.getByText('오프라인이에요').waitFor();
  await page.locator('.analysis-row', { hasText: TRUE_CLAIM }).waitFor();
  await context.setOffline(false);
  await context.close();

  const html = await fetch(`${plain.url}/bookmarks`, { headers: { accept: 'text/html' } });
  assert.equal(html.status, 200);
  assert.match(await html.text(), /<div id="root">/);
  const api = await fetch(`${plain.url}/v1/nothing-here`, { headers: { accept: 'text/html' } });
  assert.equal(api.status, 404);
  assert.equal((await api.json()).code, 'NOT_FOUND');
  const asset = await fetch(`${plain.url}/assets/missing.js`, { headers: { accept: 'text/html' } });
  assert.equal(asset.status, 404);
});
