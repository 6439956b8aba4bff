import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { createOrPromoteAdmin } from '@olala/core/identity';
import { ARTIFACTS, e2eSuite, initialJsGzipBytes, PHONE, type RunningApp, WEB } from './harness.js';

/**
 * The admin dashboard (issue 7) in Debian's Chromium against the real server (embedded
 * database, sample wiki, no LLM): an admin made as `olala users create-admin` makes one logs in,
 * runs a verification and finds it in the figures and the recent list; a normal user gets no
 * 관리 entry and a 403 page when opening /admin directly.
 */
const EMAIL = 'operator@example.com';
const PASSWORD = 'dashboard-pass-2026';
const CLAIM = '화성은 태양계의 4번째 행성이다.';
const suite = e2eSuite('admin');
const { report, newPage, axe } = suite;

let server: RunningApp;

before(async () => {
  server = await suite.startApp({ OLALA_RESULT_CACHE_SECONDS: '0' });
  await createOrPromoteAdmin(server.app.db, EMAIL, PASSWORD);
});

test('the dashboard is a lazy chunk: none of its text is in the initial scripts, which stay within 200 KB gzipped', () => {
  const js = initialJsGzipBytes();
  report.push(`initial JavaScript: ${(js.bytes / 1024).toFixed(1)} KB gzipped in ${js.files.length} file(s)`);
  assert.ok(js.bytes <= 200 * 1024, `${js.bytes} bytes`);
  for (const marker of [
    '관리자만 볼 수 있는 페이지예요',
    '단계별 처리 시간과 오류율',
    '채팅 관리',
    '모델별 임베딩 적용률',
  ]) {
    assert.ok(!js.text.includes(marker), `"${marker}" (the dashboard's text) is not in the initial scripts`);
  }
  const assets = path.join(WEB, 'dist', 'assets');
  const chunk = fs
    .readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .find((f) => fs.readFileSync(path.join(assets, f), 'utf8').includes('단계별 처리 시간과 오류율'));
  assert.ok(chunk, 'the dashboard is in some chunk of the build');
});

test('a normal user has no 관리 entry, and /admin opened directly answers with the Korean 403 page', async () => {
  const { context, page } = await newPage();
  await page.goto(`${server.url}/admin`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /403[\s\S]*관리자만 볼 수 있는 페이지예요/);
  assert.equal(await page.getByRole('tab').count(), 0, 'no part of the dashboard is drawn');
  // The server refuses on its side too, whatever the page does.
  const status = await page.evaluate(async () => {
    const { token } = JSON.parse(localStorage.getItem('olala.identity')!) as { token: string };
    return (await fetch('/v1/admin/stats', { headers: { authorization: `Bearer ${token}` } })).status;
  });
  assert.equal(status, 403);
  await axe(page, 'admin (403)');
  // Now with a session of its own (the page asked for one), the shell still offers no 관리 entry.
  await page.getByRole('link', { name: '프로필' }).click();
  await page.waitForURL(`${server.url}/profile`);
  await page.getByRole('heading', { level: 1, name: '프로필' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '관리' }).count(), 0);
  await context.close();
});

test('an admin logs in, runs a verification, and sees it in 현황 and 최근 검증; the other tabs load', async () => {
  const { context, page } = await newPage();
  await page.goto(`${server.url}/login?next=/`);
  await page.getByLabel('이메일').fill(EMAIL);
  await page.getByLabel('비밀번호').fill(PASSWORD);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.waitForURL(`${server.url}/`);

  await page.getByLabel('검증할 문장').fill(CLAIM);
  await page.getByRole('button', { name: '검증하기' }).click();
  await page.getByTestId('result').waitFor({ timeout: 60_000 });

  const opened = Date.now();
  await page.getByRole('link', { name: '관리' }).click();
  await page.waitForURL(`${server.url}/admin`);
  const stages = page.getByTestId('stage-table');
  await stages.waitFor();
  report.push(`dashboard from the 관리 link to the stage table: ${Date.now() - opened} ms`);
  const figure = (name: string) =>
    page
      .getByTestId('admin-figures')
      .locator('div', { has: page.getByText(name, { exact: true }) })
      .locator('dd');
  assert.equal(await figure('실행').innerText(), '1');
  assert.equal(await figure('완료').innerText(), '1');
  assert.match(await figure('지연 p50').innerText(), /^\d[\d,.]*(ms|초)$/);
  const normalize = stages.getByRole('row', { name: /01 normalize/ });
  assert.match(await normalize.innerText(), /01 normalize\s+1\s/);
  assert.equal(await page.getByTestId('labels-chart').locator('rect').count(), 1, 'one bar: today’s one verdict');
  await axe(page, 'admin 현황');
  assert.equal(
    await page.evaluate(() => document.documentElement.scrollWidth),
    PHONE.width,
    'nothing wider than the phone: wide tables scroll in their own box',
  );
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-phone.png'), fullPage: true });

  await page.getByRole('tab', { name: '최근 검증' }).click();
  const recent = page.getByTestId('recent-list').getByRole('link');
  await recent.first().waitFor();
  assert.equal(await recent.count(), 1);
  assert.equal(await recent.first().innerText(), CLAIM);
  assert.match((await recent.first().getAttribute('href'))!, /^\/r\/[0-9a-f-]{36}$/);
  await axe(page, 'admin 최근 검증');

  await page.getByRole('tab', { name: '위키' }).click();
  await page.getByTestId('embedding-table').waitFor();
  const pages = (await server.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM wiki_pages')).rows[0]!.n;
  assert.ok(pages > 0, 'the sample wiki was imported');
  await page.getByText(pages.toLocaleString('ko-KR'), { exact: true }).first().waitFor();
  await axe(page, 'admin 위키');

  await page.getByRole('tab', { name: '이슈' }).click();
  await page.getByRole('button', { name: '새 이슈' }).click();
  await page.getByLabel('제목', { exact: true }).fill('관리 화면에서 만든 이슈');
  await page.getByLabel('바로 게시하기').check();
  await page.getByRole('button', { name: '만들기' }).click();
  await page.getByTestId('issue-list').getByText('관리 화면에서 만든 이슈').waitFor();
  const { rows } = await server.app.db.query<{ published: boolean }>(
    "SELECT published_at IS NOT NULL AS published FROM issues WHERE title = '관리 화면에서 만든 이슈'",
  );
  assert.deepEqual(rows, [{ published: true }]);
  await axe(page, 'admin 이슈');

  await page.getByRole('tab', { name: '채팅 관리' }).click();
  await page.getByText('처리할 신고가 없어요.').waitFor();
  await axe(page, 'admin 채팅 관리');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('tab', { name: '현황' }).click();
  await page.getByTestId('stage-table').waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-desktop.png'), fullPage: true });
  await context.close();
});
