import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test, type TestContext } from 'node:test';
import Fastify from 'fastify';
import { disconnectSignal, openStream, streamFormat } from '../../src/routes/streaming.js';

type Event = { event: 'started' | 'complete'; data: number } | { event: 'heartbeat'; data: { ts: string } };

/** A route that streams `started`, waits for the test's go-ahead, streams `complete` and ends. */
async function streamingApp(t: TestContext) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let aborted!: () => void;
  const sawAbort = new Promise<void>((r) => (aborted = r));
  const app = Fastify();
  app.post('/stream', async (request, reply) => {
    const signal = disconnectSignal(request, reply);
    signal.addEventListener('abort', aborted);
    const stream = openStream<Event>(reply, streamFormat(request), { heartbeatMs: 5 });
    stream.send({ event: 'started', data: 1 });
    await Promise.race([released, once(signal, 'abort')]);
    stream.send({ event: 'complete', data: 2 });
    stream.end();
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => app.close());
  return { url: `${base}/stream`, release, sawAbort };
}

/** The body as text, read as far as `until` says (to its end by default). */
function bodyReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return async (until: (text: string) => boolean = () => false): Promise<string> => {
    while (!until(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    return text;
  };
}

test('SSE: each item is an event named by its `event`, with heartbeats while the run is quiet', async (t) => {
  const app = await streamingApp(t);
  const res = await fetch(app.url, { method: 'POST', headers: { accept: 'text/event-stream' } });
  assert.equal(res.status, 200);
  assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
  assert.equal(res.headers.get('cache-control'), 'no-store, no-transform');
  const read = bodyReader(res);
  await read((text) => text.includes('event: heartbeat\n'));
  app.release();
  const events = (await read()).split('\n\n').filter(Boolean);
  assert.equal(events[0], 'event: started\ndata: {"event":"started","data":1}');
  assert.match(events[1]!, /^event: heartbeat\ndata: \{"event":"heartbeat","data":\{"ts":"\d{4}-/);
  assert.equal(events.at(-1), 'event: complete\ndata: {"event":"complete","data":2}');
});

test('NDJSON without an SSE accept header: one JSON object a line', async (t) => {
  const app = await streamingApp(t);
  const res = await fetch(app.url, { method: 'POST' });
  assert.match(String(res.headers.get('content-type')), /^application\/x-ndjson/);
  const read = bodyReader(res);
  assert.equal(await read((text) => text.includes('\n')), '{"event":"started","data":1}\n');
  app.release();
  const lines = (await read())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Event);
  assert.deepEqual(lines, [
    { event: 'started', data: 1 },
    { event: 'complete', data: 2 },
  ]);
});

test('the signal aborts when the client goes away before the answer ends', { timeout: 60_000 }, async (t) => {
  const app = await streamingApp(t);
  const controller = new AbortController();
  const res = await fetch(app.url, { method: 'POST', signal: controller.signal });
  await bodyReader(res)((text) => text.includes('\n'));
  controller.abort();
  await app.sawAbort;
});
