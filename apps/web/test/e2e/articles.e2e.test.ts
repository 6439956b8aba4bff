import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import type { ArticleCheckResponse } from '@olala/contract';
import { VERDICT_NAMES } from '@olala/contract/verdicts';
import { ARTIFACTS, e2eSuite, pngSize, type RunningApp } from './harness.js';

/**
 * A whole article in Debian's Chromium against the real server (no-LLM mode, the sample wiki):
 * pasted, checked claim by claim with the progress streamed, drawn with its highlights and summary
 * bar, a claim opened, a skipped sentence explained (by keyboard), then found in History and read
 * again at /articles/:id.
 */
const ARTICLE = '화성은 태양계의 4번째 행성이다. 🚀\n화성은 태양계의 3번째 행성이다.\n정말 아름다운 행성인 것 같다.';
const suite = e2eSuite('articles');

/** Records whether the progress ever listed the claims found, before the result replaced it. */
const PROBE = `
  window.__found = false;
  new MutationObserver(() => {
    const p = document.querySelector('[data-testid="article-progress"]');
    if (p && p.querySelectorAll('[data-claim]').length > 0) window.__found = true;
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

let server: RunningApp;
before(async () => {
  server = await suite.startApp({ OLALA_RESULT_CACHE_SECONDS: '0' });
});

test("a pasted article: claims found, highlights in their verdicts' colours, the summary bar, a claim opened, the skipped sentences explained", async () => {
  const { context, page } = await suite.newPage({ initScripts: [PROBE] });
  try {
    await page.goto(server.url);
    await page.getByLabel('검증할 문장').fill(ARTICLE);
    const whole = page.getByRole('radio', { name: '전체 기사로 확인' });
    assert.equal(await whole.getAttribute('aria-checked'), 'true', 'three sentences are an article by default');
    await page.getByRole('button', { name: '검증하기' }).click();
    const result = page.getByTestId('article-result');
    await result.waitFor({ timeout: 90_000 });
    assert.equal(
      await page.evaluate(() => (window as unknown as { __found: boolean }).__found),
      true,
      'the progress listed the claims as they were found',
    );

    const articleId = (await page.getByTestId('article-share-link').getAttribute('href'))!.split('/r/')[1]!;
    const stored = (await (await fetch(`${server.url}/v1/articles/${articleId}`)).json()) as ArticleCheckResponse;
    assert.equal(stored.claims.length, 2);

    // The article's share card: a PNG of 800×1400 (headless Chromium has no share sheet: it downloads).
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '이미지로 공유' }).click();
    const png = fs.readFileSync(await (await download).path());
    assert.deepEqual(pngSize(png), { width: 800, height: 1400 });
    fs.writeFileSync(path.join(ARTIFACTS, 'article-share-card.png'), png);

    // Each claim is highlighted in its own verdict's colour, and the bar counts them by name.
    const marks = page.getByTestId('article-text').locator('.claim-mark');
    assert.equal(await marks.count(), 2);
    for (const [i, claim] of stored.claims.entries()) {
      const mark = marks.nth(i);
      assert.equal(await mark.getAttribute('data-claim'), claim.id);
      assert.equal(await mark.getAttribute('class'), `claim-mark mark-${claim.result!.label.toLowerCase()}`);
      const colour = await page.evaluate(
        ([label]) => getComputedStyle(document.documentElement).getPropertyValue(`--${label!.toLowerCase()}`).trim(),
        [claim.result!.label],
      );
      const border = await mark.evaluate((el) => getComputedStyle(el).borderBottomColor);
      assert.equal(
        border,
        await page.evaluate((c) => {
          const probe = document.createElement('span');
          probe.style.color = c;
          document.body.append(probe);
          const rgb = getComputedStyle(probe).color;
          probe.remove();
          return rgb;
        }, colour),
        `${claim.id}: the underline is ${claim.result!.label}'s colour`,
      );
    }
    const bar = await page.getByTestId('summary-bar').innerText();
    assert.match(bar, /주장 2개 확인/);
    for (const [label, n] of Object.entries(stored.summary.counts))
      if (n > 0)
        assert.ok(
          bar.includes(VERDICT_NAMES[label as keyof typeof VERDICT_NAMES]),
          `${label} named in the bar: ${bar}`,
        );

    // Tapping a highlight opens that claim's own result: verdict, evidence and quotes.
    await marks.nth(0).click();
    const detail = page.getByTestId('article-detail');
    await detail.getByTestId('result').waitFor();
    assert.equal(await detail.locator('#result-headline').innerText(), stored.claims[0]!.result!.headline);
    assert.ok((await detail.locator('.evidence-quote').count()) > 0, 'its evidence quotes are shown');

    // The sentences not checked are faint, and say why — by keyboard too.
    const skipped = page.getByTestId('article-text').locator('.skipped-mark');
    assert.equal(await skipped.count(), stored.skipped.length);
    const opinion = page.getByRole('button', { name: /정말 아름다운 행성인 것 같다\./ });
    await opinion.focus();
    await page.keyboard.press('Enter');
    await detail.getByText('의견이나 평가라서 확인하지 않았어요.').waitFor();
    assert.equal(await opinion.getAttribute('aria-pressed'), 'true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'article-phone.png'), fullPage: true });
    await suite.axe(page, 'article result (verify screen)');

    // History lists the run as an article, with its counts, and opens it at its own address.
    await page.goto(`${server.url}/history`);
    const row = page.locator('.analysis-row[data-kind="article"]');
    await row.waitFor();
    assert.match(await row.innerText(), /기사 · 주장 2개/);
    await suite.axe(page, 'history with an article');
    await row.getByRole('link').click();
    await page.waitForURL(`${server.url}/articles/${articleId}`);
    await page.getByTestId('article-result').waitFor();
    assert.equal(await page.getByTestId('article-text').locator('.claim-mark').count(), 2);
    await suite.axe(page, 'article result (/articles/:id)');
  } finally {
    await context.close();
  }
});
