import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { decodeImagePayload, ImageInputError, sniffFormat } from '@olala/core/ocr/image';
import { bandRows, prepareImage } from '@olala/core/ocr/preprocess';

const LIMITS = { maxBytes: 8 * 1024 * 1024, maxPixels: 40_000_000 };

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(zlib.crc32(body), body.length + 4);
  return out;
}

/** A valid PNG header claiming `width`×`height`, with a tiny compressed stream behind it. */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

const refusal = (code: string, status: number) => (err: unknown) => err instanceof ImageInputError && err.code === code && err.statusCode === status && /[가-힣]/.test(err.message);

const white = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: '#ffffff' } })[format]().toBuffer();

test('a data URL and bare base64 (with line breaks) decode to the same bytes', async () => {
  const png = await white(20, 20);
  const b64 = png.toString('base64');
  assert.deepEqual(decodeImagePayload(`data:image/png;base64,${b64}`, LIMITS), png);
  assert.deepEqual(decodeImagePayload(b64.replace(/(.{60})/g, '$1\n'), LIMITS), png);
  assert.throws(() => decodeImagePayload('이건 이미지가 아니다', LIMITS), refusal('IMAGE_UNREADABLE', 400));
});

test('bytes over the limit are refused with 413 before decoding', () => {
  const big = Buffer.alloc(2048 + 1).toString('base64');
  assert.throws(() => decodeImagePayload(big, { maxBytes: 2048 }), refusal('IMAGE_TOO_LARGE', 413));
  assert.equal(decodeImagePayload(Buffer.alloc(2048).toString('base64'), { maxBytes: 2048 }).length, 2048);
});

test('formats are told by magic bytes: PNG, JPEG, WebP; anything else is refused', async () => {
  assert.equal(sniffFormat(await white(4, 4, 'png')), 'png');
  assert.equal(sniffFormat(await white(4, 4, 'jpeg')), 'jpeg');
  assert.equal(sniffFormat(await white(4, 4, 'webp')), 'webp');
  assert.equal(sniffFormat(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).gif().toBuffer()), undefined);
  await assert.rejects(prepareImage(Buffer.from('GIF89a not really'), LIMITS), refusal('IMAGE_FORMAT', 400));
  await assert.rejects(prepareImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), LIMITS), refusal('IMAGE_FORMAT', 400));
});

test('a decompression bomb is refused from its header; a truncated file is refused', async () => {
  await assert.rejects(prepareImage(pngBomb(100_000, 100_000), LIMITS), refusal('IMAGE_TOO_MANY_PIXELS', 400));
  const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
  await assert.rejects(prepareImage(png.subarray(0, Math.floor(png.length / 2)), LIMITS), refusal('IMAGE_UNREADABLE', 400));
  const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg().toBuffer();
  await assert.rejects(prepareImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)), LIMITS), refusal('IMAGE_UNREADABLE', 400));
});

test('a dark-mode capture is inverted, a narrow one enlarged, a wide light one left alone', async () => {
  const dark = await prepareImage(await sharp({ create: { width: 390, height: 200, channels: 3, background: '#111111' } }).png().toBuffer(), LIMITS);
  assert.equal(dark.inverted, true);
  assert.ok(dark.scale > 1, 'a 390 px wide capture is enlarged');
  const meta = await sharp(dark.bands[0]!.png).metadata();
  assert.equal(meta.width, Math.round(390 * dark.scale) + 2 * dark.pad);
  const light = await prepareImage(await white(1170, 300), LIMITS);
  assert.equal(light.inverted, false);
  assert.equal(light.scale, 1);
});

test('a very tall capture is cut into bands at blank rows, never through a text line', async () => {
  const width = 50;
  const height = 1000;
  const gray = new Uint8Array(width * height).fill(255);
  // "Text" everywhere except rows 700–719.
  for (let y = 0; y < height; y++) if (y < 700 || y >= 720) gray[y * width + (y % width)] = 0;
  const bands = bandRows(gray, width, height, 760);
  assert.equal(bands.length, 2);
  assert.ok(bands[0]![1] >= 700 && bands[0]![1] < 720, `cut at a blank row (${bands[0]![1]})`);
  assert.deepEqual(bands[1], [bands[0]![1], height]);
  const tall = await prepareImage(await white(1200, 6000), LIMITS);
  assert.ok(tall.bands.length >= 3, 'a 6000 px capture is read in strips');
});
