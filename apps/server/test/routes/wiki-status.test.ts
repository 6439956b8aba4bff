import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKENDS, tempDir } from '@olala/testing';
import { build } from '../helper.js';

for (const backend of BACKENDS) {
  test(`${backend}: GET /api/wiki/status reports counts, configured model coverage and imports`, async (t) => {
    // Its own data folder on both back ends: the index build record is read from there.
    const app = await build(t, backend, { EMBED_MODEL: 'nomic-embed-text', OLALA_DATA_DIR: tempDir(t) });
    await app.db.exec(`
      INSERT INTO wiki_pages (page_id, title) VALUES (1, '서울'), (2, '부산');
      INSERT INTO wiki_chunks (chunk_id, page_id, chunk_idx, content, content_hash) VALUES
        (10, 1, 0, '서울은 대한민국의 수도이다.', 'a'), (11, 1, 1, '한강', 'b'), (20, 2, 0, '부산', 'c');
      INSERT INTO wiki_imports (started_at, finished_at, mode, pages_loaded, chunks_loaded, rejected, wiki_pages, wiki_chunks)
        VALUES ('2026-03-01T10:00:00Z', '2026-03-01T10:00:02Z', 'replace', 2, 3, 0, 2, 3);
    `);
    const res = await app.inject({ method: 'GET', url: '/api/wiki/status' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      backend,
      wiki_pages: 2,
      wiki_chunks: 3,
      vector_enabled: app.db.features.vector,
      embeddings: [{ model: 'nomic-embed-text', embedded: 0, missing: 3, coverage_pct: 0, index: 'none' }],
      imports: [
        {
          started_at: '2026-03-01T10:00:00.000Z',
          finished_at: '2026-03-01T10:00:02.000Z',
          mode: 'replace',
          pages_loaded: 2,
          chunks_loaded: 3,
          rejected: 0,
          wiki_pages: 2,
          wiki_chunks: 3,
        },
      ],
      lexical_index: { state: 'none' },
    });
  });
}
