import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { loadConfig, UserError, type Db } from '@olala/core';
import {
  buildEmbeddingIndex,
  createEmbedder,
  embedBackfill,
  missingCount,
  vectorSearch,
  type EmbedFailure,
} from '../src/embeddings/index.js';
import { embeddingIndexName } from '../src/embeddings/vector-index.js';
import { wikiStatus } from '../src/wiki/status.js';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';
import { fakeEmbedServer, fakeVector, type FakeEmbedOptions } from '@olala/testing/fake-embed';

const MODEL = 'nomic-embed-text:v1.5';
const DIMS = 16;

/** `n` chunks over pages of three, ids 101…, each text distinct; `mark` puts BAD into some. */
async function seed(db: Db, n: number, mark: number[] = []): Promise<void> {
  await db.query('INSERT INTO wiki_pages (page_id, title) SELECT p, $1 || p FROM generate_series(1, $2::int) p', [
    '문서 ',
    Math.ceil(n / 3),
  ]);
  await db.query(
    `INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash)
     SELECT 100 + i, (i - 1) / 3 + 1, (i - 1) % 3, t, md5(t)
       FROM generate_series(1, $1::int) i, LATERAL (SELECT '청크 ' || i || ' 본문' || CASE WHEN i = ANY($2::int[]) THEN ' BAD' ELSE '' END AS t) x`,
    [n, mark],
  );
}

async function chunkText(db: Db, id: number): Promise<string> {
  const { rows } = await db.query<{ content: string }>('SELECT content FROM wiki_chunks WHERE chunk_id = $1', [id]);
  return rows[0]!.content;
}

async function stored(db: Db, model = MODEL): Promise<number[]> {
  const { rows } = await db.query<{ chunk_id: number }>(
    'SELECT chunk_id FROM wiki_embeddings WHERE model = $1 ORDER BY chunk_id',
    [model],
  );
  return rows.map((r) => r.chunk_id);
}

async function setup(t: TestContext, n: number, fakeOptions: FakeEmbedOptions = {}, mark: number[] = []) {
  const { db } = await freshDb(t, 'pglite');
  await seed(db, n, mark);
  const fake = await fakeEmbedServer(t, { dims: DIMS, ...fakeOptions });
  const embedder = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: MODEL }));
  return { db, fake, embedder };
}

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

for (const backend of BACKENDS) {
  describe(`embeddings (${backend})`, () => {
    if (backend === 'postgres') {
      // The Debian PostgreSQL 15 here has no pgvector: every vector feature must refuse plainly.
      test('a server without pgvector refuses backfill, index and search with a clear message', async (t) => {
        const { db } = await freshDb(t, backend);
        assert.equal(db.features.vector, false);
        const fake = await fakeEmbedServer(t);
        const embedder = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: MODEL }));
        const refusal = (what: string) => (err: Error) =>
          err instanceof UserError &&
          new RegExp(`^${what} needs the pgvector extension, which this PostgreSQL server .* does not have`).test(
            err.message,
          );
        await assert.rejects(embedBackfill(db, embedder), refusal('embedding'));
        await assert.rejects(buildEmbeddingIndex(db, MODEL), refusal('a vector index'));
        await assert.rejects(vectorSearch(db, MODEL, fakeVector('q', DIMS)), refusal('vector search'));
        assert.equal(fake.requests.length, 0, 'nothing is sent to the embedding endpoint');
      });
      return;
    }

    for (const provider of ['ollama', 'openai'] as const) {
      test(`backfill over ${provider} embeds every chunk once, in batches, with the model's vectors`, async (t) => {
        const { db } = await freshDb(t, backend);
        await seed(db, 25);
        const fake = await fakeEmbedServer(t, { dims: DIMS });
        const env =
          provider === 'ollama'
            ? { OLLAMA_URL: fake.url }
            : { EMBED_PROVIDER: 'openai', EMBED_BASE_URL: fake.url, EMBED_API_KEY: 'k' };
        const embedder = createEmbedder(loadConfig({ ...env, EMBED_MODEL: MODEL }));
        const result = await embedBackfill(db, embedder, { batch: 4, concurrency: 2 });
        assert.deepEqual(
          {
            missingAtStart: result.missingAtStart,
            embedded: result.embedded,
            failed: result.failed,
            remaining: result.remaining,
            stopped: result.stopped,
            dims: result.dims,
          },
          { missingAtStart: 25, embedded: 25, failed: [], remaining: 0, stopped: 'done', dims: DIMS },
        );
        assert.deepEqual(await stored(db), ids(101, 125));
        // One probe, then 25 chunks in batches of at most 4.
        assert.deepEqual(
          fake.requests.map((r) => r.input.length),
          [1, 4, 4, 4, 4, 4, 4, 1],
        );
        const { rows } = await db.query<{ embedding: string; dims: number; same_hash: boolean }>(
          `SELECT e.embedding::text AS embedding, e.dims, e.content_hash = c.content_hash AS same_hash
             FROM wiki_embeddings e JOIN wiki_chunks c USING (chunk_id) WHERE chunk_id = 107`,
        );
        const expected = fakeVector(await chunkText(db, 107), DIMS);
        const got = JSON.parse(rows[0]!.embedding) as number[];
        assert.equal(rows[0]!.dims, DIMS);
        assert.equal(rows[0]!.same_hash, true);
        got.forEach((x, i) => assert.ok(Math.abs(x - expected[i]!) < 1e-6, `component ${i}`));

        const again = await embedBackfill(db, embedder);
        assert.deepEqual(
          [again.missingAtStart, again.embedded, again.requests],
          [0, 0, 0],
          'a complete model needs no request',
        );
      });
    }

    test('a rejected batch is halved until exactly the bad chunks are found; they are reported and skipped', async (t) => {
      const { db, fake, embedder } = await setup(t, 20, { reject: (s) => s.includes('BAD') }, [7, 8, 15]);
      const reported: EmbedFailure[] = [];
      const result = await embedBackfill(db, embedder, { batch: 8, onFailure: (f) => reported.push(f) });
      assert.deepEqual(
        result.failed.map((f) => f.chunk_id),
        [107, 108, 115],
      );
      assert.deepEqual(reported, result.failed);
      assert.match(result.failed[0]!.error, /\/api\/embed: HTTP 500: failed to embed: input rejected/);
      assert.equal(result.embedded, 17);
      assert.equal(result.remaining, 3);
      assert.deepEqual(
        await stored(db),
        ids(101, 120).filter((id) => ![107, 108, 115].includes(id)),
      );
      // No good chunk was ever sent in a request that was answered with vectors twice.
      const sentOk = fake.requests
        .filter((r) => r.status === 200)
        .flatMap((r) => r.input)
        .slice(1);
      assert.equal(sentOk.length, new Set(sentOk).size);
      assert.equal(sentOk.length, 17);

      // The next run tries only the chunks still missing.
      const before = fake.requests.length;
      const retry = await embedBackfill(db, embedder, { batch: 8 });
      assert.deepEqual(
        retry.failed.map((f) => f.chunk_id),
        [107, 108, 115],
      );
      assert.deepEqual(
        fake.requests
          .slice(before + 1)
          .flatMap((r) => r.input)
          .filter((s, i, all) => all.indexOf(s) === i)
          .sort(),
        ['청크 15 본문 BAD', '청크 7 본문 BAD', '청크 8 본문 BAD'],
      );
    });

    test('--max-chunks stops after that many, and the next run resumes where it stopped', async (t) => {
      const { db, fake, embedder } = await setup(t, 25);
      const first = await embedBackfill(db, embedder, { batch: 4, maxChunks: 10 });
      assert.deepEqual([first.embedded, first.stopped, first.remaining], [10, 'max-chunks', 15]);
      assert.deepEqual(await stored(db), ids(101, 110));
      const sent = fake.requests.length;
      const second = await embedBackfill(db, embedder, { batch: 4 });
      assert.deepEqual([second.missingAtStart, second.embedded, second.stopped, second.remaining], [15, 15, 'done', 0]);
      const texts = fake.requests.slice(sent + 1).flatMap((r) => r.input);
      assert.deepEqual(texts, await Promise.all(ids(111, 125).map((id) => chunkText(db, id))));
    });

    test('a stop file or an abort stops between rounds; every stored round is complete', async (t) => {
      const dir = tempDir(t);
      const stopFile = path.join(dir, 'STOP');
      const controller = new AbortController();
      // The fake sees each request: it raises the stop signal while a round is in flight.
      const { db, embedder } = await setup(t, 30, {
        reject: (s) => {
          if (s === '청크 9 본문') fs.writeFileSync(stopFile, '');
          if (s === '청크 21 본문') controller.abort();
          return false;
        },
      });
      assert.deepEqual((await embedBackfill(db, embedder, { batch: 4, stopFile })).stopped, 'stop-file');
      assert.deepEqual(await stored(db), ids(101, 112), 'the round holding chunk 9 (9–12) is finished and stored');
      const idle = await embedBackfill(db, embedder, { batch: 4, stopFile });
      assert.deepEqual([idle.stopped, idle.embedded], ['stop-file', 0], 'a stop file present at start stops at once');
      fs.rmSync(stopFile);
      const aborted = await embedBackfill(db, embedder, { batch: 4, stopFile, signal: controller.signal });
      assert.deepEqual([aborted.stopped, aborted.embedded], ['signal', 12]);
      assert.deepEqual(await stored(db), ids(101, 124));
      const rest = await embedBackfill(db, embedder, { batch: 4, stopFile });
      assert.deepEqual([rest.stopped, rest.embedded, rest.remaining], ['done', 6, 0]);
    });

    test('an embedding of changed text is stale: it does not count and is re-embedded', async (t) => {
      const { db, fake, embedder } = await setup(t, 6);
      await embedBackfill(db, embedder);
      await db.query(
        "UPDATE wiki_chunks SET content = '바뀐 본문', content_hash = md5('바뀐 본문') WHERE chunk_id = 103",
      );
      assert.equal(await missingCount(db, MODEL), 1);
      assert.deepEqual(
        (await wikiStatus(db)).embeddings.map((e) => [e.model, e.embedded, e.missing]),
        [[MODEL, 5, 1]],
      );
      const sent = fake.requests.length;
      const result = await embedBackfill(db, embedder);
      assert.deepEqual([result.missingAtStart, result.embedded, result.remaining], [1, 1, 0]);
      assert.deepEqual(
        fake.requests.slice(sent + 1).map((r) => r.input),
        [['바뀐 본문']],
      );
      assert.deepEqual(await stored(db), ids(101, 106));
      const [hit] = await vectorSearch(db, MODEL, fakeVector('바뀐 본문', DIMS), { k: 1 });
      assert.equal(hit!.chunk_id, 103);
    });

    test('a model whose vector length changes is refused before anything is written', async (t) => {
      const { db, fake, embedder } = await setup(t, 6);
      await embedBackfill(db, embedder, { maxChunks: 3 });
      fake.setDims(DIMS * 2);
      const fresh = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: MODEL }));
      await assert.rejects(
        embedBackfill(db, fresh),
        (err: Error) =>
          err instanceof UserError &&
          new RegExp(`model ${MODEL} has 16-dim embeddings stored, but the endpoint now returns 32 dims`).test(
            err.message,
          ),
      );
      const pinned = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: MODEL, EMBED_DIM: '32' }));
      await assert.rejects(
        embedBackfill(db, pinned),
        /has 16-dim embeddings stored, but the endpoint now returns 32 dims/,
      );
      assert.deepEqual(await stored(db), ids(101, 103));
    });

    test('an endpoint that rejects everything fails the run up front, naming it and the status', async (t) => {
      const { db, fake } = await setup(t, 6, { models: ['other'] });
      const embedder = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: MODEL }));
      await assert.rejects(
        embedBackfill(db, embedder),
        (err: Error) =>
          err instanceof UserError &&
          /cannot embed with model nomic-embed-text:v1\.5: http:\/\/127\.0\.0\.1:\d+\/api\/embed: HTTP 404: model "nomic-embed-text:v1.5" not found/.test(
            err.message,
          ),
      );
      assert.equal(fake.requests.length, 1);
    });

    test('a dropped connection is retried; an endpoint that stays away stops the run with what was stored kept', async (t) => {
      const { db, fake } = await setup(t, 30);
      let calls = 0;
      let down = (n: number): boolean => n === 3 || n === 4;
      // Refuses chosen calls the way fetch does when nothing listens.
      const flaky = ((url: string, init: RequestInit) => {
        calls++;
        if (down(calls)) return Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
        return fetch(url, init);
      }) as typeof fetch;
      const embedder = createEmbedder(loadConfig({ OLLAMA_URL: fake.url, EMBED_MODEL: MODEL }), { fetch: flaky });
      const retried = await embedBackfill(db, embedder, {
        batch: 5,
        maxChunks: 15,
        retry: { attempts: 3, baseDelayMs: 1 },
      });
      assert.deepEqual(
        [retried.embedded, retried.failed.length, retried.requests],
        [15, 0, 6],
        'probe + 3 batches + 2 retries',
      );

      down = (n) => n >= 9;
      await assert.rejects(
        embedBackfill(db, embedder, { batch: 5, retry: { attempts: 3, baseDelayMs: 1 } }),
        (err: Error) =>
          err instanceof UserError &&
          /\/api\/embed: fetch failed \(ECONNREFUSED\); 5 chunks were embedded and stored before it, run again to resume/.test(
            err.message,
          ),
      );
      assert.deepEqual(await stored(db), ids(101, 120));
    });

    test('HNSW index per model: built with the model dims, shown in status, used by vectorSearch; rebuild swaps it', async (t) => {
      const { db, embedder } = await setup(t, 40);
      await assert.rejects(
        buildEmbeddingIndex(db, MODEL),
        /has no embeddings yet: run `olala wiki embed --model nomic-embed-text:v1.5` first/,
      );
      await embedBackfill(db, embedder, { batch: 16 });
      // A second model with another length and a name that would break naive SQL.
      const odd = "evil'); DROP TABLE wiki_chunks; --";
      const fake8 = await fakeEmbedServer(t, { dims: 8 });
      await embedBackfill(db, createEmbedder(loadConfig({ OLLAMA_URL: fake8.url, EMBED_MODEL: odd })), {
        maxChunks: 20,
      });

      const built = await buildEmbeddingIndex(db, MODEL);
      assert.deepEqual(
        { ...built, durationMs: 0 },
        { model: MODEL, index: embeddingIndexName(MODEL), dims: DIMS, rows: 40, durationMs: 0 },
      );
      await buildEmbeddingIndex(db, odd);
      const status = await wikiStatus(db);
      assert.deepEqual(
        status.embeddings.map((e) => [e.model, e.embedded, e.coverage_pct, e.index]),
        [
          [odd, 20, 50, 'ready'],
          [MODEL, 40, 100, 'ready'],
        ],
      );
      const { rows: defs } = await db.query<{ def: string }>('SELECT pg_get_indexdef(to_regclass($1)) AS def', [
        embeddingIndexName(MODEL),
      ]);
      assert.match(
        defs[0]!.def,
        /USING hnsw \(\(\(embedding\)::vector\(16\)\) vector_cosine_ops\) WHERE \(model = 'nomic-embed-text:v1\.5'::text\)/,
      );

      // The query equal to chunk 117's text finds chunk 117 first, at distance ~0.
      const q = fakeVector(await chunkText(db, 117), DIMS);
      const hits = await vectorSearch(db, MODEL, q, { k: 5 });
      assert.equal(hits.length, 5);
      assert.deepEqual(hits[0]!.chunk_id, 117);
      assert.equal(hits[0]!.page_id, 6);
      assert.ok(hits[0]!.distance < 1e-5, `distance ${hits[0]!.distance}`);
      for (let i = 1; i < hits.length; i++) assert.ok(hits[i]!.distance >= hits[i - 1]!.distance);
      const oddHits = await vectorSearch(db, odd, fakeVector(await chunkText(db, 105), 8), { k: 3 });
      assert.equal(oddHits[0]!.chunk_id, 105);
      assert.ok(
        oddHits.every((h) => h.chunk_id <= 120),
        'only the chunks that model embedded',
      );

      // The planner uses the model's index for the same expression and predicate.
      const plan = await db.transaction(async (tx) => {
        await tx.exec('SET LOCAL enable_seqscan = off');
        const r = await tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT chunk_id FROM wiki_embeddings WHERE model = $1 ORDER BY (embedding::vector(16)) <=> $2::vector(16) LIMIT 5`,
          [MODEL, `[${q.join(',')}]`],
        );
        return r.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      assert.match(plan, new RegExp(`Index Scan using ${embeddingIndexName(MODEL)}`));

      // Restricted to pages, the search is exact among their chunks.
      const inPages = await vectorSearch(db, MODEL, q, { k: 10, pageIds: [2, 3] });
      assert.deepEqual(inPages.map((h) => h.chunk_id).sort(), ids(104, 109));
      assert.deepEqual(await vectorSearch(db, MODEL, q, { pageIds: [] }), []);

      const rebuilt = await buildEmbeddingIndex(db, MODEL);
      assert.equal(rebuilt.index, embeddingIndexName(MODEL));
      const { rows: idx } = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'wiki_embeddings' AND indexname LIKE 'wiki_embeddings_hnsw_%'",
      );
      assert.equal(idx[0]!.n, 2, 'one index per model, no leftovers');
      assert.equal((await db.query('SELECT 1 FROM wiki_chunks')).rows.length, 40);
    });
  });
}
