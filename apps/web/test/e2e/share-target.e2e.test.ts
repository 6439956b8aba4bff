import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { e2eSuite, type RunningApp } from './harness.js';

/**
 * The share sheet's hand-off in Debian's Chromium against the real server: a multipart POST to the
 * manifest's share_target action is answered by the built service worker, which opens Verify, which
 * reads the image through the real OCR and puts its text in the box.
 */
const suite = e2eSuite('share-target');
let server: RunningApp;

before(async () => {
  server = await suite.startApp();
});

test('an image shared to the installed app lands on Verify with its text read, ready to correct', async () => {
  const { context, page } = await suite.newPage();
  suite.hooks.after(() => context.close());

  // The screenshot someone shares: Korean text rendered by this Chromium.
  await page.setContent(
    `<body style="margin:0;background:#fff;font-family:'Noto Sans CJK KR'"><p style="margin:40px;font-size:30px">정부가 다음 달부터 전기요금을 올린다</p></body>`,
  );
  const png = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 390, height: 140 } });

  await page.goto(server.url);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the worker controls the page');

  // What the share sheet does: a multipart POST of the manifest's fields to its action.
  const manifest = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as {
    share_target: { action: string; params: { files: { name: string }[] } };
  };
  await page.evaluate(
    ({ action, field }) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.enctype = 'multipart/form-data';
      form.action = action;
      form.id = 'share';
      const file = document.createElement('input');
      file.type = 'file';
      file.name = field;
      form.append(file);
      document.body.append(form);
    },
    { action: manifest.share_target.action, field: manifest.share_target.params.files[0]!.name },
  );
  await page.setInputFiles('#share input[type=file]', { name: 'shot.png', mimeType: 'image/png', buffer: png });
  await page.evaluate(() => (document.getElementById('share') as HTMLFormElement).submit());

  const box = page.getByLabel('검증할 문장');
  await page.waitForFunction(
    () =>
      /전기요금/.test(
        (document.querySelector('textarea') as HTMLTextAreaElement | null)?.value.replace(/\s+/g, '') ?? '',
      ),
    undefined,
    { timeout: 90_000 },
  );
  assert.match((await box.inputValue()).replace(/\s+/g, ''), /전기요금을올린다/);
  assert.equal(new URL(page.url()).search, '', 'the share marker is gone from the address');
  // One sentence or a whole article: either way the note asks for corrections before the check.
  assert.match(
    (await page.getByRole('status').filter({ hasText: '고친 뒤' }).textContent()) ?? '',
    /틀린 곳을 고친 뒤 .*검증하세요/,
  );
  assert.equal(
    await page.evaluate(() => caches.has('olala-shared')),
    false,
    'the shared image is not kept after the hand-off',
  );
});
