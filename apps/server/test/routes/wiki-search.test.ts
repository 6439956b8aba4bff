import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createEmbedder, embedBackfill } from '@olala/core/embeddings';
import { importWiki } from '@olala/core';
import { BACKENDS, fakeEmbedServer } from '@olala/testing';
import { build } from '../helper.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../sample/wiki');

async function withSample(app: FastifyInstance): Promise<void> {
  await importWiki(app.db, {
    pagesFile: path.join(SAMPLE, 'wiki_pages.csv'),
    chunksFile: path.join(SAMPLE, 'wiki_chunks.csv'),
    mode: 'replace',
  });
}

function search(app: FastifyInstance, body: unknown) {
  return app.inject({ method: 'POST', url: '/api/wiki/search', payload: body as object });
}

for (const backend of BACKENDS) {
  test(`${backend}: POST /api/wiki/search answers hits, candidates and context; GET /api/wiki/pages/:id the cited page`, async (t) => {
    const app = await build(t, backend);
    await withSample(app);
    const res = await search(app, {
      question: '서울의 인구는 몇 명인가?',
      top_k: 4,
      max_chars: 2000,
      embed_missing: true,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.mode, 'lexical');
    assert.equal(body.requested_mode, 'auto');
    assert.ok(body.hits.length > 0 && body.hits.length <= 4);
    assert.ok(body.hits.some((h: { title: string }) => h.title === '서울특별시'));
    const hit = body.hits[0];
    assert.deepEqual(Object.keys(hit).sort(), [
      'chunk_id',
      'chunk_idx',
      'chunk_range',
      'content',
      'page_id',
      'scores',
      'snippet',
      'source_url',
      'title',
      'url',
    ]);
    assert.match(hit.snippet, /<mark>/);
    assert.ok(body.prompt_context.length <= 2000);
    assert.ok(body.prompt_context.startsWith(`[1] ${hit.title} (wiki://page/${hit.page_id})`));
    assert.ok(body.candidates.length > 0);

    const page = await app.inject({ method: 'GET', url: `/api/wiki/pages/${hit.page_id}?chunk=${hit.chunk_id}` });
    assert.equal(page.statusCode, 200);
    const p = page.json();
    assert.equal(p.title, hit.title);
    assert.equal(p.url, `wiki://page/${hit.page_id}`);
    assert.equal(p.focus_chunk_id, hit.chunk_id);
    assert.deepEqual(
      p.chunks.map((c: { chunk_idx: number }) => c.chunk_idx),
      p.chunks.map((_: unknown, i: number) => i),
    );
    assert.ok(
      p.chunks.some(
        (c: { chunk_id: number; content: string }) => c.chunk_id === hit.chunk_id && hit.content.includes(c.content),
      ),
    );

    const none = await search(app, { question: 'qwxzv 쀍뷁', search_mode: 'fts' });
    assert.equal(none.statusCode, 200);
    assert.deepEqual(none.json().hits, []);
    assert.equal(none.json().mode, 'lexical');
    assert.equal(none.json().requested_mode, 'lexical');
    assert.match(none.json().no_match_reason, /찾지 못했습니다/);
  });
}

test('GET /api/wiki/pages/:id answers 404 for a missing page or chunk, 400 for a bad id', async (t) => {
  const app = await build(t);
  await app.db.exec(`
    INSERT INTO wiki_pages (page_id, title) VALUES (1, '서울');
    INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash) VALUES (10, 1, 0, '서울은 수도이다.', 'a');
  `);
  const ok = await app.inject({ method: 'GET', url: '/api/wiki/pages/1' });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), {
    page_id: 1,
    title: '서울',
    url: 'wiki://page/1',
    source_url: null,
    chunks: [{ chunk_id: 10, chunk_idx: 0, content: '서울은 수도이다.' }],
  });
  const missing = await app.inject({ method: 'GET', url: '/api/wiki/pages/2' });
  assert.equal(missing.statusCode, 404);
  assert.deepEqual(missing.json(), { code: 'NOT_FOUND', message: '위키 문서 2을(를) 찾을 수 없습니다.' });
  const chunk = await app.inject({ method: 'GET', url: '/api/wiki/pages/1?chunk=11' });
  assert.equal(chunk.statusCode, 404);
  assert.match(chunk.json().message, /조각 11/);
  const bad = await app.inject({ method: 'GET', url: '/api/wiki/pages/abc' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'BAD_REQUEST');
  assert.match(bad.json().message, /id/);
});

test('POST /api/wiki/search rejects bad input with a 400 naming the field', async (t) => {
  const app = await build(t);
  const cases: [unknown, RegExp][] = [
    [{}, /question/],
    [{ question: '' }, /question/],
    [{ question: '   ' }, /question/],
    [{ question: '가'.repeat(1001) }, /question/],
    [{ question: '서울', top_k: 0 }, /^body\/top_k must be >= 1$/],
    [{ question: '서울', top_k: 51 }, /top_k/],
    [{ question: '서울', top_k: 'many' }, /top_k/],
    [{ question: '서울', window: 11 }, /window/],
    [{ question: '서울', max_chars: 100 }, /max_chars/],
    [{ question: '서울', page_limit: 0 }, /page_limit/],
    [{ question: '서울', page_ids: Array.from({ length: 201 }, (_, i) => i) }, /page_ids/],
    [{ question: '서울', page_ids: [-1] }, /page_ids/],
    [
      { question: '서울', search_mode: 'semantic' },
      /^body\/search_mode must be equal to one of the allowed values: auto, lexical, fts, vector, hybrid$/,
    ],
    [{ question: '서울', fusion: 'max' }, /fusion .*: rrf, weighted$/],
  ];
  for (const [body, field] of cases) {
    const res = await search(app, body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.statusCode} ${res.body}`);
    const err = res.json();
    assert.deepEqual(Object.keys(err).sort(), ['code', 'message']);
    assert.equal(err.code, 'BAD_REQUEST');
    assert.match(err.message, field, `${JSON.stringify(body).slice(0, 80)} → ${err.message}`);
  }
  const notJson = await app.inject({
    method: 'POST',
    url: '/api/wiki/search',
    headers: { 'content-type': 'application/json' },
    payload: '{"question": ',
  });
  assert.equal(notJson.statusCode, 400);
  assert.equal(notJson.json().code, 'BAD_REQUEST');
});

test('POST /api/wiki/search: an oversized body is 413, vector mode without embeddings is 409', async (t) => {
  const app = await build(t, 'pglite', { OLALA_BODY_LIMIT: '2048', EMBED_MODEL: 'nomic-embed-text' });
  const big = await search(app, {
    question: '서울',
    page_ids: Array.from({ length: 200 }, (_, i) => 1_000_000_000 + i),
  });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().code, 'PAYLOAD_TOO_LARGE');
  for (const mode of ['vector', 'hybrid']) {
    const res = await search(app, { question: '서울', search_mode: mode });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'EMBEDDINGS_UNAVAILABLE');
    assert.match(
      res.json().message,
      new RegExp(`search_mode ${mode} is not available: no embedding endpoint: set OLLAMA_URL`),
    );
  }
  // auto quietly falls back to lexical and says so.
  const auto = await search(app, { question: '서울' });
  assert.equal(auto.statusCode, 200);
  assert.equal(auto.json().mode, 'lexical');
  assert.ok(auto.json().fallback_reason);
});

for (const backend of BACKENDS) {
  test(`${backend}: with embeddings from a loopback embed server, auto search goes hybrid and vector mode finds the nearest chunk`, async (t) => {
    const fake = await fakeEmbedServer(t, { reject: (text) => text.includes('쀍') });
    const app = await build(t, backend, { EMBED_MODEL: 'fake-embed', OLLAMA_URL: fake.url });
    await withSample(app);
    if (!app.db.features.vector) {
      // The test server has no pgvector: auto says why it stayed lexical, vector mode refuses.
      const auto = await search(app, { question: '서울의 인구' });
      assert.equal(auto.json().mode, 'lexical');
      assert.match(auto.json().fallback_reason, /no pgvector/);
      assert.equal((await search(app, { question: '서울의 인구', search_mode: 'vector' })).statusCode, 409);
      assert.equal(fake.requests.length, 0);
      return;
    }
    const done = await embedBackfill(app.db, createEmbedder(app.config));
    assert.deepEqual(done.failed, []);
    assert.equal(done.remaining, 0);
    const { rows } = await app.db.query<{ chunk_id: number; page_id: number; content: string }>(
      "SELECT c.chunk_id, c.page_id, c.content FROM wiki_chunks c JOIN wiki_pages p USING (page_id) WHERE p.title = '독도' ORDER BY c.chunk_idx LIMIT 1",
    );
    const target = rows[0]!;

    // The fake embeds a text equal to a chunk onto that chunk's vector: the nearest neighbour is exact.
    const dense = await search(app, { question: target.content.slice(0, 1000), search_mode: 'vector', top_k: 3 });
    assert.equal(dense.statusCode, 200, dense.body);
    const d = dense.json();
    assert.equal(d.mode, 'vector');
    assert.equal(d.hits[0].chunk_id, target.chunk_id);
    assert.ok(d.hits[0].scores.vector > 0.999);

    const before = fake.requests.length;
    for (const fusion of ['rrf', 'weighted']) {
      const res = await search(app, { question: '독도는 어느 나라 영토인가요', fusion });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.mode, 'hybrid');
      assert.equal(body.requested_mode, 'auto');
      assert.equal(body.fusion, fusion);
      assert.equal(body.hits[0].title, '독도');
    }
    // The question's embedding is cached: one request for two searches.
    assert.equal(fake.requests.length, before + 1);

    // The endpoint rejects the question: auto falls back to lexical and says so, hybrid answers 503.
    const fallback = await search(app, { question: '독도 쀍' });
    assert.equal(fallback.statusCode, 200);
    assert.equal(fallback.json().mode, 'lexical');
    assert.match(fallback.json().fallback_reason, /embedding the question failed/);
    const refused = await search(app, { question: '독도 쀍', search_mode: 'hybrid' });
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.json().code, 'EMBEDDINGS_UNAVAILABLE');
  });
}
