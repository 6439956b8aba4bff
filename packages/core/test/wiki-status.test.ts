import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { Db } from '@olala/core';
import { embeddingIndexName } from '../src/embeddings/vector-index.js';
import { wikiStatus } from '../src/wiki/status.js';
import { indexProgressFile } from '../src/wiki/index-progress.js';
import { BACKENDS, freshDb, tempDir } from '@olala/testing';

/** Three pages, five chunks, one import record: what a small import leaves behind. */
async function seed(db: Db): Promise<void> {
  await db.exec(`
    INSERT INTO wiki_pages (page_id, title) VALUES (1, '서울'), (2, '부산'), (3, '대구');
    INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash) VALUES
      (10, 1, 0, '서울은 대한민국의 수도이다.', 'h10'), (11, 1, 1, '한강이 흐른다.', 'h11'),
      (20, 2, 0, '부산은 항구 도시이다.', 'h20'), (21, 2, 1, '해운대가 있다.', 'h21'),
      (30, 3, 0, '대구는 분지에 있다.', 'h30');
    INSERT INTO wiki_imports (started_at, finished_at, mode, pages_loaded, chunks_loaded, rejected, wiki_pages, wiki_chunks)
      VALUES ('2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z', 'replace', 2, 4, 1, 2, 4),
             ('2026-01-02T00:00:00Z', '2026-01-02T00:00:03Z', 'append', 1, 1, 0, 3, 5);
  `);
}

for (const backend of BACKENDS) {
  test(`${backend}: an empty wiki reports zero counts and no history`, async (t) => {
    const { db } = await freshDb(t, backend);
    const status = await wikiStatus(db);
    assert.deepEqual(status, {
      backend,
      wiki_pages: 0,
      wiki_chunks: 0,
      vector_enabled: db.features.vector,
      embeddings: [],
      imports: [],
      lexical_index: { state: 'none' },
    });
  });

  test(`${backend}: while a new index is being built, status reads the data folder's record of that build`, async (t) => {
    const { db } = await freshDb(t, backend);
    await seed(db);
    await db.exec(`INSERT INTO wiki_postings (term, field, segment, df, postings) VALUES ('서울', 'c', 0, 1, '\\x00')`);
    const dataDir = tempDir(t);
    assert.deepEqual((await wikiStatus(db, { dataDir })).lexical_index, { state: 'complete' });
    // What a build 412,000 chunks into 883,189 leaves in the data folder (index-progress.ts).
    fs.writeFileSync(
      indexProgressFile(dataDir),
      JSON.stringify({
        pid: process.pid,
        state: 'building',
        chunks_done: 412_000,
        chunks_total: 883_189,
        rate_chunks_s: 1650,
        eta_s: 286,
        started_at: '2026-12-02T07:00:00Z',
        updated_at: '2026-12-02T07:04:10Z',
      }),
    );
    const building = (await wikiStatus(db, { dataDir })).lexical_index;
    assert.equal(building?.state, 'building');
    assert.equal(building?.percent, 46.6);
    assert.equal(building?.eta_s, 286);
  });

  test(`${backend}: counts and import history, latest first`, async (t) => {
    const { db } = await freshDb(t, backend);
    await seed(db);
    const status = await wikiStatus(db);
    assert.equal(status.wiki_pages, 3);
    assert.equal(status.wiki_chunks, 5);
    assert.deepEqual(status.imports, [
      {
        started_at: '2026-01-02T00:00:00.000Z',
        finished_at: '2026-01-02T00:00:03.000Z',
        mode: 'append',
        pages_loaded: 1,
        chunks_loaded: 1,
        rejected: 0,
        wiki_pages: 3,
        wiki_chunks: 5,
      },
      {
        started_at: '2026-01-01T00:00:00.000Z',
        finished_at: '2026-01-01T00:00:05.000Z',
        mode: 'replace',
        pages_loaded: 2,
        chunks_loaded: 4,
        rejected: 1,
        wiki_pages: 2,
        wiki_chunks: 4,
      },
    ]);
  });

  test(`${backend}: a configured model without embeddings shows as fully missing`, async (t) => {
    const { db } = await freshDb(t, backend);
    await seed(db);
    const status = await wikiStatus(db, { models: ['nomic-embed-text'] });
    assert.deepEqual(status.embeddings, [
      { model: 'nomic-embed-text', embedded: 0, missing: 5, coverage_pct: 0, index: 'none' },
    ]);
  });
}

for (const backend of BACKENDS) {
  test(`${backend}: coverage per model counts only embeddings of the current chunk text, and index states`, async (t) => {
    const { db } = await freshDb(t, backend);
    await seed(db);
    // Without pgvector on the server, a stand-in table with the same keys tests the same bookkeeping.
    if (!db.features.vector)
      await db.exec(
        'CREATE TABLE wiki_embeddings (model text, chunk_id bigint, content_hash text, dims integer, embedding text, PRIMARY KEY (model, chunk_id))',
      );
    await db.exec(`
      INSERT INTO wiki_embeddings (model, chunk_id, content_hash, dims, embedding) VALUES
        ('model-a', 10, 'h10', 3, '[1,0,0]'), ('model-a', 11, 'h11', 3, '[0,1,0]'), ('model-a', 20, 'stale', 3, '[0,0,1]'),
        ('model-a', 99, 'gone', 3, '[1,1,0]'),
        ('Model B:v1.5', 10, 'h10', 3, '[1,0,0]'), ('Model B:v1.5', 11, 'h11', 3, '[1,0,0]'), ('Model B:v1.5', 20, 'h20', 3, '[1,0,0]'),
        ('Model B:v1.5', 21, 'h21', 3, '[1,0,0]'), ('Model B:v1.5', 30, 'h30', 3, '[1,0,0]');
    `);
    assert.equal(embeddingIndexName('Model B:v1.5'), 'wiki_embeddings_hnsw_model_b_v1_5');
    await db.exec(
      db.features.vector
        ? `CREATE INDEX ${embeddingIndexName('Model B:v1.5')} ON wiki_embeddings USING hnsw ((embedding::vector(3)) vector_cosine_ops) WHERE model = 'Model B:v1.5'`
        : `CREATE INDEX ${embeddingIndexName('Model B:v1.5')} ON wiki_embeddings (chunk_id) WHERE model = 'Model B:v1.5'`,
    );
    const status = await wikiStatus(db, { models: ['model-a'] });
    assert.deepEqual(status.embeddings, [
      { model: 'Model B:v1.5', embedded: 5, missing: 0, coverage_pct: 100, index: 'ready' },
      { model: 'model-a', embedded: 2, missing: 3, coverage_pct: 40, index: 'none' },
    ]);
  });
}

for (const backend of BACKENDS) {
  test(`${backend}: an index left invalid by a failed concurrent build is reported invalid`, async (t) => {
    const { db } = await freshDb(t, backend);
    // Any index with the model's name will do to test the catalogue lookup; pgvector may be absent on the server.
    if (db.features.vector) {
      await db.exec(
        `INSERT INTO wiki_embeddings (model, chunk_id, content_hash, dims, embedding) VALUES ('m', 1, 'x', 3, '[1,0,0]'), ('m', 2, 'y', 3, '[0,1,0]')`,
      );
    } else {
      await db.exec(`
        CREATE TABLE wiki_embeddings (model text, chunk_id bigint, content_hash text, dims integer);
        INSERT INTO wiki_embeddings (model, chunk_id, content_hash, dims) VALUES ('m', 1, 'x', 3), ('m', 2, 'y', 3);
      `);
    }
    await assert.rejects(
      db.query(`CREATE UNIQUE INDEX CONCURRENTLY ${embeddingIndexName('m')} ON wiki_embeddings (dims)`),
      /duplicate|unique/i,
    );
    const status = await wikiStatus(db);
    assert.deepEqual(
      status.embeddings.map((e) => [e.model, e.index]),
      [['m', 'invalid']],
    );
  });
}

test('embeddingIndexName fits PostgreSQL identifiers', () => {
  const name = embeddingIndexName('x'.repeat(100));
  assert.equal(name.length, 63);
  assert.match(name, /^wiki_embeddings_hnsw_x+$/);
  assert.equal(embeddingIndexName('---'), 'wiki_embeddings_hnsw_model');
});
