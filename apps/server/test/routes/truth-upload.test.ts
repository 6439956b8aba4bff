import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { pngBomb } from '@olala/testing/images';
import { build } from '../helper.js';

/** The app listening on a loopback port: uploads go through Node's HTTP server and busboy, not inject. */
async function serve(t: TestContext, env: Record<string, string> = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await build(t, 'pglite', env);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

function form(
  fields: Record<string, string>,
  file?: { bytes: Buffer; name?: string; type?: string; field?: string },
): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file)
    body.append(
      file.field ?? 'file',
      new Blob([file.bytes], { type: file.type ?? 'image/png' }),
      file.name ?? 'capture.png',
    );
  return body;
}

async function post(
  url: string,
  body: FormData | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; json: () => { code: string; message: string } & Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

async function refused(
  app: FastifyInstance,
  res: Awaited<ReturnType<typeof post>>,
  status: number,
  code: string,
): Promise<string> {
  assert.equal(res.status, status, res.text);
  const body = res.json();
  assert.equal(body.code, code, res.text);
  assert.match(body.message, /[가-힣]/, 'the message is Korean');
  assert.equal(app.ocr.pool.busy, 0, 'no OCR worker is busy');
  return body.message;
}

const screenshot = () =>
  sharp({
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

test('a screenshot uploaded as multipart/form-data is read on /v1/truth/ocr and checked on /truth/check and the stream', async (t) => {
  const { app, url } = await serve(t);
  const png = await screenshot();

  const ocr = await post(`${url}/v1/truth/ocr`, form({}, { bytes: png }));
  assert.equal(ocr.status, 200, ocr.text);
  assert.match(String(ocr.json().text).replace(/\s+/g, ''), /전기요금/);

  const check = await post(`${url}/truth/check`, form({ input_type: 'image', no_cache: 'true' }, { bytes: png }));
  assert.equal(check.status, 200, check.text);
  const result = check.json() as unknown as { ocr?: { text: string }; analysis_id: string };
  assert.match(result.ocr?.text.replace(/\s+/g, '') ?? '', /전기요금/);
  const { rows } = await app.db.query<{ input_payload: string }>(
    'SELECT input_payload FROM analyses WHERE analysis_id = $1',
    [result.analysis_id],
  );
  assert.match(rows[0]!.input_payload, /^image:sha256:[0-9a-f]{64}$/, 'only the hash of the upload is stored');

  const stream = await post(`${url}/api/truth/check/stream`, form({ no_cache: 'true' }, { bytes: png }));
  assert.equal(stream.status, 200, stream.text);
  const events = stream.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; stage?: string });
  assert.equal(events[0]?.stage, 'stage00_ocr');
  assert.equal(events.at(-1)?.event, 'complete');
});

test('uploads get the same refusals as data URLs: size while streaming, magic bytes, pixel bomb, truncated file', async (t) => {
  const { app, url } = await serve(t, { OLALA_OCR_MAX_BYTES: String(64 * 1024) });
  const png = await screenshot();
  const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
    .gif()
    .toBuffer();
  for (const route of ['/truth/check', '/api/truth/check/stream', '/v1/truth/ocr']) {
    assert.match(
      await refused(
        app,
        await post(url + route, form({}, { bytes: Buffer.alloc(64 * 1024 + 10, 1) })),
        413,
        'IMAGE_TOO_LARGE',
      ),
      /최대 64KB/,
    );
    // Megabytes past the limit: refused without the server holding them (busboy stops at the limit).
    await refused(
      app,
      await post(url + route, form({}, { bytes: Buffer.alloc(6 * 1024 * 1024, 7) })),
      413,
      'IMAGE_TOO_LARGE',
    );
    // A GIF named .png and declared image/png: the bytes decide.
    await refused(
      app,
      await post(url + route, form({}, { bytes: gif, name: 'fake.png', type: 'image/png' })),
      400,
      'IMAGE_FORMAT',
    );
    assert.match(
      await refused(app, await post(url + route, form({}, { bytes: pngBomb() })), 400, 'IMAGE_TOO_MANY_PIXELS'),
      /100000×100000/,
    );
    await refused(
      app,
      await post(url + route, form({}, { bytes: png.subarray(0, Math.floor(png.length / 2)) })),
      400,
      'IMAGE_UNREADABLE',
    );
  }
  assert.equal(app.ocr.pool.startMs.length, 0, 'no worker was even started');
});

test('an upload is bounded in its other parts too: field size, number of files and fields, the file field name, a malformed form', async (t) => {
  const { app, url } = await serve(t);
  const png = await screenshot();
  assert.match(
    await refused(
      app,
      await post(`${url}/truth/check`, form({ user_request: '가'.repeat(30_000) }, { bytes: png })),
      413,
      'UPLOAD_FIELD_TOO_LARGE',
    ),
    /user_request/,
  );

  const two = form({}, { bytes: png });
  two.append('file', new Blob([png], { type: 'image/png' }), 'second.png');
  await refused(app, await post(`${url}/truth/check`, two), 413, 'UPLOAD_TOO_MANY_PARTS');

  const many = form(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, 'x'])), { bytes: png });
  await refused(app, await post(`${url}/truth/check`, many), 413, 'UPLOAD_TOO_MANY_PARTS');

  assert.match(
    await refused(
      app,
      await post(`${url}/truth/check`, form({}, { bytes: png, field: 'image' })),
      400,
      'UPLOAD_INVALID',
    ),
    /'file'/,
  );
  await refused(
    app,
    await post(`${url}/truth/check`, form({ input_payload: 'data:image/png;base64,AAAA' }, { bytes: png })),
    400,
    'UPLOAD_INVALID',
  );
  await refused(
    app,
    await post(`${url}/truth/check`, form({ input_type: 'text' }, { bytes: png })),
    400,
    'UPLOAD_INVALID',
  );

  const boundary = 'olala-test-boundary';
  const cut = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n${'x'.repeat(100)}`;
  await refused(
    app,
    await post(`${url}/truth/check`, cut, { 'content-type': `multipart/form-data; boundary=${boundary}` }),
    400,
    'UPLOAD_INVALID',
  );

  // Without a file a form is the JSON body's fields, validated the same way.
  const text = await post(
    `${url}/truth/check`,
    form({ input_type: 'text', input_payload: '서울은 대한민국의 수도이다', include_full_outputs: 'false' }),
  );
  assert.equal(text.status, 200, text.text);
  assert.equal(text.json().claim, '서울은 대한민국의 수도이다');
  const long = await post(`${url}/truth/check`, form({ input_type: 'text', input_payload: '가'.repeat(20_001) }));
  assert.equal(long.status, 400, long.text);
  assert.equal(app.ocr.pool.startMs.length, 0, 'no worker was started for any of these');
});
