import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { pngBomb } from '@olala/testing/images';
import { build } from '../helper.js';

const noisyPng = () =>
  sharp({
    create: {
      width: 120,
      height: 120,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();

async function refused(
  app: FastifyInstance,
  url: string,
  payload: string,
  status: number,
  code: string,
): Promise<string> {
  const res = await app.inject({ method: 'POST', url, payload: { input_type: 'image', input_payload: payload } });
  assert.equal(res.statusCode, status, res.body);
  const body = res.json<{ code: string; message: string }>();
  assert.equal(body.code, code);
  assert.match(body.message, /[가-힣]/, 'the message is Korean');
  assert.equal(app.ocr.pool.busy, 0, 'no OCR worker was taken');
  return body.message;
}

test('bad images are refused before any OCR, on the synchronous and the streaming route, each with its reason', async (t) => {
  const app = await build(t, 'pglite', { OLALA_OCR_MAX_BYTES: String(64 * 1024) });
  const png = await noisyPng();
  for (const url of ['/truth/check', '/api/truth/check/stream', '/v1/truth/check']) {
    assert.match(
      await refused(app, url, Buffer.alloc(64 * 1024 + 10, 1).toString('base64'), 413, 'IMAGE_TOO_LARGE'),
      /너무 큽니다\(최대 64KB\)/,
    );
    assert.match(
      await refused(app, url, `data:image/png;base64,${pngBomb().toString('base64')}`, 400, 'IMAGE_TOO_MANY_PIXELS'),
      /100000×100000/,
    );
    // A GIF sent as image/png: the bytes decide, not the declared type.
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    await refused(app, url, `data:image/png;base64,${gif.toString('base64')}`, 400, 'IMAGE_FORMAT');
    await refused(app, url, png.subarray(0, Math.floor(png.length / 2)).toString('base64'), 400, 'IMAGE_UNREADABLE');
    await refused(app, url, '!!! 이미지가 아님 !!!', 400, 'IMAGE_UNREADABLE');
  }
  assert.equal(app.ocr.pool.startMs.length, 0, 'no worker was even started');
});

test('the body limit is raised for the truth routes only, to an image at the byte limit', async (t) => {
  const app = await build(t, 'pglite');
  // 8 MB of image is about 11 MB of base64: past the global limit, within the route's.
  const payload = Buffer.alloc(8 * 1024 * 1024 + 1).toString('base64');
  const res = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: { input_type: 'image', input_payload: payload },
  });
  assert.equal(res.statusCode, 413);
  assert.equal(res.json().code, 'IMAGE_TOO_LARGE', 'our own check answered, not the body parser');
  const wiki = await app.inject({
    method: 'POST',
    url: '/api/wiki/search',
    payload: { query: 'x'.repeat(300 * 1024) },
  });
  assert.equal(wiki.statusCode, 413, 'other routes keep the global limit');
  // Text inputs keep their own bound on the truth routes.
  const text = await app.inject({
    method: 'POST',
    url: '/truth/check',
    payload: { input_type: 'text', input_payload: '가'.repeat(20_001) },
  });
  assert.equal(text.statusCode, 400);
});

test('POST /v1/truth/ocr reads an image without checking or storing anything; bad images get the same refusals', async (t) => {
  const app = await build(t, 'pglite');
  const png = await sharp({
    text: {
      text: '<span foreground="black">정부가 다음 달부터 전기요금을 올린다</span>',
      font: 'Noto Sans CJK KR 28',
      rgba: true,
    },
  })
    .flatten({ background: '#ffffff' })
    .extend({ top: 30, bottom: 30, left: 30, right: 30, background: '#ffffff' })
    .png()
    .toBuffer();
  const res = await app.inject({
    method: 'POST',
    url: '/v1/truth/ocr',
    payload: { input_type: 'image', input_payload: `data:image/png;base64,${png.toString('base64')}` },
  });
  assert.equal(res.statusCode, 200, res.body);
  const ocr = res.json<{ text: string; confidence: number; lines: { text: string }[] }>();
  assert.match(ocr.text.replace(/\s+/g, ''), /전기요금/);
  assert.ok(ocr.confidence > 0.6 && ocr.lines.length >= 1);
  const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM analyses');
  assert.equal(rows[0]!.n, 0, 'nothing is stored');
  await refused(app, '/v1/truth/ocr', pngBomb().toString('base64'), 400, 'IMAGE_TOO_MANY_PIXELS');
  const text = await app.inject({
    method: 'POST',
    url: '/v1/truth/ocr',
    payload: { input_type: 'text', input_payload: '문장' },
  });
  assert.equal(text.statusCode, 400, 'only images');
});
