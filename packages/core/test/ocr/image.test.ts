import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { pngBomb } from '@olala/testing/images';
import { decodeImagePayload, ImageInputError, sniffFormat } from '../../src/ocr/image.js';
import { bandRows, prepareImage, rankFilter } from '../../src/ocr/preprocess.js';

const LIMITS = { maxBytes: 8 * 1024 * 1024, maxPixels: 40_000_000 };

const refusal = (code: string, status: number) => (err: unknown) =>
  err instanceof ImageInputError && err.code === code && err.statusCode === status && /[가-힣]/.test(err.message);

const white = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .toFormat(format)
    .toBuffer();

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
  assert.equal(
    sniffFormat(
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
        .gif()
        .toBuffer(),
    ),
    undefined,
  );
  await assert.rejects(prepareImage(Buffer.from('GIF89a not really'), LIMITS), refusal('IMAGE_FORMAT', 400));
  await assert.rejects(
    prepareImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), LIMITS),
    refusal('IMAGE_FORMAT', 400),
  );
});

test('a decompression bomb is refused from its header; a truncated file is refused', async () => {
  await assert.rejects(prepareImage(pngBomb(100_000, 100_000), LIMITS), refusal('IMAGE_TOO_MANY_PIXELS', 400));
  const png = await sharp({
    create: {
      width: 300,
      height: 300,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();
  await assert.rejects(
    prepareImage(png.subarray(0, Math.floor(png.length / 2)), LIMITS),
    refusal('IMAGE_UNREADABLE', 400),
  );
  const jpeg = await sharp({
    create: {
      width: 300,
      height: 300,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .jpeg()
    .toBuffer();
  await assert.rejects(
    prepareImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)), LIMITS),
    refusal('IMAGE_UNREADABLE', 400),
  );
});

test('a dark-mode capture is inverted, a narrow one enlarged, a wide light one left alone', async () => {
  const dark = await prepareImage(
    await sharp({ create: { width: 390, height: 200, channels: 3, background: '#111111' } })
      .png()
      .toBuffer(),
    LIMITS,
  );
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

test("dark mode with a yellow bubble: the text of both polarities is ink, the bubbles' edges are not", async () => {
  // KakaoTalk's dark theme: light text on grey bubbles, dark text on yellow ones, a near-black wallpaper.
  const bubbles = [
    { x: 40, y: 40, fill: '#3a3a3a', ink: '#eeeeee', text: '수돗물에서 세균이 나왔대' },
    { x: 400, y: 200, fill: '#fee500', ink: '#111111', text: '아파트 방송에서도 그랬어' },
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="420"><rect width="1000" height="420" fill="#1e1e1e"/>${bubbles
    .map(
      (b) =>
        `<rect x="${b.x}" y="${b.y}" width="560" height="84" rx="28" fill="${b.fill}"/><text x="${b.x + 24}" y="${b.y + 54}" font-family="Noto Sans CJK KR" font-size="32" fill="${b.ink}">${b.text}</text>`,
    )
    .join('')}</svg>`;
  const prepared = await prepareImage(await sharp(Buffer.from(svg)).png().toBuffer(), LIMITS);
  assert.equal(prepared.scale, 1);
  const { data, info } = await sharp(prepared.bands[0]!.png).raw().toBuffer({ resolveWithObject: true });
  for (const b of bubbles) {
    let ink = 0;
    const box = { x0: Infinity, y0: Infinity, x1: -1, y1: -1 };
    // The bubble and 10 px of wallpaper around it.
    for (let y = b.y - 10; y < b.y + 94; y++) {
      for (let x = b.x - 10; x < b.x + 570; x++) {
        if (data[((y + prepared.pad) * info.width + x + prepared.pad) * info.channels]! >= 128) continue;
        ink++;
        box.x0 = Math.min(box.x0, x);
        box.y0 = Math.min(box.y0, y);
        box.x1 = Math.max(box.x1, x);
        box.y1 = Math.max(box.y1, y);
      }
    }
    assert.ok(ink > 500, `the text on ${b.fill} is ink (${ink} px)`);
    // All ink lies 16 px or more inside the bubble: nothing along its edges.
    assert.ok(
      box.x0 >= b.x + 16 && box.y0 >= b.y + 16 && box.x1 <= b.x + 544 && box.y1 <= b.y + 68,
      `ink on ${b.fill} within the text, found ${JSON.stringify(box)}`,
    );
  }
});

test('the running minimum and maximum match a plain scan, at the image edges too', () => {
  const width = 23;
  const height = 9;
  const src = Uint8Array.from({ length: width * height }, (_, i) => (i * 7919 + 13) % 251);
  for (const k of [1, 3, 7, 11]) {
    for (const max of [false, true]) {
      for (const vertical of [false, true]) {
        const got = rankFilter(src, width, height, k, max, vertical);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            let want = max ? 0 : 255;
            for (let d = -(k >> 1); d <= k >> 1; d++) {
              const [xx, yy] = vertical ? [x, y + d] : [x + d, y];
              if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
              const v = src[yy * width + xx]!;
              want = max ? Math.max(want, v) : Math.min(want, v);
            }
            assert.equal(
              got[y * width + x],
              want,
              `k=${k} ${max ? 'max' : 'min'} ${vertical ? 'columns' : 'rows'} at ${x},${y}`,
            );
          }
        }
      }
    }
  }
});
