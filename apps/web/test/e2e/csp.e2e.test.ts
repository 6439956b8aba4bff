import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, test } from 'node:test';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { createOrPromoteAdmin } from '@olala/core/identity';
import { createIssue } from '@olala/core/issues';
import { e2eSuite, type RunningApp } from './harness.js';

/**
 * The Content-Security-Policy and the other browser security headers against the real app in
 * Debian's Chromium: every screen, the share page, the service worker, the chat's WebSocket and
 * the share card's canvas run without one violation. Violations are caught twice: the page's
 * `securitypolicyviolation` events and Chromium's console reports. The framing test shows the
 * collector catches a real one.
 */
const COLLECT = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber), true);
`;
const CLAIM = '화성은 태양계의 4번째 행성이다.';
/** Its first line (the run's title in History) is not CLAIM, so History's row for CLAIM stays one. */
const ARTICLE = '화성은 태양계의 3번째 행성이다.\n화성은 지구보다 작은 행성이다.\n정말 아름다운 행성인 것 같다.';
const EMAIL = 'csp-admin@example.com';
const PASSWORD = 'policy-check-2026';
const ISSUE_TITLE = '보안 정책 점검용 이슈';
const suite = e2eSuite('csp');
const { report } = suite;

let server: RunningApp;
let issueId: string;

before(async () => {
  server = await suite.startApp({ OLALA_RESULT_CACHE_SECONDS: '0' });
  await createOrPromoteAdmin(server.app.db, EMAIL, PASSWORD);
  issueId = (
    await createIssue(server.app.db, {
      title: ISSUE_TITLE,
      summary: '요약',
      content: '본문 첫 문단.',
      category: '과학',
      publish: true,
    })
  ).id;
});

interface Watched {
  context: BrowserContext;
  page: Page;
  /** Console lines about the policy, from every page of the context. */
  console: string[];
}

async function newPage(): Promise<Watched> {
  const { context, page } = await suite.newPage({ initScripts: [COLLECT] });
  const lines: string[] = [];
  page.on('console', (m) => /Content[- ]Security[- ]Policy/i.test(m.text()) && lines.push(m.text()));
  return { context, page, console: lines };
}

/** The violations the page has seen since it loaded, by event and by console. */
async function violations(w: Watched): Promise<string[]> {
  const events: string[] = await w.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  return [...events, ...w.console];
}

/** Asserts no violation on the screen, then forgets the console lines (events reset with each load). */
async function clean(w: Watched, screen: string): Promise<void> {
  assert.deepEqual(await violations(w), [], `${screen}: CSP violations`);
  w.console.length = 0;
  report.push(`${screen}: no CSP violation`);
}

function assertHeaders(res: Response | null, what: string): void {
  assert.ok(res, what);
  const h = res.headers();
  const csp = h['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/, `${what}: ${csp}`);
  assert.match(
    csp,
    /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/,
    `${what}: the inline theme script is allowed by its hash`,
  );
  assert.doesNotMatch(csp, /script-src[^;]*'unsafe-(inline|eval)'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(h['x-frame-options'], 'DENY', what);
  assert.equal(h['x-content-type-options'], 'nosniff', what);
  assert.equal(h['referrer-policy'], 'no-referrer', what);
}

test('every screen runs under the policy: verify and result (share card), article check and its page, share page, history, bookmarks, wiki, settings, issue and chat, login, register, admin', async () => {
  const w = await newPage();
  try {
    await everyScreen(w);
  } finally {
    await w.context.close();
  }
});

async function everyScreen(w: Watched): Promise<void> {
  const { page } = w;
  const base = server.url;

  assertHeaders(await page.goto(base), '/');
  await page.getByRole('button', { name: '검증하기' }).waitFor();
  // The service worker registers and activates under the policy (worker-src, its own fetches).
  const sw = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.scriptURL ?? ''));
  assert.match(sw, /\/sw\.js$/);
  await clean(w, 'verify (empty), service worker');

  await page.getByLabel('검증할 문장').fill(CLAIM);
  await page.getByRole('button', { name: '검증하기' }).click();
  await page.getByTestId('result').waitFor({ timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '이미지로 공유' }).click();
  assert.ok(fs.statSync((await (await download).path())!).size > 1000, 'the canvas card was drawn and saved');
  await page.getByRole('button', { name: '☆ 북마크' }).click();
  await page.getByRole('button', { name: '★ 북마크됨' }).waitFor();
  await clean(w, 'verify (result), share card, bookmark');
  const analysisId = (await page.getByTestId('share-link').getAttribute('href'))!.split('/r/')[1]!;

  // An article check: its stream, the highlighted text and a claim's result opened under it.
  await page.getByRole('button', { name: '새로 검증' }).click();
  await page.getByLabel('검증할 문장').fill(ARTICLE);
  await page.getByRole('radio', { name: '전체 기사로 확인' }).click();
  await page.getByRole('button', { name: '검증하기' }).click();
  await page.getByTestId('article-result').waitFor({ timeout: 90_000 });
  await page.getByTestId('article-text').locator('.claim-mark').first().click();
  await page.getByTestId('article-detail').getByTestId('result').waitFor();
  await clean(w, 'verify (article result)');
  const articleId = (await page.getByTestId('article-share-link').getAttribute('href'))!.split('/r/')[1]!;
  assertHeaders(await page.goto(`${base}/articles/${articleId}`), '/articles/:id');
  await page.getByTestId('article-result').waitFor();
  await clean(w, 'article page /articles/:id');

  // The share page: the build's index.html with the preview tags, booting the app.
  assertHeaders(await page.goto(`${base}/r/${analysisId}`), '/r/:id');
  await page.getByTestId('result').waitFor();
  await clean(w, 'share page /r/:id');
  await page.getByRole('link', { name: '위키 문서에서 보기' }).first().click();
  await page.locator('.wiki-chunk.focused').waitFor();
  await clean(w, 'wiki page');

  for (const [path, ready] of [
    ['/history', () => page.locator('.analysis-row', { hasText: CLAIM }).waitFor()],
    ['/bookmarks', () => page.locator('.analysis-row', { hasText: CLAIM }).waitFor()],
    ['/settings', () => page.getByRole('heading', { name: '설정' }).waitFor()],
    ['/register', () => page.getByRole('heading', { name: '회원가입' }).waitFor()],
    ['/profile', () => page.getByRole('link', { name: '로그인' }).waitFor()],
  ] as const) {
    assertHeaders(await page.goto(`${base}${path}`), path);
    await ready();
    await clean(w, path);
  }
  // The theme script runs before the first paint on every load; with a stored setting it takes a branch of its own.
  await page.goto(`${base}/settings`);
  await page.getByLabel('어둡게').check();
  await page.reload();
  assert.equal(
    await page.evaluate(() => document.documentElement.dataset.theme),
    'dark',
    'the inline theme script ran',
  );
  await clean(w, 'settings (dark, reloaded)');

  // Today's issue, its chat room over the same-origin WebSocket, and a message through it.
  await page.goto(`${base}/issues/${issueId}`);
  await page.getByRole('heading', { level: 1, name: ISSUE_TITLE }).waitFor();
  await clean(w, 'issue article');
  await page.getByRole('link', { name: '채팅방 들어가기' }).click();
  await page.getByTestId('presence').filter({ hasText: '지금 1명 접속 중' }).waitFor();
  await page.getByRole('textbox', { name: '메시지' }).fill('정책 점검 메시지');
  await page.getByRole('button', { name: '보내기' }).click();
  await page.getByTestId('chat-message').filter({ hasText: '정책 점검 메시지' }).waitFor();
  await clean(w, 'chat room (WebSocket)');

  // Login as the admin, then every tab of the dashboard (its CSS arrives as a <style> element).
  assertHeaders(await page.goto(`${base}/login?next=/admin`), '/login');
  await page.getByLabel('이메일').fill(EMAIL);
  await page.getByLabel('비밀번호').fill(PASSWORD);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.waitForURL(`${base}/admin`);
  await page.getByTestId('stage-table').waitFor();
  for (const tab of ['최근 검증', '위키', '이슈', '채팅 관리']) {
    await page.getByRole('tab', { name: tab }).click();
    await page.getByRole('tab', { name: tab, selected: true }).waitFor();
  }
  await clean(w, 'login, admin (all tabs)');
}

test('JSON answers carry nosniff and the policy; another site cannot frame the app; an injected inline script is refused and both collectors see it', async () => {
  const api = await fetch(`${server.url}/v1/identity/anonymous`, { method: 'POST' });
  assert.match(api.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(api.headers.get('x-content-type-options'), 'nosniff');
  assert.match(api.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);

  const w = await newPage();
  try {
    // A page of another origin (a data: URL is opaque) framing ours: Chromium shows its error page instead.
    await w.page.goto(`data:text/html,<iframe src="${server.url}/" title="x"></iframe>`);
    const frame = w.page.frames().find((f) => f !== w.page.mainFrame());
    assert.ok(frame, 'the iframe exists');
    assert.match(frame.url(), /^chrome-error:/, `the app must not load in a frame (got ${frame.url()})`);

    // What the policy is for: a script smuggled into the page as markup does not run, and is reported.
    await w.page.goto(server.url);
    await w.page.getByRole('button', { name: '검증하기' }).waitFor();
    await w.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.head.append(s);
    });
    await w.page.waitForFunction(() => (window as unknown as { __csp: string[] }).__csp.length > 0);
    assert.equal(
      await w.page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected),
      undefined,
      'the injected script did not run',
    );
    const seen = await violations(w);
    assert.ok(
      seen.some((v) => /^script-src(-elem)? inline/.test(v)),
      `the event collector saw it: ${seen.join(' | ')}`,
    );
    assert.ok(w.console.length > 0, 'the console collector saw it too, so its silence on the screens means something');
    report.push(`injected inline script refused: ${seen[0]}`);
  } finally {
    await w.context.close();
  }
});
