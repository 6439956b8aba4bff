import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, UserError } from '@olala/core';
import { clearQueryCache, createEmbedder, EmbedError, embedQuery } from '../src/embeddings/index.js';
import { fakeEmbedServer, fakeVector } from '@olala/testing/fake-embed';
import { closedPortUrl } from '@olala/testing/loopback';

test('Ollama client: POST /api/embed returns one vector per text in order; dims learned', async (t) => {
  const fake = await fakeEmbedServer(t, { dims: 8 });
  const embedder = createEmbedder(loadConfig({ OLLAMA_URL: `${fake.url}/`, EMBED_MODEL: 'nomic-embed-text' }));
  assert.equal(embedder.endpoint, `${fake.url}/api/embed`);
  assert.equal(embedder.dims, undefined);
  const vectors = await embedder.embed(['서울은 수도다', 'Seoul']);
  assert.deepEqual(vectors, [fakeVector('서울은 수도다', 8), fakeVector('Seoul', 8)]);
  assert.equal(embedder.dims, 8);
  assert.deepEqual(
    fake.requests.map((r) => [r.path, r.model, r.input]),
    [['/api/embed', 'nomic-embed-text', ['서울은 수도다', 'Seoul']]],
  );
  assert.deepEqual(await embedder.embed([]), []);
  assert.equal(fake.requests.length, 1, 'no request for no texts');
});

test('OpenAI-compatible client: Bearer key, /v1 in the base accepted, answers ordered by index', async (t) => {
  const fake = await fakeEmbedServer(t, { dims: 4, apiKey: 'sk-test' });
  for (const base of [fake.url, `${fake.url}/v1/`]) {
    const env = {
      EMBED_PROVIDER: 'openai',
      EMBED_BASE_URL: base,
      EMBED_API_KEY: 'sk-test',
      EMBED_MODEL: 'text-embedding-3-small',
    };
    const embedder = createEmbedder(loadConfig(env));
    assert.equal(embedder.endpoint, `${fake.url}/v1/embeddings`);
    assert.deepEqual(
      await embedder.embed(['a', 'b', 'c']),
      ['a', 'b', 'c'].map((s) => fakeVector(s, 4)),
    );
  }
  assert.deepEqual([...new Set(fake.requests.map((r) => r.authorization))], ['Bearer sk-test']);
  const wrongKey = createEmbedder(
    loadConfig({ EMBED_PROVIDER: 'openai', EMBED_BASE_URL: fake.url, EMBED_API_KEY: 'nope', EMBED_MODEL: 'm' }),
  );
  await assert.rejects(wrongKey.embed(['a']), (err: EmbedError) => {
    assert.equal(err.kind, 'http');
    assert.equal(err.status, 401);
    assert.match(err.message, /\/v1\/embeddings: HTTP 401: invalid api key/);
    assert.doesNotMatch(err.message, /nope/);
    return true;
  });
});

test('errors name the endpoint and the status or cause; dims are enforced', async (t) => {
  const fake = await fakeEmbedServer(t, { dims: 8, models: ['known'], reject: (s) => s.includes('BAD') });
  const unknown = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: 'other' }));
  await assert.rejects(unknown.embed(['x']), /\/api\/embed: HTTP 404: model "other" not found/);
  const known = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: 'known' }));
  await assert.rejects(known.embed(['ok', 'BAD']), (err: EmbedError) => err.kind === 'http' && err.status === 500);

  const pinned = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: 'known', EMBED_DIM: '768' }));
  assert.equal(pinned.dims, 768);
  await assert.rejects(
    pinned.embed(['x']),
    (err: EmbedError) => err.kind === 'dims' && /returned a 8-dim vector, expected 768 \(EMBED_DIM\)/.test(err.message),
  );
  await known.embed(['x']);
  fake.setDims(9);
  await assert.rejects(known.embed(['y']), /returned a 9-dim vector, expected 8/);

  const closed = createEmbedder(loadConfig({ OLLAMA_URL: await closedPortUrl(), EMBED_MODEL: 'm' }));
  await assert.rejects(
    closed.embed(['x']),
    (err: EmbedError) => err.kind === 'network' && /ECONNREFUSED/.test(err.message),
  );
  const slow = await fakeEmbedServer(t, { delayMs: 1000 });
  const impatient = createEmbedder(loadConfig({ OLLAMA_URL: slow.url, EMBED_MODEL: 'm', EMBED_TIMEOUT_MS: '150' }));
  await assert.rejects(
    impatient.embed(['x']),
    (err: EmbedError) => err.kind === 'timeout' && /no answer within 150 ms/.test(err.message),
  );
});

test('configuration mistakes are UserErrors that name the variable', () => {
  assert.throws(
    () => createEmbedder(loadConfig({ OLLAMA_URL: 'http://x' })),
    (err: Error) => err instanceof UserError && /EMBED_MODEL/.test(err.message),
  );
  assert.throws(() => createEmbedder(loadConfig({ EMBED_MODEL: 'm' })), /set OLLAMA_URL or EMBED_BASE_URL/);
  assert.throws(
    () => createEmbedder(loadConfig({ EMBED_MODEL: 'm', EMBED_PROVIDER: 'openai', OLLAMA_URL: 'http://x' })),
    /set EMBED_BASE_URL/,
  );
  assert.throws(
    () => loadConfig({ EMBED_PROVIDER: 'cohere' }),
    /EMBED_PROVIDER: expected ollama or openai, got "cohere"/,
  );
  assert.throws(() => loadConfig({ EMBED_DIM: '0' }), /EMBED_DIM: expected an integer from 1/);
  assert.equal(createEmbedder(loadConfig({ OLLAMA_URL: 'http://x' }), { model: 'flag-model' }).model, 'flag-model');
});

test('embedQuery caches per model and text, shares concurrent requests, forgets failures', async (t) => {
  clearQueryCache();
  let failNext = false;
  const fake = await fakeEmbedServer(t, { dims: 8, reject: () => failNext });
  const a = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: 'a' }));
  const b = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: 'b' }));
  const [x1, x2] = await Promise.all([embedQuery(a, '서울'), embedQuery(a, '서울')]);
  assert.deepEqual(x1, fakeVector('서울', 8));
  assert.equal(x1, x2);
  await embedQuery(a, '서울');
  assert.equal(fake.requests.length, 1);
  await embedQuery(b, '서울');
  assert.equal(fake.requests.length, 2, 'another model is another entry');
  failNext = true;
  await assert.rejects(embedQuery(a, '부산'));
  failNext = false;
  assert.deepEqual(await embedQuery(a, '부산'), fakeVector('부산', 8));
  assert.equal(fake.requests.length, 4);
});

test('a base URL with user:password@ is sent as Basic auth and never printed', async (t) => {
  const fake = await fakeEmbedServer(t, { dims: 4 });
  const withCredentials = fake.url.replace('http://', 'http://embed:s3cret-pass@');
  const embedder = createEmbedder(loadConfig({ OLLAMA_URL: withCredentials, EMBED_MODEL: 'nomic-embed-text' }));
  assert.doesNotMatch(embedder.endpoint, /s3cret-pass/);
  assert.equal((await embedder.embed(['a'])).length, 1);
  assert.equal(fake.requests[0]?.authorization, `Basic ${Buffer.from('embed:s3cret-pass').toString('base64')}`);
  const down = createEmbedder(
    loadConfig({
      OLLAMA_URL: (await closedPortUrl()).replace('http://', 'http://embed:s3cret-pass@'),
      EMBED_MODEL: 'm',
    }),
  );
  await assert.rejects(
    down.embed(['a']),
    (err: EmbedError) => err.kind === 'network' && !err.message.includes('s3cret-pass'),
  );
});
