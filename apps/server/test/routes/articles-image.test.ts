import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import type { ArticleCheckResponse } from '@olala/contract';
import { pngBomb } from '@olala/testing/images';
import { build } from '../helper.js';

/**
 * Korean text rendered the way the truth route's OCR tests render it: black on white, Noto Sans
 * CJK. The top margin stands for a capture's header: numbers in a phone's status-bar strip are
 * dropped as its clock and battery.
 */
const rendered = (markup: string) =>
  sharp({
    text: { text: `<span foreground="black">${markup}</span>`, font: 'Noto Sans CJK KR 28', rgba: true, spacing: 12 },
  })
    .flatten({ background: '#ffffff' })
    .extend({ top: 160, bottom: 30, left: 30, right: 30, background: '#ffffff' })
    .png()
    .toBuffer();

const ARTICLE_CAPTURE = '한국전력은 2024년에 전기요금을 5% 올렸다.\n서울시는 2023년에 버스 요금을 300원 인상했다.';
const squash = (s: string) => s.replace(/\s+/g, '');
const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

function events(
  body: string,
): { event: string; stage?: string; claim_id?: string | null; data: Record<string, unknown> }[] {
  return body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

async function assertRefusedImage(app: FastifyInstance, url: string, payload: string, status: number, code: string) {
  const res = await app.inject({ method: 'POST', url, payload: { input_type: 'image', input_payload: payload } });
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json().code, code);
  assert.match(res.json().message, /[가-힣]/);
  assert.equal(app.ocr.pool.busy, 0, 'no OCR worker was taken');
}

// One app (one OCR pool, warmed once) for every read: starting tesseract workers is the slow part.
test('a screenshot of an article is read by OCR and checked claim by claim: JSON and multipart, synchronous and streamed; too little text is REFUSED; only the text is stored', async (t) => {
  const app = await build(t, 'pglite');
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const png = await rendered(ARTICLE_CAPTURE);

  const res = await app.inject({
    method: 'POST',
    url: '/v1/articles/check',
    payload: { input_type: 'image', input_payload: dataUrl(png), title: '요금 기사 캡처' },
  });
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json<ArticleCheckResponse>();
  assert.ok(r.ocr, 'the response carries what OCR read');
  assert.match(squash(r.ocr.text), /전기요금/);
  assert.match(squash(r.ocr.text), /버스요금/);
  assert.ok(r.ocr.confidence >= 0.6 && r.ocr.lines.length >= 2, JSON.stringify(r.ocr));
  assert.equal(r.article.text, r.ocr.text.replace(/\r\n?/g, '\n'), 'the spans point into the text OCR read');
  assert.deepEqual([r.article.title, r.article.url], ['요금 기사 캡처', null]);
  assert.ok(r.claims.length >= 1, JSON.stringify({ claims: r.claims, skipped: r.skipped }));
  for (const c of r.claims) for (const s of c.spans) assert.ok(s.start >= 0 && s.end <= r.article.text.length);
  assert.ok(
    r.claims.some((c) => /요금/.test(c.text)),
    JSON.stringify(r.claims.map((c) => c.text)),
  );

  const stored = await app.inject({ method: 'GET', url: `/v1/articles/${r.article_id}` });
  assert.deepEqual(stored.json<ArticleCheckResponse>().ocr, r.ocr);
  const { rows } = await app.db.query<{ input_type: string; text: string }>(
    'SELECT input_type, text FROM articles WHERE article_id = $1',
    [r.article_id],
  );
  assert.deepEqual(rows[0], { input_type: 'image', text: r.article.text });

  // The stream: OCR's stage event (belonging to no claim) precedes the first claim found.
  const stream = await app.inject({
    method: 'POST',
    url: '/v1/articles/check/stream',
    payload: { input_type: 'image', input_payload: png.toString('base64') },
  });
  assert.equal(stream.statusCode, 200, stream.body);
  const evs = events(stream.body).filter((e) => e.event !== 'heartbeat');
  assert.equal(evs[0]!.event, 'stage_complete');
  assert.equal(evs[0]!.stage, 'stage00_ocr');
  assert.equal(evs[0]!.claim_id, null);
  assert.equal(evs[0]!.data.status, 'ok');
  assert.ok(Number(evs[0]!.data.chars) > 10);
  assert.equal(evs[1]!.event, 'claim_found');
  const complete = evs.at(-1)!;
  assert.equal(complete.event, 'complete');
  assert.match(squash(String((complete.data as ArticleCheckResponse).ocr?.text)), /전기요금/);
  assert.equal(app.ocr.pool.busy, 0);

  // Too little text: REFUSED with what was read, on both routes, before any claim.
  const few = await rendered('안녕');

  const refused = await app.inject({
    method: 'POST',
    url: '/v1/articles/check',
    payload: { input_type: 'image', input_payload: dataUrl(few) },
  });
  assert.equal(refused.statusCode, 400, refused.body);
  assert.equal(refused.json().code, 'REFUSED');
  assert.match(refused.json().message, /이미지에서 (읽은 글자가 너무 적습니다|글자를 찾지 못했습니다)/);

  const refusedStream = await app.inject({
    method: 'POST',
    url: '/v1/articles/check/stream',
    payload: { input_type: 'image', input_payload: dataUrl(few) },
  });
  const refusedEvents = events(refusedStream.body).filter((e) => e.event !== 'heartbeat');
  assert.deepEqual(
    refusedEvents.map((e) => [e.event, e.stage]),
    [
      ['stage_complete', 'stage00_ocr'],
      ['error', undefined],
    ],
  );
  assert.equal(refusedEvents[1]!.data.code, 'REFUSED');
  assert.match(String(refusedEvents[1]!.data.message), /이미지/);
  const count = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM articles');
  assert.equal(count.rows[0]!.n, 2, 'the refused screenshot stored nothing (the two articles are the JSON runs)');

  // The same screenshot as the `file` of a multipart/form-data upload.
  const body = new FormData();
  body.append('max_claims', '1');
  body.append('file', new Blob([png], { type: 'image/png' }), 'capture.png');
  const uploaded = await fetch(`${base}/v1/articles/check`, { method: 'POST', body });
  const text = await uploaded.text();
  assert.equal(uploaded.status, 200, text);
  const fromForm = JSON.parse(text) as ArticleCheckResponse;
  assert.match(squash(fromForm.ocr!.text), /전기요금/);
  assert.equal(fromForm.claims.length, 1, 'max_claims came as a form field');
  assert.equal(app.ocr.pool.busy, 0);
});

test("bad images are refused on the article routes with the truth routes' limits, before any OCR", async (t) => {
  const app = await build(t, 'pglite', { OLALA_OCR_MAX_BYTES: String(64 * 1024) });
  for (const url of ['/v1/articles/check', '/v1/articles/check/stream']) {
    await assertRefusedImage(app, url, Buffer.alloc(64 * 1024 + 10, 1).toString('base64'), 413, 'IMAGE_TOO_LARGE');
    await assertRefusedImage(app, url, dataUrl(pngBomb()), 400, 'IMAGE_TOO_MANY_PIXELS');
    await assertRefusedImage(app, url, '!!! 이미지가 아님 !!!', 400, 'IMAGE_UNREADABLE');
  }
  assert.equal(app.ocr.pool.startMs.length, 0, 'no worker was even started');
});
