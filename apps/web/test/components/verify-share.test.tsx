import '../support/dom.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import { afterEach, beforeEach, test } from 'node:test';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AnalysisSummary } from '@olala/contract/me';
import { AnalysisList } from '../../src/components/analysis-list.js';
import { VerifyForm } from '../../src/features/verify/components/verify-form.js';
import { IMAGE_TYPES, SHARE_TARGET, sharedLanding, takeShared } from '../../src/features/verify/share-target.js';
import { shownInput } from '../../src/lib/shown-input.js';
import { verifyStore } from '../../src/features/verify/verify-store.js';
import ResultRoute from '../../src/app/routes/result.js';
import { fakeApi, json, sampleResult } from '../support/fake-api.js';

/** Cache Storage as the service worker and the page share it: named caches of responses by path. */
function fakeCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const storage = {
    async open(name: string) {
      let store = stores.get(name);
      if (!store) stores.set(name, (store = new Map()));
      const key = (r: RequestInfo | URL) => new URL(String(r), 'http://localhost:3000').pathname;
      return {
        async put(r: RequestInfo | URL, res: Response) {
          store.set(key(r), res);
        },
        async match(r: RequestInfo | URL) {
          return store.get(key(r))?.clone();
        },
      };
    },
    async delete(name: string) {
      return stores.delete(name);
    },
  };
  return { storage: storage as unknown as CacheStorage, stores };
}

/** Runs the built worker's source (sw/sw.js with the build's values) and returns its fetch handler. */
function loadWorker(caches: CacheStorage) {
  const handlers: Record<string, (event: unknown) => void> = {};
  const origin = 'http://localhost:3000';
  // A worker resolves a relative redirect against its own address; Node's Response needs it absolute.
  class WorkerResponse extends Response {
    static override redirect(url: string | URL, status?: number) {
      return Response.redirect(new URL(url, origin), status);
    }
  }
  const self = {
    addEventListener: (type: string, fn: (event: unknown) => void) => (handlers[type] = fn),
    location: { origin },
    __OLALA_SHELL__: ['/'],
    __OLALA_VERSION__: 'test',
    __OLALA_API_PREFIXES__: ['/api', '/v1', '/truth'],
    __OLALA_SHARE__: JSON.parse(JSON.stringify(SHARE_TARGET)),
  };
  const source = fs.readFileSync(new URL('../../sw/sw.js', import.meta.url), 'utf8');
  vm.runInNewContext(source, { self, caches, Response: WorkerResponse, URL, console });
  return async (request: Request): Promise<Response | undefined> => {
    let answer: Promise<Response> | undefined;
    handlers.fetch!({ request, respondWith: (p: Promise<Response>) => (answer = p) });
    return answer;
  };
}

/** A multipart body as a browser sends a share (built by hand: the DOM's FormData here is happy-dom's, which Node's Request cannot send). */
function shareRequest(fields: Record<string, string>, file?: { type: string; bytes: Uint8Array }): Request {
  const boundary = 'share-boundary';
  const parts: (string | Uint8Array)[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  if (file)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="shot"\r\nContent-Type: ${file.type}\r\n\r\n`,
      file.bytes,
      '\r\n',
    );
  parts.push(`--${boundary}--\r\n`);
  const body = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  return new Request('http://localhost:3000/share-target', {
    method: 'POST',
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const textarea = () => screen.getByRole('textbox') as HTMLTextAreaElement;

let api: ReturnType<typeof fakeApi> | undefined;
const realCaches = (globalThis as { caches?: CacheStorage }).caches;
const realMatchMedia = window.matchMedia;
beforeEach(() => verifyStore.set((s) => ({ ...s, text: '', mode: 'text', autoDetected: false })));
afterEach(() => {
  cleanup();
  api?.restore();
  api = undefined;
  (globalThis as { caches?: CacheStorage }).caches = realCaches;
  window.matchMedia = realMatchMedia;
  window.history.replaceState(null, '', '/');
});

test('the manifest offers the app as a share target for images, posted as multipart to the worker', () => {
  const manifest = JSON.parse(fs.readFileSync(new URL('../../public/manifest.webmanifest', import.meta.url), 'utf8'));
  const target = manifest.share_target;
  assert.equal(target.action, SHARE_TARGET.action);
  assert.equal(target.method, 'POST');
  assert.equal(target.enctype, 'multipart/form-data');
  assert.deepEqual([target.params.title, target.params.text, target.params.url], [...SHARE_TARGET.textFields]);
  assert.equal(target.params.files[0].name, SHARE_TARGET.fileField);
  for (const type of IMAGE_TYPES) assert.ok(target.params.files[0].accept.includes(type), type);
});

test('the worker keeps a shared image and text for the verify screen, which takes them once', async () => {
  const { storage } = fakeCaches();
  const fetchHandler = loadWorker(storage);
  const res = await fetchHandler(
    shareRequest(
      { title: '카톡에서 받은 글', text: '정부가 전기요금을 올린대요' },
      { type: 'image/png', bytes: PNG_BYTES },
    ),
  );
  assert.equal(res?.status, 303);
  assert.equal(res?.headers.get('location'), 'http://localhost:3000/?shared=1');

  const shared = await takeShared(storage);
  assert.equal(shared.image?.type, 'image/png');
  assert.deepEqual([...new Uint8Array(await shared.image!.arrayBuffer())].slice(0, 4), [0x89, 0x50, 0x4e, 0x47]);
  assert.equal(shared.text, '카톡에서 받은 글\n정부가 전기요금을 올린대요');
  assert.deepEqual(await takeShared(storage), {}, 'a share is handed over once');

  // A file the server would not read is not kept; other requests are not the worker's business.
  assert.equal(
    (await fetchHandler(shareRequest({}, { type: 'image/gif', bytes: new TextEncoder().encode('GIF89a') })))?.status,
    303,
  );
  assert.deepEqual(await takeShared(storage), {});
  assert.equal(
    await fetchHandler(new Request('http://localhost:3000/v1/truth/ocr', { method: 'POST', body: '{}' })),
    undefined,
  );
});

test('opened by a share, the verify screen reads the shared image into the box and drops the marker from the address', async () => {
  const { storage } = fakeCaches();
  (globalThis as { caches?: CacheStorage }).caches = storage;
  const cache = await storage.open(SHARE_TARGET.cache);
  await cache.put(SHARE_TARGET.imageKey, new Response(PNG_BYTES, { headers: { 'content-type': 'image/png' } }));
  api = fakeApi({
    'POST /v1/truth/ocr': () => json(200, { text: '정부가 전기요금을 15% 올린대요', confidence: 0.9, lines: [] }),
  });
  window.history.replaceState(null, '', '/?shared=1');
  render(<VerifyForm disabled={false} />);
  await waitFor(() => assert.equal(textarea().value, '정부가 전기요금을 15% 올린대요'));
  assert.match((api.calls[0]!.body as { input_payload: string }).input_payload, /^data:image\/png;base64,iVBORw0KGgo/);
  assert.equal(window.location.pathname + window.location.search, '/');
  assert.match(screen.getByRole('status').textContent!, /고친 뒤 검증/);
});

test('a shared address without an image lands in the box in URL mode; an empty share says so', async () => {
  const { storage } = fakeCaches();
  (globalThis as { caches?: CacheStorage }).caches = storage;
  await (
    await storage.open(SHARE_TARGET.cache)
  ).put(SHARE_TARGET.textKey, new Response('https://news.example.com/a/1'));
  window.history.replaceState(null, '', '/?shared=1');
  render(<VerifyForm disabled={false} />);
  await waitFor(() => assert.equal(textarea().value, 'https://news.example.com/a/1'));
  assert.equal(verifyStore.get().mode, 'url');
  cleanup();

  window.history.replaceState(null, '', '/?shared=1');
  render(<VerifyForm disabled={false} />);
  await waitFor(() => assert.match(screen.getByRole('status').textContent!, /공유한 내용을 받지 못했어요/));
  assert.equal(sharedLanding('http://localhost:3000/?shared=1&x=2#top').clean, '/?x=2#top');
});

test('on a touch screen a camera button opens the back camera; a photo is read like a picked file', async () => {
  window.matchMedia = ((query: string) => ({
    matches: query === '(pointer: coarse)',
    media: query,
    addEventListener() {},
    removeEventListener() {},
  })) as unknown as typeof window.matchMedia;
  api = fakeApi({ 'POST /v1/truth/ocr': () => json(200, { text: '공지: 내일 단수', confidence: 0.8, lines: [] }) });
  const { container } = render(<VerifyForm disabled={false} />);
  const camera = container.querySelector('input[capture]') as HTMLInputElement;
  assert.equal(camera.getAttribute('capture'), 'environment');
  assert.equal(camera.accept, 'image/*');
  assert.ok(screen.getByRole('button', { name: '카메라로 찍어 글자 읽기' }));
  fireEvent.change(camera, {
    target: { files: [new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'photo.jpg', { type: 'image/jpeg' })] },
  });
  await waitFor(() => assert.equal(textarea().value, '공지: 내일 단수'));
  cleanup();

  window.matchMedia = realMatchMedia;
  const desktop = render(<VerifyForm disabled={false} />);
  assert.equal(desktop.container.querySelector('input[capture]'), null, 'no camera button without a touch screen');
});

test('a screenshot run is shown by its text or as 사진에서 읽은 글, never as image:sha256:…', () => {
  const hash = `image:sha256:${'ab'.repeat(32)}`;
  assert.equal(shownInput(hash, '  정부가 전기요금을 올린다 '), '정부가 전기요금을 올린다');
  assert.equal(shownInput(hash), '사진에서 읽은 글');
  assert.equal(shownInput('화성은 행성이다'), '화성은 행성이다');
  const item = {
    analysis_id: 'a1',
    label: 'REFUSED',
    headline: '글자가 너무 적어요',
    claim: '',
    input_type: 'image',
    input_payload: hash,
    created_at: '2026-12-02T08:00:00Z',
  } as unknown as AnalysisSummary;
  const { container } = render(<AnalysisList items={[item]} />);
  assert.equal(container.querySelector('.analysis-claim')?.textContent, '사진에서 읽은 글');
  assert.doesNotMatch(container.textContent ?? '', /sha256/);
});

test('the result page of a screenshot run whose text made no claim shows the text read, not the hash', async () => {
  const id = '3f1c2d4e-0000-4000-8000-0000000000aa';
  const hash = `image:sha256:${'cd'.repeat(32)}`;
  const result = sampleResult({
    analysis_id: id,
    claim: '',
    label: 'REFUSED',
    ocr: { text: 'ㅋㅋ 대박', confidence: 0.5, lines: [] },
  });
  api = fakeApi({
    [`GET /v1/analyses/${id}`]: () =>
      json(200, {
        analysis_id: id,
        input_type: 'image',
        input_payload: hash,
        user_request: null,
        claim: '',
        label: 'REFUSED',
        streamed: false,
        created_at: result.created_at,
        result,
      }),
  });
  render(<ResultRoute id={id} />);
  const shown = await screen.findByTestId('result');
  await waitFor(() => assert.match(shown.textContent ?? '', /ㅋㅋ 대박/));
  assert.doesNotMatch(document.body.textContent ?? '', /sha256/);
});
